// The patient's page: log in, today's programme, pain score, camera, per exercise a
// set-up check and live coaching, pain score again, summary.
import { api, ApiError } from "./api.js";
import { applyText, has, language, setLanguage, t } from "./i18n.js";
import { LiveSession } from "./live.js";
import { clear, draw } from "./overlay.js";
import { BreathPacer } from "./pacer.js";
import { setupPicture } from "./pictures.js";
import { isMuted, say, setMuted, unlock } from "./speech.js";
import { clock, renderStatus } from "./status.js";
import { showTherapist } from "./therapist.js";

const $ = (sel) => document.querySelector(sel);
const SETUP_OK_FRAMES = 8; // consecutive all-green checks before counting is shown

const state = {
  user: null,
  programme: [],
  workoutId: null,
  index: 0,
  results: [],
  stream: null,
  deviceId: localStorage.getItem("formcheck.camera") || "",
  painBefore: null,
  painAfter: null,
  live: null,
  mode: "setup",
  okFrames: 0,
  restTimer: null,
  cueTimer: null,
  lastCue: "",
};
const pacer = new BreathPacer($("#pacer"), (text) => speak(text, "pacer"));
// For people helping by phone, and for tests.
window.formcheck = { state, results: [], cues: [], spoken: [], sessions: [], last: null };

function show(name) {
  for (const el of document.querySelectorAll(".screen")) el.hidden = el.id !== `screen-${name}`;
  document.body.dataset.screen = name;
  window.scrollTo(0, 0);
}

function exName(name) {
  return has(`ex_${name}`) ? t(`ex_${name}`) : name;
}

function doseText(p) {
  if (p.duration_s > 0) {
    const pace = p.pace_in_s ? ` · ${t("dose_pace", { a: p.pace_in_s, b: p.pace_out_s })}` : "";
    return `${Math.round((p.duration_s / 60) * 10) / 10} min${pace}`;
  }
  const hold = p.hold_s > 0 ? ` · ${p.hold_s} s` : "";
  return `${p.sets} × ${p.reps}${hold}`;
}

// ---- log in and home -------------------------------------------------------------
async function boot() {
  setLanguage(language());
  updateMute();
  try {
    state.user = await api("GET", "/api/me");
    await home();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    show("login");
  }
}

async function home() {
  $("#btn-logout").hidden = false;
  if (state.user.role === "therapist") {
    await showTherapist(state.user, show);
    return;
  }
  $("#user-name").textContent = state.user.display_name;
  const prog = await api("GET", "/api/programme");
  state.programme = prog.items;
  $("#programme-source").textContent = t(prog.prescribed ? "prescribed_by_therapist" : "default_programme");
  const list = $("#programme");
  list.replaceChildren();
  for (const item of prog.items) {
    const li = document.createElement("li");
    li.textContent = exName(item.exercise);
    const dose = document.createElement("span");
    dose.className = "dose";
    dose.textContent = doseText(item.prescription);
    li.append(dose);
    list.append(li);
  }
  show("home");
}

$("#form-login").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try {
    const res = await api("POST", "/api/login", {
      username: $("#in-username").value,
      password: $("#in-password").value,
    });
    state.user = res.user;
    $("#login-error").hidden = true;
    await home();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    $("#login-error").hidden = false;
  }
});

$("#btn-logout").addEventListener("click", async () => {
  await api("POST", "/api/logout");
  location.reload();
});

$("#btn-lang").addEventListener("click", () => {
  setLanguage(language() === "nl" ? "en" : "nl");
  updateMute();
  if (["home", "therapist"].includes(document.body.dataset.screen)) home();
});

function updateMute() {
  const b = $("#btn-mute");
  b.textContent = isMuted() ? t("unmute") : t("mute");
  b.setAttribute("aria-pressed", String(isMuted()));
}
$("#btn-mute").addEventListener("click", () => {
  setMuted(!isMuted());
  updateMute();
});

// ---- advice, pain, camera ----------------------------------------------------------
$("#btn-advice").addEventListener("click", () => {
  state.adviceReturn = "home";
  show("advice");
});

$("#btn-start").addEventListener("click", async () => {
  unlock(); // the tap that lets iPad Safari speak
  const sessions = await api("GET", "/api/sessions");
  state.results = [];
  state.index = 0;
  state.workoutId = (await api("POST", "/api/workouts")).workout_id;
  if (sessions.length === 0 && !localStorage.getItem("formcheck.advice")) {
    state.adviceReturn = "pain";
    show("advice");
  } else {
    askPain("before");
  }
});

