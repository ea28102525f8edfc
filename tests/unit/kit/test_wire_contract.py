"""The proto3 JSON shapes promised to partners in DESIGN.md must not drift."""

import json

from google.protobuf import json_format

from portcullis.common.v1 import types_pb2
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.screening.v1 import screening_service_pb2 as screening_pb

PARTY_JSON = {
    "kind": "PARTY_KIND_ORGANIZATION",
    "name": "Shenzhen Hongdark Electronics Co., Ltd.",
    "aliases": ["Hong Dark Electronic Trade Company"],
    "addresses": [
        {
            "line1": "1 Shennan Road",
            "line2": "Unit 5",
            "city": "Shenzhen",
            "region": "Guangdong",
            "postalCode": "518000",
            "country": "CN",
        }
    ],
    "identifiers": [{"scheme": "EIN", "value": "12-3456789"}],
    "phones": ["+86 755 1234 5678"],
    "emails": ["sales@hongdark.example"],
    "birthDate": "1970-01-31",
    "sourceRef": "SAM-1",
    "websites": ["https://hongdark.example"],
    "dbaNames": ["Hongdark Trading"],
    "formerNames": ["Shenzhen Hong Xing Da Technology Co., Limited"],
}


def test_party_json_round_trips_unchanged() -> None:
    party = json_format.Parse(json.dumps(PARTY_JSON), types_pb2.Party())
    assert json_format.MessageToDict(party) == PARTY_JSON


def test_screen_party_response_json_has_the_promised_names() -> None:
    response = screening_pb.ScreenPartyResponse(
        decision=screening_pb.DECISION_MATCH,
        watchlist_version="42@2026-11-28",
        hits=[
            screening_pb.Hit(
                party_id="p",
                source_ref="SAM-1",
                exclusion_id="e",
                name="n",
                score=0.97,
                decision=screening_pb.DECISION_MATCH,
                evidence=[screening_pb.Evidence(query_field="name", weight=1.0)],
            )
        ],
    )
    as_json = json_format.MessageToDict(response)
    assert as_json["decision"] == "DECISION_MATCH"
    assert as_json["watchlistVersion"] == "42@2026-11-28"
    assert set(as_json["hits"][0]) >= {
        "partyId", "sourceRef", "exclusionId", "name", "score", "decision", "evidence"
    }  # fmt: skip


def test_exclusion_type_names_are_the_promised_ones() -> None:
    names = set(registry_pb.ExclusionType.keys())
    assert {
        "EXCLUSION_TYPE_SUSPENSION",
        "EXCLUSION_TYPE_PROPOSED_DEBARMENT",
        "EXCLUSION_TYPE_DEBARMENT",
        "EXCLUSION_TYPE_VOLUNTARY_EXCLUSION",
    } <= names
