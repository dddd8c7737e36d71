// The rest between sets: a countdown on screen (this tab's clock), remembered for a reload.
import { rememberRest } from "./resume.js";

const $ = (sel) => document.querySelector(sel);
let timer = null;

export function startRest(seconds) {
  let left = Math.round(seconds);
  rememberRest(Date.now() + left * 1000);
  $("#rest-count").textContent = String(left);
  $("#rest").hidden = false;
  clearInterval(timer);
  timer = setInterval(() => {
    left -= 1;
    $("#rest-count").textContent = String(Math.max(0, left));
    if (left <= 0) endRest();
  }, 1000);
}

export function endRest() {
  rememberRest(null);
  clearInterval(timer);
  $("#rest").hidden = true;
}

$("#btn-rest-skip").addEventListener("click", endRest);
