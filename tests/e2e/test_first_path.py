"""The first real path: a debarment in the registry makes screening answer MATCH."""

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from portcullis.common.v1 import types_pb2
from portcullis.publication.v1 import publication_service_pb2 as publication_pb
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.scoring.v1 import scoring_service_pb2 as scoring_pb
from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis_cli.cluster import SERVICES, LocalCluster, check_serving
from portcullis_cli.reference_data import load_postal_operators
from portcullis_cli.scoring_demo import load_scoring_demo
from tests.e2e.conftest import Clients
from tests.support import debarment_action, eventually, party_proto

ROOT = Path(__file__).resolve().parents[2]
BUF = str(Path(sys.executable).parent / "buf")


def screen(clients: Clients, name: str) -> screening_pb.ScreenPartyResponse:
    return clients.screening.ScreenParty(
        screening_pb.ScreenPartyRequest(party=party_proto(name)), timeout=5
    )


def matched(clients: Clients, name: str) -> screening_pb.ScreenPartyResponse | None:
    response = screen(clients, name)
    return response if response.hits else None


def test_a_debarred_party_screened_by_its_exact_name_is_a_match_naming_the_exclusion(
    clients: Clients,
) -> None:
    name = "Shenzhen Hongdark Electronics Co., Ltd."
    assert screen(clients, name).decision == screening_pb.DECISION_CLEAR
    party = clients.registry.RegisterParty(
        registry_pb.RegisterPartyRequest(party=party_proto(name)), timeout=5
    )
    debarment = clients.registry.Debar(
        registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action()), timeout=5
    )
    result = eventually(lambda: matched(clients, name))
    assert result.decision == screening_pb.DECISION_MATCH
    [hit] = result.hits
    assert (hit.party_id, hit.exclusion_id) == (party.party_id, debarment.exclusion_id)
    assert hit.evidence[0].listed_value == name


def test_every_service_is_serving_and_answers_a_real_call(
    cluster: LocalCluster, clients: Clients
) -> None:
    assert all(check_serving(cluster.address(s)) for s in SERVICES)
    post = clients.scoring.RegisterPost(
        scoring_pb.RegisterPostRequest(upu_code="J1CADA", country="AD", name="AndorraPost"),
        timeout=5,
    )
    status = clients.scoring.GetPostStatus(
        scoring_pb.GetPostStatusRequest(post_id=post.post_id), timeout=5
    )
    assert status.post.name == "AndorraPost"
    seizure = clients.publication.RecordSeizure(
        publication_pb.RecordSeizureRequest(
            seizure=publication_pb.Seizure(
                seized_date="2026-11-03",
                environment=publication_pb.ENVIRONMENT_INTERNATIONAL_MAIL,
                origin_country="CN",
                lines=[
                    publication_pb.SeizureLine(
                        description="counterfeit watches",
                        quantity=12,
                        category=publication_pb.VIOLATION_CATEGORY_INTELLECTUAL_PROPERTY,
                        msrp=types_pb2.Money(currency_code="USD", minor_units=120000),
                    )
                ],
            )
        ),
        timeout=5,
    )
    stored = clients.publication.GetSeizure(
        publication_pb.GetSeizureRequest(seizure_id=seizure.seizure_id), timeout=5
    )
    assert stored.seizure.lines[0].quantity == 12
    info = clients.screening.GetWatchlistInfo(screening_pb.GetWatchlistInfoRequest(), timeout=5)
    assert info.watchlist_version


def buf_curl(*args: str, data: str | None = None) -> str:
    command = [BUF, "curl", "--protocol", "grpc", "--http2-prior-knowledge", *args]
    if data is not None:
        command[2:2] = ["-d", data]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=30).stdout


def readme_grpcurl_calls() -> list[tuple[str, str, str]]:
    """(service port name, json, method) of every `grpcurl -d` example in the README."""
    text = (ROOT / "README.md").read_text()
    pattern = re.compile(r"grpcurl -plaintext -d '(.+?)' localhost:(\d+) (\S+)")
    return [(port, body, method) for body, port, method in pattern.findall(text)]


def test_the_readme_grpcurl_examples_work_over_reflection(cluster: LocalCluster) -> None:
    """The README's calls, with JSON input, sent by `buf curl` (no grpcurl binary on PyPI)."""
    by_default_port = {
        "50051": "registry",
        "50052": "screening",
        "50053": "scoring",
        "50054": "publication",
    }
    # The scoring examples ask about the demo `make run` loads.
    load_postal_operators(cluster.address("scoring"))
    load_scoring_demo(cluster.address("scoring"), datetime.now(UTC).date())
    listed = buf_curl("--list-services", f"http://{cluster.address('registry')}").split()
    assert "portcullis.registry.v1.RegistryService" in listed
    calls = readme_grpcurl_calls()
    assert len(calls) >= 3
    outputs: dict[str, str] = {}
    for port, body, method in calls:
        address = cluster.address(by_default_port[port])
        for placeholder, value in outputs.items():
            body = body.replace(placeholder, value)
        output = buf_curl(f"http://{address}/{method}", data=body)
        for key in ("partyId", "exclusionId", "upuCode", "quarter"):
            found = re.search(rf'"{key}": "([^"]+)"', output)
            if found and f"<{key}>" not in outputs:
                outputs[f"<{key}>"] = found.group(1)
    # The first screening example: the party registered and debarred just above.
    screen_port, screen_body, screen_method = next(
        call for call in calls if call[2].endswith("/ScreenParty")
    )
    screen_address = cluster.address(by_default_port[screen_port])

    def screened_match() -> str | None:
        output = buf_curl(f"http://{screen_address}/{screen_method}", data=screen_body)
        return output if "DECISION_MATCH" in output else None

    final = eventually(screened_match)
    assert outputs["<exclusionId>"] in final
