"""`formcheck models`: verification rows and fetching, against a real local HTTP server."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pose.errors import ModelFileError
from pose.models import load_model_bundle, recorded_checksums, sha256_of
from server.cli.models import fetch_model, model_rows


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[str]:
    """Serves a folder holding a copy of the bundled model as the lite variant."""
    root = tmp_path / "mirror"
    root.mkdir()
    shutil.copy(load_model_bundle().path, root / "pose_landmarker_lite.task")
    (root / "broken.task").write_bytes(b"not a bundle")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_verifies_and_pins_the_checksum(tmp_path: Path, mirror: str) -> None:
    models = tmp_path / "models"
    models.mkdir()
    path = fetch_model("lite", models, url=f"{mirror}/pose_landmarker_lite.task")
    digest = sha256_of(path.read_bytes())
    assert recorded_checksums(models) == {"pose_landmarker_lite.task": digest}
    rows = {r.name: r for r in model_rows(models)}
    assert rows["lite"].status == "ok"
    assert rows["full"].status == "missing"
    path.write_bytes(path.read_bytes()[:-1])  # damaged after it was pinned
    assert {r.name: r for r in model_rows(models)}["lite"].status == "damaged"


def test_fetch_refuses_a_file_that_is_not_a_bundle(tmp_path: Path, mirror: str) -> None:
    models = tmp_path / "models"
    models.mkdir()
    with pytest.raises(ModelFileError, match="not a MediaPipe task bundle"):
        fetch_model("heavy", models, url=f"{mirror}/broken.task")
    assert list(models.iterdir()) == [], "a refused download leaves nothing behind"


def test_fetch_without_a_reachable_server_says_so(tmp_path: Path, mirror: str) -> None:
    with pytest.raises(ModelFileError, match="cannot fetch"):
        fetch_model("lite", tmp_path, url=f"{mirror}/missing.task")
    with pytest.raises(ModelFileError, match="unknown model"):
        fetch_model("giant", tmp_path)
