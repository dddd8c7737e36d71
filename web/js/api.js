// JSON calls to the Formcheck server (the login cookie rides along).
export class ApiError extends Error {
  // `body`: the server's one error answer (web/protocol.schema.json, ErrorAnswer):
  // {type: "error", code, message, seq, fields: [{field, code, ...}], retry_after_s,
  // link_state}; null when the answer was no JSON (a proxy's page).
  constructor(status, body = null, statusText = "") {
    super(body?.message ?? statusText);
    this.status = status;
    this.body = body;
    this.code = body?.code; // the page shows error_<code>
  }
}

export async function api(method, path, body) {
  const init = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const data = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  if (!res.ok) throw new ApiError(res.status, data, res.statusText);
  return data;
}
