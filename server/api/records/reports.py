"""A session's report: the page, its PDF, CSV and JSON, and each rep's poses for the replay.

Whoever may see the session (`can_view_session`) may see its report; anyone else gets
404, as for the session itself. Each report names the patient, their therapist and the
clinic (`Settings.clinic_name`): a printed or filed one says whose it is. Texts are in
the viewer's language (`?lang=` or their account's). Plain-function routes: FastAPI
runs them, and their database reads and the PDF's rendering, in its threadpool.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, status
from fastapi.responses import HTMLResponse, Response

from exercises.texts import LANGUAGES
from pose.joints import BONES
from server.api.audit import audit
from server.api.auth import can_view_session, current_user
from server.api.boundary.strict import HexId, StrictJsonRoute
from server.api.state import AppState, app_state
from server.protocol.report import RepLandmarks, ReportJson, RepPoseFrame
from server.report.build import FrameMetric, ReportSource, build_report, rep_frames
from server.report.model import Attribution, SessionReport
from server.report.page import Links, render_page
from server.report.pdf import render_pdf
from server.report.skeleton import MIN_VISIBILITY
from server.report.tables import render_csv
from server.store.jobs import JobStore
from server.store.privacy.audit import Action
from server.store.recording import SessionRecord, SessionStore
from server.store.users import User
from server.store.workouts import WorkoutStore

__all__ = ["attribution", "report_source", "router"]

router = APIRouter(prefix="/api/sessions/{session_id}", route_class=StrictJsonRoute)
CurrentUser = Annotated[User, Depends(current_user)]
RepIndex = Annotated[int, Path(ge=0, le=100_000)]  # reps are counted from 0 or 1; bounded


def report_source(
    sessions: SessionStore, workouts: WorkoutStore, jobs: JobStore, record: SessionRecord
) -> ReportSource:
    """What the report of `record` is built from (the page's, and a patient's export)."""
    session_id = record.id
    workout = None if record.workout_id is None else workouts.get(record.workout_id)
    job = jobs.for_session(session_id)  # a recorded clip's, or None (live)
    return ReportSource(
        exercise=record.exercise,
        prescription=record.prescription,
        events=sessions.events(session_id),
        frames=[
            FrameMetric(m.timestamp_ms, m.has_pose, m.angle_deg)
            for m in sessions.metrics(session_id)
        ],
        poses=list(sessions.observations(session_id)),
        source=f"session {session_id}",
        session_id=session_id,
        finished=record.finished_ms is not None,
        analysed=job is not None,
        frame_rate=None if job is None else job.source_fps,
        started_ms=record.started_ms,
        pain_before=None if workout is None else workout.pain_before,
        pain_after=None if workout is None else workout.pain_after,
    )


def attribution(state: AppState, patient: User) -> Attribution:
    """The patient's name, their therapist's and the clinic's, as a report carries them."""
    therapist = None if patient.therapist_id is None else state.users.get(patient.therapist_id)
    return Attribution(
        patient=patient.display_name,
        therapist=None if therapist is None else therapist.display_name,
        clinic=state.settings.clinic_name,
    )


def _source(
    request: Request, user: User, session_id: str, action: Action
) -> tuple[ReportSource, User]:
    """The session's report source for `user`, and its patient, or 404; the read is
    audited as `action`."""
    state = app_state(request)
    record = state.sessions.get(session_id)
    owner = None if record is None else state.users.get(record.user_id)
    if record is None or owner is None or not can_view_session(user, record, owner):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no session {session_id}")
    audit(request, action, user, record.user_id, session_id)
    return report_source(state.sessions, state.workouts, state.uploads.jobs, record), owner


def _report(
    request: Request, user: User, session_id: str, lang: str | None, action: Action
) -> SessionReport:
    language = lang if lang in LANGUAGES else user.language
    state = app_state(request)
    src, patient = _source(request, user, session_id, action)
    return build_report(
        src, language, timezone=state.settings.timezone, who=attribution(state, patient)
    )


def _download(r: SessionReport, session_id: str, ext: str) -> dict[str, str]:
    name = f"formcheck-{r.exercise}-{session_id[:8]}.{ext}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/report", response_class=HTMLResponse)
def report_page(
    session_id: HexId, request: Request, user: CurrentUser, lang: str | None = None
) -> HTMLResponse:
    r = _report(request, user, session_id, lang, Action.REPORT_VIEWED)
    base = f"/api/sessions/{session_id}"
    query = f"?lang={r.language}"
    links = Links(
        pdf=f"{base}/report.pdf{query}",
        csv=f"{base}/report.csv{query}",
        json=f"{base}/report.json{query}",
        reps=f"{base}/reps",
    )
    return HTMLResponse(render_page(r, links))


@router.get("/report.pdf")
def report_pdf(
    session_id: HexId, request: Request, user: CurrentUser, lang: str | None = None
) -> Response:
    r = _report(request, user, session_id, lang, Action.REPORT_PDF)
    return Response(
        render_pdf(r), media_type="application/pdf", headers=_download(r, session_id, "pdf")
    )


@router.get("/report.csv")
def report_csv(
    session_id: HexId, request: Request, user: CurrentUser, lang: str | None = None
) -> Response:
    r = _report(request, user, session_id, lang, Action.REPORT_CSV)
    return Response(
        render_csv(r), media_type="text/csv; charset=utf-8", headers=_download(r, session_id, "csv")
    )


@router.get("/report.json")
def report_json(
    session_id: HexId, request: Request, user: CurrentUser, lang: str | None = None
) -> ReportJson:
    """The report's JSON (`SessionReport.to_json`, the one writer of it)."""
    return _report(request, user, session_id, lang, Action.REPORT_JSON).to_json()


@router.get("/reps/{index}/landmarks")
def rep_landmarks(
    session_id: HexId, index: RepIndex, request: Request, user: CurrentUser
) -> RepLandmarks:
    """Every recorded pose from rep `index`'s start to its end, for the page's player:
    `frames` of `{t_s, points: [[x_norm, y_norm, visibility], ...33]}`, the skeleton's
    `bones` (index pairs) and the `aspect` (width / height) to draw them in."""
    src, _ = _source(request, user, session_id, Action.REP_LANDMARKS_READ)
    r = build_report(src, user.language)
    rep = next((x for x in r.reps if x.index == index), None)
    if rep is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no rep {index} in session {session_id}")
    frames = rep_frames([o for o in src.poses if o.pose is not None], rep, 0)
    return RepLandmarks(
        rep=index,
        start_s=rep.start_s,
        end_s=rep.end_s,
        aspect=frames[0].aspect if frames else 4 / 3,
        bones=BONES,
        min_visibility=MIN_VISIBILITY,
        frames=tuple(RepPoseFrame(t_s=f.t_s, points=f.points) for f in frames),
    )
