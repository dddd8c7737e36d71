// The patient's page: log in, today's programme, pain score, camera, per exercise a
// set-up check and live coaching, pain score again, summary. A page reloaded in the
// middle of an exercise offers to carry on with it (resume.js).
import { api, ApiError } from "./api.js";
import { cameraStream, startCamera, stopCamera } from "./camera.js";
import { applyText, doseText, exName, language, setLanguage, t, textFor } from "./i18n.js";
import { LiveSession } from "./live.js";
import { CloseCode } from "./protocol.js";
import { chooseSource } from "./ondevice/choose.js";
import { isDemo, markDemo, showDemo, startDemo } from "./demo.js";
import { demonstration, relabelDemonstration } from "./demonstration.js";
import { showIntake } from "./intake.js";
import { clear, draw } from "./overlay.js";
import { BreathPacer } from "./pacer.js";
import { showPainAdvice, summaryAdvice } from "./pain.js";
import { setupPicture } from "./pictures.js";
import { endRest, goingOn, resting, startRest } from "./rest.js";
import { forget, progressText, remember, resumable } from "./resume.js";
import { isMuted, said, say, setMuted, silence, speechLog, unlock } from "./speech.js";
import { loadSpecs, spec, timed } from "./specs.js";
import { uploadControl } from "./upload.js";
import { renderStatus } from "./status.js";
import { renderSummary } from "./summary.js";
import { showPassword } from "./password.js";
import { linkToken, renderSignin, showSignin } from "./signin.js";
import { showTherapist } from "./therapist.js";

const $ = (sel) => document.querySelector(sel);
const PERSON_FRAMES = 3; // a person seen this many frames running: on to "position"
const NO_PERSON_FRAMES = 30; // nobody this many frames running: back to "place"
const COUNTDOWN_FROM = 3; // "3, 2, 1": one a second, once "hold still" has been said
const CUE_SHOWN_MS = 4000;
const NOBODY_MS = 5000; // nobody seen this long: the page says so (not 30 s of silence)
const NOBODY_AGAIN_MS = 20000; // and again after this, while still nobody is seen
// A text this long is set a size smaller (live.css, [data-long]): the longest cue and
// not-judged text (about 160 characters) fit above "Klaar" at every screen size.
const LONG_CHARS = [60, 110];

const state = {
  user: null,
  programme: [],
  workoutId: null,
  index: 0,
  results: [],
  offer: null, // the server's offer to carry on with a session after a page reload
  pending: null, // an accepted offer, waiting for the camera
  painBefore: null,
  painAfter: null,
  painAdvice: null, // the server's safety advice on the pain scores ({code, before, after})
  live: null,
  mode: "setup", // "setup", "countdown", "exercise"
  nextSide: null, // the side to turn to the server said last (status.progress)
  rest: null, // during a rest: the reps counted when it began, and whether going on was noticed
  personFrames: 0, // the set-up's stage: a person seen (+) or not (-), frames running
  countdown: null, // the countdown's timer while it runs
  lastStatus: null, // the last status shown, to show again in another language
  lastCue: null, // the cue on screen, likewise
  cueTimer: null,
  turnShownUntil: 0, // a switch-sides cue stands until then
  notJudged: null, // the server's {code, texts}: the view cannot judge the exercise (shown, said)
  connError: null, // the text key of the server's last error without a frame (a refusal)
};
const pacer = new BreathPacer($("#pacer"), (text) => speak(text, "pacer"));
// For people helping by phone, and for tests: `spoken` the texts handed to the voice,
// `speech` every item asked for with its kind and outcome (speech.js).
window.formcheck = { state, results: [], cues: [], spoken: said, speech: speechLog, sessions: [], last: null };

function show(name) {
  if (name !== state.noticeFor) notice(null); // a notice stands on the screen it was for
  for (const el of document.querySelectorAll(".screen")) el.hidden = el.id !== `screen-${name}`;
  document.body.dataset.screen = name;
  window.scrollTo(0, 0);
}

// A message above the screen `name` (null: none), e.g. why the user is back at the login.
function notice(text, name = null) {
  state.noticeFor = text ? name : null;
  $("#notice").textContent = text ?? "";
  $("#notice").hidden = !text;
}

