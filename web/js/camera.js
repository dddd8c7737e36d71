// The webcam: opens the camera chosen last time on this device (or any camera), fills
// the list to choose another, and stops it when the workout is over.
import { t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);
const KEY = "formcheck.camera"; // a device id: not personal, kept across sessions

let stream = null;

export function cameraStream() {
  return stream;
}

async function openCamera(deviceId) {
  stopCamera();
  const video = { width: { ideal: 640 }, height: { ideal: 480 } };
  if (deviceId) video.deviceId = { exact: deviceId };
  stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
  $("#camera-preview").srcObject = stream;
}

// Opens a camera and lists the others; returns "" or the reason it failed (to show).
export async function startCamera() {
  if (!navigator.mediaDevices?.getUserMedia) return t("camera_https");
  try {
    await openCamera(localStorage.getItem(KEY) || "");
  } catch {
    try {
      await openCamera("");
    } catch {
      return t("camera_denied");
    }
  }
  const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput");
  const sel = $("#sel-camera");
  sel.replaceChildren();
  const current = stream.getVideoTracks()[0]?.getSettings().deviceId;
  devices.forEach((d, i) => {
    const opt = document.createElement("option");
    opt.value = d.deviceId;
    opt.textContent = d.label || `${t("camera_label")} ${i + 1}`;
    opt.selected = d.deviceId === current;
    sel.append(opt);
  });
  return "";
}

export function stopCamera() {
  stream?.getTracks().forEach((tr) => tr.stop());
  stream = null;
}

$("#sel-camera").addEventListener("change", async (ev) => {
  localStorage.setItem(KEY, ev.target.value);
  await openCamera(ev.target.value);
});
