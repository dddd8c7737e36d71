// Set-up pictures (inline SVG), seen from above: the mat, the patient in the exercise's
// start position (head at the left), and where the laptop goes. The places come from the
// exercise's spec (GET /api/exercises, exercises/spec.py view_limits): the main view
// ("side": beside the hip; "front": in front of the belly), "oblique" if it is allowed
// (at an angle towards the feet), and the feet end crossed out when "end" is not among the
// views. The labels are in the page's language. Nothing here knows an exercise by name.
import { t } from "./i18n.js";
import { spec } from "./specs.js";

const HIP = { x: 190, y: 110 }; // the camera is aimed at the hip
const INK = "#1b2430";
const LIMB = `stroke="${INK}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round" fill="none"`;

// Figures from above, by start position (exercises/spec.py start_positions).
const FIGURES = {
  // On the back, knees bent: the thighs and shins overlap from above.
  lying_back: `<circle cx="82" cy="110" r="15" fill="${INK}"/>
    <path d="M100 110 L190 110" ${LIMB}/><path d="M118 90 L118 130" ${LIMB}/>
    <path d="M190 102 L240 96 L282 98 M190 118 L240 124 L282 122" ${LIMB}/>`,
  // On the side, facing the camera, knees bent forward towards it.
  lying_side: `<circle cx="82" cy="110" r="15" fill="${INK}"/>
    <path d="M100 110 L190 110" ${LIMB}/>
    <path d="M190 110 L226 142 L276 132 M190 116 L222 150 L272 146" ${LIMB}/>`,
  // Half kneeling, upright: the front foot ahead, the back knee behind.
  kneeling: `<path d="M190 96 L190 124" ${LIMB}/><circle cx="190" cy="110" r="13" fill="${INK}"/>
    <path d="M190 104 L236 104 L250 104 M190 118 L150 118 L122 118" ${LIMB}/>`,
};

// A laptop from above, at (x, y), its screen (the camera) turned to face the hip.
function laptop(x, y, { faint = false } = {}) {
  const deg = (Math.atan2(HIP.y - y, HIP.x - x) * 180) / Math.PI - 90;
  const alpha = faint ? 0.55 : 1;
  return `<g transform="translate(${x} ${y}) rotate(${deg.toFixed(1)})" opacity="${alpha}">
    <rect x="-26" y="-6" width="52" height="30" rx="4" fill="#2b3a55"/>
    <rect x="-26" y="-12" width="52" height="8" rx="3" fill="#00796b"/>
    <circle cx="0" cy="-8" r="2.5" fill="#fff"/></g>`;
}

// The camera's view of the patient: a light wedge from the laptop to the body.
const cone = (x, y) =>
  `<path d="M${x} ${y} L${HIP.x - 95} ${HIP.y} L${HIP.x + 95} ${HIP.y} Z" fill="#ffb000" opacity="0.25"/>`;

const label = (x, y, text, { size = 22, anchor = "middle", weight = 700, fill = INK } = {}) =>
  `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="${anchor}" fill="${fill}">${text}</text>`;

const crossed = (x, y) => `<g transform="translate(${x} ${y})">
    <rect x="-22" y="-14" width="30" height="28" rx="4" fill="#9aa4b1"/>
    <path d="M-26 -22 L14 22 M14 -22 L-26 22" stroke="#b3261e" stroke-width="7" stroke-linecap="round"/></g>`;

// Where the laptop goes for `exercise`, as its spec says; "" if the spec is not known.
export function setupPicture(exercise) {
  const s = spec(exercise);
  if (!s) return "";
  const views = new Set(s.views);
  const figure = FIGURES[s.traits.start_positions[0]] ?? FIGURES.lying_back;
  const main = views.has("side") ? "side" : "front"; // both face the hip, at right angles
  const cam = { x: HIP.x, y: 250 };
  const parts = [
    `<rect x="50" y="66" width="290" height="88" rx="10" fill="#cfe3d4" stroke="#5aa469" stroke-width="3"/>`,
    label(56, 54, t("pic_head"), { size: 24, anchor: "start" }),
    label(334, 54, t("pic_feet"), { size: 24, anchor: "end" }),
    cone(cam.x, cam.y),
    figure,
    `<circle cx="${HIP.x}" cy="${HIP.y}" r="7" fill="#ffb000" stroke="${INK}" stroke-width="2"/>`,
  ];
  if (views.has("oblique")) {
    // At 45 degrees towards the feet, as far from the hip: allowed, not needed.
    const d = cam.y - HIP.y;
    const ob = { x: HIP.x + d * Math.SQRT1_2, y: HIP.y + d * Math.SQRT1_2 };
    parts.push(laptop(ob.x, ob.y, { faint: true }), label(ob.x + 36, ob.y + 50, t("pic_oblique"), { size: 22 }));
  }
  if (!views.has("end")) parts.push(crossed(372, 110), label(416, 180, t("pic_not_here"), { size: 22, anchor: "end", fill: "#b3261e" }));
  parts.push(
    `<path d="M${cam.x - 40} 160 L${cam.x - 40} ${cam.y - 6}" stroke="${INK}" stroke-width="2.5" marker-start="url(#arrow)" marker-end="url(#arrow)"/>`,
    label(cam.x - 50, (160 + cam.y) / 2 + 8, t("pic_distance"), { size: 24, anchor: "end" }),
    laptop(cam.x, cam.y),
    label(cam.x, 304, t(`pic_${main}`), { size: 30, weight: 800 }),
  );
  return `<svg viewBox="0 0 420 312" role="img" aria-label="${t(`pic_${main}`)}" class="setup-svg" data-main="${main}">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
      <path d="M0 0 L10 5 L0 10 Z" fill="${INK}"/></marker></defs>
    ${parts.join("\n    ")}
  </svg>`;
}