// Any call refused for want of a login (it ended while the page was busy: a logout, on
// another device too, a password change, idle time) ends here, as a closed live socket
// does, not as an error; a logout of our own reloads the page anyway.
window.addEventListener("unhandledrejection", (ev) => {
  if (!(ev.reason instanceof ApiError) || ev.reason.status !== 401) return;
  ev.preventDefault();
  if (state.user && !state.loggingOut) sessionEnded(CloseCode.LOGGED_OUT);
});

// The server ended this login (logout elsewhere, a password change, deactivation, idle
// time) or a newer session replaced this one: say so where the page goes back to.
function sessionEnded(code) {
  state.live?.stop();
  state.live = null;
  silence(); // nothing more of the exercise: what is said now is why it ended
  endRest();
  clear($("#overlay"));
  stopCamera();
  forget();
  if (code === CloseCode.LOGGED_OUT) {
    state.user = null;
    $("#btn-logout").hidden = true;
    $("#btn-password").hidden = true;
    show("login");
    notice(t("logged_out_elsewhere"), "login");
    speak(t("logged_out_elsewhere"), "instruction");
  } else {
    home().then(() => notice(t("session_replaced"), "home"));
  }
}

// ---- log in and home -------------------------------------------------------------
async function boot() {
  updateMute();
  const specs = await loadSpecs(); // the exercises' doses and traits, before anything is shown
  if (isDemo()) {
    state.demo = true;
    state.demoExercises = Object.keys(specs);
    markDemo();
    demoHome();
    return;
  }
  const token = linkToken();
  if (token) {
    await showSignin(token, show, {
      onUser: async (user) => {
        useAccount(user);
        await homeOrResume();
      },
      onLogin: () => show("login"),
    });
    return;
  }
  try {
    useAccount(await api("GET", "/api/me"));
    await homeOrResume();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    show("login");
  }
}

async function home() {
  $("#btn-logout").hidden = false;
  $("#btn-password").hidden = !state.user.has_password; // a link's patient has none to change
  if (state.user.role === "therapist") {
    await showTherapist(state.user, show);
    return;
  }
  $("#user-name").textContent = state.user.display_name;
  const prog = await api("GET", "/api/programme");
  state.programme = prog.items;
  state.prescribed = prog.prescribed;
  renderHome();
  show("home");
}

// Today's programme in the page's language (again after a switch: no second fetch).
function renderHome() {
  $("#programme-source").textContent = t(state.prescribed ? "prescribed_by_therapist" : "default_programme");
  const list = $("#programme");
  list.replaceChildren();
  for (const item of state.programme) {
    const li = document.createElement("li");
    li.dataset.exercise = item.exercise;
    li.textContent = exName(item.exercise);
    const dose = document.createElement("span");
    dose.className = "dose";
    const side = item.prescription.side;
    const sided = spec(item.exercise)?.traits.one_sided && side !== "both";
    dose.textContent = doseText(item.prescription, timed(item.exercise)) + (sided ? ` · ${t(`side_${side}`)}` : "");
    li.append(dose);
    if (item.note) li.append(noteElement(item.note));
    li.append(demonstration(item.exercise, sided ? side : null)); // how it is done, moving
    list.append(li);
  }
  $("#programme-empty").hidden = state.programme.length > 0;
  $("#btn-start").hidden = state.programme.length === 0;
}

// The therapist's note for the patient, on the home list and before the exercise.
function noteElement(note) {
  const p = document.createElement("span");
  p.className = "note";
  p.textContent = t("note_from_therapist", { s: note });
  return p;
}


// ---- the clinic demo: any exercise, no account, nothing stored ---------------------------
function demoHome() {
  showDemo(show, state.demoExercises, async (exercise) => {
    unlock();
    state.programme = [{ exercise }];
    state.results = [];
    state.index = 0;
    await chooseCamera();
  });
}

// ---- a patient's own: the intake and a recorded clip ------------------------------------
$("#btn-intake").addEventListener("click", () => showIntake(show));
$("#btn-intake-back").addEventListener("click", () => home());
$("#btn-upload").addEventListener("click", () => {
  uploadControl($("#upload-own"), "/api/recordings", state.programme.map((i) => i.exercise), { level: 2 });
  show("upload");
});
$("#btn-upload-back").addEventListener("click", () => home());

// A page reloaded (or a tab crashed) in the middle of an exercise offers to carry on
// with it: same session, the counts so far, the rest of the workout; no pain question.
async function homeOrResume() {
  state.offer = state.user.role === "patient" ? await resumable(state.user) : null;
  await home();
  if (!state.offer) return;
  renderOffer();
  show("resume");
}

