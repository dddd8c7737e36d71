"""The therapist's overview over HTTP, on a real database (SQLite and PostgreSQL): every
patient of theirs once, a typed answer (`server.protocol.overview.PatientOverview`), the
ones to look at first on top (a warning sign before ten quiet days, then the rest by
name, deactivated ones last), each with their last session and adherence; nobody else's
patients, and refused without a login or to a patient."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from server.api.state import app_state
from server.progress.model import ADHERENCE_WEEKS
from server.protocol.overview import PatientOverview
from tests.server.clients import Client
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer
from tests.server.progress.seed import seed_session

pytestmark = [on_both_databases]


@dataclass(frozen=True)
class Patients:
    demo: int  # two bridges, today and yesterday: no flag
    quiet: int  # last session ten days ago: no_session
    warned: int  # a warning sign ticked: red_flags
    gone: int  # deactivated
    fresh: int  # nothing done yet


@pytest.fixture(scope="module")
def patients(server: RunningServer) -> Patients:
    state = app_state(server.app)
    with Client.login(server, *server.credentials()["patient"]) as patient:
        demo = int(patient.user["id"])
    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        plan = [{"exercise": "bridge", "prescription": {"sessions_per_week": 7}}]
        therapist.http.put(f"/api/patients/{demo}/programme", json=plan).raise_for_status()
        made = {
            name: int(
                therapist.http.post("/api/patients", json={"display_name": name}).json()["id"]
            )
            for name in ("Aart Stil", "Zoë Val", "Bep Weg", "Cor Nieuw")
        }
        therapist.http.patch(f"/api/patients/{made['Bep Weg']}", json={"active": False})
    seed_session(state, demo, 0)
    seed_session(state, demo, 1)
    seed_session(state, made["Aart Stil"], 10)
    seed_session(state, made["Zoë Val"], 1)
    state.intakes.save(made["Zoë Val"], [], ["advice_4"], [])
    return Patients(demo, made["Aart Stil"], made["Zoë Val"], made["Bep Weg"], made["Cor Nieuw"])


def _overview(client: Client) -> PatientOverview:
    r = client.http.get("/api/patients/overview")
    assert r.status_code == 200, r.text
    return PatientOverview.model_validate(r.json())


def test_flags_first_then_by_name_and_deactivated_last(
    therapist: Client, patients: Patients
) -> None:
    overview = _overview(therapist)
    order = [row.id for row in overview.rows]
    p = patients
    # Zoë's warning sign first, Aart's quiet days next; then the rest by name: Cor Nieuw
    # before Demo patiënt; Bep, deactivated, last.
    assert order == [p.warned, p.quiet, p.fresh, p.demo, p.gone]
    rows = {row.id: row for row in overview.rows}
    assert [f.code for f in rows[p.warned].flags] == ["red_flags"]
    assert rows[p.warned].flags[0].keys == ("advice_4",)
    assert [(f.code, f.values) for f in rows[p.quiet].flags] == [("no_session", {"days": 10})]
    assert rows[p.gone].active is False
    assert rows[p.demo].display_name == "Demo patiënt"


def test_each_row_has_the_last_session_and_adherence(therapist: Client, patients: Patients) -> None:
    overview = _overview(therapist)
    assert overview.adherence_weeks == ADHERENCE_WEEKS
    rows = {row.id: row for row in overview.rows}
    demo = rows[patients.demo]
    # The one progress's own numbers: the same as the patient's progress says.
    progress = therapist.http.get(f"/api/patients/{patients.demo}/progress").json()
    assert demo.last_session_ms == progress["last_session_ms"]
    weeks = progress["weeks"][-ADHERENCE_WEEKS:]
    assert demo.adherence.done == sum(w["done"] for w in weeks) == 2  # a bridge a day, two days
    assert demo.adherence.planned == sum(w["planned"] for w in weeks) == 2
    assert demo.adherence.share == 1.0
    fresh = rows[patients.fresh]
    assert fresh.last_session_ms is None
    assert (fresh.adherence.planned, fresh.adherence.share) == (0, None)  # not started


def test_only_a_therapists_own_patients_and_only_for_a_therapist(
    server: RunningServer, stranger: Client, patients: Patients
) -> None:
    assert _overview(stranger).rows == ()
    with Client.login(server, *server.credentials()["patient"]) as patient:
        assert patient.http.get("/api/patients/overview").status_code == 403
    assert httpx.get(server.base_url + "/api/patients/overview").status_code == 401
