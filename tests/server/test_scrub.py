"""An error is written down by its type and frames: no message, whatever it quotes."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from server.scrub import error_name, scrubbed_trace

NAME = "Jan de Vries"
ANGLE_DEG = 40.0 + 2.5  # a value the code works on: never in the source lines shown


def _chained() -> BaseException:
    try:
        try:
            raise KeyError(f"patient {NAME}")
        except KeyError as inner:
            raise ValueError(f"angle {ANGLE_DEG} of {NAME}") from inner
    except ValueError as outer:
        return outer


def test_a_trace_keeps_the_types_and_frames_of_the_chain_and_no_message() -> None:
    trace = scrubbed_trace(_chained())
    assert NAME not in trace
    assert "42.5" not in trace
    assert trace.index("KeyError") < trace.index("direct cause") < trace.index("ValueError")
    assert "test_scrub.py" in trace
    assert "in _chained" in trace


def test_an_error_is_named_by_its_module_and_type() -> None:
    assert error_name(ValueError("x")) == "ValueError"
    assert error_name(_chained()) == "ValueError"
    assert error_name(OperationalError) == "sqlalchemy.exc.OperationalError"
