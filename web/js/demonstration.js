// Each exercise shown moving (issue 25): the mannequin's loop of one rep (a hold, two
// breaths), seen from the camera place the set-up asks for; rendered by `formcheck
// demonstrations --write` into web/demonstrations/ (the mannequin's licence is credited
// there). Muted and looping, with a text alternative: the exercise and how it is done.
// Someone who asked for less motion gets it paused, with the controls to play it.
import { exName, t } from "./i18n.js";

const STILL = matchMedia("(prefers-reduced-motion: reduce)");

// A <figure> with the video of `exercise` and its caption; `side` ("left", "right" or
// "both"/null): the clip shows the left side, mirrored for the right.
export function demonstration(exercise, side = null) {
  const figure = document.createElement("figure");
  figure.className = "demonstration";
  figure.dataset.exercise = exercise;
  const video = document.createElement("video");
  video.muted = true; // before autoplay: a muted video may start by itself
  video.defaultMuted = true;
  video.loop = true;
  video.playsInline = true;
  video.autoplay = !STILL.matches;
  video.controls = STILL.matches;
  video.preload = "auto";
  video.src = `/static/demonstrations/${exercise}.mp4`;
  if (side === "right") video.classList.add("mirrored");
  const caption = document.createElement("figcaption");
  figure.append(video, caption);
  relabelDemonstration(figure);
  return figure;
}

// The texts of a demonstration already shown, in the page's language.
export function relabelDemonstration(figure) {
  const exercise = figure.dataset.exercise;
  const video = figure.querySelector("video");
  video.setAttribute("aria-label", t("demonstration_alt", { exercise: exName(exercise), how: t(`demonstration_how_${exercise}`) }));
  figure.querySelector("figcaption").textContent = t("demonstration_caption");
}