$("#btn-advice-ok").addEventListener("click", () => {
  localStorage.setItem("formcheck.advice", "1");
  if (state.adviceReturn === "pain") askPain("before");
  else show("home");
});

function askPain(moment) {
  $("#pain-question").textContent = t(moment === "before" ? "pain_before" : "pain_after");
  const scale = $("#pain-scale");
  scale.replaceChildren();
  for (let score = 0; score <= 10; score++) {
    const b = document.createElement("button");
    b.className = "btn";
    b.type = "button";
    b.textContent = String(score);
    b.dataset.score = String(score);
    b.addEventListener("click", () => painChosen(moment, score));
    scale.append(b);
  }
  show("pain");
}

async function painChosen(moment, score) {
  await api("POST", `/api/workouts/${state.workoutId}/pain`, { moment, score });
  if (moment === "before") {
    state.painBefore = score;
    await chooseCamera();
  } else {
    state.painAfter = score;
    showSummary();
  }
}

async function openCamera(deviceId) {
  state.stream?.getTracks().forEach((tr) => tr.stop());
  const video = { width: { ideal: 640 }, height: { ideal: 480 } };
  if (deviceId) video.deviceId = { exact: deviceId };
  state.stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
  $("#camera-preview").srcObject = state.stream;
}

async function chooseCamera() {
  show("camera");
  const err = $("#camera-error");
  err.hidden = true;
  if (!navigator.mediaDevices?.getUserMedia) {
    err.textContent = t("camera_https");
    err.hidden = false;
    return;
  }
  try {
    await openCamera(state.deviceId);
  } catch {
    try {
      await openCamera("");
    } catch {
      err.textContent = t("camera_denied");
      err.hidden = false;
      return;
    }
  }
  const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput");
  const sel = $("#sel-camera");
  sel.replaceChildren();
  const current = state.stream.getVideoTracks()[0]?.getSettings().deviceId;
  devices.forEach((d, i) => {
    const opt = document.createElement("option");
    opt.value = d.deviceId;
    opt.textContent = d.label || `${t("camera_label")} ${i + 1}`;
    opt.selected = d.deviceId === current;
    sel.append(opt);
  });
}

$("#sel-camera").addEventListener("change", async (ev) => {
  state.deviceId = ev.target.value;
  localStorage.setItem("formcheck.camera", state.deviceId);
  await openCamera(state.deviceId);
});

$("#btn-camera-ok").addEventListener("click", () => {
  if (!state.stream) return;
  $("#live-video").srcObject = state.stream;
  startExercise();
});

// ---- live exercise -------------------------------------------------------------------
async function startExercise() {
  const item = state.programme[state.index];
  if (!item) {
    stopCamera();
    askPain("after");
    return;
  }
  const created = await api("POST", "/api/sessions", { exercise: item.exercise, workout_id: state.workoutId });
  state.item = created;
  state.mode = "setup";
  state.okFrames = 0;
  $("#ex-name").textContent = exName(item.exercise);
  $("#setup-picture").innerHTML = setupPicture(item.exercise);
  $("#setup-how").textContent = t(`how_${item.exercise}`);
  $("#setup").hidden = false;
  $("#exercise").hidden = true;
  $("#rest").hidden = true;
  $("#cue").hidden = true;
  for (const id of ["chk-person", "chk-view", "chk-position"]) $(`#${id}`).classList.remove("ok");
  renderStatus({ reps: 0, reps_in_set: 0, set_index: 1, hold_s: 0, side: null }, created.prescription);
  pacer.reset(created.prescription);
  show("live");
  speak(t(`how_${item.exercise}`));
  state.live = new LiveSession(created.ws_path, $("#live-video"), {
    onResult,
    onSession: (msg) => {
      window.formcheck.sessions.push(msg);
      renderStatus(msg.status, msg.prescription);
    },
    onError: (msg) => {
      if (msg.seq === undefined) console.warn("formcheck:", msg.code, msg.message);
    },
    onFinished,
    onState: (s) => {
      const conn = $("#conn");
      conn.hidden = s === "open" || s === "closed";
      conn.textContent = s === "reconnecting" ? t("reconnecting") : t("connection_lost");
    },
  });
}

