// Carrying on after a page reload (or a crashed tab): the tab remembers its unfinished
// session's id and resume token in sessionStorage, which belongs to this tab alone --
// never the URL, never localStorage that every patient on a shared clinic tablet
// would inherit. It is forgotten when the session finishes, on logout, and whenever
// the server says the session cannot be carried on (another user's, finished, too late).
import { api, ApiError } from "./api.js";
import { t } from "./i18n.js";
import { clock } from "./status.js";

const KEY = "formcheck.resume";

export function remember(user, session) {
  const saved = { user_id: user.id, session_id: session.session_id, resume_token: session.resume_token };
  sessionStorage.setItem(KEY, JSON.stringify(saved));
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

// The rest between sets runs in the page: its end (this device's clock, ms) is kept with
// the session, so a reload during the rest carries on resting. null: not resting.
export function rememberRest(untilMs) {
  const s = saved();
  if (!s) return;
  s.rest_until_ms = untilMs;
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

function saved() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? "null");
  } catch {
    return null; // not ours to read: forgotten below
  }
}

// The server's offer to carry on ({session_id, exercise, prescription, ws_path, status,
// workout: {workout_id, pain_before, done}}, plus this tab's rest_until_ms), or null:
// start as usual and say nothing.
export async function resumable(user) {
  const s = saved();
  if (!s?.session_id || !s.resume_token || s.user_id !== user.id || user.role !== "patient") {
    forget();
    return null;
  }
  try {
    const path = `/api/sessions/${encodeURIComponent(s.session_id)}/resume`;
    const offer = await api("POST", path, { resume_token: s.resume_token });
    return { ...offer, rest_until_ms: s.rest_until_ms ?? null };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    forget(); // 404 not this user's, 403 wrong token, 409 finished, 410 past the grace period
    return null;
  }
}

// What was done so far, for the offer: "Set 1 of 3: 4 of 10 repetitions done."
export function progressText(status, p, timed) {
  const prog = status.progress; // the server's (exercises/progress.py)
  if (timed) return t("resume_time", { a: clock(prog.time_s), b: clock(p.duration_s) });
  return t("resume_reps", { a: prog.set_index, b: p.sets, n: prog.reps_in_set, m: p.reps });
}
