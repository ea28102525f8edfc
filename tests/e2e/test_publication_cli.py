"""`portcullis publication import`: seizures from CSV, rows of one seizure_ref being one
seizure; importing again records nothing new; a bad row is refused by number."""

import subprocess
import sys
from pathlib import Path

from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis_cli.cluster import LocalCluster
from tests.e2e.conftest import Clients

PORTCULLIS = str(Path(sys.executable).parent / "portcullis")
HEADER = (
    "seizure_ref,seized_date,environment,origin_country,post_or_carrier,organization,"
    "description,quantity,msrp_usd,category,priority_trade_issue,sensitive\n"
)


def portcullis(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PORTCULLIS, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_seizures_imported_from_csv_once(
    cluster: LocalCluster, clients: Clients, tmp_path: Path
) -> None:
    seizures = tmp_path / "seizures.csv"
    rows = [
        f"CASE-{n},2026-08-0{n + 1},express,CN,DHL,Org {n},handbags,10,2500.00,"
        "intellectual_property,PTI-4,no"
        for n in range(4)
    ]
    rows.append(
        "CASE-0,2026-08-01,express,CN,DHL,Org 0,watches,2,900.50,intellectual_property,PTI-4,no"
    )
    rows.append("CASE-9,2026-08-09,express,CN,DHL,Org 9,pills,ten,1.00,illegal_drugs,PTI-3,no")
    seizures.write_text(HEADER + "\n".join(rows) + "\n")
    address = cluster.address("publication")
    first = portcullis("publication", "import", str(seizures), "--address", address)
    assert first.returncode == 1  # one bad row
    assert "row 7: quantity: 'ten' is not a whole number" in first.stdout
    again = portcullis("publication", "import", str(seizures), "--address", address)
    assert again.returncode == 1
    draft = clients.publication.DraftReport(pb.DraftReportRequest(period="2026Q3"), timeout=30)
    content = clients.publication.GetReport(
        pb.GetReportRequest(report_id=draft.report.report_id), timeout=5
    ).content
    assert '"seizures": 4' in content  # four seizures, imported once
    assert '"lines": 5' in content
