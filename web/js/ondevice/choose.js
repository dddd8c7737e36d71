// Which source a live session uses (contract: issue 16, item 1), from the clinic's
// setting (`pose_mode` in the session's answer): "server" sends camera images; "device"
// runs the pose model here or, when this browser cannot, nothing (it says why); "auto"
// runs it here when WebAssembly runs, the model loads and a warm-up on the camera
// measures at least the server's `min_fps`, else sends images.
import { captureFrame, FrameClock } from "../live.js";
import { onDeviceConfig } from "./config.js";
import { OnDevicePose } from "./pose.js";

let pose = null; // the page's landmarkers, loaded once
let measured = null; // {fps} of the warm-up, once per page

function nextFrame(video) {
  return new Promise((ok) =>
    "requestVideoFrameCallback" in video ? video.requestVideoFrameCallback(() => ok()) : requestAnimationFrame(() => ok()),
  );
}

// Camera frames through the whole on-device step for `ms`: frames per second done.
async function warmUp(video, ms) {
  const canvas = document.createElement("canvas");
  const clock = new FrameClock();
  const start = performance.now();
  let frames = 0;
  while (performance.now() - start < ms) {
    await nextFrame(video);
    if (!captureFrame(video, canvas)) continue;
    await pose.landmarks(canvas, clock.next());
    frames += 1;
  }
  return frames / ((performance.now() - start) / 1000);
}

async function loadPose() {
  if (typeof WebAssembly !== "object") throw new Error("this browser runs no WebAssembly");
  const cfg = await onDeviceConfig();
  if (cfg.problem) throw new Error(cfg.problem);
  pose ??= await OnDevicePose.load(cfg);
  return cfg;
}

// -> {source: "device" | "server" | null, pose, fps, problem}; source null: device mode
// was required and this browser cannot (`problem` says why, for the console).
export async function chooseSource(poseMode, video, probeNames) {
  if (poseMode !== "device" && poseMode !== "auto") return { source: "server", pose: null, fps: null, problem: null };
  let cfg;
  try {
    cfg = await loadPose();
    await pose.restart(probeNames);
    if (poseMode === "auto" && measured === null) measured = { fps: await warmUp(video, cfg.warmup_ms) };
  } catch (err) {
    const problem = String(err?.message ?? err);
    console.warn("formcheck: on-device pose unavailable:", problem);
    return { source: poseMode === "auto" ? "server" : null, pose: null, fps: null, problem };
  }
  await pose.restart(probeNames); // the warm-up's frames are no part of the session
  const fps = measured?.fps ?? null;
  const fast = poseMode === "device" || fps >= cfg.min_fps;
  return { source: fast ? "device" : "server", pose: fast ? pose : null, fps, problem: null };
}
