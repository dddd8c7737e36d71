// A landmark message as the compact binary frame the server reads without per-number
// work (server/live/landmark_frame.py; the layout is generated into protocol.js):
// little-endian, the header, then per person 33 image [x, y, z], 33 world [x, y, z],
// 33 visibilities and the person's signals in the exercise's probe order (NaN: not
// measured), all float32 (the model's own precision). About 1 kB a person, not 5.
import { LandmarkFrame } from "../protocol.js";

const F = LandmarkFrame;
const MAGIC = [...F.MAGIC].map((c) => c.charCodeAt(0));

// `msg`: OnDevicePose.landmarks' message; `probeNames`: the exercise's traits.probes.
export function landmarkFrame(msg, probeNames) {
  const row = F.FLOATS_PER_PERSON + probeNames.length;
  const buffer = new ArrayBuffer(F.HEADER_BYTES + msg.people.length * row * 4);
  const head = new DataView(buffer, 0, F.HEADER_BYTES);
  const at = F.OFFSETS;
  MAGIC.forEach((byte, i) => head.setUint8(at.magic + i, byte));
  head.setFloat64(at.t_ms, msg.t_ms, true);
  head.setUint16(at.width, msg.size[0], true);
  head.setUint16(at.height, msg.size[1], true);
  head.setUint8(at.people, msg.people.length);
  head.setUint8(at.signals, probeNames.length);
  head.setFloat32(at.inference_ms, msg.inference_ms ?? NaN, true);
  const floats = new Float32Array(buffer, F.HEADER_BYTES);
  msg.people.forEach((p, i) => {
    let k = i * row;
    for (const points of [p.image, p.world]) {
      for (const [x, y, z] of points) {
        floats[k++] = x;
        floats[k++] = y;
        floats[k++] = z;
      }
    }
    for (const v of p.visibility) floats[k++] = v;
    for (const name of probeNames) floats[k++] = p.signals?.[name] ?? NaN;
  });
  return buffer;
}
