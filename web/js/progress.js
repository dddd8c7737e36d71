// A patient's progress on the therapist's page (the overview part): the flags first, then the calendar of
// the last weeks (sessions done against the plan) and the plots over time. The numbers,
// the flags' rules and the plots are the server's (GET /api/patients/{id}/progress and
// .../progress/plots); this module only lays them out in the page's language.
import { api } from "./api.js";
import { dateTime, exName, language, locale, percent, t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);

function isoDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d);
}

function shortDate(iso) {
  return isoDay(iso).toLocaleDateString(locale(), { day: "numeric", month: "short" });
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A flag in a sentence: its numbers filled in; red flags list what was ticked.
export function flagText(flag) {
  const values = { ...flag.values, exercise: flag.exercise ? exName(flag.exercise) : "" };
  const text = t(`flag_${flag.code}`, values);
  if (flag.code !== "red_flags") return text;
  // The intake's texts are list items ("...;"): joined here, their own ending goes.
  return `${text}: ${flag.keys.map((redFlag) => t(redFlag).replace(/[;.]\s*$/, "")).join("; ")}.`;
}

// The short badge for the patient list.
export function flagBadge(flag) {
  const badge = el("span", `badge flag-${flag.code}`, t(`flag_short_${flag.code}`, flag.values));
  badge.title = flagText(flag);
  return badge;
}

function showFlags(flags) {
  const box = $("#progress-flags");
  box.replaceChildren();
  box.classList.toggle("clear", flags.length === 0);
  if (!flags.length) {
    box.append(el("p", "flags-none", t("progress_flags_none")));
    return;
  }
  const list = el("ul", "flag-list");
  for (const f of flags) {
    const li = el("li", `flag flag-${f.code}`);
    li.dataset.flag = f.code;
    li.append(el("strong", "", t(`flag_short_${f.code}`, f.values)), el("span", "", flagText(f)));
    list.append(li);
  }
  box.append(list);
}

function dayCell(d, today) {
  const td = el("td", "day");
  const date = isoDay(d.day);
  td.dataset.day = d.day;
  let state = "none";
  if (d.future) state = "future";
  else if (!d.planned) state = "before";
  else if (d.done >= d.planned) state = "full";
  else if (d.done > 0) state = "part";
  else if (!d.daily) state = "rest"; // nothing planned for every day: not a missed day
  td.dataset.state = state;
  if (d.day === today) td.classList.add("today");
  td.append(el("span", "num", String(date.getDate())));
  if (d.planned && !d.future) td.append(el("span", "count", `${d.done}/${d.planned}`));
  td.title = `${date.toLocaleDateString(locale(), { weekday: "long", day: "numeric", month: "long" })}: ${t(
    "progress_day_done",
    { done: d.done, planned: d.planned },
  )}`;
  return td;
}

function showCalendar(weeks, today) {
  const table = $("#progress-calendar");
  table.replaceChildren();
  const head = el("tr");
  head.append(el("th", "", t("progress_week")));
  for (const d of weeks[0].days) {
    head.append(el("th", "", isoDay(d.day).toLocaleDateString(locale(), { weekday: "short" })));
  }
  head.append(el("th", "num", t("progress_week_done")));
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  for (const w of weeks) {
    const tr = el("tr");
    tr.dataset.monday = w.monday;
    tr.append(el("th", "week", shortDate(w.monday)));
    for (const d of w.days) tr.append(dayCell(d, today));
    const sum = w.planned ? `${w.done}/${w.planned} (${percent(w.adherence)})` : "–";
    const total = el("td", "num total", sum);
    if (w.planned && w.partial && w.days.some((d) => d.future)) total.append(el("span", "muted small-print", ` ${t("progress_so_far")}`));
    if (w.planned && !w.partial && w.adherence < 0.5) total.classList.add("low");
    tr.append(total);
    body.append(tr);
  }
  table.append(thead, body);
}

// Each exercise's latest session: when, and its progress in the server's words (as the
// patient's summary, the session list and the report say it).
function showLatest(series) {
  const list = $("#progress-latest");
  list.replaceChildren();
  for (const ex of series) {
    const last = ex.sessions[ex.sessions.length - 1];
    if (!last) continue;
    const li = el("li", "", "");
    li.dataset.exercise = ex.exercise;
    li.append(el("strong", "", exName(ex.exercise)), ` ${dateTime(last.started_ms)}: `);
    li.append(el("span", "progress-words", last.progress_texts[language()] ?? ""));
    list.append(li);
  }
}

export async function showProgress(patientId) {
  const section = $("#progress");
  section.hidden = false;
  const [p, plots] = await Promise.all([
    api("GET", `/api/patients/${patientId}/progress`),
    api("GET", `/api/patients/${patientId}/progress/plots?lang=${language()}`),
  ]);
  showFlags(p.flags);
  $("#progress-last").textContent = p.last_session_ms
    ? t("progress_last_session", { date: dateTime(p.last_session_ms) })
    : t("progress_never");
  showCalendar(p.weeks, p.today);
  showLatest(p.series);
  const box = $("#progress-plots");
  box.replaceChildren();
  const svgs = [plots.pain, ...Object.values(plots.exercises)].filter(Boolean);
  for (const svg of svgs) {
    const fig = el("div", "progress-plot");
    fig.innerHTML = svg; // the server's own matplotlib SVG, its text escaped
    box.append(fig);
  }
  $("#progress-no-plots").hidden = svgs.length > 0;
}
