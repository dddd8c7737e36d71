"""The session report over HTTP: the page, the PDF (rendered for real, its text read back),
the CSV and the JSON, a rep's poses for the replay, and who may see them.

The sessions are real: recorded bridge landmarks played through a live session (one camera
frame per observation) into the running server's store, pain scores set on the workout.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from pypdf import PdfReader

from server.api.state import app_state
from server.cli.admin import create_user
from tests.exercises.builders import bridge_sequence
from tests.server.cli.test_cli import assert_contract
from tests.server.clients import Client
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer
from tests.server.replay import play_through_live_session

pytestmark = [on_both_databases]

REPS = 3
FORMATS = ("report", "report.pdf", "report.csv", "report.json")


@dataclass(frozen=True)
class Recorded:
    session_id: str
    unfinished_id: str


def _session(patient: Client, server: RunningServer, *, finish: bool) -> str:
    workout = patient.http.post("/api/workouts").json()["workout_id"]
    patient.http.post(f"/api/workouts/{workout}/pain", json={"moment": "before", "score": 4})
    body = {"exercise": "bridge", "workout_id": workout}
    session_id = str(patient.http.post("/api/sessions", json=body).json()["session_id"])
    observations = bridge_sequence(reps=REPS, hold_s=2.5, fps=10.0, noise_deg=1.5, seed=4)
    play_through_live_session(
        app_state(server.app).sessions, session_id, observations, server.settings, finish=finish
    )
    if finish:
        patient.http.post(f"/api/workouts/{workout}/pain", json={"moment": "after", "score": 2})
    return session_id


@pytest.fixture(scope="module")
def recorded(server: RunningServer) -> Iterator[Recorded]:
    with Client.login(server, *server.credentials()["patient"]) as patient:
        yield Recorded(
            _session(patient, server, finish=True), _session(patient, server, finish=False)
        )


def test_the_page_shows_the_session_in_the_viewers_language(
    therapist: Client, recorded: Recorded
) -> None:
    base = f"/api/sessions/{recorded.session_id}"
    dutch = therapist.http.get(f"{base}/report")
    assert dutch.status_code == 200, dutch.text
    assert dutch.headers["content-type"].startswith("text/html")
    page = dutch.text
    assert "Sessieverslag: Bruggetje" in page  # the demo therapist's language: Dutch
    assert page.count('data-replay="') == REPS
    assert 'id="angle-plot"' in page
    assert "<svg" in page
    assert "Gestopt voordat het voorschrift af was." in page
    assert f"{REPS} / 36" in page  # reps against the prescription (3 sets of 12)
    assert f"Bron: sessie {recorded.session_id}" in page  # not "Bron: session ..."
    english = therapist.http.get(f"{base}/report", params={"lang": "en"}).text
    assert "Session report: Bridge" in english
    assert "Stopped before the prescription was done." in english
    assert f"Source: session {recorded.session_id}" in english


def test_the_page_and_the_pdf_say_whose_report_it_is(
    server: RunningServer, therapist: Client, recorded: Recorded
) -> None:
    """A filed report is attributable: the patient, their therapist, the clinic, the date."""
    clinic = server.settings.clinic_name
    base = f"/api/sessions/{recorded.session_id}"
    page = therapist.http.get(f"{base}/report").text
    for label, name in (
        ("Patiënt", "Demo patiënt"),
        ("Fysiotherapeut", "Demo therapeut"),
        ("Praktijk", clinic),
    ):
        assert f"<dt>{label}</dt><dd" in page
        assert f">{name}</dd>" in page
    assert 'id="who-date"' in page
    assert "<title>Sessieverslag: Bruggetje · Demo patiënt</title>" in page
    r = therapist.http.get(f"{base}/report.pdf", params={"lang": "en"})
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split()
    )
    for words in ("Patient: Demo patiënt", "Physiotherapist: Demo therapeut", f"Clinic: {clinic}"):
        assert words in text


def test_the_pdf_is_rendered_and_holds_the_counts(therapist: Client, recorded: Recorded) -> None:
    r = therapist.http.get(f"/api/sessions/{recorded.session_id}/report.pdf", params={"lang": "en"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert "attachment" in r.headers["content-disposition"]
    reader = PdfReader(io.BytesIO(r.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Session report: Bridge" in text
    assert f"{REPS} / 36" in text
    assert "before 4, after 2" in " ".join(text.split())
    assert "Each rep in frames" in text  # the PDF's replay: a strip of frames per rep


def test_the_csv_has_a_row_per_rep(therapist: Client, recorded: Recorded) -> None:
    r = therapist.http.get(f"/api/sessions/{recorded.session_id}/report.csv")
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["index"] for row in rows] == [str(i) for i in range(1, REPS + 1)]
    assert all(float(row["peak_angle_deg"]) > 160 for row in rows)
    assert all(float(row["lift_s"]) > 0 and float(row["lower_s"]) > 0 for row in rows)


def test_the_json_is_the_analyze_contract_plus_prescription_pain_and_side(
    therapist: Client, recorded: Recorded
) -> None:
    body = therapist.http.get(f"/api/sessions/{recorded.session_id}/report.json").json()
    assert_contract(body, "bridge")
    assert body["reps"] == REPS
    assert body["prescription"]["reps"] == 12
    assert body["pain"] == {"before": 4, "after": 2}
    assert "side" in body
    assert body["side"] is None
    assert body["status"] == "stopped"


def test_a_rep_replays_from_its_recorded_poses(therapist: Client, recorded: Recorded) -> None:
    r = therapist.http.get(f"/api/sessions/{recorded.session_id}/reps/2/landmarks")
    assert r.status_code == 200, r.text
    rep = r.json()
    assert len(rep["frames"]) > 10
    assert all(len(f["points"]) == 33 for f in rep["frames"])
    assert rep["start_s"] <= rep["frames"][0]["t_s"] <= rep["frames"][-1]["t_s"] <= rep["end_s"]
    assert [11, 23] in rep["bones"]
    missing = therapist.http.get(f"/api/sessions/{recorded.session_id}/reps/99/landmarks")
    assert missing.status_code == 404


def test_an_unfinished_session_says_so(therapist: Client, recorded: Recorded) -> None:
    base = f"/api/sessions/{recorded.unfinished_id}"
    page = therapist.http.get(f"{base}/report", params={"lang": "en"}).text
    assert "Not finished: the connection was lost or the exercise was left." in page
    body = therapist.http.get(f"{base}/report.json").json()
    assert body["status"] == "abandoned"
    assert body["pain"] == {"before": 4, "after": None}


def test_only_who_may_see_the_session_sees_its_report(
    server: RunningServer, recorded: Recorded
) -> None:
    create_user(server.settings, "dr-bakker", "bakker-wachtwoord", "therapist")
    create_user(server.settings, "meneer-smit", "smit-wachtwoord", "patient", therapist="dr-bakker")
    paths = [f"/api/sessions/{recorded.session_id}/{f}" for f in FORMATS]
    paths.append(f"/api/sessions/{recorded.session_id}/reps/1/landmarks")
    with (
        Client.login(server, "dr-bakker", "bakker-wachtwoord") as other_therapist,
        Client.login(server, "meneer-smit", "smit-wachtwoord") as other_patient,
        Client.login(server, *server.credentials()["patient"]) as owner,
    ):
        for path in paths:
            assert httpx.get(server.base_url + path).status_code == 401, path
            assert other_therapist.http.get(path).status_code == 404, path
            assert other_patient.http.get(path).status_code == 404, path
            assert owner.http.get(path).status_code == 200, path
