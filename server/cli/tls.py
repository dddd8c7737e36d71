"""HTTPS for the clinic network: browsers open the camera only over HTTPS (or on
localhost). Either the clinic's own certificate, or a local clinic CA made on first run
and kept in the data dir, with a server certificate it signs.

The tablet trusts the clinic CA, not the server certificate. The CA is name-constrained
(RFC 5280 NameConstraints, critical) to this laptop's names and addresses, with no
e-mail address or URI at all, may sign only end-entity certificates (pathlen 0, key
usage keyCertSign only) and only for TLS servers (extended key usage serverAuth): a
copy of its key can sign certificates for nothing but this laptop's server, so a
tablet that trusts it trusts no other site, mail or code. The server certificate
(SAN, serverAuth) is what uvicorn serves.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from server.private_files import private_dir, write_private
from server.settings import CLINIC_CA_FILE

__all__ = [
    "ClinicCertificates",
    "certificate_fingerprint",
    "ensure_certificate",
    "issue_server_certificate",
    "local_addresses",
]

_CA_DAYS = 3650  # the tablet trusts it once; a new CA means trusting again
_SERVER_DAYS = 825  # the longest validity Apple devices accept for a TLS certificate
_KEY_USAGE_NONE = dict.fromkeys(
    [
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    ],
    False,
)


def local_addresses() -> list[str]:
    """This machine's names and LAN addresses: localhost, the host name and its mDNS
    name (`<host>.local`), loopback and the address of the default route."""
    host = socket.gethostname()
    names = {"localhost", host} | ({f"{host}.local"} if "." not in host else set())
    addrs = {"127.0.0.1", "::1"}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET: no packet is sent by a UDP connect
            addrs.add(s.getsockname()[0])
        except OSError:
            pass  # no network: loopback only
    return sorted(names) + sorted(addrs)


def _general_names(hosts: list[str]) -> list[x509.GeneralName]:
    out: list[x509.GeneralName] = []
    for host in hosts:
        try:
            out.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            out.append(x509.DNSName(host))
    return out


# Where the permitted e-mail and URI names point: `.invalid` is reserved (RFC 2606),
# so no mailbox or web address the CA could sign for exists.
_NOWHERE = "invalid"


def _constraints(hosts: list[str]) -> x509.NameConstraints:
    """Permitted: each DNS name (and names under it) and each address alone (/32, /128);
    e-mail addresses (also a subject's emailAddress) and URIs only at `.invalid`: none.
    A type no permitted subtree names is unconstrained (RFC 5280 4.2.1.10). Directory
    names are left out: strict verifiers (cryptography's) refuse a critical constraint
    on them, and no TLS client takes a server's identity from its subject."""
    permitted: list[x509.GeneralName] = []
    for name in _general_names(hosts):
        if isinstance(name, x509.IPAddress):
            permitted.append(x509.IPAddress(ipaddress.ip_network(name.value)))
        else:
            permitted.append(name)
    permitted += [
        x509.RFC822Name(_NOWHERE),
        x509.UniformResourceIdentifier(_NOWHERE),
    ]
    return x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Formcheck (local clinic CA)"),
        ]
    )


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def make_clinic_ca(hosts: list[str]) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"Formcheck clinic CA ({hosts[0] if hosts else 'localhost'})")
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(minutes=5))
        .not_valid_after(_now() + datetime.timedelta(days=_CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(**(_KEY_USAGE_NONE | {"key_cert_sign": True})), critical=True)
        .add_extension(_constraints(hosts), critical=True)
        # What it may vouch for: TLS servers only (no S/MIME, code or client certificates:
        # verifiers that read a CA's purposes refuse any other).
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def issue_server_certificate(
    ca: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey, hosts: list[str]
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A server certificate for `hosts` signed by the clinic CA (any names: the CA's
    constraints decide whether a verifier accepts them)."""
    key = ec.generate_private_key(ec.SECP256R1())
    ca_ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(hosts[0]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(minutes=5))
        .not_valid_after(_now() + datetime.timedelta(days=_SERVER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(**(_KEY_USAGE_NONE | {"digital_signature": True})), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(_general_names(hosts)), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


@dataclass(frozen=True, slots=True)
class ClinicCertificates:
    """The files under `<data dir>/tls`: the CA's certificate (public: the tablet
    installs it) and key, the server's certificate and key (keys 0600, folder 0700)."""

    folder: Path

    @property
    def ca_cert(self) -> Path:
        return self.folder / CLINIC_CA_FILE

    @property
    def ca_key(self) -> Path:
        return self.folder / "clinic-ca-key.pem"

    @property
    def cert(self) -> Path:
        return self.folder / "formcheck-cert.pem"

    @property
    def key(self) -> Path:
        return self.folder / "formcheck-key.pem"


def ensure_certificate(data_dir: Path, hosts: list[str] | None = None) -> tuple[Path, Path]:
    """(server cert, key) PEM paths, with the clinic CA, made once and reused; a
    self-signed certificate of an older version (no CA beside it) is replaced."""
    files = ClinicCertificates(data_dir / "tls")
    private_dir(files.folder)
    if all(p.is_file() for p in (files.ca_cert, files.ca_key, files.cert, files.key)):
        for key in (files.ca_key, files.key):
            key.chmod(0o600)
        return files.cert, files.key
    hosts = hosts or local_addresses()
    ca, ca_key = make_clinic_ca(hosts)
    cert, server_key = issue_server_certificate(ca, ca_key, hosts)
    write_private(files.ca_key, _pem_key(ca_key))
    write_private(files.key, _pem_key(server_key))
    files.ca_cert.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    # The chain uvicorn serves: the server's certificate, then the CA's.
    chain = cert.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(
        serialization.Encoding.PEM
    )
    files.cert.write_bytes(chain)
    return files.cert, files.key


def certificate_fingerprint(cert_path: Path) -> str:
    """SHA-256 fingerprint (AA:BB:...) of the (first) certificate in a PEM file, to
    compare on the tablet when trusting it."""
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()
