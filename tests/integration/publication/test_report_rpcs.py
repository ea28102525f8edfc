"""Publication's report RPCs over a real gRPC server on SQLite: seizures in, a report
drafted, reviewed by a second official, published, read as JSON and CSV; bad input named."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import grpc
import pytest

from portcullis.common.v1 import types_pb2
from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis.publication.v1 import publication_service_pb2_grpc as pb_grpc
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.grpc_server import GrpcServer
from portcullis_kit.reference import country_codes, priority_trade_issues
from portcullis_kit.settings import ServiceSettings
from publication.application.publication_app import PublicationApplication
from publication.entrypoints.grpc_servicer import publication_servicer


def as_who(name: str) -> tuple[tuple[str, str]]:
    return (("x-portcullis-caller", name),)


@pytest.fixture
async def stub(tmp_path: Path) -> AsyncIterator[pb_grpc.PublicationServiceAsyncStub]:
    env = persistence_env("publication", ServiceSettings(data_dir=tmp_path))
    app = PublicationApplication(
        env, country_codes(), frozenset(priority_trade_issues()), clock=lambda: date(2026, 10, 2)
    )
    server = GrpcServer([publication_servicer(app)])
    port = await server.start("127.0.0.1", 0)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield pb_grpc.PublicationServiceStub(channel)
    await server.stop(0)
    app.close()


def seizure(
    n: int, category: pb.ViolationCategory.ValueType = pb.VIOLATION_CATEGORY_INTELLECTUAL_PROPERTY
) -> pb.Seizure:
    return pb.Seizure(
        seized_date=f"2026-08-{n + 1:02d}",
        environment=pb.ENVIRONMENT_EXPRESS,
        origin_country="CN",
        lines=[
            pb.SeizureLine(
                description="watches",
                quantity=5,
                msrp=types_pb2.Money(currency_code="USD", minor_units=120_000),
                category=category,
                priority_trade_issue="PTI-4",
            )
        ],
        post_or_carrier="UPS",
        parties=[pb.SeizedParty(kind=pb.SEIZED_PARTY_KIND_ORGANIZATION, name=f"Org {n}")],
    )


async def test_a_report_drafted_reviewed_published_and_read_as_json_and_csv(
    stub: pb_grpc.PublicationServiceAsyncStub,
) -> None:
    for n in range(5):
        await stub.RecordSeizure(pb.RecordSeizureRequest(seizure=seizure(n)), timeout=5)
    await stub.RecordSeizure(
        pb.RecordSeizureRequest(seizure=seizure(9, pb.VIOLATION_CATEGORY_ILLEGAL_DRUGS)), timeout=5
    )
    draft = await stub.DraftReport(
        pb.DraftReportRequest(period="2026Q3"), metadata=as_who("analyst"), timeout=30
    )
    report_id = draft.report.report_id
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.PublishReport(pb.PublishReportRequest(report_id=report_id), timeout=5)
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    await stub.ReviewReport(
        pb.ReviewReportRequest(report_id=report_id, note="ok"), metadata=as_who("sup"), timeout=5
    )
    published = await stub.PublishReport(
        pb.PublishReportRequest(report_id=report_id), metadata=as_who("sup"), timeout=5
    )
    assert published.report.stage == pb.REPORT_STAGE_PUBLISHED
    as_json = await stub.GetReport(pb.GetReportRequest(report_id=report_id), timeout=5)
    content = json.loads(as_json.content)
    assert (as_json.content_type, content["seizures"]) == ("application/json", 6)
    as_csv = await stub.GetReport(
        pb.GetReportRequest(report_id=report_id, format=pb.REPORT_FORMAT_CSV), timeout=5
    )
    assert as_csv.content.splitlines()[0].startswith("period,version,table,row,column")
    assert "fewer than 3 contributors" in as_csv.content  # the one drugs seizure


@pytest.mark.parametrize(
    ("call", "request_message", "field"),
    [
        ("DraftReport", pb.DraftReportRequest(period="2026Q5"), "period"),
        ("GetReport", pb.GetReportRequest(report_id="nope"), "report_id"),
        (
            "RecordSeizure",
            pb.RecordSeizureRequest(
                seizure=pb.Seizure(
                    seized_date="2026-08-01",
                    environment=pb.ENVIRONMENT_EXPRESS,
                    origin_country="CN",
                    lines=[
                        pb.SeizureLine(
                            description="x",
                            quantity=1,
                            msrp=types_pb2.Money(currency_code="USD", minor_units=1),
                            category=pb.VIOLATION_CATEGORY_OTHER,
                            priority_trade_issue="PTI-99",
                        )
                    ],
                )
            ),
            "seizure.lines[0].priority_trade_issue",
        ),
    ],
)
async def test_bad_requests_are_invalid_naming_the_field(
    stub: pb_grpc.PublicationServiceAsyncStub,
    call: str,
    request_message: object,
    field: str,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await getattr(stub, call)(request_message, timeout=5)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (raised.value.details() or "").startswith(field)


async def test_the_fee_report_over_grpc(stub: pb_grpc.PublicationServiceAsyncStub) -> None:
    mail = pb.ChannelVolumes(
        channel=pb.FEE_CHANNEL_INTERNATIONAL_MAIL,
        items=1_000_000,
        fee_units=[pb.FeeUnits(fee="dutiable_mail_item_prepared_by_CBP", units=200_000)],
        inspected=50_000,
        seizures=1_000,
        processing_cost_cents=50,
        inspection_cost_cents=2_000,
        seizure_cost_cents=15_000,
    )
    made = await stub.MakeFeeReport(
        pb.MakeFeeReportRequest(fiscal_year="FY2026", channels=[mail]), timeout=5
    )
    [fees] = made.channels
    assert (fees.fees_cents, fees.cost_cents) == (147_800_000, 165_000_000)
    assert fees.break_even_fee_cents == 825  # $1,650,000 over 200,000 dutiable items
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.MakeFeeReport(
            pb.MakeFeeReportRequest(fiscal_year="FY2026", channels=[pb.ChannelVolumes()]),
            timeout=5,
        )
    assert (raised.value.details() or "").startswith("channels[0].channel")
