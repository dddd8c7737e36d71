// MediaPipe's Pose Landmarker in the page (npm @mediapipe/tasks-vision, WebAssembly, CPU),
// everything from our own server: the library, its WebAssembly files and the model.
// As pose/estimator.py: VIDEO mode, the server's thresholds, timestamps in whole ms
// moved 1 ms past the last one when they would not increase, people with 33 finite
// landmarks only, visibility clipped to 0..1.
const NUM_JOINTS = 33;

let loaded = null; // {vision, fileset, model}: the library and model, once per page

async function load(cfg) {
  const vision = await import(cfg.bundle_url);
  const fileset = await vision.FilesetResolver.forVisionTasks(cfg.wasm_url);
  const res = await fetch(cfg.model_url);
  if (!res.ok) throw new Error(`GET ${cfg.model_url}: expected 200, got ${res.status}`);
  return { vision, fileset, model: new Uint8Array(await res.arrayBuffer()) };
}

function toPeople(result) {
  const people = [];
  result.landmarks.forEach((norm, i) => {
    const world = result.worldLandmarks[i];
    if (norm.length !== NUM_JOINTS || world?.length !== NUM_JOINTS) return;
    const image = norm.map((p) => [p.x, p.y, p.z]);
    const metres = world.map((p) => [p.x, p.y, p.z]);
    if (![...image.flat(), ...metres.flat()].every(Number.isFinite)) return;
    const visibility = norm.map((p) => Math.min(1, Math.max(0, Number.isFinite(p.visibility) ? p.visibility : 0)));
    people.push({ image, world: metres, visibility });
  });
  return people;
}

// One landmarker: (image, tMs) -> people. `opts`: the server's options, camelCase.
export async function newLandmarker(cfg, opts) {
  loaded ??= load(cfg);
  const { vision, fileset, model } = await loaded;
  const task = await vision.PoseLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: model, delegate: "CPU" },
    ...opts, // the server's thresholds and runningMode ("VIDEO": it tracks)
    outputSegmentationMasks: false,
  });
  let lastMs = -1;
  const estimate = (image, tMs) => {
    const ts = Math.max(Math.round(tMs), lastMs + 1);
    lastMs = ts;
    return toPeople(task.detectForVideo(image, ts));
  };
  estimate.close = () => task.close();
  return estimate;
}
