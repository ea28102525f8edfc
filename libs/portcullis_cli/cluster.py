"""Starts nats-server and the four services as separate processes, as `make run` does.

The end-to-end tests use the same class, so what they test is what people run.
"""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from portcullis_kit.nats_local import LocalNatsServer, ensure_port_free

SERVICES = ("registry", "screening", "scoring", "publication")
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


def check_serving(address: str, timeout: float = 1.0) -> bool:
    with grpc.insecure_channel(address) as channel:
        try:
            response = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=timeout
            )
        except grpc.RpcError:
            return False
    return bool(response.status == health_pb2.HealthCheckResponse.SERVING)


class LocalCluster:
    def __init__(self, config: ClusterConfig) -> None:
        self.config = config
        self.log_dir = config.data_dir / "log"
        self.nats = LocalNatsServer(
            config.nats_port, config.data_dir / "nats", self.log_dir / "nats.log"
        )
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def address(self, service: str) -> str:
        return f"{self.config.host}:{self.config.ports[service]}"

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

    def start_service(self, service: str) -> None:
        prefix = service.upper()
        env = {
            **os.environ,
            f"{prefix}_GRPC_HOST": self.config.host,
            f"{prefix}_GRPC_PORT": str(self.config.ports[service]),
            f"{prefix}_NATS_URL": self.nats.url,
            f"{prefix}_DATA_DIR": str(self.config.data_dir),
            f"{prefix}_LOG_FORMAT": self.config.log_format,
            "PUBLICATION_HTTP_HOST": self.config.host,
            "PUBLICATION_HTTP_PORT": str(self.config.web_port),
            f"{prefix}_METRICS_HOST": self.config.host,
            f"{prefix}_METRICS_PORT": str(self.config.metrics_ports.get(service, 0)),
            f"{prefix}_HEALTH_PORT": str(self.config.health_ports.get(service, 0)),
            **self.config.environment,
        }
        log = (self.log_dir / f"{service}.log").open("ab")
        # A session of its own: Ctrl-C reaches only the launcher, which stops the
        # services first and NATS last, so in-flight calls finish cleanly.
        self.processes[service] = subprocess.Popen(
            [sys.executable, "-m", service],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def wait_serving(self, service: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        health_port = self.config.health_ports.get(service, self.config.ports[service])
        while not check_serving(f"{self.config.host}:{health_port}"):
            process = self.processes[service]
            if process.poll() is not None:
                raise RuntimeError(
                    f"{service} exited with code {process.returncode}; see {self.log_path(service)}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"{service} not SERVING after {timeout}s")
            time.sleep(0.1)

    def log_path(self, service: str) -> Path:
        return self.log_dir / f"{service}.log"

    def exited(self) -> list[str]:
        return [name for name, p in self.processes.items() if p.poll() is not None]

    def stop_service(
        self, service: str, *, kill: bool = False, timeout: float = 20.0
    ) -> int | None:
        """Stops a service (SIGTERM, or SIGKILL if `kill`); returns its exit code."""
        process = self.processes.pop(service, None)
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
