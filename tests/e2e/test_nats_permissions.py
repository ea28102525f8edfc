"""The services run as `make run` and Kubernetes run them: each logs in to NATS as its own
user, allowed only what it does (`portcullis_kit.nats_auth`). Everything flows, nothing
is refused, and a service's credentials cannot write where another service writes."""

import asyncio
from pathlib import Path

import nats
import nats.errors
import pytest

from portcullis.publication.v1 import publication_service_pb2 as publication_pb
from portcullis_cli.cluster import SERVICES, LocalCluster
from portcullis_kit import nats_auth
from tests.e2e.conftest import Clients, make_cluster, nats_violations
from tests.e2e.test_audit import FAST_CHECKPOINTS, record_history
from tests.support import eventually


def witnessed(clients: Clients, service: str) -> bool:
    request = publication_pb.GetWitnessedCheckpointRequest(service=service)
    try:
        clients.publication.GetWitnessedCheckpoint(request, timeout=5)
    except Exception:
        return False
    return True


async def try_to_publish(url: str, user: str, subject: str) -> list[str]:
    """Publishes as `user`; returns what the server refused."""
    refused: list[str] = []

    async def error(e: Exception) -> None:
        refused.append(str(e))

    client = await nats.connect(url, inbox_prefix=nats_auth.inbox_prefix(user), error_cb=error)
    try:
        with pytest.raises(nats.errors.TimeoutError):  # no stream acknowledges it
            await client.jetstream().publish(subject, b"forged", timeout=2)
    finally:
        await client.close()
    return refused


def test_every_service_does_its_work_within_its_nats_permissions(tmp_path: Path) -> None:
    cluster: LocalCluster = make_cluster(tmp_path, FAST_CHECKPOINTS)
    cluster.start()
    clients = Clients(cluster)
    try:
        # Registry's events reach screening and publication, scoring's reach publication,
        # and every service's checkpoints reach publication's witness.
        record_history(clients, "Shenzhen Hongdark Electronics Co., Ltd.")
        for service in SERVICES:
            eventually(lambda service=service: witnessed(clients, service), 60)  # type: ignore[misc]
        assert nats_violations(cluster) == []

        subject = "portcullis.registry_checkpoints.v1.signed_checkpoint"
        refused = asyncio.run(try_to_publish(cluster.nats_url("screening"), "screening", subject))
        assert refused == [f'nats: permissions violation for publish to "{subject}"']
    finally:
        clients.close()
        cluster.stop()
