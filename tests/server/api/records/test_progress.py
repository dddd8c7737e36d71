"""A patient's progress over HTTP, on a real database (SQLite and PostgreSQL): the flags,
the calendar and the series for the patient's own therapist, the flags in the patient
list, the plots in the asked language; anyone else refused as on the other per-patient
routes (no login 401, a patient 403, another therapist's or no patient 404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from server.api.state import app_state
from tests.server.clients import Client
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer
from tests.server.progress.seed import seed_session

pytestmark = [on_both_databases]

# Daily bridges for six days: the peak falls 12 degrees, the pain after rises 2 -> 5.
PEAKS = (180.0, 181.0, 179.0, 168.0, 169.0, 167.0)
PAIN_AFTER = (2, 2, 2, 2, 3, 5)


@dataclass(frozen=True)
class Patients:
    flagged: int  # the demo patient: pain rising, range falling
    lapsed: int  # last session ten days ago
    fresh: int  # no sessions


@pytest.fixture(scope="module")
def patients(server: RunningServer) -> Patients:
    state = app_state(server.app)
    with Client.login(server, *server.credentials()["patient"]) as patient:
        flagged = int(patient.user["id"])
    for i, (peak, pain) in enumerate(zip(PEAKS, PAIN_AFTER, strict=True)):
        seed_session(state, flagged, 5 - i, peaks_deg=[peak] * 5, pain=(1, pain))
    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        made = [
            therapist.http.post("/api/patients", json={"display_name": name}).json()["id"]
            for name in ("Lapsed Patient", "Fresh Patient")
        ]
    seed_session(state, made[0], 10)
    return Patients(flagged, made[0], made[1])


def _progress(client: Client, patient_id: int) -> dict[str, Any]:
    r = client.http.get(f"/api/patients/{patient_id}/progress")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_the_therapist_sees_the_flags_calendar_and_series(
    therapist: Client, patients: Patients
) -> None:
    p = _progress(therapist, patients.flagged)
    assert [f["code"] for f in p["flags"]] == ["pain_rising", "rom_falling"]
    pain, rom = p["flags"]
    assert pain["values"] == {"from": 2, "to": 5, "n": 3}
    assert (rom["exercise"], rom["values"]["from_deg"], rom["values"]["to_deg"]) == (
        "bridge",
        180,
        168,
    )
    assert len(p["weeks"]) == 8
    assert p["timezone"] == "Europe/Amsterdam"
    days = [d for w in p["weeks"] for d in w["days"] if not d["future"]]
    assert days[-1]["day"] == p["today"]
    assert [d["done"] for d in days[-6:]] == [1] * 6  # one bridge on each of the last six days
    assert all(w["done"] <= w["planned"] for w in p["weeks"])
    bridge = next(s for s in p["series"] if s["exercise"] == "bridge")
    assert [s["peak_angle_deg"] for s in bridge["sessions"]] == list(PEAKS)
    assert [s["reps"] for s in bridge["sessions"]] == [5] * 6
    assert [x["after"] for x in p["pain"]] == list(PAIN_AFTER)


def test_the_patient_list_carries_each_patients_flags(
    therapist: Client, patients: Patients
) -> None:
    listed = {p["id"]: p for p in therapist.http.get("/api/patients").json()}
    codes = {pid: [f["code"] for f in listed[pid]["flags"]] for pid in listed}
    assert codes[patients.flagged] == ["pain_rising", "rom_falling"]
    assert codes[patients.lapsed] == ["no_session"]
    assert listed[patients.lapsed]["flags"][0]["values"] == {"days": 10}
    assert codes[patients.fresh] == []  # nothing done yet: nothing to flag


def test_the_plan_says_how_often_and_adherence_counts_against_it(
    therapist: Client, patients: Patients
) -> None:
    path = f"/api/patients/{patients.fresh}/programme"
    refused = therapist.http.put(
        path, json=[{"exercise": "bridge", "prescription": {"sessions_per_week": 0}}]
    )
    assert refused.status_code == 422
    assert refused.json()["fields"] == [
        {
            "exercise": "bridge",
            "field": "sessions_per_week",
            "code": "out_of_range",
            "min": 1,
            "max": 14,
        }
    ]
    plan = [{"exercise": "bridge", "prescription": {"sessions_per_week": 3}}]
    saved = therapist.http.put(path, json=plan)
    assert saved.status_code == 200, saved.text
    assert saved.json()["items"][0]["prescription"]["sessions_per_week"] == 3
    state = app_state(therapist.server.app)
    for days_ago in range(7):
        seed_session(state, patients.fresh, days_ago)
    weeks = _progress(therapist, patients.fresh)["weeks"]
    assert all(w["planned"] <= 3 for w in weeks)
    assert weeks[-1]["done"] == weeks[-1]["planned"]  # more than planned is still 100 %


def test_warning_signs_ticked_in_the_intake_come_first(
    server: RunningServer, therapist: Client
) -> None:
    made = therapist.http.post("/api/patients", json={"display_name": "Rode Vlag"}).json()["id"]
    state = app_state(server.app)
    seed_session(state, made, 8)  # and a week without a session
    state.intakes.save(made, ["complaint_stairs"], ["advice_4", "advice_3"], ["advice_2"])
    [red, quiet] = _progress(therapist, made)["flags"]
    assert (red["code"], red["keys"]) == ("red_flags", ["advice_3", "advice_4"])
    assert quiet["code"] == "no_session"
    listed = {p["id"]: p for p in therapist.http.get("/api/patients").json()}
    assert [f["code"] for f in listed[made]["flags"]] == ["red_flags", "no_session"]
    state.intakes.save(made, ["complaint_stairs"], [])  # untick: the flag goes
    assert [f["code"] for f in _progress(therapist, made)["flags"]] == ["no_session"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nl", ["Piekhoek (°)", "Pijn (0-10)"]), ("en", ["Peak angle (°)", "Pain (0-10)"])],
)
def test_the_plots_are_svg_in_the_asked_language(
    therapist: Client, patients: Patients, lang: str, words: list[str]
) -> None:
    r = therapist.http.get(
        f"/api/patients/{patients.flagged}/progress/plots", params={"lang": lang}
    )
    assert r.status_code == 200, r.text
    plots = r.json()
    assert set(plots["exercises"]) == {"bridge"}
    assert plots["exercises"]["bridge"].startswith("<svg")
    assert words[0] in plots["exercises"]["bridge"]
    assert words[1] in plots["pain"]


@pytest.mark.parametrize("suffix", ["progress", "progress/plots"])
def test_only_the_patients_therapist_sees_their_progress(
    server: RunningServer, stranger: Client, patients: Patients, suffix: str
) -> None:
    path = f"/api/patients/{patients.flagged}/{suffix}"
    assert httpx.get(server.base_url + path).status_code == 401
    assert stranger.http.get(path).status_code == 404
    assert stranger.http.get(f"/api/patients/999999/{suffix}").status_code == 404
    with Client.login(server, *server.credentials()["patient"]) as patient:
        assert patient.http.get(path).status_code == 403
    assert [p["flags"] for p in stranger.http.get("/api/patients").json()] == []
