// The therapist's page, in two views the URL's hash chooses (a view can be linked, and the
// back button goes back): the overview of their patients (#patients: search by name, the
// ones to look at first on top, last session, adherence; the server's order and numbers,
// GET /api/patients/overview) and one patient's page in parts (#patient/<id>/<part>:
// overview, programme, sessions, questionnaires, privacy), each part loaded when shown.
import { api } from "./api.js";
import { dateTime, exName, held, language, percent, t } from "./i18n.js";
import { showIntakePanel } from "./intake.js";
import { showPatientForm } from "./patient_form.js";
import { showPlan } from "./plan.js";
import { flagBadge, showProgress } from "./progress.js";
import { showPrivacy } from "./privacy.js";
import { showLinks } from "./signin_links.js";
import { allSpecs, timed } from "./specs.js";
import { clock } from "./status.js";
import { uploadControl } from "./upload.js";

const $ = (sel) => document.querySelector(sel);
const MAX_SESSIONS = 20;
const PARTS = ["overview", "programme", "sessions", "questionnaires", "privacy"];
const LOW_ADHERENCE = 0.5; // under half of what was planned: marked, as the calendar marks a week
let ctx = null; // { user, show }
let rows = []; // the overview's rows, in the server's order
let flash = null; // [where, text]: a message for the view the next route shows
let routed = 0; // routes begun: a route whose data comes back after a newer one began shows nothing

export async function showTherapist(user, show) {
  if (!ctx) window.addEventListener("hashchange", route);
  ctx = { user, show };
  $("#therapist-name").textContent = `· ${user.display_name}`;
  $("#btn-new-patient").onclick = () => (location.hash = "#patient/new");
  $("#patient-search").oninput = filterRows;
  show("therapist");
  await route();
}

