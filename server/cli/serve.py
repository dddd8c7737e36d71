"""`formcheck serve`: run the app under uvicorn, over HTTPS when asked."""

from __future__ import annotations

import sys
from dataclasses import replace

import uvicorn

from server.api.app import create_app
from server.api.boundary.edge import raise_file_limit, uvicorn_options
from server.cli.logs import log_config
from server.cli.tls import (
    ClinicCertificates,
    certificate_fingerprint,
    ensure_certificate,
    local_addresses,
)
from server.live.inference import EstimatorFactory
from server.settings import Settings

__all__ = ["run"]


def _tls_files(settings: Settings) -> tuple[str, str] | None:
    if not settings.https:
        return None
    if settings.cert_path is not None and settings.key_path is not None:
        return str(settings.cert_path), str(settings.key_path)
    cert, key = ensure_certificate(settings.data_dir)
    ca = ClinicCertificates(cert.parent).ca_cert
    print(
        f"HTTPS with a certificate of the local clinic CA: {ca}\n"
        f"  CA SHA-256 fingerprint {certificate_fingerprint(ca)}\n"
        f"  trust the CA on the tablet once (see README, 'Clinic tablet')",
        file=sys.stderr,
    )
    return str(cert), str(key)


def run(settings: Settings, estimator_factory: EstimatorFactory | None = None) -> None:
    """Serve until interrupted. Prints the addresses a tablet on the LAN can open.
    `estimator_factory` (None: the model) stands in for the model (`--replay`)."""
    tls = _tls_files(settings)
    if settings.host in ("0.0.0.0", "::"):  # noqa: S104 (listing where we listen)
        hosts = [a for a in local_addresses() if "." in a and not a.startswith("127.")]
    else:
        hosts = [settings.host]
    for host in hosts:
        print(f"Formcheck: {settings.scheme}://{host}:{settings.port}/", file=sys.stderr)
    if settings.public_url is None and hosts and hosts[0] != settings.host:
        # Sign-in links point to where a tablet reaches us, not to 0.0.0.0.
        settings = replace(settings, public_url=f"{settings.scheme}://{hosts[0]}:{settings.port}/")
    raise_file_limit(settings)
    uvicorn.run(
        create_app(settings, estimator_factory=estimator_factory),
        host=settings.host,
        port=settings.port,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
        log_level="info",
        log_config=log_config(),  # JSON lines; tokens in socket URLs are masked
        access_log=False,  # the app's own access log (formcheck.access) has the user
        **uvicorn_options(settings),  # header size, head deadline, connection cap
    )
