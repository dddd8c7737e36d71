"""A therapist's own patients: the list (with each one's progress flags), the overview
(`GET /api/patients/overview`: flags first, last session, adherence), their
prescribed programmes, and their progress across sessions.

Every item is kept, switched off ones too (`enabled`), with its dose and its note for
the patient. A dose or note that breaks a rule is answered 422 naming each field
(`server.api.field_errors`). Progress (`GET /api/patients/{id}/progress`: adherence,
series, flags; `server.progress`) and its plots as inline SVG (`.../progress/plots`).
Another therapist's patient is 404, a patient 403, no login 401. Plain-function routes:
FastAPI runs them in its threadpool, off the event loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import Field

from exercises.base import FieldError
from exercises.registry import SPECS, default_prescription, spec_of
from exercises.texts import LANGUAGES
from server.api.audit import audit, audit_each
from server.api.auth import current_user, own_patient, therapist_only
from server.api.boundary.strict import RowId, StrictBody, StrictJsonRoute
from server.api.field_errors import InvalidFieldsError, problem
from server.api.sessions import programme_wire
from server.api.state import AppState, app_state
from server.progress.build import build_progress, session_facts
from server.progress.flags import first_look
from server.progress.model import (
    ADHERENCE_WEEKS,
    PlanItem,
    Progress,
    ProgressInput,
    SessionFacts,
    WorkoutPain,
)
from server.progress.plots import plots_of
from server.protocol.accounts import Account
from server.protocol.errors import FieldProblem
from server.protocol.overview import AdherenceWire, OverviewRow, PatientOverview
from server.protocol.patients import PatientRow
from server.protocol.programme import ProgrammeWire
from server.protocol.progress import ProgressPlots, ProgressReport
from server.report.texts import Texts
from server.store.privacy.audit import Action
from server.store.programmes import ProgrammeItem, prescription_from_wire
from server.store.users import User

__all__ = ["router"]

router = APIRouter(prefix="/api/patients", route_class=StrictJsonRoute)
CurrentUser = Annotated[User, Depends(current_user)]


@router.get("")
def patients(request: Request, user: CurrentUser) -> list[PatientRow]:
    """The therapist's patients, each with their progress flags (`server.progress.flags`)."""
    state = app_state(request)
    mine = state.users.patients_of(therapist_only(user).id)
    audit_each(request, Action.PATIENTS_LISTED, user, (p.id for p in mine))
    progress = _progress_of(state, mine)
    return [
        PatientRow(
            **dict(Account.of(p)),
            flags=tuple(f.to_wire() for f in progress[p.id].flags),
        )
        for p in mine
    ]


@router.get("/overview")
def overview(request: Request, user: CurrentUser) -> PatientOverview:
    """The therapist's landing list: each patient with their flags, last session and
    adherence (`Progress.adherence`), the ones to look at first on top."""
    state = app_state(request)
    mine = state.users.patients_of(therapist_only(user).id)
    audit_each(request, Action.PATIENTS_LISTED, user, (p.id for p in mine))
    progress = _progress_of(state, mine)
    order = sorted(
        mine,
        key=lambda p: (
            not p.active,
            first_look(progress[p.id].flags),
            p.display_name.casefold(),
            p.id,
        ),
    )
    rows = tuple(_row(p, progress[p.id]) for p in order)
    return PatientOverview(rows=rows, adherence_weeks=ADHERENCE_WEEKS)


def _row(patient: User, p: Progress) -> OverviewRow:
    a = p.adherence()
    return OverviewRow(
        id=patient.id,
        username=patient.username,
        display_name=patient.display_name,
        language=patient.language,
        active=patient.active,
        flags=tuple(f.to_wire() for f in p.flags),
        last_session_ms=p.last_session_ms,
        adherence=AdherenceWire(done=a.done, planned=a.planned, weeks=a.weeks, share=a.share),
    )


@router.get("/{patient_id}/programme")
def get_programme(patient_id: RowId, request: Request, user: CurrentUser) -> ProgrammeWire:
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    items, prescribed = state.programmes.items_of(patient)
    audit(request, Action.PROGRAMME_READ, user, patient.id)
    return programme_wire(items, prescribed)


DoseValue = int | float | str | bool | None  # a JSON scalar: Prescription checks its type


class ItemBody(StrictBody):
    exercise: str
    # The dose fields given (the others keep the exercise's default); each is checked on
    # its own by `Prescription`, so the page can mark every wrong one at once.
    prescription: dict[str, DoseValue] = Field(default_factory=dict)
    enabled: bool = True
    note: str = ""


