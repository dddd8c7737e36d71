"""`formcheck serve --https`: a self-signed certificate made once, served by uvicorn."""

from __future__ import annotations

import ssl
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography import x509

from server.api.app import create_app
from server.cli.tls import certificate_fingerprint, ensure_certificate
from server.live.inference import EstimatorFactory
from server.settings import Settings
from tests.server.live_server import free_port


def test_certificate_is_made_once_with_the_hosts(tmp_path: Path) -> None:
    cert, key = ensure_certificate(tmp_path, ["localhost", "127.0.0.1", "clinic-laptop"])
    assert key.stat().st_mode & 0o777 == 0o600
    first = certificate_fingerprint(cert)
    again, _ = ensure_certificate(tmp_path, ["other"])
    assert certificate_fingerprint(again) == first  # reused, not remade
    san = x509.load_pem_x509_certificate(cert.read_bytes()).extensions.get_extension_for_class(
        x509.SubjectAlternativeName
    )
    assert "clinic-laptop" in san.value.get_values_for_type(x509.DNSName)
    assert len(first.split(":")) == 32


def test_app_serves_over_https_with_the_made_certificate(
    tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    settings = Settings(port=free_port(), data_dir=tmp_path, https=True)
    cert, key = ensure_certificate(tmp_path, ["localhost", "127.0.0.1"])
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, estimator_factory=replay_factory),
            port=settings.port,
            ssl_certfile=str(cert),
            ssl_keyfile=str(key),
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive()
            time.sleep(0.05)
        trust = ssl.create_default_context(cafile=str(cert))
        r = httpx.get(f"https://localhost:{settings.port}/healthz", verify=trust)
        assert r.json() == {"status": "ok"}
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"https://localhost:{settings.port}/healthz")  # untrusted by default
        page = httpx.get(f"https://localhost:{settings.port}/", verify=trust)
        assert "Formcheck" in page.text
        served = httpx.get(f"https://localhost:{settings.port}/formcheck-cert.crt", verify=trust)
        assert served.content == cert.read_bytes()  # for the tablet to install
    finally:
        server.should_exit = True
        thread.join(timeout=30)
