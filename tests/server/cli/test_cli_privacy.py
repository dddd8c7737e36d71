"""`formcheck audit` prints the log, `formcheck patient export` writes a private zip of
every row of the patient's, `formcheck patient delete` erases them once the name is
typed (or with --yes); each is audited as done on the command line. Both databases."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from server.cli.main import app
from server.cli.privacy import CLI_CLIENT
from server.store.db import Database
from server.store.privacy.audit import Action, AuditStore
from server.store.users import UserStore
from tests.server.privacy_data import Made, patient_with_everything

runner = CliRunner()


@pytest.fixture
def made(database_url: str) -> Iterator[Made]:
    db = Database(database_url)
    try:
        therapist = UserStore(db, 3600.0).create_user("dr-jansen", "jansen-pw-1", "therapist")
        yield patient_with_everything(db, therapist, "Anna de Vries")
    finally:
        db.close()


def _run(database_url: str, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--database-url", database_url], input=stdin)
    return result.exit_code, result.output


def _log(database_url: str) -> list[tuple[Action, str | None, int | None]]:
    db = Database(database_url)
    try:
        return [(e.action, e.client, e.patient_id) for e in AuditStore(db).page(None).entries]
    finally:
        db.close()


def test_audit_prints_a_patients_log_newest_first(database_url: str, made: Made) -> None:
    code, out = _run(database_url, "audit", "--patient", made.patient.username)
    assert code == 0, out
    lines = out.splitlines()
    assert "audit_read" in lines[0]
    assert CLI_CLIENT in lines[0]
    assert "programme_read" in lines[1]
    assert "by therapist" in lines[1]
    assert "(dr-jansen)" in lines[1]
    assert lines[-1] == "2 of 2 entries"
    code, out = _run(database_url, "audit", "--patient", "nobody")
    assert code == 2
    assert "no patient" in out


def test_export_writes_a_private_zip(database_url: str, made: Made, tmp_path: Path) -> None:
    out = tmp_path / "export" / "anna.zip"
    code, text = _run(
        database_url, "patient", "export", made.patient.username, "--out", str(out), "--no-pdf"
    )
    assert code == 0, text
    assert out.stat().st_mode & 0o777 == 0o600
    archive = zipfile.ZipFile(io.BytesIO(out.read_bytes()))
    assert set(archive.namelist()) == {"formcheck-export.json", f"reports/{made.session_id}.json"}
    tables = json.loads(archive.read("formcheck-export.json"))["tables"]
    assert tables["users"][0]["display_name"] == "Anna de Vries"
    assert (Action.PATIENT_EXPORTED, CLI_CLIENT, made.patient.id) in _log(database_url)


def test_delete_asks_for_the_name(database_url: str, made: Made) -> None:
    name = made.patient.username
    code, out = _run(database_url, "patient", "delete", name, stdin="Anna\n")
    assert code == 2
    assert "nothing was erased" in out
    code, out = _run(database_url, "patient", "delete", name, stdin="anna de vries\n")
    assert code == 0, out
    assert f"erased patient {made.patient.id}" in out
    assert (Action.PATIENT_ERASED, CLI_CLIENT, made.patient.id) == _log(database_url)[0]
    code, out = _run(database_url, "patient", "delete", name, "--yes")
    assert code == 2
    assert "no patient" in out


def test_delete_yes_does_not_ask(database_url: str, made: Made) -> None:
    code, out = _run(database_url, "patient", "delete", made.patient.username, "--yes")
    assert code == 0, out
    db = Database(database_url)
    try:
        assert UserStore(db, 3600.0).by_username(made.patient.username) is None
    finally:
        db.close()


def test_serve_trusts_only_the_proxies_it_is_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """uvicorn's proxy headers are off unless --trusted-proxy names one (its own default
    would believe 127.0.0.1): the audit log's address is the peer's."""
    seen: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda _app, **kw: seen.append(kw))
    base = ["serve", "--data-dir", str(tmp_path)]
    assert runner.invoke(app, base).exit_code == 0
    proxies = ["--trusted-proxy", "10.0.0.2", "--trusted-proxy", "10.0.0.3"]
    assert runner.invoke(app, [*base, *proxies]).exit_code == 0
    options = [(kw["proxy_headers"], kw["forwarded_allow_ips"]) for kw in seen]
    assert options == [(False, None), (True, ["10.0.0.2", "10.0.0.3"])]