def _item(body: ItemBody) -> ProgrammeItem | list[FieldError]:
    """The item, or every field of it that breaks a rule (each checked on its own, so
    the page can mark them all at once)."""
    if body.exercise not in SPECS:
        msg = f"unknown exercise {body.exercise!r}; valid: {sorted(SPECS)}"
        return [FieldError("exercise", "not_a_choice", msg)]
    base = default_prescription(body.exercise)
    errors: list[FieldError] = []
    for field, value in body.prescription.items():
        try:
            prescription_from_wire({field: value}, base)
        except FieldError as err:
            errors.append(err)
    try:
        item = ProgrammeItem(
            body.exercise,
            base if errors else prescription_from_wire(body.prescription, base),
            body.enabled,
            body.note.strip(),
        )
    except FieldError as err:
        errors.append(err)
    return errors or item


@router.put("/{patient_id}/programme")
def prescribe(
    patient_id: RowId, body: list[ItemBody], request: Request, user: CurrentUser
) -> ProgrammeWire:
    state = app_state(request)
    therapist = therapist_only(user)
    patient = own_patient(state, therapist, patient_id)
    names = [b.exercise for b in body]
    if len(set(names)) != len(names):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"each exercise once, got {names}"
        )
    items: list[ProgrammeItem] = []
    errors: list[FieldProblem] = []
    messages: list[str] = []
    for b in body:
        try:
            made = _item(b)
        except (ValueError, TypeError) as err:  # an unknown field: not the page's doing
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
        if isinstance(made, ProgrammeItem):
            items.append(made)
        else:
            errors += [problem(e, b.exercise) for e in made]
            messages += [f"{b.exercise}: {e}" for e in made]
    if errors:
        raise InvalidFieldsError(tuple(errors), "; ".join(messages))
    state.programmes.prescribe(therapist, patient, items)
    audit(request, Action.PROGRAMME_CHANGED, therapist, patient.id)
    return programme_wire(items, prescribed=True)


def _plan(state: AppState, patient: User) -> tuple[PlanItem, ...]:
    items, _ = state.programmes.programme_for(patient)
    out = []
    for item in items:
        key = spec_of(item.exercise).key_angle
        target = None if key is None else key.target_deg
        out.append(PlanItem(item.exercise, item.prescription.sessions_per_week, target))
    return tuple(out)


def _progress_of(state: AppState, patients: Sequence[User]) -> dict[int, Progress]:
    """Each patient's progress, today in the clinic's time zone, with the warning signs
    (red flags) ticked in their intake (four queries for the sessions, their events, the
    workouts and the intakes, and one per patient for the programme)."""
    tz = ZoneInfo(state.settings.timezone)
    today = datetime.fromtimestamp(state.clock.wall_ms() / 1000, tz).date()
    records = state.sessions.list_for([p.id for p in patients])
    events = state.sessions.events_for(r.id for r in records)
    facts: dict[int, list[SessionFacts]] = {p.id: [] for p in patients}
    for r in records:
        facts[r.user_id].append(
            session_facts(r.id, r.exercise, r.started_ms, events.get(r.id, []), r.prescription)
        )
    pain: dict[int, list[WorkoutPain]] = {p.id: [] for p in patients}
    for w in state.workouts.of_users(p.id for p in patients):
        pain[w.user_id].append(
            WorkoutPain(w.id, w.started_ms, w.pain_before, w.pain_after, w.pain_advice)
        )
    red_flags = state.intakes.warning_signs_of(p.id for p in patients)
    out: dict[int, Progress] = {}
    for patient in patients:
        plan = _plan(state, patient)
        data = ProgressInput(
            facts[patient.id], pain[patient.id], plan, red_flags[patient.id], today, tz
        )
        out[patient.id] = build_progress(data)
    return out


@router.get("/{patient_id}/progress")
def progress(patient_id: RowId, request: Request, user: CurrentUser) -> ProgressReport:
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    audit(request, Action.PROGRESS_READ, user, patient.id)
    return _progress_of(state, [patient])[patient.id].to_wire(state.settings.timezone)


@router.get("/{patient_id}/progress/plots")
def progress_plots(
    patient_id: RowId, request: Request, user: CurrentUser, lang: str | None = None
) -> ProgressPlots:
    """`{pain: svg | None, exercises: {name: svg}}` (exercises with sessions only), the
    texts in `lang` (else the therapist's language)."""
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    audit(request, Action.PROGRESS_READ, user, patient.id, "plots")
    p = _progress_of(state, [patient])[patient.id]
    t = Texts(lang if lang in LANGUAGES else user.language)
    return ProgressPlots.of(plots_of(p, t, ZoneInfo(state.settings.timezone)))
