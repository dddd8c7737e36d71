// Texts in Dutch (default) and English, from the server's one catalogue (GET /api/texts,
// exercises/texts.json): the page holds no copy of its own. Elements carry data-i18n="key".
const TEXT = await loadTexts();

async function loadTexts() {
  const res = await fetch("/api/texts");
  if (!res.ok) throw new Error(`GET /api/texts: expected 200, got ${res.status}`);
  return res.json();
}

// The user's language (their setting, kept with the account: `/api/me`, PATCH to change
// it); not the browser's, so a shared tablet does not hand one user's choice to the next.
// Dutch until someone is logged in (or a sign-in link names the patient's).
let lang = "nl";

export function language() {
  return lang;
}

export function setLanguage(value) {
  lang = value === "en" ? "en" : "nl";
  document.documentElement.lang = lang;
  applyText(document);
}

export function t(key, params = {}) {
  let text = TEXT[lang][key] ?? TEXT.nl[key] ?? key;
  for (const [name, value] of Object.entries(params)) {
    text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

export function has(key) {
  return key in TEXT[lang];
}

// The locale the page's language writes dates and numbers in (not the browser's).
export function locale() {
  return lang === "en" ? "en-GB" : "nl-NL";
}

// A date and time as the page's language writes them.
export function dateTime(ms) {
  return new Date(ms).toLocaleString(locale(), { dateStyle: "short", timeStyle: "short" });
}

// A number as the page's language writes it, rounded to `digits` decimals: 1,5 in Dutch,
// 1.5 in English (the server's `exercises.texts.number` for reports and PDFs). The one
// way the page writes a measured number.
export function num(x, digits = 1) {
  const opts = { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false };
  return Number(x).toLocaleString(locale(), opts);
}

// A time held, to the tenth below (the server's `exercises.texts.held_s`): never shown
// longer than it was held, so 4.96 s against 5 s reads 4,9, not 5,0.
export function held(seconds) {
  return num(Math.floor(Number(seconds) * 10 + 1e-6) / 10);
}

// An amount as it is set (a dose, a pace): whole numbers without decimals, else one.
export function amount(x) {
  return num(x, Number.isInteger(Number(x)) ? 0 : 1);
}

// A share 0-1 as a whole percentage in the page's language ("75%", "75 %" as it writes it).
export function percent(share) {
  return Number(share).toLocaleString(locale(), { style: "percent", maximumFractionDigits: 0 });
}

// An exercise's name in the current language (the registry name if there is none).
export function exName(name) {
  return has(`ex_${name}`) ? t(`ex_${name}`) : name;
}

// Per-exercise wording under `root`: an element with data-i18n="check_view" reads
// "check_view_clamshell" when there is one (the clamshell's camera is at the feet).
export function textFor(root, exercise) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.dataset.i18nBase ??= el.dataset.i18n;
    const own = `${el.dataset.i18nBase}_${exercise}`;
    el.dataset.i18n = has(own) ? own : el.dataset.i18nBase;
  }
  applyText(root);
}

export function applyText(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
}

// A prescription in a few words: "3 × 12 · 5 s", or "5 min · 4 s in, 6 s out".
export function doseText(p, timed) {
  if (timed) {
    const pace = p.pace_in_s ? ` · ${t("dose_pace", { a: amount(p.pace_in_s), b: amount(p.pace_out_s) })}` : "";
    return `${amount(p.duration_s / 60)} min${pace}`;
  }
  const hold = p.hold_s > 0 ? ` · ${amount(p.hold_s)} s` : "";
  return `${p.sets} × ${p.reps}${hold}`;
}
