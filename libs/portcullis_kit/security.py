"""A service's transport security and caller authentication, from its settings.

TLS: the server's certificate and key (`TLS_CERT_FILE`, `TLS_KEY_FILE`), and with a client
CA (`TLS_CLIENT_CA_FILE`) mutual TLS: a caller without a certificate signed by that CA
does not get past the handshake. The files are read again when their content changes, so
a certificate rotated in its Secret takes effect on the next connection, with no restart.
"""

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import structlog
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from portcullis_kit.authentication import Authenticator
from portcullis_kit.identity import Identities
from portcullis_kit.settings import ServiceSettings
from portcullis_kit.tokens import TokenVerifier, load_public_keys

log = structlog.get_logger("security")


class CertificateFiles:
    """The server's certificate, key and client CA, read again when their content changes.

    gRPC asks before each handshake (`changed`). A rotation writes the files one after
    the other, so a new configuration is taken only once the key is the certificate's key
    and every file parses; until then the old one goes on serving."""

    def __init__(self, cert: Path, key: Path, client_ca: Path | None) -> None:
        self.cert, self.key, self.client_ca = cert, key, client_ca
        self._lock = threading.Lock()
        contents = self._read()
        if contents is None or not _usable(*contents):
            raise ValueError(f"{cert} and {key}: not a certificate and its private key")
        self._seen = _digest(contents)
        self._contents = contents

    def configuration(self) -> "grpc.ServerCertificateConfiguration":
        cert, key, client_ca = self._contents
        return grpc.ssl_server_certificate_configuration([(key, cert)], client_ca)

    def changed(self) -> "grpc.ServerCertificateConfiguration | None":
        """A new configuration, or None to keep serving the current one."""
        with self._lock:
            contents = self._read()
            if contents is None or _digest(contents) == self._seen:
                return None
            if not _usable(*contents):
                return None  # half-way through a rotation: look again next time
            self._seen = _digest(contents)
            self._contents = contents
        log.info("tls.certificates_reloaded", certificate=str(self.cert))
        return self.configuration()

    def _read(self) -> tuple[bytes, bytes, bytes | None] | None:
        try:
            client_ca = self.client_ca.read_bytes() if self.client_ca else None
            return self.cert.read_bytes(), self.key.read_bytes(), client_ca
        except OSError:
            return None


def _digest(contents: tuple[bytes, bytes, bytes | None]) -> bytes:
    cert, key, client_ca = contents
    return hashlib.sha256(cert + b"\0" + key + b"\0" + (client_ca or b"")).digest()


def _usable(cert: bytes, key: bytes, client_ca: bytes | None) -> bool:
    """Whether the files make a working configuration: the key is the certificate's."""
    try:
        certificate = x509.load_pem_x509_certificate(cert)
        private_key = serialization.load_pem_private_key(key, password=None)
        if client_ca is not None:
            x509.load_pem_x509_certificates(client_ca)
    except ValueError:
        return False
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    encoding = serialization.Encoding.DER
    return bool(
        certificate.public_key().public_bytes(encoding, public)
        == private_key.public_key().public_bytes(encoding, public)
    )


@dataclass(frozen=True)
class Security:
    # None: plaintext (refused by the settings off loopback unless allowed explicitly).
    credentials: grpc.ServerCredentials | None = None
    authenticator: Authenticator = field(default_factory=Authenticator)

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> "Security":
        credentials = None
        if settings.tls_cert_file is not None and settings.tls_key_file is not None:
            files = CertificateFiles(
                settings.tls_cert_file, settings.tls_key_file, settings.tls_client_ca_file
            )
            credentials = grpc.dynamic_ssl_server_credentials(
                files.configuration(),
                files.changed,  # type: ignore[arg-type]  # None means "unchanged" to gRPC
                require_client_authentication=settings.tls_client_ca_file is not None,
            )
        identities = None
        if settings.tls_client_ca_file is not None:
            identities = (
                Identities.load(settings.identities_file)
                if settings.identities_file is not None
                else Identities({})
            )
        tokens = None
        if settings.token_public_keys_file is not None:
            keys = load_public_keys(settings.token_public_keys_file)
            tokens = TokenVerifier(keys, settings.token_audience)
        return cls(credentials, Authenticator(identities, tokens))
