// The breathing probes on the patient's device: pose/motion.py's RegionMotion, step for
// step, in OpenCV.js (the same library as the server's cv2). A classic worker served
// with its own policy (server/api/ondevice/files.py): OpenCV.js's bindings evaluate code,
// so it runs here, with no page and no network.
//
// Messages in: {type: "init", opencvUrl, motion} once; then per frame
// {type: "frame", id, tMs, width, height, rgba (ArrayBuffer), people: [{boxes: {signal:
// [x0, y0, x1, y1] | null}, torsoPx}]}. Out: {type: "ready"} | {type: "signals", id,
// signals: [{signal: value}, ...]} (a key is left out where the server gives None) |
// {type: "error", message}. {type: "reset", id} forgets the previous frame (answered alike).
let cv = null;
let motion = null;
let prev = null; // {grey: cv.Mat, tMs, width, height}: the previous frame that had a person

self.onmessage = async (ev) => {
  const msg = ev.data;
  try {
    if (msg.type === "init") {
      motion = msg.motion;
      importScripts(msg.opencvUrl);
      await started(self.cv);
      self.postMessage({ type: "ready", id: msg.id });
    } else if (msg.type === "reset") {
      prev?.grey.delete();
      prev = null;
      self.postMessage({ type: "reset", id: msg.id });
    } else if (msg.type === "frame") {
      self.postMessage({ type: "signals", id: msg.id, signals: measure(msg) });
    }
  } catch (err) {
    self.postMessage({ type: "error", message: String(err?.message ?? err) });
  }
};

// The module is ready once its WebAssembly has started. It is a thenable that passes
// itself: never handed to a Promise's resolve (that would unwrap it again and again).
function started(mod) {
  return new Promise((ok) => {
    const done = (m) => {
      cv = m;
      ok();
    };
    if (mod.Mat) done(mod);
    else if (typeof mod.then === "function") mod.then(done);
    else mod.onRuntimeInitialized = () => done(mod);
  });
}

// RegionMotion.measure for every person on one frame: the previous frame is the one
// before it with anyone in it (the server measures only frames with a pose).
function measure(msg) {
  if (!msg.people.length) return [];
  const rgba = cv.matFromImageData(new ImageData(new Uint8ClampedArray(msg.rgba), msg.width, msg.height));
  const grey = new cv.Mat();
  cv.cvtColor(rgba, grey, cv.COLOR_RGBA2GRAY); // per pixel: whole frame or box, the same
  rgba.delete();
  const last = prev;
  prev = { grey, tMs: msg.tMs, width: msg.width, height: msg.height };
  const dtS = last ? (msg.tMs - last.tMs) / 1000 : 0;
  const comparable = last && last.width === msg.width && last.height === msg.height && dtS > 0 && dtS <= motion.max_gap_s;
  const out = msg.people.map((person) => {
    const signals = {};
    if (!comparable) return signals;
    for (const [name, box] of Object.entries(person.boxes)) {
      if (!box) continue;
      const vy = flowUpPx(last.grey, grey, box);
      if (vy !== null) signals[name] = vy / person.torsoPx / dtS;
    }
    return signals;
  });
  last?.grey.delete();
  return out;
}

// Python's round(): halves to even (round(2.5) == 2).
function roundHalfEven(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// numpy.quantile's default (linear) on an ascending array.
function quantile(sorted, q) {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

// RegionMotion._flow_up_px: upward flow of the textured pixels, full-image px per frame.
function flowUpPx(prevGrey, grey, [x0, y0, x1, y1]) {
  const scale = Math.min(1, motion.work_px / (y1 - y0));
  const size = new cv.Size(Math.max(8, roundHalfEven((x1 - x0) * scale)), Math.max(8, roundHalfEven((y1 - y0) * scale)));
  const rect = new cv.Rect(x0, y0, x1 - x0, y1 - y0);
  const [a, b] = [prevGrey, grey].map((img) => {
    const crop = img.roi(rect);
    const small = new cv.Mat();
    cv.resize(crop, small, size, 0, 0, cv.INTER_AREA);
    crop.delete();
    return small;
  });
  const flow = new cv.Mat();
  const [pyr, levels, win, iters, polyN, polySigma, flags] = motion.farneback;
  cv.calcOpticalFlowFarneback(a, b, flow, pyr, levels, win, iters, polyN, polySigma, flags);
  const gx = new cv.Mat();
  const gy = new cv.Mat();
  cv.Sobel(b, gx, cv.CV_32F, 1, 0, 3);
  cv.Sobel(b, gy, cv.CV_32F, 0, 1, 3);
  const n = size.width * size.height;
  const grad = new Float32Array(n); // float32, as numpy's hypot of float32 images
  for (let i = 0; i < n; i++) grad[i] = Math.hypot(gx.data32F[i], gy.data32F[i]);
  const cut = quantile(Float32Array.from(grad).sort(), 1 - motion.top_gradient_share);
  const threshold = Math.max(cut, 1e-3);
  const fy = flow.data32F;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (grad[i] >= threshold) {
      sum += fy[2 * i + 1];
      count += 1;
    }
  }
  for (const m of [a, b, flow, gx, gy]) m.delete();
  if (!count) return null; // a blank box: nothing to see move
  return -(sum / count) / scale;
}
