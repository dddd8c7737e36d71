// Spoken cues with the Web Speech API: one at a time, Dutch or English voice, mutable.
// iPad Safari speaks only after a user gesture: call unlock() from the Start tap.
const synth = window.speechSynthesis;
let muted = localStorage.getItem("formcheck.muted") === "1";

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
  if (muted && synth) synth.cancel();
}

// Who may interrupt whom: an urgent cue (safety, form) cuts off anything; an ordinary
// cue cuts off only a pacer word; a pacer word ("Adem in") never cuts anything off.
const RANK = { pacer: 0, normal: 1, urgent: 2 };
let current = null; // {utterance, rank} being said

// Speak `text` unless something as important is being said. `priority` is "pacer",
// "normal" or "urgent" (true and false stand for urgent and normal).
export function say(text, lang, priority = "normal") {
  if (muted || !synth || !text) return false;
  const rank = RANK[priority === true ? "urgent" : priority === false ? "normal" : priority];
  if (current || synth.speaking) {
    const busyRank = current ? current.rank : RANK.normal;
    if (rank !== RANK.urgent && rank <= busyRank) return false;
    synth.cancel();
  }
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang === "en" ? "en-GB" : "nl-NL";
  const voice = voiceFor(lang);
  if (voice) u.voice = voice;
  u.rate = 0.95; // a little slower: older listeners, lying on the floor
  current = { utterance: u, rank };
  u.onend = u.onerror = () => {
    if (current?.utterance === u) current = null; // not a newer one after a cancel
  };
  synth.speak(u);
  return true;
}
