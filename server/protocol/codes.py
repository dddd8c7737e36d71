"""The codes on the wire: why a WebSocket closed (`CloseCode`) and why a request, a frame
or a message was refused (`ErrorCode`).

The page reads both from `web/js/protocol.js`, generated from these enums by
`formcheck schema --write`; it writes no code as a bare number or string of its own.
Every `ErrorCode` has its text in the catalogue (`exercises/texts.json`, `error_<code>`),
which is what the page shows and the coach says.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

__all__ = ["CLOSE_ENDED", "CLOSE_REFUSED", "CloseCode", "ErrorCode"]


class CloseCode(IntEnum):
    """A live-session socket's close code (RFC 6455: 4000-4999 are the application's)."""

    NORMAL = 1000  # the session finished (after its `finished` message)
    REPLACED = 4000  # the same session was opened by a newer connection
    LOGGED_OUT = 4001  # the login ended: logout, password change, deactivation, timeout
    SESSION_REPLACED = 4002  # the patient started another session: this one finished
    UNAUTHENTICATED = 4401  # no login
    FORBIDDEN = 4403  # another site's page, a source the clinic excludes, a wrong token
    NOT_FOUND = 4404  # no such session (or not this patient's)
    IDLE = 4408  # nothing arrived for the socket's idle time (a demo's place is freed)
    FINISHED = 4409  # the session has finished already
    ERASED = 4410  # the patient's data was erased: the session is gone
    SERVER_FULL = 4503  # the server holds as many live sessions as it can: try later


# What the page does on a close: an ended session is not reconnected; a refused one is
# not retried (the page says why); any other close (SERVER_FULL, a network drop) is
# tried again after a pause.
CLOSE_ENDED: tuple[CloseCode, ...] = (
    CloseCode.NORMAL,
    CloseCode.FINISHED,
    CloseCode.REPLACED,
    CloseCode.LOGGED_OUT,
    CloseCode.SESSION_REPLACED,
)
CLOSE_REFUSED: tuple[CloseCode, ...] = (
    CloseCode.UNAUTHENTICATED,
    CloseCode.FORBIDDEN,
    CloseCode.NOT_FOUND,
    CloseCode.IDLE,
    CloseCode.ERASED,
)


class ErrorCode(StrEnum):
    """Why something was refused: the `code` of every error answer (HTTP and WebSocket)."""

    # HTTP, by status, when nothing more precise applies
    UNAUTHENTICATED = "unauthenticated"  # 401: log in first
    FORBIDDEN = "forbidden"  # 403
    NOT_FOUND = "not_found"  # 404
    NOT_ALLOWED = "not_allowed"  # 405: a method the route does not take
    CONFLICT = "conflict"  # 409: the record's state does not allow it
    GONE = "gone"  # 410
    TOO_LARGE = "too_large"  # 413: a body over the limit
    INVALID = "invalid"  # 400/422: the request is not what the route takes
    TRY_LATER = "try_later"  # 503: the database is busy or the disk full
    FAILED = "failed"  # any other status
    # A field broke a rule (`exercises.base.FieldError.CODES`, in `ErrorAnswer.fields`)
    OUT_OF_RANGE = "out_of_range"
    NOT_A_NUMBER = "not_a_number"
    NOT_WHOLE = "not_whole"
    NOT_A_CHOICE = "not_a_choice"
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    REQUIRED = "required"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 (a code, not a password)
    # Logins, privacy and the demo
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    CONFIRM_NAME = "confirm_name"
    ERASURE_BUSY = "erasure_busy"
    DEMO_BUSY = "demo_busy"
    LINK_GONE = "link_gone"  # a sign-in link spent, expired or revoked (410)
    # The live socket
    REFUSED = "refused"  # the connection was refused (its close code says why)
    SERVER_FULL = "server_full"
    EXPECTED_BINARY_FRAME = "expected_binary_frame"
    UNKNOWN_MESSAGE = "unknown_message"
    PROCESSING_FAILED = "processing_failed"
    SESSION_CLOSED = "session_closed"
    # A camera frame (`server.live.codec`)
    EMPTY_FRAME = "empty_frame"
    FRAME_TOO_LARGE = "frame_too_large"
    FRAME_TOO_SMALL = "frame_too_small"
    BAD_IMAGE = "bad_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    # A landmark message from the patient's browser (`server.live.landmarks`)
    IMAGE_NOT_EXPECTED = "image_not_expected"
    LANDMARKS_NOT_EXPECTED = "landmarks_not_expected"
    LANDMARKS_TOO_LARGE = "landmarks_too_large"
    BAD_LANDMARKS = "bad_landmarks"
    TOO_MANY_PEOPLE = "too_many_people"
    UNKNOWN_SIGNAL = "unknown_signal"
    LANDMARKS_OUT_OF_ORDER = "landmarks_out_of_order"
    # An uploaded clip (`server.jobs`)
    VIDEO_TOO_LARGE = "video_too_large"
    VIDEO_TOO_LONG = "video_too_long"
    UNKNOWN_EXERCISE = "unknown_exercise"
    CORRUPT_VIDEO = "corrupt_video"
    UNSUPPORTED_VIDEO = "unsupported_video"
    NO_PERSON_IN_VIDEO = "no_person_in_video"
    UPLOAD_QUEUE_FULL = "upload_queue_full"
    INTERRUPTED = "interrupted"
    ANALYSIS_FAILED = "analysis_failed"
    ANALYSIS_OUT_OF_MEMORY = "analysis_out_of_memory"
    ANALYSIS_STALLED = "analysis_stalled"
