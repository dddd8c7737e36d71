"""`formcheck user`: accounts made on the command line can log in to a real app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from server.store.db import Database
from server.store.users import UserStore


def user_cli(*args: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server", "user", *args],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_add_therapist_and_patient_then_change_a_password(tmp_path: Path) -> None:
    data = str(tmp_path)
    t = user_cli(
        "add", "dr_jansen", "--role", "therapist", "--data-dir", data, password="s3cret-pw"
    )
    assert t.returncode == 0, t.stderr
    assert "created therapist dr_jansen" in t.stdout
    p = user_cli(
        "add",
        "mevr_de_vries",
        "--therapist",
        "dr_jansen",
        "--data-dir",
        data,
        password="hip-pain-1",
    )
    assert p.returncode == 0, p.stderr
    assert "s3cret-pw" not in t.stdout + t.stderr  # never echoed
    c = user_cli("passwd", "mevr_de_vries", "--data-dir", data, password="new-pass-22")
    assert c.returncode == 0, c.stderr
    db = Database(tmp_path / "formcheck.sqlite3")
    try:
        store = UserStore(db, 3600.0)
        assert store.authenticate("mevr_de_vries", "new-pass-22") is not None
        assert store.authenticate("mevr_de_vries", "hip-pain-1") is None
    finally:
        db.close()


def test_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    data = str(tmp_path)
    short = user_cli("add", "kim", "--data-dir", data, password="short")
    assert short.returncode == 2
    assert short.stderr.startswith("formcheck: error:")
    assert "Traceback" not in short.stderr
    role = user_cli("add", "kim", "--role", "admin", "--data-dir", data, password="long-enough")
    assert "role must be patient or therapist" in role.stderr
    missing = user_cli("passwd", "nobody", "--data-dir", data, password="long-enough")
    assert missing.returncode == 2
    assert "nobody" in missing.stderr
