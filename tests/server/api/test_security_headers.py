"""Every response carries the security headers; HSTS only over HTTPS; no API docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.api.app import create_app
from server.api.boundary.headers import security_headers
from server.live.inference import EstimatorFactory
from server.settings import Settings

PATHS = ["/", "/signin", "/demo", "/healthz", "/api/me", "/static/app.css", "/report.css", "/nope"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_the_headers(app_client: TestClient, path: str) -> None:
    r = app_client.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "'unsafe-eval'" not in csp  # 'wasm-unsafe-eval' (WebAssembly) is no eval
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    assert "camera=(self)" in r.headers["permissions-policy"]
    assert "strict-transport-security" not in r.headers  # plain HTTP: no HSTS


def test_hsts_only_over_https(tmp_path: Path, replay_factory: EstimatorFactory) -> None:
    settings = Settings(data_dir=tmp_path, create_demo_users=False, https=True)
    with TestClient(create_app(settings, estimator_factory=replay_factory)) as client:
        assert client.get("/healthz").headers["strict-transport-security"] == "max-age=31536000"
    assert "Strict-Transport-Security" in security_headers(https=True)
    assert "Strict-Transport-Security" not in security_headers(https=False)


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"])
def test_no_api_docs(app_client: TestClient, path: str) -> None:
    assert app_client.get(path).status_code == 404
