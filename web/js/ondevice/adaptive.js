// pose/adaptive.py's AdaptiveEstimator, on the page: the two-person landmarker first;
// after `calm_after_ms` with fewer than two people, the one-person one, with a two-person
// look every `probe_every_ms`; two people seen bring the two-person one back.
export class AdaptiveLandmarker {
  // single, multi: (image, tMs) -> people; cfg: {calm_after_ms, probe_every_ms}.
  constructor(single, multi, cfg) {
    this.single = single;
    this.multi = multi;
    this.cfg = cfg;
    this.mode = "multi";
    this.crowdMs = null; // last time two or more people were seen
    this.probeMs = 0;
    this.startMs = null;
  }

  estimate(image, tMs) {
    const now = tMs;
    this.startMs ??= now;
    if (this.mode === "multi") {
      const people = this.multi(image, now);
      if (people.length >= 2) this.crowdMs = now;
      const calmSince = this.crowdMs ?? this.startMs;
      if (now - calmSince >= this.cfg.calm_after_ms) [this.mode, this.probeMs] = ["single", now];
      return people;
    }
    const people = this.single(image, now);
    if (now - this.probeMs >= this.cfg.probe_every_ms) {
      this.probeMs = now;
      const crowd = this.multi(image, now);
      if (crowd.length >= 2) {
        [this.mode, this.crowdMs] = ["multi", now];
        return crowd;
      }
    }
    return people;
  }
}
