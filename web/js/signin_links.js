// A patient's one-time sign-in links: make one (its URL and QR code are shown this once;
// the server keeps only a hash), see which are open, used, expired or revoked, revoke.
import { api } from "./api.js";
import { dateTime as when, t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);
let shownId = null; // the link whose URL and QR code are on screen

export async function showLinks(patient) {
  $("#new-link").hidden = true;
  $("#btn-new-link").disabled = !patient.active;
  $("#btn-new-link").onclick = async () => {
    const made = await api("POST", `/api/patients/${patient.id}/links`);
    shownId = made.id;
    $("#link-qr").innerHTML = made.qr_svg; // the server's SVG (segno), no script in it
    $("#link-url").value = made.url;
    $("#link-expiry").textContent = t("link_valid_until", { t: when(made.expires_ms) });
    // An address only this computer reaches (make run's 127.0.0.1): no tablet opens it.
    $("#link-only-here").hidden = !made.only_here;
    $("#link-only-here").textContent = made.only_here ? t("link_only_here", { address: new URL(made.url).host }) : "";
    $("#new-link").hidden = false;
    await listLinks(patient);
  };
  $("#btn-copy-link").onclick = async () => {
    $("#link-url").select();
    await navigator.clipboard?.writeText($("#link-url").value).catch(() => null);
    $("#btn-copy-link").textContent = t("copied");
    setTimeout(() => ($("#btn-copy-link").textContent = t("copy_link")), 2000);
  };
  $("#btn-revoke-all").onclick = async () => {
    await api("DELETE", `/api/patients/${patient.id}/links`);
    $("#new-link").hidden = true;
    await listLinks(patient);
  };
  await listLinks(patient);
}

async function listLinks(patient) {
  const links = await api("GET", `/api/patients/${patient.id}/links`);
  const list = $("#link-list");
  list.replaceChildren();
  for (const link of links.slice(0, 5)) {
    const li = document.createElement("li");
    li.dataset.state = link.state;
    const text = document.createElement("span");
    text.textContent = `${t("link_made", { a: when(link.created_ms), b: when(link.expires_ms) })} · ${t(`link_${link.state}`)}`;
    li.append(text);
    if (link.state === "ok") {
      const revoke = document.createElement("button");
      revoke.type = "button";
      revoke.className = "btn small";
      revoke.textContent = t("revoke_link");
      revoke.onclick = async () => {
        await api("DELETE", `/api/patients/${patient.id}/links/${link.id}`);
        if (link.id === shownId) $("#new-link").hidden = true;
        await listLinks(patient);
      };
      li.append(revoke);
    }
    list.append(li);
  }
  if (!links.length) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = t("no_links");
    list.append(li);
  }
  $("#btn-revoke-all").hidden = !links.some((l) => l.state === "ok");
}
