// pose/adaptive.py's AdaptiveEstimator, on the page: the two-person landmarker first;
// after `calm_after_ms` with fewer than two people, the one-person one, with a two-person
// look every `probe_every_ms`; two people seen bring the two-person one back. One person
// found twice (two skeletons closer than `same_person_max`, as distinct_people) is one.
export function distinctPeople(people, sameMax) {
  const diagonal = (p) => {
    const xs = p.image.map((j) => j[0]);
    const ys = p.image.map((j) => j[1]);
    return Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  };
  const median = (v) => {
    const s = [...v].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const kept = [];
  for (const p of people) {
    const double = kept.some((o) => {
      const spread = p.image.map((j, i) => Math.hypot(j[0] - o.image[i][0], j[1] - o.image[i][1]));
      return median(spread) / Math.max(diagonal(p), diagonal(o), 1e-6) < sameMax;
    });
    if (!double) kept.push(p);
  }
  return kept.length;
}

export class AdaptiveLandmarker {
  // single, multi: (image, tMs) -> people; cfg: {calm_after_ms, probe_every_ms, same_person_max}.
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
      if (distinctPeople(crowd, this.cfg.same_person_max) >= 2) {
        [this.mode, this.crowdMs] = ["multi", now];
        return crowd;
      }
    }
    return people;
  }
}
