"""A service's transport security and caller authentication, from its settings.

TLS: the server's certificate and key (`TLS_CERT_FILE`, `TLS_KEY_FILE`), and with a client
CA (`TLS_CLIENT_CA_FILE`) mutual TLS: a caller without a certificate signed by that CA
does not get past the handshake. The files are read again when they change, so a
certificate rotated in its Secret takes effect on the next connection, with no restart.
"""

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import structlog

from portcullis_kit.authentication import Authenticator
from portcullis_kit.identity import Identities
from portcullis_kit.settings import ServiceSettings
from portcullis_kit.tokens import TokenVerifier, load_public_keys

log = structlog.get_logger("security")


class CertificateFiles:
    """The server's certificate, key and client CA, re-read when any of them changes."""

    def __init__(self, cert: Path, key: Path, client_ca: Path | None) -> None:
        self.paths = [cert, key, *([client_ca] if client_ca else [])]
        self.cert, self.key, self.client_ca = cert, key, client_ca
        self._lock = threading.Lock()
        self._seen = self._stamps()

    def configuration(self) -> "grpc.ServerCertificateConfiguration":
        return grpc.ssl_server_certificate_configuration(
            [(self.key.read_bytes(), self.cert.read_bytes())],
            root_certificates=self.client_ca.read_bytes() if self.client_ca else None,
        )

    def changed(self) -> "grpc.ServerCertificateConfiguration | None":
        """Called by gRPC before each handshake: a new configuration, or None if unchanged."""
        with self._lock:
            stamps = self._stamps()
            if stamps == self._seen:
                return None
            try:
                configuration = self.configuration()
            except (OSError, ValueError):
                # Half-written during a rotation: keep the old one, look again next time.
                return None
            self._seen = stamps
        log.info("tls.certificates_reloaded", files=[str(p) for p in self.paths])
        return configuration

    def _stamps(self) -> list[tuple[int, int]]:
        stamps = []
        for path in self.paths:
            try:
                status = os.stat(path)
                stamps.append((status.st_mtime_ns, status.st_size))
            except OSError:
                stamps.append((0, 0))
        return stamps


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
