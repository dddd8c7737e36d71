"""HTTPS for the clinic network: browsers open the camera only over HTTPS (or on
localhost). Either the clinic's own certificate, or a self-signed one made on first
run and kept in the data dir."""

from __future__ import annotations

import datetime
import ipaddress
import socket
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from server.private_files import private_dir, write_private

__all__ = ["certificate_fingerprint", "ensure_certificate", "local_addresses"]

_VALID_DAYS = 825  # the longest validity Apple devices accept for a TLS certificate


def local_addresses() -> list[str]:
    """This machine's names and LAN addresses, for the certificate's subjectAltName."""
    names = {"localhost", socket.gethostname()}
    addrs = {"127.0.0.1", "::1"}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET: no packet is sent by a UDP connect
            addrs.add(s.getsockname()[0])
        except OSError:
            pass  # no network: loopback only
    return sorted(names) + sorted(addrs)


def _san(hosts: list[str]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for host in hosts:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            entries.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(entries)


def ensure_certificate(data_dir: Path, hosts: list[str] | None = None) -> tuple[Path, Path]:
    """(cert, key) PEM paths under `data_dir/tls`, made once and reused afterwards; the
    key is 0600 in a 0700 folder."""
    tls_dir = data_dir / "tls"
    cert_path, key_path = tls_dir / "formcheck-cert.pem", tls_dir / "formcheck-key.pem"
    if cert_path.is_file() and key_path.is_file():
        private_dir(tls_dir)
        key_path.chmod(0o600)  # a key made by an older version
        return cert_path, key_path
    private_dir(tls_dir)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Formcheck clinic server"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Formcheck (self-signed)"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=_VALID_DAYS))
        .add_extension(_san(hosts or local_addresses()), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    write_private(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def certificate_fingerprint(cert_path: Path) -> str:
    """SHA-256 fingerprint (AA:BB:...) to compare on the tablet when trusting the cert."""
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()
