// JSON calls to the Formcheck server (the login cookie rides along).
export class ApiError extends Error {
  // `body`: the answer's JSON, e.g. a 422's {errors: [{field, code, ...}]}.
  constructor(status, detail, body = null) {
    super(typeof detail === "string" ? detail : JSON.stringify(detail));
    this.status = status;
    this.detail = detail;
    this.body = body;
    this.code = detail?.code; // a refusal with a code: the page shows error_<code>
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
  if (!res.ok) throw new ApiError(res.status, data?.detail ?? res.statusText, data);
  return data;
}
