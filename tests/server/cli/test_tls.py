"""`formcheck serve --https`: a local clinic CA, name-constrained to this laptop, and a
server certificate it signs; made once, served by uvicorn, verified by a constraint-
checking verifier (cryptography's) and by OpenSSL in a real TLS handshake."""

from __future__ import annotations

import datetime
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import DNSName, IPAddress
from cryptography.x509.oid import NameOID
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from server.api.app import create_app
from server.api.boundary.edge import uvicorn_options
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
            **uvicorn_options(settings),  # as `formcheck serve` runs it
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
        for ciphers, shakes in (("ECDHE-ECDSA-AES128-SHA", False), ("ECDHE+AESGCM", True)):
            tls12 = ssl.create_default_context(cafile=str(ca_file))
            tls12.maximum_version = ssl.TLSVersion.TLSv1_2
            tls12.set_ciphers(ciphers)  # a TLS 1.2 client offering CBC only: refused
            assert _handshakes(tls12, settings.port) is shakes, ciphers
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


def _handshakes(context: ssl.SSLContext, port: int) -> bool:
    try:
        with (
            socket.create_connection(("localhost", port), timeout=10) as raw,
            context.wrap_socket(raw, server_hostname="localhost"),
        ):
            return True
    except ssl.SSLError:
        return False


def _forge(
    ca: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    names: list[x509.GeneralName],
    purpose: x509.ObjectIdentifier,
) -> x509.Certificate:
    """What a copy of the CA's key could sign: `names`, for `purpose`."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forged")]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([purpose]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def _openssl_verifies(
    tmp_path: Path, ca: x509.Certificate, leaf: x509.Certificate, purpose: str
) -> bool:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    argv = [openssl, "verify", "-purpose", purpose, "-CAfile", str(tmp_path / "ca.pem")]
    done = subprocess.run([*argv, str(tmp_path / "leaf.pem")], capture_output=True, check=False)
    return done.returncode == 0


EKU = x509.oid.ExtendedKeyUsageOID


@pytest.mark.parametrize(
    ("names", "eku", "purpose"),
    [
        ([x509.RFC822Name("noor@clinic-laptop.local")], EKU.EMAIL_PROTECTION, "smimesign"),
        ([x509.UniformResourceIdentifier("https://bank.example/")], EKU.SERVER_AUTH, "sslserver"),
        ([DNSName("clinic-laptop.local")], EKU.CLIENT_AUTH, "sslclient"),
        ([DNSName("clinic-laptop.local")], EKU.CODE_SIGNING, "sslserver"),
    ],
)
def test_a_copy_of_the_ca_key_signs_nothing_but_the_laptops_server(
    tmp_path: Path, names: list[x509.GeneralName], eku: x509.ObjectIdentifier, purpose: str
) -> None:
    """S/MIME, a URI, a TLS client or code: OpenSSL refuses each (the CA vouches for
    TLS servers only, and its name constraints cover e-mail and URIs too); the laptop's
    own server certificate verifies."""
    ensure_certificate(tmp_path, HOSTS)
    ca, ca_key, chain = _load(tmp_path)
    assert _openssl_verifies(tmp_path, ca, chain[0], "sslserver")
    assert list(ca.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [
        EKU.SERVER_AUTH
    ]
    assert not _openssl_verifies(tmp_path, ca, _forge(ca, ca_key, names, eku), purpose)
