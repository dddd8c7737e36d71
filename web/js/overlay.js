// Draws the skeleton and the key angle over the live video.
const BONES = [
  [11, 12], [11, 23], [12, 24], [23, 24],
  [11, 13], [13, 15], [12, 14], [14, 16],
  [23, 25], [25, 27], [27, 29], [29, 31], [27, 31],
  [24, 26], [26, 28], [28, 30], [30, 32], [28, 32],
  [0, 11], [0, 12],
];
const MIN_VIS = 0.4;

export function clear(canvas) {
  canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
}

export function draw(canvas, pose, angleDeg, angleLabel) {
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!pose) return;
  const w = canvas.width;
  const h = canvas.height;
  const pts = pose.landmarks.map(([x, y, v]) => ({ x: x * w, y: y * h, v }));
  const scale = Math.max(2, w / 240);
  ctx.lineCap = "round";
  ctx.lineWidth = scale * 1.6;
  ctx.strokeStyle = "rgba(255,255,255,0.9)";
  for (const [a, b] of BONES) {
    if (pts[a].v < MIN_VIS || pts[b].v < MIN_VIS) continue;
    ctx.beginPath();
    ctx.moveTo(pts[a].x, pts[a].y);
    ctx.lineTo(pts[b].x, pts[b].y);
    ctx.stroke();
  }
  ctx.fillStyle = "#00b3a4";
  for (const p of pts.slice(11)) {
    if (p.v < MIN_VIS) continue;
    ctx.beginPath();
    ctx.arc(p.x, p.y, scale * 1.8, 0, 2 * Math.PI);
    ctx.fill();
  }
  const joints = pose.angle_joints;
  if (joints && angleDeg !== null && angleDeg !== undefined) {
    drawAngle(ctx, joints.map((j) => pts[j]), angleDeg, angleLabel, scale);
  }
}

function drawAngle(ctx, [a, v, c], angleDeg, label, scale) {
  ctx.strokeStyle = "#ffb000";
  ctx.lineWidth = scale * 2.2;
  ctx.beginPath();
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(v.x, v.y);
  ctx.lineTo(c.x, c.y);
  ctx.stroke();
  const r = scale * 12;
  const t1 = Math.atan2(a.y - v.y, a.x - v.x);
  const t2 = Math.atan2(c.y - v.y, c.x - v.x);
  let d = t2 - t1;
  while (d > Math.PI) d -= 2 * Math.PI;
  while (d < -Math.PI) d += 2 * Math.PI;
  ctx.beginPath();
  ctx.arc(v.x, v.y, r, t1, t1 + d, d < 0);
  ctx.stroke();
  // The number is the angle drawn (the arc between the two arms, at most 180°): an engine
  // that measures past a straight line (the bridge's hip, 0-360) showed "205°" for an arc
  // that is plainly less; arching is the engine's cue to say, not a number to decode.
  const drawn = angleDeg > 180 ? 360 - angleDeg : angleDeg;
  const text = `${Math.round(drawn)}°`;
  ctx.font = `bold ${Math.round(scale * 9)}px system-ui, sans-serif`;
  const tx = v.x + r * 1.2;
  const ty = v.y - r * 1.2;
  ctx.lineWidth = scale * 2.5;
  ctx.strokeStyle = "rgba(0,0,0,0.75)";
  ctx.strokeText(text, tx, ty);
  ctx.fillStyle = "#ffb000";
  ctx.fillText(text, tx, ty);
  if (label) {
    ctx.font = `${Math.round(scale * 5)}px system-ui, sans-serif`;
    ctx.strokeText(label, tx, ty + scale * 7);
    ctx.fillText(label, tx, ty + scale * 7);
  }
}