function renderOffer() {
  $("#resume-what").textContent = exName(state.offer.exercise);
  $("#resume-progress").textContent = progressText(
    state.offer.status,
    state.offer.prescription,
    timed(state.offer.exercise),
  );
}

$("#btn-resume").addEventListener("click", async () => {
  unlock(); // the tap that lets the page speak again
  const offer = state.offer;
  if (!offer) return; // a second tap
  state.offer = null;
  state.workoutId = offer.workout?.workout_id ?? null;
  state.results = offer.workout?.done ?? [];
  state.painBefore = offer.workout?.pain_before ?? null;
  const at = state.programme.findIndex((item) => item.exercise === offer.exercise);
  state.index = at >= 0 ? at : state.programme.length; // then on with the rest
  state.pending = offer;
  if (await chooseCamera({ quiet: true })) goLive();
});

$("#btn-resume-no").addEventListener("click", () => {
  forget();
  state.offer = null;
  show("home");
});

$("#form-login").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try {
    const res = await api("POST", "/api/login", {
      username: $("#in-username").value,
      password: $("#in-password").value,
    });
    useAccount(res.user);
    $("#login-error").hidden = true;
    await homeOrResume();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const wait = err.status === 429 ? err.body?.retry_after_s : null;
    $("#login-error").textContent = wait ? t("error_too_many_attempts", { s: wait }) : t("login_failed");
    $("#login-error").hidden = false;
  }
});

$("#btn-password").addEventListener("click", () => {
  const back = document.body.dataset.screen;
  showPassword(show, (message) => {
    show(back === "password" ? "home" : back);
    notice(message, document.body.dataset.screen);
  });
});

$("#btn-logout").addEventListener("click", async () => {
  forget();
  state.loggingOut = true; // the page's calls still in flight may now be refused: fine
  await api("POST", "/api/logout");
  location.reload();
});

// The language is the user's own (kept with the account): logging in takes theirs, so a
// shared tablet does not pass the therapist's English on to the patient.
function useAccount(user) {
  state.user = user;
  setLanguage(user.language);
  updateMute();
}

$("#btn-lang").addEventListener("click", async () => {
  const next = language() === "nl" ? "en" : "nl";
  setLanguage(next);
  relabel();
  if (state.user && !state.demo) state.user = await api("PATCH", "/api/me", { language: next });
});

// Every visible text again, in the language just chosen (mid-exercise too).
function relabel() {
  updateMute();
  const screen = document.body.dataset.screen;
  if (screen === "home") renderHome();
  if (screen === "therapist") home();
  if (screen === "signin") renderSignin();
  if (state.offer) renderOffer();
  if (screen === "live" && state.item) {
    liveTexts(state.item.exercise);
    if (state.lastStatus) renderStatus(...state.lastStatus);
    if (state.lastSetup) setupHint(state.lastSetup);
    if (state.notJudged) fitText($("#not-judged-text"), state.notJudged.texts[language()]);
    if (state.lastCue && !$("#cue").hidden) fitText($("#cue"), cueText(state.lastCue));
    if (state.rest?.noticed) goingOn(t("rest_kept_going"));
    const source = $("#pose-mode").dataset.source;
    if (source) $("#pose-mode").textContent = poseModeText(source);
  }
  if (screen === "summary") showSummary({ quiet: true });
  if (screen === "pain-advice") showPainAdvice(state.painAdvice, show);
}

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
  state.painAdvice = null;
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
  if (moment === "after") speak(t("pain_after"), "question"); // still on the mat: asked aloud too
}

async function painChosen(moment, score) {
  const { advice } = await api("POST", `/api/workouts/${state.workoutId}/pain`, { moment, score });
  state.painAdvice = advice;
  if (moment === "before") {
    state.painBefore = score;
    if (advice) speak(showPainAdvice(advice, show), "instruction"); // stop: said and shown
    else await chooseCamera();
  } else {
    state.painAfter = score;
    showSummary();
  }
}

// The advice to stop before exercising: they stop (the workout ends here), or go on
// knowingly (their therapist knows); either way the therapist sees the advice.
$("#btn-pain-stop").addEventListener("click", () => home());
$("#btn-pain-go-on").addEventListener("click", () => chooseCamera());

