"""End-to-end: nats-server and the four services as processes, started as `make run` starts them."""

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from portcullis.audit.v1 import audit_service_pb2_grpc as audit_grpc
from portcullis.publication.v1 import publication_service_pb2_grpc as publication_grpc
from portcullis.registry.v1 import registry_service_pb2_grpc as registry_grpc
from portcullis.scoring.v1 import scoring_service_pb2_grpc as scoring_grpc
from portcullis.screening.v1 import screening_service_pb2_grpc as screening_grpc
from portcullis_cli.cluster import SERVICES, ClusterConfig, LocalCluster
from tests.support import free_port


class Clients:
    """A stub per service, each on its own channel."""

    def __init__(self, cluster: LocalCluster) -> None:
        self.channels = {s: grpc.insecure_channel(cluster.address(s)) for s in SERVICES}
        self.registry = registry_grpc.RegistryServiceStub(self.channels["registry"])
        self.screening = screening_grpc.ScreeningServiceStub(self.channels["screening"])
        self.scoring = scoring_grpc.ScoringServiceStub(self.channels["scoring"])
        self.publication = publication_grpc.PublicationServiceStub(self.channels["publication"])

    def audit(self, service: str) -> audit_grpc.AuditServiceStub:
        return audit_grpc.AuditServiceStub(self.channels[service])

    def close(self) -> None:
        for channel in self.channels.values():
            channel.close()


def make_cluster(
    data_dir: Path, environment: dict[str, str] | None = None, health_ports: bool = False
) -> LocalCluster:
    """The four services and NATS on free ports; `health_ports` gives each service a
    plaintext health-only port (needed to see them ready when gRPC has mutual TLS)."""
    config = ClusterConfig(
        data_dir=data_dir,
        nats_port=free_port(),
        ports={s: free_port() for s in SERVICES},
        web_port=free_port(),
        metrics_ports={s: free_port() for s in SERVICES},
        health_ports={s: free_port() for s in SERVICES} if health_ports else {},
        environment={
            # Fast relay polling and short shutdown keep the suite quick.
            **{f"{s.upper()}_RELAY_POLL_SECONDS": "0.1" for s in SERVICES},
            **{f"{s.upper()}_SHUTDOWN_GRACE_SECONDS": "2" for s in SERVICES},
            **(environment or {}),
        },
    )
    return LocalCluster(config)


def nats_violations(cluster: LocalCluster) -> list[str]:
    """What nats-server refused a client (each service logs in as its own user, allowed
    only what it does): a service doing what its permissions do not allow shows here."""
    log = cluster.log_dir / "nats.log"
    return [line for line in log.read_text().splitlines() if "Violation" in line]


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[LocalCluster]:
    local = make_cluster(tmp_path)
    local.start()
    yield local
    local.stop()
    # Whatever the test did, every service stayed within its NATS permissions.
    assert nats_violations(local) == []


@pytest.fixture
def clients(cluster: LocalCluster) -> Iterator[Clients]:
    stubs = Clients(cluster)
    yield stubs
    stubs.close()
