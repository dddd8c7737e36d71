"""Issue 23: one progress, read the same everywhere. A bridge stopped after 1 of 12 reps,
a clamshell switched to the other side mid-way and a breathing session cut short read
the same words on the patient's summary (summary.js, fed the server's summaries), the
therapist's session list, the progress page, the report (HTML, PDF) and, rep by rep,
its CSV. Sessions are written through the app's stores (no camera)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from exercises.base import Prescription
from exercises.events import Event, HoldEnded, RepCompleted, SideName
from server.api.state import app_state
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page
from tests.web.therapist_steps import open_part, open_patient

pytestmark = pytest.mark.browser

# The words every place shows (exercises/progress_text.py), Dutch and English.
BRIDGE = (
    "0 van 3 sets klaar, 1 van 12 herhalingen in set 1",
    "0 of 3 sets done, 1 of 12 reps in set 1",
)
CLAMSHELL = (
    "links: 0 van 2 sets klaar, 2 van 5 herhalingen in set 1; "
    "rechts: 0 van 2 sets klaar, 1 van 5 herhalingen in set 1",
    "left: 0 of 2 sets done, 2 of 5 reps in set 1; right: 0 of 2 sets done, 1 of 5 reps in set 1",
)
BREATHING = ("1:10 van 5:00 in de houding", "1:10 of 5:00 in position")


def _rep(t_s: float, index: int, side: SideName | None) -> RepCompleted:
    return RepCompleted(
        timestamp_ms=round(t_s * 1000), index=index, set_index=1, rep_in_set=index, side=side,
        start_s=t_s - 2.0, peak_s=t_s - 1.0, end_s=t_s, hold_s=0.0, peak_angle_deg=40.0,
    )  # fmt: skip


def _session(server: RunningServer, exercise: str, p: Prescription, events: list[Event]) -> str:
    state = app_state(server.app)
    with Client.login(server, *server.credentials()["patient"]) as patient:
        patient_id = int(patient.user["id"])
    workout_id = state.workouts.start(patient_id)
    session_id, _ = state.sessions.create(patient_id, exercise, p, workout_id)
    state.sessions.record_events(session_id, events)
    state.sessions.finish(session_id)  # stopped: the patient pressed stop
    return str(session_id)


def _seed(server: RunningServer) -> dict[str, str]:
    breath = HoldEnded(
        timestamp_ms=80_000, side=None, start_s=10.0, end_s=80.0, duration_s=70.0,
        target_s=300.0, completed=False,
    )  # fmt: skip
    return {
        "bridge": _session(
            server, "bridge", Prescription(reps=12, sets=3, hold_s=0.0), [_rep(5.0, 1, None)]
        ),
        "clamshell": _session(
            server,
            "clamshell",
            Prescription(reps=5, sets=2, hold_s=0.0, side="both"),
            [_rep(5.0, 1, "left"), _rep(9.0, 2, "left"), _rep(20.0, 3, "right")],
        ),
        "breathing": _session(
            server, "breathing", Prescription(reps=1, sets=1, duration_s=300.0), [breath]
        ),
    }


SUMMARY = """async (ids) => {
  const { renderSummary } = await import("/static/js/summary.js");
  const { api } = await import("/static/js/api.js");
  const results = [];
  for (const id of ids) results.push((await api("GET", `/api/sessions/${id}`)).summary);
  const list = document.createElement("ul");
  renderSummary(list, results);
  return [...list.querySelectorAll("li")].map((li) => li.textContent);
}"""


def test_a_short_bridge_a_switched_clamshell_and_cut_breathing_read_the_same_everywhere(
    page_server: RunningServer, chromium_path: Path
) -> None:
    from playwright.sync_api import expect

    server = page_server
    ids = _seed(server)
    order = ("bridge", "clamshell", "breathing")
    words = {"bridge": BRIDGE, "clamshell": CLAMSHELL, "breathing": BREATHING}
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        # The patient's summary at the end of the workout.
        page = open_page(browser, server, errors)
        log_in(page, *server.credentials()["patient"])
        expect(page.locator("#screen-home")).to_be_visible()
        lines = page.evaluate(SUMMARY, [ids[name] for name in order])
        for line, name in zip(lines, order, strict=True):
            assert words[name][0] in line, (name, line)
        page.close()

        # The therapist: the session list, the progress page, the report.
        page = open_page(browser, server, errors, size=(1280, 800))
        log_in(page, *server.credentials()["therapist"])
        open_patient(page, "sessions")
        for name in order:
            row = page.locator(f"#session-rows tr:has(a[href*='{ids[name]}'])")
            expect(row.locator("td").nth(3)).to_have_text(words[name][0])
        open_part(page, "overview")
        for name in order:
            latest = page.locator(f"#progress-latest li[data-exercise='{name}'] .progress-words")
            expect(latest).to_have_text(words[name][0])
        open_part(page, "sessions")
        page.click("#btn-lang")
        for name in order:
            row = page.locator(f"#session-rows tr:has(a[href*='{ids[name]}'])")
            expect(row.locator("td").nth(3)).to_have_text(words[name][1])
        for name in order:
            page.goto(f"{server.base_url}/api/sessions/{ids[name]}/report?lang=nl")
            expect(page.locator("#progress")).to_have_text(words[name][0])
            status = page.locator("#status")
            expect(status).not_to_have_class("status complete")
        page.close()
    assert errors == [], errors

    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        for name in order:
            pdf = therapist.http.get(f"/api/sessions/{ids[name]}/report.pdf?lang=en")
            pdf.raise_for_status()
            text = " ".join(
                " ".join(page.extract_text().split())
                for page in PdfReader(io.BytesIO(pdf.content)).pages
            )
            assert words[name][1] in text, (name, text[:400])
        rows = {
            name: list(
                csv.DictReader(
                    io.StringIO(therapist.http.get(f"/api/sessions/{ids[name]}/report.csv").text)
                )
            )
            for name in order
        }
    # The CSV: a row per rep, numbered into its set as the words say.
    assert [(r["set_index"], r["rep_in_set"]) for r in rows["bridge"]] == [("1", "1")]
    assert [(r["side"], r["set_index"], r["rep_in_set"]) for r in rows["clamshell"]] == [
        ("left", "1", "1"),
        ("left", "1", "2"),
        ("right", "1", "1"),
    ]
    assert rows["breathing"] == []
