"""Screening's RPCs over a real gRPC server: streaming, and bad input named by field."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from uuid import uuid4

import grpc
import pytest

from portcullis.common.v1 import types_pb2
from portcullis.screening.v1 import screening_service_pb2 as pb
from portcullis.screening.v1 import screening_service_pb2_grpc as pb_grpc
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.grpc_server import GrpcServer
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from screening.application.screening_app import ScreeningApplication
from screening.domain.watched_party import Listing
from screening.entrypoints.grpc_servicer import screening_servicer
from tests.support import name_reader, organisation, party_proto

TODAY = date(2026, 11, 28)
LISTED = "Shenzhen Hongdark Electronics Co., Ltd."


@pytest.fixture
async def stub(tmp_path: Path) -> AsyncIterator[pb_grpc.ScreeningServiceAsyncStub]:
    env = persistence_env("screening", ServiceSettings(data_dir=tmp_path))
    app = ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)
    party_id = uuid4()
    app.save(*app.party_registered(party_id, organisation(LISTED)))
    listing = Listing("debarment", date(2026, 11, 2), None, trade_related=True)
    app.save(*app.exclusion_imposed(party_id, uuid4(), listing))
    server = GrpcServer([screening_servicer(app)])
    port = await server.start("127.0.0.1", 0)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield pb_grpc.ScreeningServiceStub(channel)
    await server.stop(0)


async def test_screen_parties_answers_each_request_in_order_and_names_a_bad_one(
    stub: pb_grpc.ScreeningServiceAsyncStub,
) -> None:
    parties = [party_proto(LISTED), party_proto("Acme", country="XX"), party_proto("Acme Toys")]
    parties.append(types_pb2.Party(kind=types_pb2.PARTY_KIND_ORGANIZATION))

    async def requests() -> AsyncIterator[pb.ScreenPartiesRequest]:
        for i, party in enumerate(parties):
            yield pb.ScreenPartiesRequest(request_id=f"row-{i}", party=party)

    replies = [r async for r in stub.ScreenParties(requests(), timeout=10)]
    assert [r.request_id for r in replies] == ["row-0", "row-1", "row-2", "row-3"]
    assert replies[0].result.decision == pb.DECISION_MATCH
    assert replies[0].result.watchlist_version
    assert replies[1].invalid.field == "party.addresses[0].country"
    assert replies[2].result.decision == pb.DECISION_CLEAR
    assert replies[3].invalid.field == "party.name"


@pytest.mark.parametrize(
    ("party", "field"),
    [
        (None, "party"),
        (types_pb2.Party(kind=types_pb2.PARTY_KIND_ORGANIZATION), "party.name"),
        (party_proto("Acme", country="Narnia"), "party.addresses[0].country"),
        (types_pb2.Party(name="Acme"), "party.kind"),
        (
            types_pb2.Party(kind=types_pb2.PARTY_KIND_INDIVIDUAL, name="A", birth_date="1.2.1970"),
            "party.birth_date",
        ),
    ],
)
async def test_a_malformed_party_is_invalid_argument_naming_the_field(
    stub: pb_grpc.ScreeningServiceAsyncStub, party: types_pb2.Party | None, field: str
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.ScreenParty(pb.ScreenPartyRequest(party=party), timeout=5)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (raised.value.details() or "").startswith(f"{field}:")


async def test_notification_calls_name_what_is_wrong(
    stub: pb_grpc.ScreeningServiceAsyncStub,
) -> None:
    bad = [
        (pb.FileNotificationRequest(facilitator_id="x"), grpc.StatusCode.INVALID_ARGUMENT),
        (
            pb.FileNotificationRequest(
                facilitator_id=str(uuid4()),
                excluded_party_id=str(uuid4()),
                suspected_party=party_proto("Front"),
            ),
            grpc.StatusCode.NOT_FOUND,
        ),
    ]
    for request, code in bad:
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await stub.FileNotification(request, timeout=5)
        assert raised.value.code() == code
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.DispositionHit(pb.DispositionHitRequest(notification_id=str(uuid4())))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (raised.value.details() or "").startswith("disposition:")
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.ListNotifications(pb.ListNotificationsRequest(page_token="abc"))
    assert (raised.value.details() or "").startswith("page_token:")
    empty = await stub.ListNotifications(pb.ListNotificationsRequest())
    assert list(empty.notifications) == []
    assert empty.next_page_token == ""
