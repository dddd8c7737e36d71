"""The session report as one typed value: what the page, the PDF, the CSV and the JSON show.

Built once (`server.report.build.build_report`) from a session's recorded events, per-frame
metrics and landmarks, or from a file `formcheck analyze` read; rendered by the small
modules beside this one. Times are seconds from the start of the stream (`*_s`), as in
the events and the analyze contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from exercises.base import Prescription
from exercises.progress import Progress
from exercises.summary import AnalysisReport
from server.protocol.report import DoseRowWire, PainScores, ReportJson, RepRowWire

__all__ = [
    "AnglePoint",
    "Attribution",
    "BreathPoint",
    "FaultMark",
    "SessionReport",
    "Skeleton",
    "Status",
]

# complete: the whole prescription done; stopped: ended before it; abandoned: never ended
# (the connection went away); analysed: a file read by `formcheck analyze`.
Status = Literal["complete", "stopped", "abandoned", "analysed"]
Point = tuple[float, float, float]  # x_norm, y_norm (0-1 of the image), visibility


@dataclass(frozen=True, slots=True)
class Attribution:
    """Whose report it is, so that a filed page or PDF can be told apart: the patient's
    and their therapist's names as the clinic entered them, and the clinic's
    (`Settings.clinic_name`). A file `formcheck analyze` read has none."""

    patient: str
    therapist: str | None
    clinic: str


@dataclass(frozen=True, slots=True)
class AnglePoint:
    t_s: float
    angle_deg: float


@dataclass(frozen=True, slots=True)
class BreathPoint:
    t_s: float
    rate_bpm: float


@dataclass(frozen=True, slots=True)
class FaultMark:
    t_s: float
    code: str
    text: str  # in the viewer's language


@dataclass(frozen=True, slots=True)
class Skeleton:
    """One recorded pose to draw: a rep's peak, or a frame of its replay strip."""

    rep_index: int
    t_s: float
    points: tuple[Point, ...]
    aspect: float  # image width / height


@dataclass(frozen=True, slots=True)
class SessionReport:
    exercise: str
    language: str  # the viewer's: every text of the report is in it
    source: str  # "session <id>" or the analysed file (the JSON's, as analyze's contract)
    session_id: str | None  # a live session's id, None for a file
    status: Status
    started_ms: int | None
    timezone: str  # the clinic's (an IANA name): the page shows `started_ms` in it
    duration_s: float
    prescription: Prescription
    pain_before: int | None
    pain_after: int | None
    analysis: AnalysisReport  # the analyze contract, counted by the one summary
    progress: Progress  # sets, sides and done (`exercises.progress`)
    progress_text: str  # the progress in the report's language, as every page says it
    dose: tuple[DoseRowWire, ...]  # the rows are the wire's own types (one definition)
    reps: tuple[RepRowWire, ...]
    angle_name: str | None
    target_deg: tuple[float, float | None] | None
    angle: tuple[AnglePoint, ...]
    faults: tuple[FaultMark, ...]
    breaths: tuple[BreathPoint, ...]
    pacer_bpm: float | None  # breathing: the pacer's rate
    breath_in_s: float | None  # breathing: the mean breath in and out (None: no breaths)
    breath_out_s: float | None
    time_in_position_s: float
    best: Skeleton | None
    worst: Skeleton | None
    strips: dict[int, tuple[Skeleton, ...]]  # rep index -> frames through the rep
    who: Attribution | None = None  # a session's patient, therapist and clinic

    @property
    def side(self) -> str | None:
        """The prescribed side of a one-sided exercise (None for two-sided ones)."""
        return self.prescription.side if self.analysis.reps_by_side is not None else None

    def to_json(self) -> ReportJson:
        """The analyze contract (`AnalysisReport.to_json`, the exercises' own), plus the
        prescription, the pain scores, the side and the session's status, dose and
        per-rep lift and lowering times."""
        return ReportJson(
            **self.analysis.to_json(),
            prescription=self.prescription,
            pain=PainScores(before=self.pain_before, after=self.pain_after),
            side=self.side,
            status=self.status,
            started_ms=self.started_ms,
            dose=self.dose,
            progress_text=self.progress_text,
            reps_table=self.reps,
        )
