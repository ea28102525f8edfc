"""Starts nats-server and the four services as separate processes, as `make run` does.

The end-to-end tests use the same class, so what they test is what people run.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from portcullis_kit import nats_auth
from portcullis_kit.nats_local import LocalNatsServer, ensure_port_free

SERVICES = nats_auth.SERVICES
DEFAULT_PORTS = {"registry": 50051, "screening": 50052, "scoring": 50053, "publication": 50054}


@dataclass
class ClusterConfig:
    data_dir: Path = Path("var")
    host: str = "127.0.0.1"
    nats_port: int = 4222
    ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    log_format: str = "json"
    # Publication's web pages.
    web_port: int = 8080
    # Each service's Prometheus /metrics port; none for a service not named.
    metrics_ports: dict[str, int] = field(default_factory=dict)
    # Each service's plaintext health-only port, where readiness is checked when its gRPC
    # port has TLS; a service not named is checked on its gRPC port.
    health_ports: dict[str, int] = field(default_factory=dict)
    # Extra environment for every service, e.g. {"REGISTRY_PERSISTENCE": "postgres"}.
    environment: dict[str, str] = field(default_factory=dict)
    # NATS with a user per service, each allowed only what the service does (as on
    # Kubernetes; see portcullis_kit.nats_auth), with passwords made afresh at each start.
    nats_auth: bool = True


def check_serving(address: str, timeout: float = 1.0) -> bool:
    with grpc.insecure_channel(address) as channel:
        try:
            response = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=timeout
            )
        except grpc.RpcError:
            return False
    return bool(response.status == health_pb2.HealthCheckResponse.SERVING)


@dataclass(frozen=True)
class Replica:
    """Another process of a service, beside the one `start` runs: same store, own port."""

    service: str
    port: int
    # Its own settings on top of the cluster's, e.g. {"SCREENING_CONSUMER_NAME": name}.
    environment: dict[str, str] = field(default_factory=dict)


class LocalCluster:
    def __init__(self, config: ClusterConfig) -> None:
        self.config = config
        self.log_dir = config.data_dir / "log"
        # Each service's NATS password, and the admin's (for a person's `nats` tool).
        self.nats_passwords: dict[str, str] = {}
        authorization = None
        if config.nats_auth:
            users = [*SERVICES, nats_auth.ADMIN]
            self.nats_passwords = {user: secrets.token_hex(16) for user in users}
            authorization = nats_auth.authorization_conf(
                nats_auth.portcullis_permissions(), self.nats_passwords, admins=[nats_auth.ADMIN]
            )
        self.nats = LocalNatsServer(
            config.nats_port, config.data_dir / "nats", self.log_dir / "nats.log", authorization
        )
        # By process name: a service's own name, or a replica's.
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.replicas: dict[str, Replica] = {}

    def nats_url(self, user: str) -> str:
        """The URL a service (or the admin) connects to NATS with: its credentials in it."""
        password = self.nats_passwords.get(user)
        return self.nats.url if password is None else self.nats.url_for(user, password)

    def address(self, name: str) -> str:
        """Where a service, or a replica by its name, listens."""
        replica = self.replicas.get(name)
        port = replica.port if replica else self.config.ports[name]
        return f"{self.config.host}:{port}"

    def start(self, timeout: float = 60.0) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for service in SERVICES:
            ensure_port_free(self.config.host, self.config.ports[service])
        try:
            self.nats.start()
            for service in SERVICES:
                self.start_service(service)
            for service in SERVICES:
                self.wait_serving(service, timeout)
        except BaseException:
            # Nothing started is left behind when one part fails to start.
            self.stop()
            raise

    def start_replica(
        self, service: str, name: str, port: int, environment: dict[str, str] | None = None
    ) -> None:
        """Starts another process of `service` named `name`, on `port`, sharing the
        service's store (its data directory) and NATS; its log is `<name>.log`. Stop it,
        and start it again, by its name (`stop_service`, `start_service`)."""
        if name in SERVICES:
            raise ValueError(f"a replica cannot be named {name}: that is a service")
        ensure_port_free(self.config.host, port)
        self.replicas[name] = Replica(service, port, dict(environment or {}))
        self.start_service(name)

    def start_service(self, name: str) -> None:
        """Starts a service, or a replica started before by `start_replica`, by its name."""
        replica = self.replicas.get(name)
        service = replica.service if replica else name
        prefix = service.upper()
        env = {
            **os.environ,
            f"{prefix}_GRPC_HOST": self.config.host,
            f"{prefix}_GRPC_PORT": str(replica.port if replica else self.config.ports[service]),
            f"{prefix}_NATS_URL": self.nats_url(service),
            f"{prefix}_DATA_DIR": str(self.config.data_dir),
            f"{prefix}_LOG_FORMAT": self.config.log_format,
            "PUBLICATION_HTTP_HOST": self.config.host,
            "PUBLICATION_HTTP_PORT": str(self.config.web_port),
            f"{prefix}_METRICS_HOST": self.config.host,
            # By process name: a replica may be given ports of its own here too.
            f"{prefix}_METRICS_PORT": str(self.config.metrics_ports.get(name, 0)),
            f"{prefix}_HEALTH_PORT": str(self.config.health_ports.get(name, 0)),
            **self.config.environment,
            **(replica.environment if replica else {}),
        }
        log = self.log_path(name).open("ab")
        # A session of its own: Ctrl-C reaches only the launcher, which stops the
        # services first and NATS last, so in-flight calls finish cleanly.
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", service],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def wait_serving(self, name: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        health_port = self.config.health_ports.get(name)
        health = f"{self.config.host}:{health_port}" if health_port else self.address(name)
        while not check_serving(health):
            process = self.processes[name]
            if process.poll() is not None:
                raise RuntimeError(
                    f"{name} exited with code {process.returncode}; see {self.log_path(name)}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} not SERVING after {timeout}s")
            time.sleep(0.1)

    def log_path(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def exited(self) -> list[str]:
        return [name for name, p in self.processes.items() if p.poll() is not None]

    def stop_service(self, name: str, *, kill: bool = False, timeout: float = 20.0) -> int | None:
        """Stops a service or a replica (SIGTERM, or SIGKILL if `kill`); returns its exit code."""
        process = self.processes.pop(name, None)
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode

    def stop(self) -> None:
        for service in list(self.processes):
            self.stop_service(service)
        self.nats.stop()