// `quiet`: stay on the current screen unless the camera cannot be opened.
async function chooseCamera({ quiet = false } = {}) {
  if (!quiet) show("camera");
  const problem = await startCamera();
  $("#camera-error").textContent = problem;
  $("#camera-error").hidden = !problem;
  if (problem) show("camera");
  return !problem;
}

function goLive() {
  if (!cameraStream()) return;
  $("#live-video").srcObject = cameraStream();
  const offer = state.pending;
  state.pending = null;
  if (offer) enterLive(offer, offer.status);
  else startExercise();
}
$("#btn-camera-ok").addEventListener("click", goLive);

// ---- live exercise -------------------------------------------------------------------
async function startExercise() {
  const item = state.programme[state.index];
  if (!item) {
    stopCamera();
    if (state.demo) showSummary();
    else askPain("after");
    return;
  }
  if (state.demo) {
    const demo = await startDemo(item.exercise);
    if (demo) enterLive(demo, null);
    else demoHome();
    return;
  }
  const created = await api("POST", "/api/sessions", { exercise: item.exercise, workout_id: state.workoutId });
  remember(state.user, created);
  enterLive(created, null);
}

// The live screen for a new session, or for one carried on (`status`: its counts so far).
async function enterLive(session, status) {
  const ex = session.exercise;
  state.item = session;
  state.mode = "setup";
  state.personFrames = 0;
  state.lastSetup = null;
  state.notJudged = null;
  state.seenMs = Date.now(); // someone seen last (here: the screen opened)
  state.everSeen = false;
  state.nobodySaidMs = -Infinity;
  stopCountdown();
  state.nextSide = status?.progress?.next_side ?? null; // a turn already asked for is not asked again
  liveTexts(ex);
  state.stage = null;
  state.stepCueUntil = 0;
  setStage("place");
  $("#setup").removeAttribute("data-person");
  $("#btn-start-now").hidden = false;
  $("#setup-hint").textContent = t("setup_wait");
  $("#setup").hidden = false;
  $("#exercise").hidden = true;
  $("#rest").hidden = true;
  $("#cue").hidden = true;
  $("#not-judged").hidden = true;
  for (const id of ["chk-person", "chk-view", "chk-position"]) $(`#${id}`).classList.remove("ok");
  showStatus(status ?? { hold_s: 0, side: null }, session.prescription, { timed: timed(ex) });
  pacer.reset(timed(ex));
  show("live");
  if (status?.ready) beginCounting(t("resume_go"));
  else speak(t(`how_${ex}`), "instruction");
  const restLeftMs = (session.rest_until_ms ?? 0) - Date.now(); // reloaded while resting
  if (restLeftMs > 0) startRest(restLeftMs / 1000, restOver);
  state.connError = null;
  const source = await poseSource(session);
  if (!source || state.item !== session) return; // device only, and this one cannot; or left
  state.live = new LiveSession(session.ws_path, $("#live-video"), {
    onResult,
    onSession: (msg) => {
      window.formcheck.sessions.push(msg);
      showStatus(msg.status, msg.prescription, { timed: timed(msg.exercise) });
    },
    onError: (msg) => {
      if (msg.seq !== undefined) return; // one unreadable frame among many: the next comes
      console.warn("formcheck:", msg.code, msg.message);
      state.connError = `error_${msg.code}`; // shown if the server then closes the socket
    },
    onFinished,
    onState: (s, code) => {
      if (s === "refused" || code === CloseCode.FINISHED) forget(); // not ours, or finished elsewhere
      const replaced = [CloseCode.REPLACED, CloseCode.LOGGED_OUT, CloseCode.SESSION_REPLACED];
      if (s === "closed" && replaced.includes(code)) return sessionEnded(code);
      const conn = $("#conn");
      conn.hidden = s === "open" || s === "closed";
      const refused = (s === "refused" || code === CloseCode.SERVER_FULL) && state.connError;
      conn.textContent = t(refused ? state.connError : s === "reconnecting" ? "reconnecting" : "connection_lost");
    },
  }, source);
}

// Where the images go: "device" (they stay here) or "server".
function poseModeText(source) {
  return t(`pose_mode_${source}`);
}

