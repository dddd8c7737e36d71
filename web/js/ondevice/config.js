// What the page runs its own pose model with (GET /api/on-device: the file URLs, the
// landmarkers' thresholds, the probes' boxes, the automatic choice's fps): the server's
// own numbers, read once per page.
import { api } from "../api.js";

let config = null;

export async function onDeviceConfig() {
  config ??= await api("GET", "/api/on-device");
  return config;
}
