"""The therapist's privacy panel in real chromium: the patient's audit log in the page's
language (this therapist's own views among the rows), the export's download, and the
erasure, which a wrong name refuses and the patient's name carries out. Screenshots
land in artifacts/web (and $FORMCHECK_SHOTS_DIR when set)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from exercises.texts import catalogue
from tests.server.clients import Client
from tests.server.live_server import RunningServer
from tests.web.browser import chromium, log_in, open_page
from tests.web.therapist_steps import in_view, open_patient, shoot

pytestmark = pytest.mark.browser


def test_the_audit_log_export_and_a_confirmed_erasure(
    page_server: RunningServer, chromium_path: Path, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    server = page_server
    texts = catalogue()
    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        made = therapist.http.post("/api/patients", json={"display_name": "Ans Jansen"}).json()
        therapist.http.get(f"/api/patients/{made['id']}/intake")
    errors: list[str] = []
    with chromium(chromium_path) as browser:
        page = open_page(browser, server, errors, size=(1280, 900))
        log_in(page, *server.credentials()["therapist"])
        open_patient(page, "privacy", name="Ans Jansen")
        rows = page.locator("#audit-rows tr")
        expect(rows.first).to_have_attribute("data-action", "audit_read")
        expect(page.locator("#audit-rows tr[data-action='intake_read']").first).to_contain_text(
            texts["audit_intake_read"]["nl"]
        )
        expect(page.locator("#audit-rows tr[data-action='patient_added'] td").nth(1)).to_have_text(
            texts["audit_you"]["nl"]
        )
        expect(page.locator("#btn-erase")).to_be_disabled()
        shoot(page, artifacts_dir, "privacy-audit-nl.png")

        with page.expect_download() as download:
            page.click("#btn-export")
        archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
        assert "formcheck-export.json" in archive.namelist()

        page.fill("#in-erase-name", "Ans")
        page.click("#btn-erase")
        expect(page.locator("#erase-status")).to_have_text(texts["error_confirm_name"]["nl"])
        in_view(page, page.locator("#erase-status"))  # where the therapist is looking
        shoot(page, artifacts_dir, "privacy-erase-refused-nl.png")

        page.fill("#in-erase-name", "ans jansen")
        page.click("#btn-erase")
        # Back on the overview, the erasure said at its top and the patient gone.
        status = page.locator("#overview-status")
        expect(status).to_have_text(texts["erased"]["nl"].replace("{s}", "Ans Jansen"))
        in_view(page, status)
        expect(page.locator("#patient-rows tr")).to_have_count(1)
        expect(page.locator(f"#patient-rows tr[data-patient='{made['id']}']")).to_have_count(0)
        shoot(page, artifacts_dir, "privacy-erased-nl.png")

        page.click("#btn-lang")  # English: the log's words follow the page
        open_patient(page, "privacy")
        expect(page.locator("#audit-rows tr").first).to_contain_text(
            texts["audit_audit_read"]["en"]
        )
        shoot(page, artifacts_dir, "privacy-audit-en.png")
    assert errors == []
