// Generated from server/protocol by `formcheck schema --write`: do not edit.
// The live socket's close codes (server/protocol/codes.py, CloseCode).
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  REPLACED: 4000,
  LOGGED_OUT: 4001,
  SESSION_REPLACED: 4002,
  UNAUTHENTICATED: 4401,
  FORBIDDEN: 4403,
  NOT_FOUND: 4404,
  IDLE: 4408,
  FINISHED: 4409,
  ERASED: 4410,
  SERVER_FULL: 4503,
});

// A session that closed with one of these has ended: it is not reconnected.
export const CLOSE_ENDED = Object.freeze([CloseCode.NORMAL, CloseCode.FINISHED, CloseCode.REPLACED, CloseCode.LOGGED_OUT, CloseCode.SESSION_REPLACED]);

// The server refused the connection: the page says why and does not retry.
export const CLOSE_REFUSED = Object.freeze([CloseCode.UNAUTHENTICATED, CloseCode.FORBIDDEN, CloseCode.NOT_FOUND, CloseCode.IDLE, CloseCode.ERASED]);

// Why something was refused: every error answer's `code` (text: error_<code>).
export const ErrorCode = Object.freeze({
  UNAUTHENTICATED: "unauthenticated",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not_found",
  NOT_ALLOWED: "not_allowed",
  CONFLICT: "conflict",
  GONE: "gone",
  TOO_LARGE: "too_large",
  INVALID: "invalid",
  TRY_LATER: "try_later",
  FAILED: "failed",
  OUT_OF_RANGE: "out_of_range",
  NOT_A_NUMBER: "not_a_number",
  NOT_WHOLE: "not_whole",
  NOT_A_CHOICE: "not_a_choice",
  TOO_LONG: "too_long",
  TOO_SHORT: "too_short",
  REQUIRED: "required",
  WRONG_PASSWORD: "wrong_password",
  TOO_MANY_ATTEMPTS: "too_many_attempts",
  CONFIRM_NAME: "confirm_name",
  ERASURE_BUSY: "erasure_busy",
  DEMO_BUSY: "demo_busy",
  LINK_GONE: "link_gone",
  REFUSED: "refused",
  SERVER_FULL: "server_full",
  EXPECTED_BINARY_FRAME: "expected_binary_frame",
  UNKNOWN_MESSAGE: "unknown_message",
  PROCESSING_FAILED: "processing_failed",
  SESSION_CLOSED: "session_closed",
  EMPTY_FRAME: "empty_frame",
  FRAME_TOO_LARGE: "frame_too_large",
  FRAME_TOO_SMALL: "frame_too_small",
  BAD_IMAGE: "bad_image",
  UNSUPPORTED_FORMAT: "unsupported_format",
  IMAGE_NOT_EXPECTED: "image_not_expected",
  LANDMARKS_NOT_EXPECTED: "landmarks_not_expected",
  LANDMARKS_TOO_LARGE: "landmarks_too_large",
  BAD_LANDMARKS: "bad_landmarks",
  TOO_MANY_PEOPLE: "too_many_people",
  UNKNOWN_SIGNAL: "unknown_signal",
  LANDMARKS_OUT_OF_ORDER: "landmarks_out_of_order",
  VIDEO_TOO_LARGE: "video_too_large",
  VIDEO_TOO_LONG: "video_too_long",
  UNKNOWN_EXERCISE: "unknown_exercise",
  CORRUPT_VIDEO: "corrupt_video",
  UNSUPPORTED_VIDEO: "unsupported_video",
  NO_PERSON_IN_VIDEO: "no_person_in_video",
  UPLOAD_QUEUE_FULL: "upload_queue_full",
  INTERRUPTED: "interrupted",
  ANALYSIS_FAILED: "analysis_failed",
  ANALYSIS_OUT_OF_MEMORY: "analysis_out_of_memory",
  ANALYSIS_STALLED: "analysis_stalled",
});

// The binary landmark frame (server/protocol/frames.py), little-endian: the
// header's fields at their byte offsets, then per person FLOATS_PER_PERSON float32
// (image, world, visibility) and its signals in the exercise's probe order.
export const LandmarkFrame = Object.freeze({
  MAGIC: "FCL1",
  HEADER_BYTES: 24,
  OFFSETS: {"magic": 0, "t_ms": 4, "width": 12, "height": 14, "people": 16, "signals": 17, "pad": 18, "inference_ms": 20},
  FLOATS_PER_PERSON: 231,
});
