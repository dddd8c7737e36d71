// A recorded clip, uploaded for analysis (POST route, multipart), then its job polled
// (GET /api/jobs/{id}) with a progress bar until the session is there or it failed.
// Errors show the catalogue's error_<code> in the page's language.
import { ApiError } from "./api.js";
import { applyText, exName, language, t } from "./i18n.js";
import { timed } from "./specs.js";

const POLL_MS = 400;

// An upload control in `root`, sending to `route` (a patient's own or a patient's);
// `level`: its heading's, after the screen's own (a screen of its own: 2).
export function uploadControl(root, route, exercises, { level = 3 } = {}) {
  const form = document.querySelector("#tpl-upload").content.firstElementChild.cloneNode(true);
  const title = form.querySelector("h3");
  if (level !== 3) {
    const heading = document.createElement(`h${level}`);
    heading.dataset.i18n = title.dataset.i18n;
    title.replaceWith(heading);
  }
  const select = form.querySelector("select");
  for (const name of exercises) {
    const opt = document.createElement("option");
    opt.value = name;
    opt.textContent = exName(name);
    select.append(opt);
  }
  applyText(form);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    send(form, route);
  });
  root.replaceChildren(form);
  return form;
}

function parts(form) {
  return {
    bar: form.querySelector(".upload-progress"),
    status: form.querySelector(".upload-status"),
    error: form.querySelector(".upload-error"),
    result: form.querySelector(".upload-result"),
    nothing: form.querySelector(".upload-nothing"),
    button: form.querySelector("button"),
  };
}

async function send(form, route) {
  const p = parts(form);
  p.error.hidden = true;
  p.result.hidden = true;
  p.nothing.hidden = true;
  p.bar.hidden = false;
  p.bar.value = 0;
  p.button.disabled = true;
  p.status.textContent = t("upload_sending");
  try {
    const res = await fetch(route, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    const body = await res.json().catch(() => ({})); // a proxy's page is not JSON
    if (!res.ok) throw new ApiError(res.status, body.type === "error" ? body : null, res.statusText);
    await follow(form, body.job_id);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    failed(form, err.code);
  } finally {
    p.button.disabled = false;
  }
}

async function follow(form, jobId) {
  const p = parts(form);
  form.dataset.job = jobId;
  for (;;) {
    const res = await fetch(`/api/jobs/${jobId}`, { credentials: "same-origin" });
    const job = await res.json();
    if (!res.ok) throw new ApiError(res.status, job);
    form.dataset.state = job.state;
    p.bar.value = job.progress;
    if (job.state === "failed") return failed(form, job.error);
    if (job.state === "done") return done(form, job);
    p.status.textContent = t(job.state === "queued" ? "upload_queued" : "upload_running");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function done(form, job) {
  const p = parts(form);
  const res = await fetch(`/api/sessions/${job.session_id}`, { credentials: "same-origin" });
  const detail = await res.json();
  p.status.textContent = t("upload_done");
  // The result opens the session's report, as a live session's row does.
  p.result.href = `/api/sessions/${job.session_id}/report?lang=${language()}`;
  p.result.dataset.session = job.session_id;
  const summary = detail.summary ?? {};
  p.result.textContent = timed(job.exercise)
    ? t("upload_result_timed", { exercise: exName(job.exercise), breaths: summary.breaths ?? 0 })
    : t("upload_result", { exercise: exName(job.exercise), reps: summary.reps ?? 0 });
  p.result.hidden = false;
  // Nothing of the chosen exercise counted (no rep or hold; breathing: no breath and no
  // time in position): not a silent 0, but the likely cause, and why if the view said so.
  const counted = (summary.reps ?? 0) + (summary.holds_completed ?? 0) + (summary.breaths ?? 0)
    + (summary.time_in_position_s ?? 0);
  if (counted === 0) {
    const why = summary.not_judged?.texts?.[language()];
    p.nothing.textContent = [t("upload_nothing_seen", { exercise: exName(job.exercise) }), why].filter(Boolean).join(" ");
    p.nothing.hidden = false;
  }
  form.dispatchEvent(new CustomEvent("uploaded", { detail: job }));
}

function failed(form, code) {
  const p = parts(form);
  form.dataset.state = "failed";
  p.bar.hidden = true;
  p.status.textContent = t("upload_failed");
  const uploadError = code ?? "analysis_failed";
  p.error.textContent = t(`error_${uploadError}`);
  p.error.hidden = false;
}
