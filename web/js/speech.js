// Spoken cues with the Web Speech API: one at a time, Dutch or English voice, mutable.
// iPad Safari speaks only after a user gesture: call unlock() from the Start tap.
const synth = window.speechSynthesis;
let muted = localStorage.getItem("formcheck.muted") === "1";
let speaking = false;

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

// Speak `text` unless something is being said; `urgent` interrupts (safety, form).
export function say(text, lang, urgent = false) {
  if (muted || !synth || !text) return false;
  if (speaking || synth.speaking) {
    if (!urgent) return false;
    synth.cancel();
  }
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang === "en" ? "en-GB" : "nl-NL";
  const voice = voiceFor(lang);
  if (voice) u.voice = voice;
  u.rate = 0.95; // a little slower: older listeners, lying on the floor
  speaking = true;
  u.onend = u.onerror = () => {
    speaking = false;
  };
  synth.speak(u);
  return true;
}