// The session's source, by the clinic's setting (`pose_mode` in the session's answer, a
// carried-on one's too); the screen says where the images go.
async function poseSource(session) {
  state.poseMode = session.pose_mode ?? "server";
  const label = $("#pose-mode");
  label.textContent = t("pose_mode_checking");
  label.dataset.source = "";
  label.hidden = state.poseMode === "server";
  const probes = spec(session.exercise)?.traits.probes ?? [];
  const choice = await chooseSource(state.poseMode, $("#live-video"), probes);
  window.formcheck.source = { mode: state.poseMode, source: choice.source, fps: choice.fps, problem: choice.problem };
  if (!choice.source) {
    label.hidden = true;
    $("#conn").textContent = t("error_device_unavailable");
    $("#conn").hidden = false;
    return null;
  }
  label.dataset.source = choice.source;
  label.textContent = poseModeText(choice.source);
  label.hidden = false;
  return { source: choice.source, pose: choice.pose };
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
  showNotJudged(msg.not_judged ?? null);
  const s = msg.setup;
  noticeNobody(s.person);
  $("#chk-person").classList.toggle("ok", s.person && s.in_view);
  $("#chk-view").classList.toggle("ok", s.view_ok && s.person);
  $("#chk-position").classList.toggle("ok", (s.position_ok && s.person) || msg.status.ready);
  if (state.mode !== "exercise") {
    state.lastSetup = s;
    setupHint(s);
    // One thing at a time: where the camera goes until someone is seen in a view that
    // judges the exercise, then the checks; a few frames running, so a flicker is no change.
    const seen = s.person && s.view_ok;
    state.personFrames = seen ? Math.max(1, state.personFrames + 1) : Math.min(-1, state.personFrames - 1);
    if (state.mode === "setup" && state.personFrames >= PERSON_FRAMES) setStage("position");
    if (state.mode === "setup" && state.personFrames <= -NO_PERSON_FRAMES) setStage("place");
    $("#setup").toggleAttribute("data-person", s.person);
    // Hands-free: ready to start (the server's, in stream time: the engine's gate, or
    // every check green for its settle time), the countdown starts; no longer ready
    // before it ends (out of position for the gate's leave time) stops it, and the page
    // says why: the patient moved, or is no longer (wholly) seen.
    if (state.mode === "setup" && s.ready) startCountdown();
    else if (state.mode === "countdown" && !s.ready) {
      stopCountdown();
      pageCue(s.person && s.in_view ? "countdown_stopped_moved" : "countdown_stopped_unseen");
    }
  }
  const p = state.item.prescription;
  // The side to turn to is the server's (status.progress); the page says it when it comes.
  const nextSide = msg.status.progress.next_side;
  const turn = nextSide && nextSide !== state.nextSide ? nextSide : null;
  state.nextSide = nextSide;
  showStatus(msg.status, p, { timed: timed(state.item.exercise) });
  pacer.update(msg.status, p);
  const done = msg.events.some((ev) => ev.kind === "prescription_done");
  for (const ev of msg.events) onEvent(ev, done);
  // A switch-sides cue stands on screen: only urgent cues replace it there (a late "3"
  // or "set done" would); they are said all the same.
  if (turn) state.turnShownUntil = Date.now() + CUE_SHOWN_MS;
  for (const cue of msg.cues) showCue(cue, cue.urgent || Date.now() >= state.turnShownUntil);
  if (turn) showCue({ code: "switch_side", text: t("switch_side", { s: t(turn) }), speech: "instruction" });
  noticeRestWork(msg.status.progress.sides.reduce((n, side) => n + side.reps, 0));
}

// Counted during the rest (`reps`: every rep or hold counted so far): the patient carries
// on. What they did is kept (the server counted it, into the next set); the page says so
// once a rest, and that the rest is still on: said, and shown under the rest's seconds
// (where the patient looks; a cue over the video would give way to the next rep's number).
function noticeRestWork(reps) {
  if (!resting()) {
    state.rest = null;
    return;
  }
  state.rest ??= { reps, noticed: false }; // the count the rest began with
  if (reps <= state.rest.reps || state.rest.noticed) return;
  state.rest.noticed = true;
  goingOn(t("rest_kept_going"));
  speak(t("rest_kept_going"), "instruction");
}

// Nobody seen for a while: said and shown (again now and then), not silence; once the
// exercise has seen the patient, the server's "I can't see you" says it instead.
function noticeNobody(person) {
  const now = Date.now();
  if (person) {
    state.seenMs = now;
    state.everSeen ||= state.mode === "exercise";
    return;
  }
  if (state.mode === "exercise" && state.everSeen) return;
  if (now - state.seenMs < NOBODY_MS || now - state.nobodySaidMs < NOBODY_AGAIN_MS) return;
  state.nobodySaidMs = now;
  pageCue("nobody_seen");
}

