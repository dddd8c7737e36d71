// The report page's replay: a rep's recorded poses, drawn as a moving skeleton on a canvas
// (GET <reps>/<n>/landmarks; the bones and the visibility cut come with the poses).
const canvas = document.querySelector("#replay");
const label = document.querySelector("#replay-label");
const repsUrl = document.body.dataset.repsUrl;
let timer = null;

for (const button of document.querySelectorAll("button[data-replay]")) {
  button.addEventListener("click", () => play(Number(button.dataset.replay)));
}

async function play(n) {
  const res = await fetch(`${repsUrl}/${n}/landmarks`, { credentials: "same-origin" });
  if (!res.ok) throw new Error(`GET ${repsUrl}/${n}/landmarks: expected 200, got ${res.status}`);
  const rep = await res.json();
  clearTimeout(timer);
  canvas.scrollIntoView({ block: "nearest" });
  const box = bounds(rep);
  let i = 0;
  const step = () => {
    if (i >= rep.frames.length) return;
    const frame = rep.frames[i];
    draw(rep, frame, box);
    canvas.dataset.drawn = String(i + 1);
    label.textContent = `${label.dataset.repLabel.replace("{n}", n)} · ${frame.t_s.toFixed(1)} s`;
    const next = rep.frames[i + 1];
    i += 1;
    if (next) timer = setTimeout(step, Math.max(20, (next.t_s - frame.t_s) * 1000));
  };
  step();
}

// One box around every frame's seen points, so the body moves inside a still frame.
function bounds(rep) {
  const xs = [];
  const ys = [];
  for (const f of rep.frames) {
    f.points.forEach(([x, y, v], j) => {
      if (v >= rep.min_visibility && (j === 0 || j >= 11)) {
        xs.push(x * rep.aspect);
        ys.push(y);
      }
    });
  }
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const size = Math.max(x1 - x0, y1 - y0, 0.05);
  return { x0: x0 - size * 0.1, y0: y0 - size * 0.1, size: size * 1.2 };
}

function draw(rep, frame, box) {
  const ctx = canvas.getContext("2d");
  const scale = Math.min(canvas.width, canvas.height) / box.size;
  const ox = (canvas.width - box.size * scale) / 2;
  const oy = (canvas.height - box.size * scale) / 2;
  const pts = frame.points.map(([x, y, v]) => ({
    x: ox + (x * rep.aspect - box.x0) * scale,
    y: oy + (y - box.y0) * scale,
    seen: v >= rep.min_visibility,
  }));
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.lineCap = "round";
  ctx.lineWidth = 4;
  ctx.strokeStyle = "#0b5cad";
  for (const [a, b] of rep.bones) {
    if (!pts[a].seen || !pts[b].seen) continue;
    ctx.beginPath();
    ctx.moveTo(pts[a].x, pts[a].y);
    ctx.lineTo(pts[b].x, pts[b].y);
    ctx.stroke();
  }
  ctx.fillStyle = "#00806f";
  for (const p of pts.slice(11)) {
    if (!p.seen) continue;
    ctx.beginPath();
    ctx.arc(p.x, p.y, 4, 0, 2 * Math.PI);
    ctx.fill();
  }
}
