"""`portcullis scoring load` and `close` against the running services: a quarter's CSV in,
the quarter closed with a table of results; a bad row refused by number and reason."""

import subprocess
import sys
from pathlib import Path

from portcullis.scoring.v1 import scoring_service_pb2 as scoring_pb
from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis_cli.cluster import LocalCluster
from tests.e2e.conftest import Clients
from tests.support import eventually, party_proto

PORTCULLIS = str(Path(sys.executable).parent / "portcullis")
HEADER = (
    "upu_code,items_received,items_with_aed,aed_errors,counterfeit,synthetic_opioids,"
    "other_narcotics,other_contraband,priority_trade_issue,information_requests,"
    "timely_responses,holds_presented\n"
)


def portcullis(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PORTCULLIS, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_a_quarter_loaded_from_csv_and_closed_from_the_command_line(
    cluster: LocalCluster, clients: Clients, tmp_path: Path
) -> None:
    for code, country, name in (("J1CAEA", "AE", "EmiratesPost"), ("J1CAFA", "AF", "Afghan Post")):
        clients.scoring.RegisterPost(
            scoring_pb.RegisterPostRequest(upu_code=code, country=country, name=name), timeout=5
        )
    clients.scoring.PublishMetricVersion(
        scoring_pb.PublishMetricVersionRequest(
            metric=scoring_pb.MetricVersion(version=1, effective_from="2026Q1"), reason="first"
        ),
        timeout=5,
    )
    observations = tmp_path / "2026Q1.csv"
    observations.write_text(
        HEADER
        + "J1CAEA,10000,3000,900,400,6,0,0,PTI-3,10,2,0\n"
        + "J1CAFA,10000,9900,10,1,0,0,0,PTI-4,4,4,0\n"
    )
    address = cluster.address("scoring")
    loaded = portcullis(
        "scoring", "load", str(observations), "--quarter", "2026Q1", "--address", address
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    again = portcullis(
        "scoring", "load", str(observations), "--quarter", "2026Q1", "--address", address
    )
    assert again.returncode == 0
    assert "2" in again.stdout  # both rows unchanged

    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "J1CAEA,10,20,0,0,0,0,0,,0,0,0\n"
        + "J1CAFA,ten,0,0,0,0,0,0,,0,0,0\n"
        + "J1CAFA,10,0,0,1,0,0,0,PTI-99,0,0,0\n"
    )
    refused = portcullis("scoring", "load", str(bad), "--quarter", "2026Q1", "--address", address)
    assert refused.returncode == 1
    assert "row 2: INVALID_ARGUMENT: observations.items_with_aed" in refused.stdout
    assert "row 4: INVALID_ARGUMENT: observations.seizures" in refused.stdout
    assert "row 3: items_received: 'ten' is not a whole number" in refused.stdout

    closed = portcullis(
        "scoring",
        "close",
        "2026Q1",
        "--threshold",
        "60",
        "--reason",
        "memo 14",
        "--address",
        address,
    )
    assert closed.returncode == 0, closed.stdout + closed.stderr
    assert "2026Q1: threshold 60" in closed.stdout
    assert "J1CAEA" in closed.stdout
    status = clients.scoring.GetPostStatus(
        scoring_pb.GetPostStatusRequest(upu_code="J1CAEA"), timeout=5
    )
    assert status.status.determination.compliant is False

    # A second bad quarter: targeted inspection, which screening applies to mail.
    second = tmp_path / "2026Q2.csv"
    second.write_text(observations.read_text())
    portcullis("scoring", "load", str(second), "--quarter", "2026Q2", "--address", address)
    closed = portcullis(
        "scoring",
        "close",
        "2026Q2",
        "--threshold",
        "60",
        "--reason",
        "memo 15",
        "--address",
        address,
    )
    assert "targeted" in closed.stdout  # the measure (the column may wrap)
    shipment = screening_pb.Shipment(
        consignee=party_proto("Acme Imports"), mail_item_id="RR123456785AE"
    )

    def inspected() -> screening_pb.MailTreatment | None:
        answer = clients.screening.ScreenShipment(
            screening_pb.ScreenShipmentRequest(shipment=shipment), timeout=5
        )
        found = [m for m in answer.mail if m.treatment == screening_pb.MAIL_TREATMENT_KIND_INSPECT]
        return found[0] if found else None

    mail = eventually(inspected)
    assert (mail.upu_code, mail.quarter) == ("J1CAEA", "2026Q2")
    assert "2 or more" in mail.reason