// The live screen's own texts: the exercise's name, where the camera goes, the note.
function liveTexts(ex) {
  $("#ex-name").textContent = exName(ex);
  $("#setup-picture").innerHTML = setupPicture(ex);
  showDemonstration(ex);
  fitText($("#setup-how"), t(`how_${ex}`));
  const note = state.programme.find((item) => item.exercise === ex)?.note;
  $("#setup-note").textContent = note ? t("note_from_therapist", { s: note }) : "";
  $("#setup-note").hidden = !note;
  textFor($("#screen-live"), ex); // e.g. the clamshell's camera in front, not beside
}

// The exercise shown moving beside the picture, from the camera's place (set-up only);
// the same one again in another language is relabelled, not restarted.
function showDemonstration(ex) {
  const slot = $("#setup-demonstration");
  const side = spec(ex)?.traits.one_sided ? state.item?.prescription?.side : null;
  const shown = slot.querySelector(".demonstration");
  if (shown?.dataset.exercise === ex && shown.dataset.side === String(side)) return relabelDemonstration(shown);
  const figure = demonstration(ex, side);
  figure.dataset.side = String(side);
  slot.replaceChildren(figure);
}

function showStatus(status, p, opts) {
  state.lastStatus = [status, p, opts];
  renderStatus(status, p, opts);
}

// The one thing to change now: the server's not-judged text, its hint, or "one moment".
// A cue given in the set-up (the engine's hint, e.g. "lie on your side") stands there
// for a while: said and shown in the one place, not a second text over the video.
function setupHint(s) {
  const hint = s.hint ? t(s.hint) : t("setup_wait"); // the same text as the spoken cue
  const cue = Date.now() < state.stepCueUntil ? cueText(state.lastCue) : "";
  fitText($("#setup-hint"), state.notJudged?.texts[language()] || cue || hint);
}

// `text` in `el`, marked long or longer (LONG_CHARS) for a smaller size.
function fitText(el, text) {
  el.textContent = text;
  const long = LONG_CHARS.filter((n) => text.length > n).length;
  if (long) el.dataset.long = String(long);
  else delete el.dataset.long;
}

// Only a change is written: the page's stage stands until the patient changes it.
function setStage(stage) {
  if (state.stage === stage) return;
  state.stage = stage;
  $("#setup").dataset.stage = stage;
}

// "Hold still" is said to its end (it waits for an instruction being said), then
// "3, 2, 1", one a second, and "begin"; muted, a second stands for the words.
function startCountdown() {
  state.mode = "countdown";
  setStage("countdown");
  $("#cue").hidden = true;
  $("#countdown").textContent = "";
  const run = { timer: null };
  state.countdown = run;
  let n = COUNTDOWN_FROM;
  const tick = () => {
    if (n === 0) return beginCounting(t("countdown_go"));
    $("#countdown").textContent = String(n);
    speak(String(n), "count");
    n -= 1;
  };
  speak(t("countdown_still"), "instruction", (outcome) => {
    if (state.countdown !== run) return; // stopped, or begun by a tap, meanwhile
    run.timer = setTimeout(() => {
      tick();
      run.timer = setInterval(tick, 1000);
    }, outcome === "muted" ? 1000 : 0);
  });
}

function stopCountdown() {
  clearInterval(state.countdown?.timer); // its first wait or its ticks: one list of timers
  state.countdown = null;
  if (state.mode !== "countdown") return;
  state.mode = "setup";
  setStage("position");
}

function beginCounting(words = t("countdown_go")) {
  if (state.mode === "exercise") return;
  stopCountdown();
  state.mode = "exercise";
  $("#setup").hidden = true;
  $("#btn-start-now").hidden = true;
  $("#exercise").hidden = false;
  $("#not-judged").hidden = !state.notJudged; // set up, the step said it
  pacer.begin(); // its words only now: none inside "3, 2, 1"
  speak(words, "instruction");
}
$("#btn-start-now").addEventListener("click", () => beginCounting());

// The rest ran out by itself: say and show what comes next (the count goes on when
// they move); to a patient already going on in it ("rest_kept_going"), nothing.
function restOver() {
  if (!state.rest?.noticed) pageCue("rest_over");
}

