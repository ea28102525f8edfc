"""`portcullis registry import` and `export` against the running services."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis_cli.cluster import LocalCluster
from portcullis_kit.reference import REFERENCE_DIR
from tests.e2e.conftest import Clients
from tests.support import eventually, party_proto

PORTCULLIS = str(Path(sys.executable).parent / "portcullis")
SAMPLE = REFERENCE_DIR / "sam_exclusions_api_sample_v2layout.csv"


def portcullis(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PORTCULLIS, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_sam_extract_imports_once_and_its_parties_screen_as_matches(
    cluster: LocalCluster, clients: Clients
) -> None:
    address = cluster.address("registry")
    first = portcullis("registry", "import", str(SAMPLE), "--address", address)
    assert first.returncode == 0, first.stderr
    assert "55" in first.stderr
    again = portcullis("registry", "import", str(SAMPLE), "--address", address)
    assert again.returncode == 0
    assert "63" in again.stderr  # every row unchanged

    def matched() -> bool:
        response = clients.screening.ScreenParty(
            screening_pb.ScreenPartyRequest(
                party=party_proto("Hong Dark Electronic Trade Company")
            ),
            timeout=5,
        )
        return bool(response.decision == screening_pb.DECISION_MATCH)

    eventually(matched, timeout=30)


def test_a_json_lines_file_reports_bad_rows_and_imports_the_rest(
    cluster: LocalCluster, clients: Clients, tmp_path: Path
) -> None:
    good: dict[str, Any] = {
        "party": {
            "kind": "PARTY_KIND_ORGANIZATION",
            "name": "Jsonl Trading Ltd",
            "addresses": [{"country": "HK"}],
            "sourceRef": "cli-1",
        },
        "exclusion": {
            "type": "EXCLUSION_TYPE_DEBARMENT",
            "tradeRelated": True,
            "effectiveDate": "2026-11-02",
            "endDate": "2029-11-01",
            "cause": "counterfeit goods",
        },
    }
    bad_type = {**good, "exclusion": {**good["exclusion"], "type": "EXCLUSION_TYPE_EXILE"}}
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in (good, bad_type)) + "\n{not json\n")
    result = portcullis("registry", "import", str(path), "--address", cluster.address("registry"))
    assert result.returncode == 1
    assert "row 2: line:" in result.stderr
    assert "row 3: line:" in result.stderr
    listed = clients.registry.ListExclusions(registry_pb.ListExclusionsRequest(), timeout=5)
    assert [e.action.cause for e in listed.exclusions] == ["counterfeit goods"]


def test_export_writes_the_sam_v4_extract(cluster: LocalCluster, tmp_path: Path) -> None:
    address = cluster.address("registry")
    portcullis("registry", "import", str(SAMPLE), "--address", address)
    out = tmp_path / "export.csv"
    result = portcullis("registry", "export", "--out", str(out), "--address", address)
    assert result.returncode == 0, result.stderr
    lines = out.read_text().splitlines()
    assert lines[0].startswith("classificationType,exclusionType,exclusionProgram")
    assert len(lines) == 1 + 55
