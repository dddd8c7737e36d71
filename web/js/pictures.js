// Set-up pictures (inline SVG): where the laptop goes and the start position.
const LAPTOP = (x, y, flip = false) => `
  <g transform="translate(${x} ${y}) scale(${flip ? -1 : 1} 1)">
    <rect x="-22" y="-30" width="44" height="30" rx="3" fill="#2b3a55"/>
    <rect x="-18" y="-26" width="36" height="22" fill="#9fd3ff"/>
    <circle cx="0" cy="-28" r="1.6" fill="#fff"/>
    <rect x="-28" y="0" width="56" height="5" rx="2" fill="#2b3a55"/>
  </g>`;
const CONE = (x, y, toX) =>
  `<path d="M${x} ${y} L${toX} ${y - 70} L${toX} ${y + 6} Z" fill="#ffb000" opacity="0.18"/>`;
const FLOOR = `<rect x="0" y="150" width="400" height="50" fill="#e9e4d8"/>
  <rect x="40" y="146" width="230" height="6" rx="3" fill="#5aa469"/>`;
const LIMB = 'stroke="#333" stroke-width="7" stroke-linecap="round" fill="none"';
const DIST = (x1, x2, y, label) => `
  <g stroke="#555" stroke-width="1.5"><line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}"/>
  <line x1="${x1}" y1="${y - 5}" x2="${x1}" y2="${y + 5}"/><line x1="${x2}" y1="${y - 5}" x2="${x2}" y2="${y + 5}"/></g>
  <text x="${(x1 + x2) / 2}" y="${y + 16}" font-size="13" text-anchor="middle" fill="#333">${label}</text>`;

const FIGURES = {
  // On the back, knees bent, feet flat (side view).
  bridge: `<circle cx="70" cy="132" r="10" fill="#333"/>
    <path d="M82 138 L160 138 L195 108 L225 142" ${LIMB}/>
    <path d="M100 138 L130 142" ${LIMB}/>`,
  breathing: `<circle cx="70" cy="132" r="10" fill="#333"/>
    <path d="M82 138 L160 138 L195 108 L225 142" ${LIMB}/>
    <path d="M100 136 L120 124 L135 130" ${LIMB}/>`,
  // Side lying, knees bent 90 degrees (the camera faces the belly): the top knee opens.
  clamshell: `<circle cx="70" cy="128" r="10" fill="#333"/>
    <path d="M82 134 L160 134 L190 110 L230 132" ${LIMB}/>
    <path d="M160 138 L195 138 L232 140" ${LIMB}/>`,
  // Half kneeling: back knee down, front foot forward, trunk upright.
  hip_flexor_stretch: `<circle cx="150" cy="52" r="10" fill="#333"/>
    <path d="M150 64 L150 112 L120 140 L95 146" ${LIMB}/>
    <path d="M150 112 L190 112 L192 146" ${LIMB}/>
    <path d="M150 72 L172 100 L186 110" ${LIMB}/>`,
};

export function setupPicture(exercise) {
  const figure = FIGURES[exercise] ?? FIGURES.bridge;
  const laptop = LAPTOP(350, 150);
  const cone = CONE(330, 130, 40);
  const label = "≈ 2 m";
  return `<svg viewBox="0 0 400 200" role="img" aria-hidden="true" class="setup-svg">
    ${FLOOR}${cone}${figure}${laptop}${DIST(230, 330, 180, label)}
  </svg>`;
}
