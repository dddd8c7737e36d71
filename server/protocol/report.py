"""The HTTP answers of a session's report: its JSON (`report.json`: the analyze contract,
README "The `analyze` JSON contract", plus the session's own fields) and one rep's poses
for the page's player.

The report's JSON is built by `server.report.model.SessionReport.to_json`, the one place
that writes it (the export writes the same). `DoseRowWire` and `RepRowWire` are the
report's own rows: `server.report` builds them, so they are defined once, here."""

from __future__ import annotations

from typing import Literal

from server.protocol.parts import PrescriptionWire, ProgressWire
from server.protocol.wire import Wire

__all__ = [
    "BreathEventWire",
    "DoseRowWire",
    "FaultWire",
    "HoldWire",
    "PainScores",
    "RepEventWire",
    "RepLandmarks",
    "RepPoseFrame",
    "RepRowWire",
    "ReportJson",
    "ViewWire",
    "WhyNotJudged",
]

ReportStatus = Literal["complete", "stopped", "abandoned", "analysed"]


class RepEventWire(Wire):
    index: int
    side: str | None
    start_s: float
    peak_s: float
    end_s: float
    hold_s: float
    peak_angle_deg: float
    faults: tuple[str, ...]
    unsure: bool
    doubts: tuple[str, ...]


class HoldWire(Wire):
    side: str | None
    start_s: float
    end_s: float
    duration_s: float
    target_s: float
    completed: bool  # held the target, within the engine's tolerance
    angle_deg: float | None
    trunk_incline_deg: float | None
    unsure: bool
    doubts: tuple[str, ...]


class FaultWire(Wire):
    code: str
    t_s: float
    message: str  # English


class BreathEventWire(Wire):
    index: int
    start_s: float
    inhale_s: float
    exhale_s: float
    rate_bpm: float


class ViewWire(Wire):
    """The most common camera view of the run."""

    camera: str
    position: str
    facing_side: str


class WhyNotJudged(Wire):
    code: str  # keys the catalogue's text
    message: str  # English


class PainScores(Wire):
    before: int | None
    after: int | None


class DoseRowWire(Wire):
    """Done against prescribed, for one side (null: both sides together): its
    `exercises.progress.SideProgress` and its holds."""

    side: str | None
    sets_done: int  # sets whose reps were all done
    sets_target: int
    reps_done: int  # every counted rep, a set left short's too
    reps_target: int  # per set
    set_index: int  # the set shown: under way, or the last one done
    reps_in_set: int
    under_way: bool  # a set started and not done: "n of m reps in set k"
    holds_reached: int
    holds: int
    longest_hold_s: float
    hold_target_s: float


class RepRowWire(Wire):
    """One rep (the stretch: one counted hold), numbered into its set."""

    index: int
    set_index: int | None
    rep_in_set: int | None
    side: str | None
    start_s: float
    peak_s: float
    end_s: float
    peak_angle_deg: float | None
    hold_s: float
    hold_target_s: float
    lift_s: float | None  # null when not measured (the stretch's holds)
    lower_s: float | None
    faults: tuple[str, ...]
    doubts: tuple[str, ...]  # why it may be wrong (exercises.doubt); empty: sure


class ReportJson(Wire):
    """`GET /api/sessions/{id}/report.json`."""

    exercise: str
    source: str
    fps: float
    frames: int
    duration_s: float
    pose_coverage: float  # 0-1
    reps: int
    reps_by_side: dict[str, int] | None
    rep_events: tuple[RepEventWire, ...]
    holds: tuple[HoldWire, ...]
    faults: tuple[FaultWire, ...]
    sets_completed: int
    progress: ProgressWire | None
    time_in_position_s: float
    breaths: int | None
    breath_rate_bpm: float | None
    breath_events: tuple[BreathEventWire, ...] | None
    view: ViewWire | None
    not_judged: WhyNotJudged | None
    count_unsure: bool
    doubts: tuple[str, ...]
    # the session's own
    prescription: PrescriptionWire
    pain: PainScores
    side: str | None  # a one-sided exercise's prescribed side
    status: ReportStatus
    started_ms: int | None
    dose: tuple[DoseRowWire, ...]
    progress_text: str  # in the report's language
    reps_table: tuple[RepRowWire, ...]


class RepPoseFrame(Wire):
    t_s: float
    points: tuple[tuple[float, float, float], ...]  # [x_norm, y_norm, visibility] x 33


class RepLandmarks(Wire):
    """Every recorded pose of one rep, for the page's player: the skeleton's `bones`
    (landmark index pairs), the `aspect` (width / height) to draw them in, and the
    visibility under which a joint is not drawn."""

    rep: int
    start_s: float
    end_s: float
    aspect: float
    bones: tuple[tuple[int, int], ...]
    min_visibility: float
    frames: tuple[RepPoseFrame, ...]
