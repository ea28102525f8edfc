"""End to end with mutual TLS on every gRPC port, as a production deployment runs: an
officer debars, a carrier's screening finds the party, the carrier may not debar, a
caller without a certificate gets nowhere, and an auditor verifies a log over TLS with the
command line."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import grpc
import pytest

from portcullis.audit.v1 import audit_service_pb2 as audit_pb
from portcullis.audit.v1 import audit_service_pb2_grpc as audit_grpc
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.registry.v1 import registry_service_pb2_grpc as registry_grpc
from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis.screening.v1 import screening_service_pb2_grpc as screening_grpc
from portcullis_cli.certificates import CertificateAuthority, Issued
from portcullis_cli.cluster import SERVICES, LocalCluster
from tests.e2e.conftest import make_cluster
from tests.support import debarment_action, eventually, party_proto

PORTCULLIS = str(Path(sys.executable).parent / "portcullis")
NAME = "Shenzhen Hongdark Electronics Co., Ltd."
DHL = str(uuid4())


class Partners:
    def __init__(self, authority: CertificateAuthority) -> None:
        self.authority = authority
        self.issued: dict[str, Issued] = {
            name: authority.issue_client(name)
            for name in ("officer-jsmith", "dhl-express", "auditor-gao")
        }

    def credentials(self, name: str | None) -> grpc.ChannelCredentials:
        issued = self.issued[name] if name else None
        return grpc.ssl_channel_credentials(
            self.authority.path.read_bytes(),
            issued.key.read_bytes() if issued else None,
            issued.certificate.read_bytes() if issued else None,
        )

    def environment(self, name: str) -> dict[str, str]:
        """What a partner sets to use the command line against the deployment."""
        return {
            "PORTCULLIS_CA_FILE": str(self.authority.path),
            "PORTCULLIS_CERT_FILE": str(self.issued[name].certificate),
            "PORTCULLIS_KEY_FILE": str(self.issued[name].key),
        }


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[tuple[LocalCluster, Partners]]:
    authority = CertificateAuthority(tmp_path / "pki")
    server = authority.issue_server(["127.0.0.1", "localhost"])
    partners = Partners(authority)
    identities = tmp_path / "identities.toml"
    identities.write_text(
        '[identities.officer-jsmith]\nroles = ["officer"]\n'
        f'[identities.dhl-express]\nroles = ["facilitator"]\nfacilitator_id = "{DHL}"\n'
        '[identities.auditor-gao]\nroles = ["auditor"]\n'
    )
    environment: dict[str, str] = {}
    for service in SERVICES:
        prefix = service.upper()
        environment |= {
            f"{prefix}_TLS_CERT_FILE": str(server.certificate),
            f"{prefix}_TLS_KEY_FILE": str(server.key),
            f"{prefix}_TLS_CLIENT_CA_FILE": str(authority.path),
            f"{prefix}_IDENTITIES_FILE": str(identities),
        }
    cluster = make_cluster(tmp_path, environment, health_ports=True)
    cluster.start()
    yield cluster, partners
    cluster.stop()


def test_with_mutual_tls_an_officer_debars_a_carrier_screens_and_an_auditor_verifies(
    secured: tuple[LocalCluster, Partners], tmp_path: Path
) -> None:
    cluster, partners = secured
    registry_at, screening_at = cluster.address("registry"), cluster.address("screening")
    with grpc.secure_channel(registry_at, partners.credentials("officer-jsmith")) as channel:
        registry = registry_grpc.RegistryServiceStub(channel)
        party = registry.RegisterParty(
            registry_pb.RegisterPartyRequest(party=party_proto(NAME)), timeout=10
        )
        debar = registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action())
        registry.Debar(debar, timeout=10)
    # The officer's certificate is who the registry records, as the auditor sees.
    with grpc.secure_channel(registry_at, partners.credentials("auditor-gao")) as channel:
        history = audit_grpc.AuditServiceStub(channel).GetHistory(
            audit_pb.GetHistoryRequest(aggregate_id=party.party_id), timeout=10
        )
        assert history.events[0].actor == "officer-jsmith"

    with grpc.secure_channel(screening_at, partners.credentials("dhl-express")) as channel:
        screening = screening_grpc.ScreeningServiceStub(channel)

        def matched() -> screening_pb.ScreenPartyResponse | None:
            request = screening_pb.ScreenPartyRequest(party=party_proto(NAME))
            response = screening.ScreenParty(request, timeout=10)
            return response if response.decision == screening_pb.DECISION_MATCH else None

        assert eventually(matched).hits[0].party_id == party.party_id

    with grpc.secure_channel(registry_at, partners.credentials("dhl-express")) as channel:
        with pytest.raises(grpc.RpcError) as raised:
            registry_grpc.RegistryServiceStub(channel).Debar(debar, timeout=10)
        assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED

    for credentials in (partners.credentials(None), None):
        channel = (
            grpc.secure_channel(screening_at, credentials)
            if credentials
            else grpc.insecure_channel(screening_at)  # plaintext to a TLS port
        )
        with channel, pytest.raises(grpc.RpcError) as raised:
            screening_grpc.ScreeningServiceStub(channel).GetWatchlistInfo(
                screening_pb.GetWatchlistInfoRequest(), timeout=5
            )
        assert raised.value.code() == grpc.StatusCode.UNAVAILABLE

    def verify(as_whom: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PORTCULLIS, "audit", "verify", "--address", registry_at],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=tmp_path,
            env={**os.environ, **partners.environment(as_whom)},
        )

    def verified() -> subprocess.CompletedProcess[str] | None:
        checked = verify("auditor-gao")
        return checked if checked.returncode == 0 else None

    audited = eventually(verified)  # once the first checkpoint is signed (every 2 s)
    assert "verified" in audited.stdout, audited.stdout
    refused = verify("dhl-express")
    assert refused.returncode != 0
    assert "PERMISSION_DENIED" in refused.stdout + refused.stderr
