// The page's own pose: MediaPipe's landmarkers as the server runs them (pose/adaptive.py)
// and the exercise's breathing probes, one landmark message per camera frame (contract:
// issue 16, item 3). The landmarkers load once per page; each session starts afresh.
import { AdaptiveLandmarker } from "./adaptive.js";
import { landmarkFrame } from "./frame.js";
import { newLandmarker } from "./landmarker.js";
import { FlowProbes } from "./probes.js";

export class OnDevicePose {
  static async load(cfg) {
    const [single, multi] = await Promise.all([
      newLandmarker(cfg, cfg.landmarker.single),
      newLandmarker(cfg, cfg.landmarker.multi),
    ]);
    return new OnDevicePose(cfg, single, multi);
  }

  constructor(cfg, single, multi) {
    this.cfg = cfg;
    this.single = single;
    this.multi = multi;
    this.probes = null;
    this.probeNames = [];
    this.restart([]);
  }

  // A new session: the switching starts over, as a new server pipeline's does, and the
  // probes measure what this exercise asks for (its spec's traits.probes).
  async restart(probeNames) {
    this.adaptive = new AdaptiveLandmarker(this.single, this.multi, this.cfg.adaptive);
    const same = probeNames.join(",") === this.probeNames.join(",");
    if (same && this.probes) return this.probes.reset();
    this.probes?.close();
    this.probes = null;
    this.probeNames = [...probeNames];
    if (probeNames.length) this.probes = await FlowProbes.start(this.cfg, probeNames);
  }

  // The landmark message for the frame on `canvas` (the camera frame as sent in server
  // mode: 640 px wide), captured at `tMs` (whole ms, increasing).
  async landmarks(canvas, tMs) {
    const t0 = performance.now();
    const people = this.adaptive.estimate(canvas, tMs);
    const inferenceMs = performance.now() - t0;
    const signals = this.probes ? await this.probes.measure(canvas, tMs, people) : [];
    return {
      type: "landmarks",
      t_ms: tMs,
      size: [canvas.width, canvas.height],
      people: people.map((p, i) => ({ ...p, signals: signals[i] ?? {} })),
      inference_ms: Math.round(inferenceMs * 100) / 100,
    };
  }

  // The same message as the binary frame the page sends (./frame.js).
  async frame(canvas, tMs) {
    return landmarkFrame(await this.landmarks(canvas, tMs), this.probeNames);
  }
}