function onResult(msg) {
  window.formcheck.last = msg;
  const canvas = $("#overlay");
  const video = $("#live-video");
  if (video.videoWidth && canvas.width !== video.videoWidth) {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
  }
  if (msg.pose) draw(canvas, msg.pose, msg.status.angle_deg, msg.status.angle_name ? t("angle") : "");
  else clear(canvas);
  const s = msg.setup;
  $("#chk-person").classList.toggle("ok", s.person && s.in_view);
  $("#chk-view").classList.toggle("ok", s.view_ok && s.person);
  $("#chk-position").classList.toggle("ok", (s.position_ok && s.person) || msg.status.ready);
  if (state.mode === "setup") {
    $("#setup-hint").textContent = s.hint ? t(`hint_${s.hint}`) : t("setup_wait");
    const allOk = s.person && s.in_view && s.view_ok && s.position_ok;
    state.okFrames = allOk ? state.okFrames + 1 : 0;
    if (msg.status.ready || state.okFrames >= SETUP_OK_FRAMES) beginCounting();
  }
  renderStatus(msg.status, state.item.prescription);
  pacer.update(msg.status, state.item.prescription);
  for (const ev of msg.events) onEvent(ev);
  for (const cue of msg.cues) showCue(cue);
}

function beginCounting() {
  if (state.mode !== "setup") return;
  state.mode = "exercise";
  $("#setup").hidden = true;
  $("#exercise").hidden = false;
  speak(t("setup_go"));
}
$("#btn-start-now").addEventListener("click", beginCounting);

function onEvent(ev) {
  const p = state.item.prescription;
  if (ev.kind === "exercise_ready") beginCounting();
  if (ev.kind === "hold_reached" && p.duration_s > 0) setTimeout(() => state.live?.finish(), 1500);
  if (ev.kind === "set_completed") {
    if (ev.set_index >= p.sets) setTimeout(() => state.live?.finish(), 1500);
    else startRest(ev.rest_s || p.rest_s);
  }
}

function startRest(seconds) {
  let left = Math.round(seconds);
  $("#rest-count").textContent = String(left);
  $("#rest").hidden = false;
  clearInterval(state.restTimer);
  state.restTimer = setInterval(() => {
    left -= 1;
    $("#rest-count").textContent = String(Math.max(0, left));
    if (left <= 0) endRest();
  }, 1000);
}

function endRest() {
  clearInterval(state.restTimer);
  $("#rest").hidden = true;
}
$("#btn-rest-skip").addEventListener("click", endRest);

// `priority`: "pacer", "normal" or "urgent" (true/false: urgent/normal), see speech.js.
function speak(text, priority = "normal") {
  if (say(text, language(), priority)) window.formcheck.spoken.push(text);
}

function showCue(cue) {
  const text = cue.texts?.[language()] ?? cue.text;
  if (!text) return;
  window.formcheck.cues.push(cue);
  const el = $("#cue");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(state.cueTimer);
  state.cueTimer = setTimeout(() => (el.hidden = true), 4000);
  speak(text, cue.urgent === true);
}

$("#btn-stop").addEventListener("click", () => state.live?.finish());

function onFinished(summary) {
  state.results.push(summary);
  window.formcheck.results.push(summary);
  endRest();
  state.live = null;
  clear($("#overlay"));
  state.index += 1;
  startExercise();
}

function stopCamera() {
  state.stream?.getTracks().forEach((tr) => tr.stop());
  state.stream = null;
}

// ---- summary ---------------------------------------------------------------------------
function showSummary() {
  const list = $("#summary");
  list.replaceChildren();
  for (const s of state.results) {
    const li = document.createElement("li");
    const parts = [];
    if (s.reps > 0 || s.holds === 0) parts.push(t("summary_reps", { n: s.reps }));
    if (s.sets_completed > 0) parts.push(t("summary_sets", { n: s.sets_completed }));
    const minutes = s.prescription?.duration_s ?? 0; // belly breathing: time in position
    if (minutes > 0 && s.holds > 0) {
      parts.push(t("summary_session", { a: clock(s.time_in_position_s), b: clock(minutes) }));
    } else if (s.holds > 0) {
      parts.push(t("summary_holds", { n: s.holds, s: s.longest_hold_s.toFixed(0) }));
    }
    if (s.breaths > 0) parts.push(t("summary_breaths", { n: s.breaths }));
    li.innerHTML = "<strong></strong>: <span></span>";
    li.querySelector("strong").textContent = exName(s.exercise);
    li.querySelector("span").textContent = parts.join(", ");
    list.append(li);
  }
  $("#summary-pain").textContent = t("summary_pain", { a: state.painBefore, b: state.painAfter });
  show("summary");
  speak(t("summary_title"));
}

$("#btn-done").addEventListener("click", () => home());

applyText(document);
boot();
