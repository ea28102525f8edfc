"""The registry's newer RPCs over a real gRPC server: the proto mapping of each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis.registry.v1 import registry_service_pb2_grpc as pb_grpc
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.grpc_server import GrpcServer
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from registry.application.registry_app import RegistryApplication
from registry.entrypoints.grpc_servicer import registry_servicer
from tests.support import debarment_action, party_proto


@pytest.fixture
async def stub(tmp_path: Path) -> AsyncIterator[pb_grpc.RegistryServiceAsyncStub]:
    app = RegistryApplication(
        persistence_env("registry", ServiceSettings(data_dir=tmp_path)), country_codes()
    )
    server = GrpcServer([registry_servicer(app)])
    port = await server.start("127.0.0.1", 0)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield pb_grpc.RegistryServiceStub(channel)
    await server.stop(0)


async def test_ior_application_is_refused_for_a_debarred_party_with_reasons(
    stub: pb_grpc.RegistryServiceAsyncStub,
) -> None:
    party = await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto("Hongdark")))
    await stub.Debar(pb.DebarRequest(party_id=party.party_id, action=debarment_action()))
    form = pb.IorApplicationForm(ior_number="12-3456789", business_structure="corporation")
    reply = await stub.ApplyForIorNumber(
        pb.ApplyForIorNumberRequest(party_id=party.party_id, form=form)
    )
    assert reply.decision.status == pb.IOR_STATUS_REFUSED
    assert "names the party" in reply.decision.reasons[0]
    status = await stub.GetIorStatus(pb.GetIorStatusRequest(party_id=party.party_id))
    assert status.ior_number == "12-3456789"


async def test_a_bad_ior_number_is_invalid_argument_naming_the_field(
    stub: pb_grpc.RegistryServiceAsyncStub,
) -> None:
    party = await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto("Importer")))
    form = pb.IorApplicationForm(ior_number="123", business_structure="corporation")
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.ApplyForIorNumber(
            pb.ApplyForIorNumberRequest(party_id=party.party_id, form=form)
        )
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (raised.value.details() or "").startswith("form.ior_number:")


async def test_list_exclusions_as_of_an_earlier_time(
    stub: pb_grpc.RegistryServiceAsyncStub,
) -> None:
    party = await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto("Hongdark")))
    before = Timestamp()
    before.FromDatetime(datetime.now(UTC))
    await stub.Debar(pb.DebarRequest(party_id=party.party_id, action=debarment_action()))
    now = await stub.ListExclusions(pb.ListExclusionsRequest(in_force_on="2027-01-01"))
    then = await stub.ListExclusions(
        pb.ListExclusionsRequest(in_force_on="2027-01-01", as_of=before)
    )
    assert len(now.exclusions) == 1
    assert len(then.exclusions) == 0


async def test_facilitator_measures_over_grpc(stub: pb_grpc.RegistryServiceAsyncStub) -> None:
    registered = await stub.RegisterFacilitator(
        pb.RegisterFacilitatorRequest(
            kind=pb.FACILITATOR_KIND_CUSTOMS_BROKER,
            name="Quick Clear Brokers",
            licences=[pb.Licence(kind="broker", number="12345")],
        )
    )
    measure = await stub.RecordFacilitatorMeasure(
        pb.RecordFacilitatorMeasureRequest(
            facilitator_id=registered.facilitator_id,
            kind=pb.MEASURE_KIND_BROKER_LICENCE_SUSPENDED,
            reason="kept filing for a debarred importer",
        )
    )
    status = await stub.GetFacilitatorStatus(
        pb.GetFacilitatorStatusRequest(facilitator_id=registered.facilitator_id)
    )
    [shown] = status.measures
    assert (shown.measure_id, shown.in_force) == (measure.measure_id, True)
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.RecordFacilitatorMeasure(
            pb.RecordFacilitatorMeasureRequest(facilitator_id=registered.facilitator_id, reason="x")
        )
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_a_referral_over_grpc(stub: pb_grpc.RegistryServiceAsyncStub) -> None:
    party = await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto("Referred Co")))
    referral = await stub.ReferParty(
        pb.ReferPartyRequest(party_id=party.party_id, referred_by="HSI", grounds="counterfeits")
    )
    await stub.StartReferralReview(
        pb.StartReferralReviewRequest(referral_id=referral.referral_id, reviewer="SDO Smith")
    )
    await stub.DecideReferral(
        pb.DecideReferralRequest(
            referral_id=referral.referral_id,
            outcome=pb.REFERRAL_OUTCOME_DECLINED,
            reason="presently responsible",
        )
    )
    shown = await stub.GetReferral(pb.GetReferralRequest(referral_id=referral.referral_id))
    assert shown.outcome == pb.REFERRAL_OUTCOME_DECLINED


async def test_party_links_over_grpc(stub: pb_grpc.RegistryServiceAsyncStub) -> None:
    company = await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto("Company")))
    owner = await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto("Owner")))
    link = pb.PartyLink(other_party_id=owner.party_id, kind=pb.LINK_KIND_PRINCIPAL, detail="owner")
    await stub.LinkParties(pb.LinkPartiesRequest(party_id=company.party_id, link=link))
    shown = await stub.GetParty(pb.GetPartyRequest(party_id=company.party_id))
    assert list(shown.links) == [link]
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.LinkParties(
            pb.LinkPartiesRequest(party_id=company.party_id, link=pb.PartyLink(kind=9))  # type: ignore[arg-type]
        )
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (raised.value.details() or "").startswith("link.kind:")
