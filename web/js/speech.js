// Spoken cues with the Web Speech API, through the page's queue (speech_queue.js decides
// what is said when; this module only says it): Dutch or English voice, mutable.
// iPad Safari speaks only after a user gesture: call unlock() from the Start tap.
import { SpeechQueue } from "./speech_queue.js";

const synth = window.speechSynthesis;
let muted = localStorage.getItem("formcheck.muted") === "1";
// An utterance whose end never comes (a browser's speech can stall) is taken as ended
// after this long: the queue must go on.
const STALL_MS = 3000;
const STALL_MS_PER_CHAR = 120;

// Every item asked for, with its kind, times (ms, the page's clock) and outcome; and the
// texts handed to the synthesiser, in order (for people helping by phone, and for tests).
export const speechLog = [];
export const said = [];

const whenDone = new Map(); // item id -> the caller's onDone(outcome)
const queue = new SpeechQueue((item) => {
  const done = whenDone.get(item.id);
  whenDone.delete(item.id);
  done?.(item.outcome);
});
let speaking = null; // {item, utterance, stall}: what the synthesiser is saying
let wake = null;

function voiceFor(lang) {
  if (!synth) return null;
  const want = lang === "en" ? ["en-GB", "en-US", "en"] : ["nl-NL", "nl-BE", "nl"];
  const voices = synth.getVoices();
  for (const code of want) {
    const v = voices.find((voice) => voice.lang.replace("_", "-").startsWith(code));
    if (v) return v;
  }
  return null;
}

export function unlock() {
  if (!synth) return;
  const u = new SpeechSynthesisUtterance(" ");
  u.volume = 0;
  synth.speak(u);
}

export function isMuted() {
  return muted;
}

export function setMuted(value) {
  muted = value;
  localStorage.setItem("formcheck.muted", value ? "1" : "0");
  if (muted) silence();
}

// Nothing more is said of what was asked so far (muted; the page left the session).
export function silence() {
  clearTimeout(wake);
  const item = speaking?.item;
  if (speaking) clearTimeout(speaking.stall);
  speaking = null;
  queue.clear(performance.now());
  if (item && synth) synth.cancel();
}

// Say `text` in `lang` as a `kind` of item (speech_queue.js: "instruction", "question",
// "urgent", "count", "cue", "pacer"). `onDone(outcome)` is called when it is said, or
// will not be (muted: at once). Returns the queued item, or null (muted, nothing to say,
// or the same words already waiting).
export function say(text, lang, kind = "cue", onDone = null) {
  const now = performance.now();
  if (muted || !synth || !text) {
    speechLog.push({ text, kind, addedMs: now, outcome: "muted" });
    if (onDone) setTimeout(() => onDone("muted"), 0);
    return null;
  }
  const item = queue.add(text, kind, now, { lang });
  if (!item) {
    if (onDone) setTimeout(() => onDone("waiting"), 0);
    return null;
  }
  speechLog.push(item);
  if (onDone) whenDone.set(item.id, onDone);
  pump();
  return item;
}

function pump() {
  clearTimeout(wake);
  const now = performance.now();
  const next = queue.step(now);
  if (!next) return;
  if (next.wakeInMs !== undefined) {
    wake = setTimeout(pump, next.wakeInMs);
  } else if (next.cut) {
    clearTimeout(speaking.stall);
    speaking = null;
    queue.ended(next.cut, now, "shortened");
    synth.cancel();
    pump();
  } else {
    utter(next.speak);
  }
}

function utter(item) {
  const u = new SpeechSynthesisUtterance(item.text);
  u.lang = item.lang === "en" ? "en-GB" : "nl-NL";
  const voice = voiceFor(item.lang);
  if (voice) u.voice = voice;
  u.rate = 0.95; // a little slower: older listeners, lying on the floor
  // Its end, an error (it was tried: a headless browser has no voice) or a stall.
  const ended = (outcome) => {
    if (speaking?.utterance !== u) return; // cut, or cleared, already
    clearTimeout(speaking.stall);
    speaking = null;
    queue.ended(item, performance.now(), outcome);
    pump();
  };
  u.addEventListener("end", () => ended("spoken"));
  u.addEventListener("error", () => ended("failed"));
  const stall = setTimeout(() => ended("stalled"), STALL_MS + STALL_MS_PER_CHAR * item.text.length);
  speaking = { item, utterance: u, stall };
  said.push(item.text);
  synth.speak(u);
}
