"""The pose package's exception tree."""

from __future__ import annotations

__all__ = [
    "FormcheckError",
    "InvalidPoseError",
    "ModelFileError",
    "NoPersonError",
    "SourceError",
]


class FormcheckError(Exception):
    """Base of every error Formcheck raises on purpose."""


class InvalidPoseError(FormcheckError, ValueError):
    """A pose value broke a rule (shape, range, NaN); the message names which."""


class ModelFileError(FormcheckError):
    """A model file is missing, damaged or unknown; the message says what to do."""


class SourceError(FormcheckError):
    """A frame source cannot be opened or decoded (missing file, not a video, no frames)."""


class NoPersonError(FormcheckError):
    """No person was found in a whole source."""
