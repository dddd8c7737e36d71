"""The on-device pose files: only the listed ones, from the pinned packages, with their
licences, under versioned URLs cached for a year; the model under its checksum; the flow
worker with its own policy; without `npm ci` the server says to run `make setup`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.api.ondevice.files import FLOW_WORKER_CSP, PACKAGES, OnDeviceFiles
from server.settings import Settings, repo_root

LOCK = json.loads((repo_root() / "package-lock.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.skipif(
    not (repo_root() / "node_modules").is_dir(), reason="run `make setup` (npm ci) first"
)


def config(client: TestClient) -> dict[str, object]:
    r = client.get("/api/on-device")
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def test_the_page_gets_the_pinned_files_and_their_licences(app_client: TestClient) -> None:
    cfg = config(app_client)
    assert cfg["problem"] is None
    for pkg in PACKAGES:
        version = LOCK["packages"][f"node_modules/{pkg.npm_name}"]["version"]
        base = f"/vendor/{pkg.url_name}/{version}"
        for target in (*pkg.files.values(), "LICENSE"):
            r = app_client.get(f"{base}/{target}")
            assert r.status_code == 200, (target, r.text)
            assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
            if target.endswith((".js", ".mjs")):
                assert r.headers["content-type"].startswith("text/javascript")
            if target.endswith(".wasm"):
                assert r.headers["content-type"] == "application/wasm"
        licence = app_client.get(f"{base}/LICENSE").text
        assert "Apache License" in licence
        assert "Version 2.0" in licence
    assert str(cfg["bundle_url"]).startswith("/vendor/tasks-vision/1.1.0/")


@pytest.mark.parametrize(
    "path",
    [
        "/vendor/tasks-vision/1.1.0/package.json",
        "/vendor/tasks-vision/1.1.0/vision_bundle.cjs",
        "/vendor/tasks-vision/0.0.1/vision_bundle.mjs",
        "/vendor/../package.json",
        "/vendor/opencv-js/4.12.0-release.1/src/index.js",
    ],
)
def test_nothing_else_in_node_modules_is_served(app_client: TestClient, path: str) -> None:
    assert app_client.get(path).status_code == 404


def test_the_model_is_served_under_its_checksum(app_client: TestClient) -> None:
    url = str(config(app_client)["model_url"])
    model = repo_root() / "models" / "pose_landmarker_full.task"
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    assert url == f"/models/{digest}/pose_landmarker_full.task"
    r = app_client.get(url)
    assert r.status_code == 200
    assert r.content == model.read_bytes()
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert app_client.get(f"/models/{'0' * 16}/pose_landmarker_full.task").status_code == 404


def test_the_flow_worker_alone_may_evaluate_code(app_client: TestClient) -> None:
    worker = app_client.get(str(config(app_client)["flow_worker_url"]))
    assert worker.status_code == 200
    assert worker.headers["content-security-policy"] == FLOW_WORKER_CSP
    assert "default-src 'none'" in FLOW_WORKER_CSP  # no network from the worker
    page = app_client.get("/").headers["content-security-policy"]
    assert "'unsafe-eval'" not in page
    assert "'wasm-unsafe-eval'" in page


def test_without_npm_ci_the_server_says_to_run_make_setup(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, create_demo_users=False)
    files = OnDeviceFiles(settings, node_modules=tmp_path / "node_modules")
    assert files.problem is not None
    assert "make setup" in files.problem
    assert "@mediapipe/tasks-vision" in files.problem
    assert files.urls == {}  # nothing to serve, nothing for the page to load
