// The breathing probes on the page (contract: issue 16): pose/motion.py's boxes placed on
// each person's raw landmarks here, the optical flow in the flow worker (OpenCV.js).
// `measure(canvas, tMs, people)` gives each person's signals, e.g. {trunk_motion: 0.01};
// a signal the server would give None for is left out.
const [L_SHOULDER, R_SHOULDER, L_HIP, R_HIP] = [11, 12, 23, 24];

function mid(a, b) {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

// pose/motion.py's _torso_px and _box, on image landmarks of a w x h frame.
export function trunk(image, w, h) {
  const px = (j) => [image[j][0] * w, image[j][1] * h];
  const shoulder = mid(px(L_SHOULDER), px(R_SHOULDER));
  const hip = mid(px(L_HIP), px(R_HIP));
  const axis = [shoulder[0] - hip[0], shoulder[1] - hip[1]];
  return { hip, axis, torsoPx: Math.hypot(axis[0], axis[1]) };
}

export function box({ hip, axis, torsoPx }, spec, motion, w, h) {
  if (torsoPx < motion.min_torso_px) return null;
  const unit = [axis[0] / torsoPx, axis[1] / torsoPx];
  const normal = [-unit[1], unit[0]];
  const centre = [hip[0] + spec.centre_frac * axis[0], hip[1] + spec.centre_frac * axis[1]];
  const a = spec.half_along * torsoPx;
  const c = spec.half_across * torsoPx;
  const xs = [];
  const ys = [];
  for (const s of [-1, 1]) {
    for (const t of [-1, 1]) {
      xs.push(centre[0] + s * a * unit[0] + t * c * normal[0]);
      ys.push(centre[1] + s * a * unit[1] + t * c * normal[1]);
    }
  }
  // Python's int() truncates toward zero.
  const x0 = Math.max(0, Math.trunc(Math.min(...xs)));
  const x1 = Math.min(w, Math.trunc(Math.max(...xs)) + 1);
  const y0 = Math.max(0, Math.trunc(Math.min(...ys)));
  const y1 = Math.min(h, Math.trunc(Math.max(...ys)) + 1);
  if (x1 - x0 < 8 || y1 - y0 < 8) return null;
  return [x0, y0, x1, y1];
}

export class FlowProbes {
  // names: the exercise's probes (its spec's traits.probes); cfg: GET /api/on-device.
  static async start(cfg, names) {
    const worker = new Worker(cfg.flow_worker_url);
    const probes = new FlowProbes(worker, cfg.motion, names);
    await probes.call({ type: "init", opencvUrl: cfg.opencv_url, motion: cfg.motion }, "ready");
    return probes;
  }

  constructor(worker, motion, names) {
    this.worker = worker;
    this.motion = motion;
    this.names = names;
    this.nextId = 0;
  }

  // One message to the worker and its answer of type `expect` (with the same id).
  call(msg, expect, transfer = []) {
    return new Promise((resolve, reject) => {
      this.worker.onmessage = (ev) => {
        if (ev.data.type === "error") reject(new Error(`flow worker: ${ev.data.message}`));
        else if (ev.data.type === expect && ev.data.id === msg.id) resolve(ev.data);
      };
      this.worker.onerror = (ev) => reject(new Error(`flow worker: ${ev.message}`));
      this.worker.postMessage(msg, transfer);
    });
  }

  async measure(canvas, tMs, people) {
    const [w, h] = [canvas.width, canvas.height];
    const measured = people.map(({ image }) => {
      const body = trunk(image, w, h);
      const boxes = {};
      for (const name of this.names) boxes[name] = box(body, this.motion.boxes[name], this.motion, w, h);
      return { boxes, torsoPx: body.torsoPx };
    });
    if (!people.length) return [];
    const rgba = canvas.getContext("2d", { willReadFrequently: true }).getImageData(0, 0, w, h).data.buffer;
    this.nextId += 1;
    const msg = { type: "frame", id: this.nextId, tMs, width: w, height: h, rgba, people: measured };
    return (await this.call(msg, "signals", [rgba])).signals;
  }

  // A new session: the next frame has no previous one to compare with.
  reset() {
    return this.call({ type: "reset", id: 0 }, "reset");
  }

  close() {
    this.worker.terminate();
  }
}
