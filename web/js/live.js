// One live exercise session over a WebSocket: sends each camera frame, keeps at most
// MAX_IN_FLIGHT unanswered, and reconnects to the same session (id + resume token, and
// the same source) when the connection drops. The server keeps the counts; nothing is
// lost. Source "server": the frame as a JPEG; "device": only the landmarks the page's
// own pose model finds in it (ondevice/pose.js), as text: no image leaves the device.
import { CLOSE_ENDED, CLOSE_REFUSED, CloseCode } from "./protocol.js";

const MAX_IN_FLIGHT = 2;
const FRAME_WIDTH = 640;
const JPEG_QUALITY = 0.7;
const RETRY_MS = [500, 1000, 2000, 4000, 8000];

// The camera's current frame on `canvas`, scaled to FRAME_WIDTH at most (both sources
// see the same image); false while the camera shows nothing yet.
export function captureFrame(video, canvas) {
  if (!video.videoWidth) return false;
  const scale = Math.min(1, FRAME_WIDTH / video.videoWidth);
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  canvas.getContext("2d", { willReadFrequently: true }).drawImage(video, 0, 0, canvas.width, canvas.height);
  return true;
}

// A frame's capture time on the page's clock: whole ms, each past the last.
export class FrameClock {
  last = -1;

  next() {
    this.last = Math.max(Math.round(performance.now()), this.last + 1);
    return this.last;
  }
}

export class LiveSession {
  // `source`: "server" or "device" (then `pose`: the page's OnDevicePose).
  constructor(wsPath, video, handlers, { source = "server", pose = null } = {}) {
    this.wsPath = wsPath;
    this.video = video;
    this.h = handlers; // {onResult, onSession, onError, onFinished, onState}
    this.source = source;
    this.pose = pose;
    this.clock = new FrameClock();
    this.canvas = document.createElement("canvas");
    this.inFlight = 0;
    this.sent = 0;
    this.stopped = false;
    this.finishing = false;
    this.retries = 0;
    this.ws = null;
    // Send each camera frame once: with requestVideoFrameCallback (Chrome, Safari) we
    // know when a new frame is shown; without it, frames are sampled as results return.
    this.frameId = 0;
    this.sentFrameId = -1;
    if ("requestVideoFrameCallback" in HTMLVideoElement.prototype) {
      const onFrame = () => {
        this.frameId += 1;
        if (!this.stopped) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    } else {
      this.frameId = NaN; // NaN !== NaN: every capture counts as new
    }
    this.connect();
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const url = new URL(`${scheme}//${location.host}${this.wsPath}`);
    url.searchParams.set("source", this.source);
    return url.href;
  }

  connect() {
    const ws = new WebSocket(this.url());
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    this.inFlight = 0;
    ws.onopen = () => {
      this.retries = 0;
      this.h.onState?.("open");
      if (this.finishing) ws.send(JSON.stringify({ type: "finish" }));
      else this.pump();
    };
    ws.onmessage = (ev) => this.onMessage(JSON.parse(ev.data));
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      // Ended: finished, opened elsewhere, the login ended, a newer session replaced it.
      if (this.stopped || CLOSE_ENDED.includes(ev.code)) {
        this.h.onState?.("closed", ev.code);
        return;
      }
      if (CLOSE_REFUSED.includes(ev.code)) {
        this.h.onState?.("refused", ev.code);
        return;
      }
      const wait = RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)];
      this.retries += 1;
      this.h.onState?.("reconnecting", ev.code); // e.g. CloseCode.SERVER_FULL: we try again
      setTimeout(() => !this.stopped && this.connect(), wait);
    };
  }

  onMessage(msg) {
    if ("seq" in msg && (msg.type === "result" || msg.type === "dropped" || msg.type === "error")) {
      this.inFlight = Math.max(0, this.inFlight - 1);
    }
    if (msg.type === "result") this.h.onResult?.(msg);
    else if (msg.type === "session") this.h.onSession?.(msg);
    else if (msg.type === "finished") {
      this.stopped = true;
      this.h.onFinished?.(msg.summary);
    } else if (msg.type === "error") this.h.onError?.(msg);
    this.pump();
  }

  pump() {
    if (this.stopped || this.finishing) return;
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.inFlight >= MAX_IN_FLIGHT || this.capturing) return;
    const v = this.video;
    if (!v.videoWidth || this.frameId === this.sentFrameId) {
      this.later(v.videoWidth ? 10 : 100);
      return;
    }
    this.sentFrameId = this.frameId;
    captureFrame(v, this.canvas);
    this.capturing = true;
    if (this.source === "device") {
      this.sendLandmarks(this.clock.next());
      return;
    }
    this.canvas.toBlob(
      async (blob) => {
        this.capturing = false;
        if (!blob || !this.ws || this.ws.readyState !== WebSocket.OPEN) return;
        const bytes = await blob.arrayBuffer();
        this.sent += 1;
        this.inFlight += 1;
        this.ws.send(bytes);
        this.pump();
      },
      "image/jpeg",
      JPEG_QUALITY,
    );
  }

  async sendLandmarks(tMs) {
    const ws = this.ws;
    let msg;
    try {
      msg = await this.pose.frame(this.canvas, tMs);
    } catch (err) {
      // One frame the model could not take (its next one may): said once, not per frame.
      if (!this.warned) console.warn("formcheck: on-device pose failed on a frame:", err);
      this.warned = true;
      this.later(100);
      return;
    } finally {
      this.capturing = false;
    }
    if (ws !== this.ws || ws.readyState !== WebSocket.OPEN) return;
    this.sent += 1;
    this.inFlight += 1;
    ws.send(msg); // binary: server/live/landmark_frame.py
    this.pump();
  }

  // One pending retry at a time, however often pump() is called.
  later(ms) {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms);
  }

  finish() {
    this.finishing = true;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: "finish" }));
  }

  stop() {
    this.stopped = true;
    this.ws?.close(1000);
  }
}