// The view the hash names; anything else is the overview.
async function route() {
  if (document.body.dataset.screen !== "therapist") return;
  const mine = ++routed;
  const current = () => mine === routed;
  const [where, text] = flash ?? [];
  flash = null;
  for (const id of ["#overview-status", "#patient-page-status"]) $(id).textContent = "";
  const m = location.hash.match(/^#patient\/(\d+|new)(?:\/([a-z]+))?$/);
  if (!m) await showOverview(current);
  else if (m[1] === "new") showNew();
  else await showPatient(Number(m[1]), PARTS.includes(m[2]) ? m[2] : "overview", current);
  if (where && current()) $(where).textContent = text;
}

function view(name) {
  $("#therapist-overview").hidden = name !== "overview";
  $("#therapist-patient").hidden = name !== "patient";
}

async function loadRows() {
  const overview = await api("GET", "/api/patients/overview");
  rows = overview.rows;
  return overview;
}

// ---- The overview ----

async function showOverview(current) {
  view("overview");
  const overview = await loadRows();
  if (!current()) return; // the user went on while it loaded
  $("#col-adherence").textContent = t("col_adherence", { weeks: overview.adherence_weeks });
  const body = $("#patient-rows");
  body.replaceChildren();
  for (const p of rows) body.append(patientRow(p));
  $("#plan-empty").hidden = rows.length > 0;
  $("#patient-table").hidden = rows.length === 0;
  filterRows();
}

function patientRow(p) {
  const tr = document.createElement("tr");
  tr.dataset.patient = String(p.id);
  tr.classList.toggle("flagged", p.active && p.flags.length > 0);
  tr.classList.toggle("inactive", !p.active);
  const link = document.createElement("a");
  link.className = "patient-link";
  link.href = `#patient/${p.id}/overview`;
  link.textContent = nameOf(p);
  const flags = document.createElement("div");
  flags.className = "flags";
  flags.append(...p.flags.map(flagBadge));
  const last = p.last_session_ms === null ? t("last_session_never") : dateTime(p.last_session_ms);
  const adherence = document.createElement("span");
  adherence.className = "adherence";
  adherence.textContent = adherenceText(p.adherence);
  adherence.classList.toggle("low", p.adherence.share !== null && p.adherence.share < LOW_ADHERENCE);
  tr.append(cell(link), cell(flags), cell(document.createTextNode(last), "num last-session"));
  tr.append(cell(adherence, "num"));
  // The whole row opens the patient (the name is its link, for the keyboard).
  tr.addEventListener("click", (e) => e.target !== link && (location.hash = link.hash));
  return tr;
}

function nameOf(p) {
  return p.active ? p.display_name : `${p.display_name} (${t("patient_inactive")})`;
}

// Done of planned over the last weeks ("6 van 8 (75%)"), or that nothing was planned yet.
function adherenceText(a) {
  if (a.share === null) return t("adherence_none");
  return t("adherence_value", { done: a.done, planned: a.planned, share: percent(a.share) });
}

// A name typed in part matches, whatever its case or accents ("bram" finds "Brâm").
function folded(text) {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLocaleLowerCase();
}

function filterRows() {
  const query = folded($("#patient-search").value.trim());
  let shown = 0;
  for (const tr of $("#patient-rows").children) {
    const p = rows.find((r) => String(r.id) === tr.dataset.patient);
    tr.hidden = Boolean(query) && !folded(p.display_name).includes(query);
    shown += tr.hidden ? 0 : 1;
  }
  const none = rows.length > 0 && shown === 0;
  $("#patient-none-found").textContent = none ? t("patient_none_found", { q: $("#patient-search").value.trim() }) : "";
}

// ---- One patient's page ----

function showParts(patientId, part) {
  const nav = $("#patient-parts");
  nav.hidden = patientId === null;
  nav.setAttribute("aria-label", t("parts_label"));
  for (const a of nav.querySelectorAll("a")) {
    a.href = `#patient/${patientId}/${a.dataset.part}`;
    if (a.dataset.part === part) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  for (const section of document.querySelectorAll("#therapist-patient .part")) {
    section.hidden = section.dataset.part !== part;
  }
}

function showNew() {
  view("patient");
  $("#patient-title").textContent = t("new_patient");
  showParts(null, "overview");
  $("#progress").hidden = true;
  showPatientForm(null, {
    onSaved: (saved, message) => {
      flash = ["#patient-page-status", t(message)];
      location.hash = `#patient/${saved.id}/privacy`; // its sign-in link is made there
    },
    onCancel: () => (location.hash = "#patients"),
  });
}

async function showPatient(patientId, part, current) {
  view("patient");
  showParts(patientId, part); // the tabs work at once, before the patient's data is back
  if (!rows.some((r) => r.id === patientId)) await loadRows();
  if (!current()) return; // the user chose another part or patient while it loaded
  const patient = rows.find((r) => r.id === patientId);
  if (!patient) {
    location.hash = "#patients"; // erased, or not theirs
    return;
  }
  $("#patient-title").textContent = nameOf(patient);
  await PART_LOADERS[part](patient);
}

const PART_LOADERS = {
  overview: async (patient) => {
    $("#progress").hidden = false;
    const a = patient.adherence;
    $("#progress-adherence").textContent = t("adherence_line", { weeks: a.weeks, value: adherenceText(a) });
    showPatientForm(patient, {
      onSaved: async (saved, message = "saved") => {
        flash = ["#patient-page-status", t(message)];
        await loadRows();
        await route();
      },
    });
    await showProgress(patient.id);
  },
  programme: (patient) => showPlan(patient.id, allSpecs()),
  sessions: async (patient) => {
    const to = `/api/patients/${patient.id}/recordings`;
    const upload = uploadControl($("#upload-patient"), to, Object.keys(allSpecs()), { level: 4 });
    upload.addEventListener("uploaded", () => loadSessions(patient.id));
    await loadSessions(patient.id);
  },
  questionnaires: (patient) => showIntakePanel(patient.id),
  privacy: async (patient) => {
    await showLinks(patient);
    await showPrivacy(patient, ctx.user, (gone) => {
      flash = ["#overview-status", t("erased", { s: gone.display_name })];
      rows = rows.filter((r) => r.id !== gone.id);
      location.hash = "#patients";
    });
  },
};

function cell(child, className = "") {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.append(child);
  return td;
}

async function loadSessions(patientId) {
  const sessions = (await api("GET", `/api/sessions?patient_id=${patientId}`)).slice(0, MAX_SESSIONS);
  const rowsEl = $("#session-rows");
  rowsEl.replaceChildren();
  for (const s of sessions) {
    const tr = document.createElement("tr");
    const faults = Object.entries(s.faults)
      .map(([code, n]) => `${s.fault_texts?.[code]?.[language()] ?? code} ×${n}`)
      .join("; ");
    const pain = `${s.pain_before ?? "–"} / ${s.pain_after ?? "–"}`;
    const breathing = timed(s.exercise); // time in position and breaths, not reps
    let holds = s.holds ? `${s.holds_completed}/${s.holds} (max ${held(s.longest_hold_s)} s)` : "";
    if (s.holds && breathing) holds = `${clock(s.time_in_position_s)} / ${clock(s.prescription.duration_s)}`;
    const cells = [
      dateTime(s.started_ms),
      exName(s.exercise),
      // An unsure count (the engine's doubts: a second person, a poor view) says so.
      (breathing ? `${s.breaths ?? 0} ${t("breaths")}` : String(s.reps)) +
        (s.count_unsure ? ` (${t("report_unsure")})` : ""),
      s.progress_texts[language()], // sets per side and the set under way: the server's words
      holds,
      pain,
      faults,
    ];
    // The row opens the session's report (the date is its link, for the keyboard).
    const link = document.createElement("a");
    link.href = `/api/sessions/${s.session_id}/report?lang=${language()}`;
    link.textContent = cells.shift();
    tr.append(cell(link));
    for (const text of cells) tr.append(cell(document.createTextNode(text)));
    tr.classList.add("clickable");
    tr.addEventListener("click", (e) => e.target !== link && location.assign(link.href));
    const spark = document.createElement("td");
    tr.append(spark);
    rowsEl.append(tr);
    api("GET", `/api/sessions/${s.session_id}`).then((d) => (spark.innerHTML = sparkline(d.metrics)));
  }
}

function sparkline(metrics) {
  const pts = metrics.filter((m) => m.angle_deg !== null);
  if (pts.length < 2) return "";
  const t0 = pts[0].timestamp_ms;
  const t1 = pts[pts.length - 1].timestamp_ms;
  const lo = Math.min(...pts.map((m) => m.angle_deg));
  const hi = Math.max(...pts.map((m) => m.angle_deg));
  const xy = pts
    .map((m) => {
      const x = ((m.timestamp_ms - t0) / Math.max(1, t1 - t0)) * 158 + 1;
      const y = 39 - ((m.angle_deg - lo) / Math.max(1, hi - lo)) * 38;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return `<svg class="spark" viewBox="0 0 160 40" role="img"
    aria-label="${Math.round(lo)}–${Math.round(hi)}°"><polyline points="${xy}"/></svg>`;
}
