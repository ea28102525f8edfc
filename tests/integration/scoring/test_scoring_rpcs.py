"""Scoring's RPCs over a real gRPC server on SQLite: a quarter run from observations to
the answers partners ask for, and bad input named by field."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import grpc
import pytest

from portcullis.scoring.v1 import scoring_service_pb2 as pb
from portcullis.scoring.v1 import scoring_service_pb2_grpc as pb_grpc
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.grpc_server import GrpcServer
from portcullis_kit.settings import ServiceSettings
from scoring.entrypoints.grpc_servicer import scoring_servicer
from tests.unit.scoring.support import Clock, scoring_app

BAD = pb.Observations(
    items_received=10_000,
    items_with_aed=3_000,
    aed_errors=900,
    seizures=[
        pb.SeizureCount(
            category=pb.SEIZURE_CATEGORY_SYNTHETIC_OPIOIDS, count=60, priority_trade_issue="PTI-3"
        )
    ],
    information_requests=10,
    timely_responses=2,
)
GOOD = pb.Observations(items_received=10_000, items_with_aed=9_900, aed_errors=10)


@pytest.fixture
async def stub(tmp_path: Path) -> AsyncIterator[pb_grpc.ScoringServiceAsyncStub]:
    env = persistence_env("scoring", ServiceSettings(data_dir=tmp_path))
    app = scoring_app(env, Clock(date(2024, 7, 15)))
    server = GrpcServer([scoring_servicer(app)])
    port = await server.start("127.0.0.1", 0)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield pb_grpc.ScoringServiceStub(channel)
    await server.stop(0)
    app.close()


async def run_two_quarters(stub: pb_grpc.ScoringServiceAsyncStub) -> None:
    await stub.RegisterPost(
        pb.RegisterPostRequest(upu_code="J1CAEA", country="AE", name="EmiratesPost")
    )
    await stub.RegisterPost(
        pb.RegisterPostRequest(upu_code="J1CAFA", country="AF", name="Afghan Post")
    )
    for quarter in ("2024Q1", "2024Q2"):
        for code, figures in (("J1CAEA", BAD), ("J1CAFA", GOOD)):
            await stub.RecordObservations(
                pb.RecordObservationsRequest(
                    upu_code=code, quarter=quarter, batch_id="feed-1", observations=figures
                ),
                timeout=5,
            )
        await stub.SetThreshold(
            pb.SetThresholdRequest(quarter=quarter, threshold=60, reason="set by the SDO"),
            timeout=5,
        )
        await stub.CloseQuarter(pb.CloseQuarterRequest(quarter=quarter), timeout=5)


async def test_a_quarter_run_answers_status_list_explanation_and_treatment(
    stub: pb_grpc.ScoringServiceAsyncStub,
) -> None:
    await run_two_quarters(stub)
    status = await stub.GetPostStatus(pb.GetPostStatusRequest(upu_code="J1CAEA"), timeout=5)
    assert status.consecutive_non_compliant_quarters == 2
    assert status.status.level == pb.ESCALATION_LEVEL_TARGETED_INSPECTION
    assert status.status.determination.metric_version == 1
    listed = await stub.ListNonCompliantPosts(pb.ListNonCompliantPostsRequest(), timeout=5)
    assert (listed.quarter, [p.post.upu_code for p in listed.posts]) == ("2024Q2", ["J1CAEA"])
    explained = await stub.ExplainScore(
        pb.ExplainScoreRequest(upu_code="J1CAEA", quarter="2024Q2"), timeout=5
    )
    assert "non-compliant" in explained.explanation
    assert explained.status.determination.factors[0].name == "coverage"
    assert explained.metric.prior_items == 5000
    # An item accepted in the UAE: the Emirates post is at targeted inspection.
    treatment = await stub.GetMailItemTreatment(
        pb.GetMailItemTreatmentRequest(item_id="RR123456785AE"), timeout=5
    )
    assert treatment.treatment == pb.TREATMENT_INSPECT
    assert "2 or more" in treatment.posts[0].reason
    again = await stub.CloseQuarter(pb.CloseQuarterRequest(quarter="2024Q2"), timeout=5)
    assert len(again.posts) == 2  # closing again returns what was decided


@pytest.mark.parametrize(
    ("call", "request_message", "field"),
    [
        (
            "SetThreshold",
            pb.SetThresholdRequest(quarter="2024Q5", threshold=60, reason="x"),
            "quarter",
        ),
        (
            "SetThreshold",
            pb.SetThresholdRequest(quarter="2024Q1", threshold=101, reason="x"),
            "threshold",
        ),
        (
            "GetMailItemTreatment",
            pb.GetMailItemTreatmentRequest(item_id="RR123456784AE"),
            "item_id",
        ),
        ("GetPostStatus", pb.GetPostStatusRequest(post_id="not-a-uuid"), "post_id"),
        (
            "RecordObservations",
            pb.RecordObservationsRequest(
                upu_code="J1CAEA",
                quarter="2024Q1",
                batch_id="b",
                observations=pb.Observations(items_received=5, items_with_aed=6),
            ),
            "observations.items_with_aed",
        ),
        (
            "RecordObservations",
            pb.RecordObservationsRequest(
                upu_code="J1CAEA",
                quarter="2024Q1",
                batch_id="b",
                observations=pb.Observations(
                    seizures=[
                        pb.SeizureCount(
                            category=pb.SEIZURE_CATEGORY_COUNTERFEIT,
                            count=1,
                            priority_trade_issue="PTI-99",
                        )
                    ]
                ),
            ),
            "observations.seizures[0].priority_trade_issue",
        ),
        (
            "PublishMetricVersion",
            pb.PublishMetricVersionRequest(
                metric=pb.MetricVersion(version=2, effective_from="soon"), reason="x"
            ),
            "metric.effective_from",
        ),
    ],
)
async def test_bad_requests_are_invalid_naming_the_field(
    stub: pb_grpc.ScoringServiceAsyncStub, call: str, request_message: object, field: str
) -> None:
    await stub.RegisterPost(
        pb.RegisterPostRequest(upu_code="J1CAEA", country="AE", name="EmiratesPost")
    )
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await getattr(stub, call)(request_message, timeout=5)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (raised.value.details() or "").startswith(field)


async def test_closing_without_a_threshold_is_a_failed_precondition(
    stub: pb_grpc.ScoringServiceAsyncStub,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.CloseQuarter(pb.CloseQuarterRequest(quarter="2024Q1"), timeout=5)
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "threshold" in (raised.value.details() or "")
