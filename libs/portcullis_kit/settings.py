"""Settings per service, from environment variables prefixed with the service name.

`REGISTRY_GRPC_PORT=50061` sets the registry's port. A wrong value stops the service
at start with a message naming the variable.

Tracing is the exception: it is set by OpenTelemetry's standard variables, without a
service prefix, so that a collector's usual configuration applies to ours unchanged
(`portcullis_kit.tracing` reads them): `OTEL_TRACES_EXPORTER` (none, otlp, console; a wrong
value stops the service the same way), `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_TRACES_SAMPLER`,
`OTEL_BSP_*`. See "Tracing" in deploy/README.md.
"""

from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import (
    Field,
    FilePath,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from portcullis_kit.identity import Identities, IdentitiesError
from portcullis_kit.tokens import load_public_keys

Persistence = Literal["sqlite", "postgres", "memory"]
LOOPBACK = frozenset({"127.0.0.1", "::1", "[::1]", "localhost"})
Port = Annotated[int, Field(ge=0, le=65535)]


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    # Security. Off loopback, gRPC needs TLS and a way to know callers, or an explicit
    # ALLOW_PLAINTEXT / ALLOW_UNAUTHENTICATED (see `_security_fits_together`).
    # The server's certificate chain and key, PEM (a mounted Secret in production).
    tls_cert_file: FilePath | None = None
    tls_key_file: FilePath | None = None
    # The CA that signs partners' client certificates: set, every caller presents one
    # (mutual TLS), and its common name is looked up in `identities_file` for its roles.
    tls_client_ca_file: FilePath | None = None
    identities_file: FilePath | None = None
    # The token issuer's Ed25519 public keys, PEM (several while rotating): set, callers may
    # send `authorization: Bearer <JWT>` naming themselves and their roles.
    token_public_keys_file: FilePath | None = None
    token_audience: str = "portcullis"
    allow_plaintext: bool = False
    # With neither a client CA nor token keys, every caller has every role (`make run`).
    allow_unauthenticated: bool = False
    grpc_host: str = "127.0.0.1"
    grpc_port: Port = 0
    # A plaintext port serving only gRPC health, for probes that cannot do TLS (the
    # kubelet's); 0 serves none. Health is also served on the main port.
    health_port: Port = 0
    nats_url: str = "nats://127.0.0.1:4222"
    # The CA of NATS's certificate: set, the connection is TLS and NATS is verified (so
    # that the service's NATS password never crosses the network in clear).
    nats_tls_ca_file: FilePath | None = None
    persistence: Persistence = "sqlite"
    # Directory of the SQLite store; the file is <data_dir>/<service>.sqlite.
    data_dir: Path = Path("var")
    # libpq connection URI, e.g. postgresql://user:secret@db:5432/portcullis
    # or postgresql://postgres:@/postgres?host=/run/postgresql for a socket.
    postgres_dsn: str = ""
    # Schema of this service's tables; empty means the user's default (public).
    postgres_schema: str = ""
    log_format: Literal["json", "console"] = "json"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # On SIGTERM, how long the service goes on serving calls after reporting NOT_SERVING,
    # so that load balancers and clients move to other replicas before it stops taking
    # calls (on Kubernetes, the time for the pod to leave the Service's endpoints). 0 for
    # one process on a laptop, where there is nowhere else to go.
    shutdown_drain_seconds: float = Field(default=0.0, ge=0)
    # Then how long it waits for in-flight calls before cancelling them.
    shutdown_grace_seconds: float = Field(default=10.0, ge=0)
    # How often the relay looks for new events when nothing pokes it.
    relay_poll_seconds: float = Field(default=0.5, gt=0)
    # How often a service records what the date has made true (expiries, warnings).
    calendar_interval_seconds: float = Field(default=300.0, gt=0)
    # How often read models follow the store for writes made by other replicas.
    store_poll_seconds: float = Field(default=1.0, gt=0)
    # How often the log is checkpointed (signed) while events arrive.
    checkpoint_interval_seconds: float = Field(default=2.0, gt=0)
    # The Ed25519 key that signs checkpoints: a file holding its 32-byte seed in base64
    # (in production a mounted Secret). Empty: <data_dir>/keys/<service>-checkpoint.key,
    # made on first start (for `make run`); with memory persistence, a key per process.
    signing_key_file: Path | None = None
    # Calls a second each caller may make (refilled continuously, up to `rate_limit_burst`
    # at once); over it, RESOURCE_EXHAUSTED. 0: no limit.
    rate_limit_per_second: float = Field(default=0.0, ge=0)
    rate_limit_burst: int = Field(default=100, ge=1)
    # The longest a unary call may run, whatever deadline its client set (or none): then
    # DEADLINE_EXCEEDED. Streams (ScreenParties, StreamEvents, ImportExclusions) are not
    # cut short. Drafting a report over a year of seizures is the longest call (a minute).
    max_call_seconds: float = Field(default=300.0, gt=0)
    # Prometheus metrics over HTTP at /metrics; 0 serves none.
    metrics_host: str = "127.0.0.1"
    metrics_port: Port = 0

    @field_validator("identities_file")
    @classmethod
    def _identities_readable(cls, path: Path | None) -> Path | None:
        if path is not None:
            try:
                Identities.load(path)
            except IdentitiesError as error:
                raise ValueError(str(error)) from None
        return path

    @field_validator("token_public_keys_file")
    @classmethod
    def _token_keys_readable(cls, path: Path | None) -> Path | None:
        if path is not None:
            load_public_keys(path)  # a ValueError names what is wrong
        return path

    @model_validator(mode="after")
    def _security_fits_together(self) -> "ServiceSettings":
        """Checks across settings, once each is valid on its own (so that one missing file
        is one complaint). Each message starts with the variable it is about."""
        if (self.tls_cert_file is None) != (self.tls_key_file is None):
            raise ValueError("TLS_KEY_FILE: give both TLS_CERT_FILE and TLS_KEY_FILE, or neither")
        if self.tls_client_ca_file is not None and self.tls_cert_file is None:
            raise ValueError(
                "TLS_CLIENT_CA_FILE: client certificates need TLS: give TLS_CERT_FILE and"
                " TLS_KEY_FILE"
            )
        if self.identities_file is not None and self.tls_client_ca_file is None:
            raise ValueError(
                "IDENTITIES_FILE: identities are for client certificates: give TLS_CLIENT_CA_FILE"
            )
        if (
            self.tls_client_ca_file is not None
            and self.identities_file is None
            and self.token_public_keys_file is None
        ):
            raise ValueError(
                "IDENTITIES_FILE: with client certificates and no tokens, every caller would"
                " have no role: give the identities (or TOKEN_PUBLIC_KEYS_FILE)"
            )
        if self.health_port and self.health_port == self.grpc_port:
            raise ValueError("HEALTH_PORT: must differ from GRPC_PORT (it serves plaintext)")
        host = self.grpc_host
        if host in LOOPBACK:
            return self
        if self.tls_cert_file is None and not self.allow_plaintext:
            raise ValueError(
                f"GRPC_HOST: gRPC would listen in plaintext on {host}: give TLS_CERT_FILE and"
                " TLS_KEY_FILE, use a loopback address, or set ALLOW_PLAINTEXT=true"
            )
        authenticated = self.tls_client_ca_file or self.token_public_keys_file
        if not authenticated and not self.allow_unauthenticated:
            raise ValueError(
                f"GRPC_HOST: on {host} every caller would have every role: give"
                " TLS_CLIENT_CA_FILE or TOKEN_PUBLIC_KEYS_FILE, or set ALLOW_UNAUTHENTICATED=true"
            )
        return self

    @field_validator("postgres_dsn")
    @classmethod
    def _dsn_when_postgres(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("persistence") == "postgres" and not value.startswith(
            ("postgres://", "postgresql://")
        ):
            raise ValueError("persistence is postgres: give a postgresql:// URI")
        return value


class SettingsError(Exception):
    """Raised with one line per bad variable, each naming the variable."""


S = TypeVar("S", bound=ServiceSettings)


def load_settings(cls: type[S], environ: dict[str, str] | None = None) -> S:
    """Reads settings from the environment (or `environ`), naming any bad variable."""
    prefix = str(cls.model_config.get("env_prefix", ""))
    try:
        if environ is None:
            return cls()
        # Only this service's variables, and no .env file: the caller said exactly what to use.
        values = {
            key[len(prefix) :].lower(): value
            for key, value in environ.items()
            if key.upper().startswith(prefix.upper())
        }
        return cls.model_validate(values)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"])
            if field:
                lines.append(f"{prefix}{field.upper()}: {problem['msg']}")
            else:  # a check across settings: its message starts with the variable
                lines.append(prefix + problem["msg"].removeprefix("Value error, "))
        raise SettingsError("; ".join(lines)) from None
