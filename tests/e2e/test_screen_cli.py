"""`portcullis screen FILE.jsonl` against the running services."""

import json
from pathlib import Path

from google.protobuf import json_format

from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis_cli.cluster import LocalCluster
from tests.e2e.conftest import Clients
from tests.e2e.test_registry_cli import portcullis
from tests.support import debarment_action, eventually, party_proto

LISTED = "Shenzhen Hongdark Electronics Co., Ltd."


def test_screen_writes_one_result_a_line_in_order_with_bad_lines_in_their_place(
    cluster: LocalCluster, clients: Clients, tmp_path: Path
) -> None:
    party = clients.registry.RegisterParty(
        registry_pb.RegisterPartyRequest(party=party_proto(LISTED)), timeout=5
    )
    clients.registry.Debar(
        registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action()), timeout=5
    )
    eventually(
        lambda: (
            clients.screening.ScreenParty(
                screening_pb.ScreenPartyRequest(party=party_proto(LISTED)), timeout=5
            ).hits
        )
    )
    parties = tmp_path / "parties.jsonl"
    lines = [
        json_format.MessageToJson(party_proto("SHENZHEN HONGDARK ELECTRONICS CO LTD"), indent=None),
        "{not json",
        json_format.MessageToJson(party_proto("Acme Toys", country="XX"), indent=None),
        json_format.MessageToJson(party_proto("Acme Toys"), indent=None),
    ]
    parties.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = portcullis("screen", str(parties), "--address", cluster.address("screening"))
    assert done.returncode == 1, done.stderr
    assert "2 screened, 2 could not be screened" in done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == 4
    assert results[0]["decision"] == "DECISION_MATCH"
    assert results[0]["hits"][0]["partyId"] == party.party_id
    assert results[0]["watchlistVersion"]
    assert results[1]["line"] == 2
    assert results[2]["error"].startswith("party.addresses[0].country:")
    assert results[3]["decision"] == "DECISION_CLEAR"
