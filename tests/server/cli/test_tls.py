"""`formcheck serve --https`: a local clinic CA, name-constrained to this laptop, and a
server certificate it signs; made once, served by uvicorn, verified by a constraint-
checking verifier (cryptography's) and by OpenSSL in a real TLS handshake."""

from __future__ import annotations

import ipaddress
import ssl
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import DNSName, IPAddress
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from server.api.app import create_app
from server.cli.tls import (
    ClinicCertificates,
    certificate_fingerprint,
    ensure_certificate,
    issue_server_certificate,
)
from server.live.inference import EstimatorFactory
from server.settings import Settings
from tests.server.live_server import free_port

HOSTS = ["localhost", "clinic-laptop", "clinic-laptop.local", "127.0.0.1", "192.168.1.23"]


def _load(
    tmp_path: Path,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey, list[x509.Certificate]]:
    files = ClinicCertificates(tmp_path / "tls")
    ca = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
    key = serialization.load_pem_private_key(files.ca_key.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return ca, key, x509.load_pem_x509_certificates(files.cert.read_bytes())


def _verifier(ca: x509.Certificate, name: x509.verification.Subject):
    return PolicyBuilder().store(Store([ca])).build_server_verifier(name)


def test_the_ca_is_name_constrained_and_signs_end_entities_only(tmp_path: Path) -> None:
    ensure_certificate(tmp_path, HOSTS)
    ca, _, chain = _load(tmp_path)
    constraints = ca.extensions.get_extension_for_class(x509.NameConstraints)
    assert constraints.critical
    permitted = constraints.value.permitted_subtrees or []
    assert x509.DNSName("clinic-laptop.local") in permitted
    assert x509.IPAddress(ipaddress.ip_network("192.168.1.23/32")) in permitted
    assert constraints.value.excluded_subtrees is None
    basic = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical
    assert basic.value.ca
    assert basic.value.path_length == 0
    usage = ca.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign
    assert not usage.digital_signature
    assert not usage.crl_sign
    server = chain[0]
    assert server.issuer == ca.subject
    assert chain[1] == ca
    assert not server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    eku = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]
    san = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "clinic-laptop" in san.get_values_for_type(x509.DNSName)


@pytest.mark.parametrize(
    "name",
    [
        DNSName("localhost"),
        DNSName("clinic-laptop.local"),
        IPAddress(ipaddress.ip_address("192.168.1.23")),
    ],
)
def test_the_server_certificate_verifies_for_the_laptops_names(
    tmp_path: Path, name: x509.verification.Subject
) -> None:
    ensure_certificate(tmp_path, HOSTS)
    ca, _, chain = _load(tmp_path)
    _verifier(ca, name).verify(chain[0], [])


@pytest.mark.parametrize("other", ["bank.example", "clinic-laptop.evil.example", "192.168.1.1"])
def test_a_certificate_for_another_site_signed_by_the_ca_is_refused(
    tmp_path: Path, other: str
) -> None:
    """A leaked CA key is useless elsewhere: what it signs for other names fails the
    name constraints of every verifier that checks them."""
    ensure_certificate(tmp_path, HOSTS)
    ca, ca_key, _ = _load(tmp_path)
    forged, _ = issue_server_certificate(ca, ca_key, [other])
    try:
        subject: x509.verification.Subject = IPAddress(ipaddress.ip_address(other))
    except ValueError:
        subject = DNSName(other)
    with pytest.raises(VerificationError, match="no permitted name constraints matched"):
        _verifier(ca, subject).verify(forged, [])


def test_the_certificates_are_made_once(tmp_path: Path) -> None:
    cert, key = ensure_certificate(tmp_path, ["localhost", "127.0.0.1", "clinic-laptop"])
    files = ClinicCertificates(tmp_path / "tls")
    assert key.stat().st_mode & 0o777 == 0o600
    assert files.ca_key.stat().st_mode & 0o777 == 0o600
    first = certificate_fingerprint(files.ca_cert)
    again, _ = ensure_certificate(tmp_path, ["other"])
    assert again == cert
    assert certificate_fingerprint(files.ca_cert) == first  # reused, not remade
    assert len(first.split(":")) == 32


def test_an_old_self_signed_certificate_is_replaced(tmp_path: Path) -> None:
    files = ClinicCertificates(tmp_path / "tls")
    files.folder.mkdir()
    files.cert.write_text("old self-signed\n")
    files.key.write_text("old key\n")
    ensure_certificate(tmp_path, ["localhost"])
    assert files.ca_cert.is_file()
    assert len(x509.load_pem_x509_certificates(files.cert.read_bytes())) == 2


def test_app_serves_over_https_with_a_certificate_of_the_clinic_ca(
    tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    settings = Settings(port=free_port(), data_dir=tmp_path, https=True)
    cert, key = ensure_certificate(tmp_path, ["localhost", "127.0.0.1"])
    ca_file = ClinicCertificates(tmp_path / "tls").ca_cert
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
        trust = ssl.create_default_context(cafile=str(ca_file))  # the tablet trusts the CA
        r = httpx.get(f"https://localhost:{settings.port}/healthz", verify=trust)
        assert r.json() == {"status": "ok"}
        assert r.headers["strict-transport-security"].startswith("max-age=")
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"https://localhost:{settings.port}/healthz")  # untrusted by default
        page = httpx.get(f"https://127.0.0.1:{settings.port}/", verify=trust)
        assert "Formcheck" in page.text
        served = httpx.get(f"https://localhost:{settings.port}/formcheck-cert.crt", verify=trust)
        assert served.content == ca_file.read_bytes()  # for the tablet to install
        assert (
            x509.load_pem_x509_certificate(served.content)
            .extensions.get_extension_for_class(x509.NameConstraints)
            .critical
        )
    finally:
        server.should_exit = True
        thread.join(timeout=30)