// `done`: the engine said the whole prescription is done in this frame (every set, every
// prescribed side, or breathing's time): the exercise ends, with no rest after its last set.
function onEvent(ev, done) {
  const p = state.item.prescription;
  if (ev.kind === "exercise_ready" && state.mode === "setup") startCountdown();
  if (ev.kind === "prescription_done") setTimeout(() => state.live?.finish(), 1500);
  if (ev.kind === "set_completed" && !done) startRest(ev.rest_s || p.rest_s, restOver);
}

// `kind`: how the speech queue treats it (speech_queue.js: "instruction", "question",
// "urgent", "count", "cue", "pacer"); `onDone(outcome)` once it is said or will not be.
function speak(text, kind = "cue", onDone = null) {
  say(text, language(), kind, onDone);
}

const cueText = (cue) => (cue.key ? t(cue.key) : (cue.texts?.[language()] ?? cue.text));

// The page's own word to the patient (a catalogue key): shown where cues are, and said
// as an instruction (never dropped).
function pageCue(key) {
  showCue({ code: key, key, speech: "instruction" });
}

// A cue, the server's (its `speech` kind) or the page's: said, and shown unless `shown`
// is false (a switch-sides cue stands on the screen for a while: it is said all the same).
function showCue(cue, shown = true) {
  const text = cueText(cue);
  if (!text) return;
  window.formcheck.cues.push(cue);
  if (state.notJudged?.code === cue.code) return; // the banner shows it and said it
  const kind = cue.speech ?? (cue.urgent ? "urgent" : "cue");
  // Counting down: "3, 2, 1" on screen; of the rest only what may not be dropped is said.
  if (state.mode === "countdown" && !cue.urgent) {
    if (kind === "instruction") speak(text, kind);
    return;
  }
  speak(text, kind);
  if (!shown) return;
  state.lastCue = cue;
  if (state.mode !== "exercise" && !cue.urgent) {
    state.stepCueUntil = Date.now() + CUE_SHOWN_MS;
    fitText($("#setup-hint"), text);
    return;
  }
  const el = $("#cue");
  fitText(el, text);
  el.hidden = false;
  clearTimeout(state.cueTimer);
  state.cueTimer = setTimeout(() => (el.hidden = true), CUE_SHOWN_MS);
}

// The server's word that the view cannot judge the exercise (null once it is judged):
// shown once, in the panel (set up: as the step, setupHint; counting: in place of the
// count), said once when it comes, in the page's language.
function showNotJudged(nj) {
  const was = state.notJudged?.code;
  state.notJudged = nj;
  $("#not-judged").hidden = !nj || state.mode !== "exercise";
  if (!nj) return;
  const text = nj.texts[language()] ?? nj.message;
  fitText($("#not-judged-text"), text);
  // An instruction: said after the set-up instruction being said (once per span).
  if (nj.code !== was) speak(`${t("not_judged_title")}. ${text}`, "instruction");
}

$("#btn-stop").addEventListener("click", () => state.live?.finish());

function onFinished(summary) {
  forget();
  stopCountdown();
  state.results.push(summary);
  window.formcheck.results.push(summary);
  endRest();
  state.live = null;
  clear($("#overlay"));
  state.index += 1;
  startExercise();
}

// ---- summary ---------------------------------------------------------------------------
// `quiet`: shown again in another language, not said again.
function showSummary({ quiet = false } = {}) {
  const said = renderSummary($("#summary"), state.results);
  // Nothing counted at all (nobody seen, or not this exercise): not "Goed gedaan!".
  const title = t(state.results.some(counted) ? "summary_title" : "summary_title_nothing");
  $("#summary-title").textContent = title;
  const pain = t("summary_pain", { a: state.painBefore, b: state.painAfter });
  $("#summary-pain").textContent = state.demo ? "" : pain;
  const advice = summaryAdvice(state.painAfter === null ? null : state.painAdvice);
  show("summary");
  if (quiet) return;
  const notJudged = state.results.filter((s) => s.not_judged);
  const words = notJudged.map((s) => t("summary_not_judged", { s: s.not_judged.texts[language()] }));
  speak([title, ...said, ...words].join(" "), "instruction"); // the counts, said
  if (advice) speak(advice, "instruction"); // stop: said after the summary, shown below it
}

// Anything of an exercise counted: a rep, a hold, a breath, time in position.
const counted = (s) => s.reps + s.holds + (s.breaths ?? 0) + (s.time_in_position_s ?? 0) > 0;

$("#btn-done").addEventListener("click", () => (state.demo ? demoHome() : home()));

applyText(document);
boot();
