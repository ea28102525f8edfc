"""An auditor's checks against the running services: every log verifies against its
signed checkpoint and replays through the domain code to exactly what the service
reports; publication holds every service's checkpoints as a witness; and an event edited
in the registry's database while it was down is caught by `portcullis audit verify`."""

import sqlite3
import subprocess
import sys
from pathlib import Path

from portcullis.publication.v1 import publication_service_pb2 as publication_pb
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.scoring.v1 import scoring_service_pb2 as scoring_pb
from portcullis_cli.cluster import SERVICES
from tests.e2e.conftest import Clients, make_cluster
from tests.support import debarment_action, eventually, party_proto

PORTCULLIS = str(Path(sys.executable).parent / "portcullis")
FAST_CHECKPOINTS = {f"{s.upper()}_CHECKPOINT_INTERVAL_SECONDS": "0.2" for s in SERVICES}


def portcullis(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PORTCULLIS, *args], capture_output=True, text=True, timeout=120, check=False
    )


def record_history(clients: Clients, name: str) -> None:
    registry = clients.registry
    party = registry.RegisterParty(registry_pb.RegisterPartyRequest(party=party_proto(name)))
    registry.Debar(
        registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action()), timeout=5
    )
    clients.scoring.RegisterPost(
        scoring_pb.RegisterPostRequest(
            upu_code=name[:6].upper(), name=f"{name} Post", country="CN"
        ),
        timeout=5,
    )


def test_every_log_verifies_and_replays_and_a_rewrite_is_caught(tmp_path: Path) -> None:
    state = tmp_path / "auditor"
    cluster = make_cluster(tmp_path / "data", FAST_CHECKPOINTS)
    cluster.start()
    clients = Clients(cluster)
    try:
        record_history(clients, "Shenzhen Hongdark Electronics Co., Ltd.")

        def witnessed(service: str) -> publication_pb.GetWitnessedCheckpointResponse | None:
            request = publication_pb.GetWitnessedCheckpointRequest(service=service)
            try:
                return clients.publication.GetWitnessedCheckpoint(request, timeout=5)
            except Exception:
                return None

        for service in ("registry", "screening", "scoring", "publication"):
            eventually(lambda service=service: witnessed(service))  # type: ignore[misc]
            address = cluster.address(service)
            checked = portcullis("audit", "verify", "--address", address, "--state-dir", str(state))
            assert checked.returncode == 0, checked.stdout + checked.stderr
            replayed = portcullis("audit", "replay", "--address", address)
            assert replayed.returncode == 0, replayed.stdout + replayed.stderr
            assert "aggregates are as the service reports them" in replayed.stdout
        witness = witnessed("registry")
        assert witness is not None
        assert witness.findings == []

        # More history; the next verification also proves it extends the saved checkpoint.
        record_history(clients, "Quanlux Toys Co., Ltd.")
        registry = cluster.address("registry")
        saved_before = sorted((state / "portcullis_registry" / "checkpoints").glob("*.note"))

        def grown() -> bool:
            again = portcullis("audit", "verify", "--address", registry, "--state-dir", str(state))
            assert again.returncode == 0, again.stdout + again.stderr
            return "consistent with 1 saved" in again.stdout or None  # type: ignore[return-value]

        eventually(grown)
        assert len(sorted((state / "portcullis_registry" / "checkpoints").glob("*.note"))) > len(
            saved_before
        )
    finally:
        clients.close()
        cluster.stop()

    # While the registry is down, someone edits a stored event in its database.
    database = tmp_path / "data" / "registry.sqlite"
    with sqlite3.connect(database) as db:
        [(rowid, stored)] = [
            row
            for row in db.execute("SELECT rowid, state FROM stored_events")
            if b"Quanlux" in bytes(row[1])
        ][:1]
        edited = bytes(stored).replace(b"Quanlux", b"Quanlax")
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (edited, rowid))

    restarted = make_cluster(tmp_path / "data", FAST_CHECKPOINTS)
    restarted.start()
    try:
        address = restarted.address("registry")
        caught = portcullis("audit", "verify", "--address", address, "--state-dir", str(state))
        assert caught.returncode == 1, caught.stdout + caught.stderr
        assert "is not the log that was signed" in caught.stdout
        assert "an event was edited, inserted or reordered" in caught.stdout
    finally:
        restarted.stop()
