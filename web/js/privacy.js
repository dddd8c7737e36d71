// A patient's privacy, on the therapist's page: who read or changed their data (the
// audit log, newest first), the export of all of it (a zip) and its erasure, once the
// patient's name is typed (the server checks it).
import { api, ApiError } from "./api.js";
import { dateTime, t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);
const PAGE = 20;
let shown = null; // the patient whose log is on screen (a slower answer for another is dropped)

export async function showPrivacy(patient, therapist, onErased) {
  shown = patient.id;
  $("#btn-export").href = `/api/patients/${patient.id}/export`;
  $("#erase-name-label").textContent = t("erase_type_name", { s: patient.display_name });
  const input = $("#in-erase-name");
  input.value = "";
  $("#btn-erase").disabled = true;
  $("#erase-status").textContent = "";
  input.oninput = () => ($("#btn-erase").disabled = !input.value.trim());
  $("#form-erase").onsubmit = async (e) => {
    e.preventDefault();
    try {
      await api("DELETE", `/api/patients/${patient.id}`, { confirm_name: input.value });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      $("#erase-status").textContent = t(err.code === "erasure_busy" ? "error_erasure_busy" : "error_confirm_name");
      return;
    }
    await onErased(patient);
  };
  await loadAudit(patient, therapist, 0);
}

function who(entry, therapist) {
  if (entry.actor_id === null) return t("audit_nobody");
  if (entry.actor_id === therapist.id) return t("audit_you");
  return entry.actor_role === "patient" ? t("audit_the_patient") : `${entry.actor_role} ${entry.actor_id}`;
}

// The object an entry names, in words by its kind (the server's): "training 2", never a
// bare "2" (beside "Pijnscore ingevuld" that read as the score).
function object(entry) {
  if (!entry.object_id) return "";
  const id = entry.object_id.slice(0, 8);
  return ` · ${entry.object_kind ? t(`audit_object_${entry.object_kind}`, { id }) : id}`;
}

async function loadAudit(patient, therapist, offset) {
  const page = await api("GET", `/api/patients/${patient.id}/audit?offset=${offset}&limit=${PAGE}`);
  if (shown !== patient.id) return;
  const rows = $("#audit-rows");
  if (offset === 0) rows.replaceChildren();
  for (const entry of page.entries) {
    const tr = document.createElement("tr");
    tr.dataset.action = entry.action;
    const what = t(`audit_${entry.action}`) + object(entry);
    for (const text of [dateTime(entry.at_ms), who(entry, therapist), what, entry.client ?? "–"]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    rows.append(tr);
  }
  const count = offset + page.entries.length;
  $("#audit-count").textContent = t("audit_count", { a: count, b: page.total });
  const more = $("#btn-audit-more");
  more.hidden = count >= page.total;
  more.onclick = () => loadAudit(patient, therapist, count);
}
