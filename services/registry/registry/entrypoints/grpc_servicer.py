"""`portcullis.registry.v1.RegistryService`: proto in, application call, proto out."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import grpc

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis.registry.v1 import registry_service_pb2_grpc as pb_grpc
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.grpc_server import Servicer, StoreServicer
from portcullis_kit.identity import current_caller
from portcullis_kit.party_proto import party_from_proto, party_to_proto
from portcullis_kit.protoconv import (
    optional_date,
    optional_timestamp,
    parse_uuid,
    required_date,
)
from registry.adapters.exclusion_proto import (
    action_from_proto,
    exclusion_to_proto,
    type_from_proto,
)
from registry.adapters.facilitator_proto import (
    facilitator_kind,
    facilitator_to_proto,
    licences_from_proto,
    measure_kind,
    referral_outcome,
    referral_to_proto,
)
from registry.adapters.ior_proto import decision_to_proto, ior_status_to_proto, require_form
from registry.adapters.party_link_proto import link_from_proto, link_to_proto
from registry.application.exclusions import AGREEMENT_TYPES
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import ExclusionType
from registry.entrypoints.sam_interchange import export_exclusions, import_exclusions

Context = grpc.aio.ServicerContext[Any, Any]


class RegistryServicer(pb_grpc.RegistryServiceServicer, StoreServicer):
    def __init__(self, app: RegistryApplication) -> None:
        super().__init__(app)
        self.app = app

    async def RegisterParty(
        self, request: pb.RegisterPartyRequest, context: Context
    ) -> pb.RegisterPartyResponse:
        if not request.HasField("party"):
            raise InvalidArgument("party", "is required")
        details = party_from_proto(request.party)
        party_id = await self.call(self.app.register_party, details, current_caller().name)
        return pb.RegisterPartyResponse(party_id=str(party_id))

    async def UpdateParty(
        self, request: pb.UpdatePartyRequest, context: Context
    ) -> pb.UpdatePartyResponse:
        party_id = parse_uuid(request.party_id, "party_id")
        if not request.HasField("party"):
            raise InvalidArgument("party", "is required")
        details = party_from_proto(request.party)
        await self.call(self.app.update_party, party_id, details, current_caller().name)
        return pb.UpdatePartyResponse()

    async def GetParty(self, request: pb.GetPartyRequest, context: Context) -> pb.GetPartyResponse:
        party_id = parse_uuid(request.party_id, "party_id")
        as_of = optional_timestamp(request, "as_of")
        details = await self.call(self.app.get_party, party_id, as_of)
        links = await self.call(self.app.party_links, party_id, as_of)
        return pb.GetPartyResponse(
            party_id=str(party_id),
            party=party_to_proto(details),
            links=[link_to_proto(link) for link in links],
        )

    async def LinkParties(
        self, request: pb.LinkPartiesRequest, context: Context
    ) -> pb.LinkPartiesResponse:
        party_id = parse_uuid(request.party_id, "party_id")
        link, other = link_from_proto(request.link)
        await self.call(
            self.app.link_parties,
            party_id,
            UUID(other),
            link.kind,
            link.detail,
            current_caller().name,
        )
        return pb.LinkPartiesResponse()

    async def UnlinkParties(
        self, request: pb.UnlinkPartiesRequest, context: Context
    ) -> pb.UnlinkPartiesResponse:
        party_id = parse_uuid(request.party_id, "party_id")
        link, other = link_from_proto(request.link)
        await self.call(
            self.app.unlink_parties,
            party_id,
            UUID(other),
            link.kind,
            link.detail,
            request.reason,
            current_caller().name,
        )
        return pb.UnlinkPartiesResponse()

    async def Suspend(self, request: pb.SuspendRequest, context: Context) -> pb.SuspendResponse:
        exclusion_id = await self._impose(ExclusionType.SUSPENSION, request, context)
        return pb.SuspendResponse(exclusion_id=exclusion_id)

    async def ProposeDebarment(
        self, request: pb.ProposeDebarmentRequest, context: Context
    ) -> pb.ProposeDebarmentResponse:
        exclusion_id = await self._impose(ExclusionType.PROPOSED_DEBARMENT, request, context)
        return pb.ProposeDebarmentResponse(exclusion_id=exclusion_id)

    async def Debar(self, request: pb.DebarRequest, context: Context) -> pb.DebarResponse:
        exclusion_id = await self._impose(ExclusionType.DEBARMENT, request, context)
        return pb.DebarResponse(exclusion_id=exclusion_id)

    async def RecordAgreement(
        self, request: pb.RecordAgreementRequest, context: Context
    ) -> pb.RecordAgreementResponse:
        kind = type_from_proto(request.type)
        if kind not in AGREEMENT_TYPES:
            raise InvalidArgument(
                "type",
                "must be EXCLUSION_TYPE_VOLUNTARY_EXCLUSION or"
                " EXCLUSION_TYPE_ADMINISTRATIVE_AGREEMENT",
            )
        exclusion_id = await self._impose(kind, request, context)
        return pb.RecordAgreementResponse(exclusion_id=exclusion_id)

    async def InitiateProceedings(
        self, request: pb.InitiateProceedingsRequest, context: Context
    ) -> pb.InitiateProceedingsResponse:
        await self.call(
            self.app.initiate_proceedings,
            parse_uuid(request.exclusion_id, "exclusion_id"),
            required_date(request.initiated_date, "initiated_date"),
            request.reference,
            current_caller().name,
        )
        return pb.InitiateProceedingsResponse()

    async def ExtendSuspension(
        self, request: pb.ExtendSuspensionRequest, context: Context
    ) -> pb.ExtendSuspensionResponse:
        await self.call(
            self.app.extend_suspension,
            parse_uuid(request.exclusion_id, "exclusion_id"),
            required_date(request.limit, "limit"),
            request.request_reference,
            current_caller().name,
        )
        return pb.ExtendSuspensionResponse()

    async def ChangeDebarmentPeriod(
        self, request: pb.ChangeDebarmentPeriodRequest, context: Context
    ) -> pb.ChangeDebarmentPeriodResponse:
        await self.call(
            self.app.change_debarment_period,
            parse_uuid(request.exclusion_id, "exclusion_id"),
            required_date(request.end_date, "end_date"),
            request.reason,
            current_caller().name,
            request.period_reason,
        )
        return pb.ChangeDebarmentPeriodResponse()

    async def RecordSamPublication(
        self, request: pb.RecordSamPublicationRequest, context: Context
    ) -> pb.RecordSamPublicationResponse:
        await self.call(
            self.app.record_sam_publication,
            parse_uuid(request.exclusion_id, "exclusion_id"),
            required_date(request.published_date, "published_date"),
        )
        return pb.RecordSamPublicationResponse()

    async def TerminateExclusion(
        self, request: pb.TerminateExclusionRequest, context: Context
    ) -> pb.TerminateExclusionResponse:
        exclusion_id = parse_uuid(request.exclusion_id, "exclusion_id")
        on = required_date(request.terminated_date, "terminated_date")
        await self.call(
            self.app.terminate_exclusion, exclusion_id, on, request.reason, current_caller().name
        )
        return pb.TerminateExclusionResponse()

    async def GetExclusion(
        self, request: pb.GetExclusionRequest, context: Context
    ) -> pb.GetExclusionResponse:
        exclusion_id = parse_uuid(request.exclusion_id, "exclusion_id")
        as_of = optional_timestamp(request, "as_of")
        record = await self.call(self.app.get_exclusion, exclusion_id, as_of)
        return pb.GetExclusionResponse(exclusion=exclusion_to_proto(record))

    async def ListExclusions(
        self, request: pb.ListExclusionsRequest, context: Context
    ) -> pb.ListExclusionsResponse:
        on = optional_date(request.in_force_on, "in_force_on")
        types = frozenset(type_from_proto(t, f"types[{i}]") for i, t in enumerate(request.types))
        as_of = optional_timestamp(request, "as_of")
        # Reads every exclusion: long enough to hold up other calls, so always in a thread.
        records = await asyncio.to_thread(
            self.app.list_exclusions, on, types, request.trade_related_only, as_of
        )
        return pb.ListExclusionsResponse(exclusions=[exclusion_to_proto(r) for r in records])

    async def ImportExclusions(
        self, request_iterator: AsyncIterator[pb.ImportExclusionsRequest], context: Context
    ) -> pb.ImportExclusionsResponse:
        return await import_exclusions(self.app, request_iterator, current_caller().name)

    async def ExportExclusions(
        self, request: pb.ExportExclusionsRequest, context: Context
    ) -> AsyncIterator[pb.ExportExclusionsResponse]:
        async for line in export_exclusions(self.app):
            yield line

    async def ApplyForIorNumber(
        self, request: pb.ApplyForIorNumberRequest, context: Context
    ) -> pb.ApplyForIorNumberResponse:
        view = await self.call(
            self.app.apply_for_ior_number,
            parse_uuid(request.party_id, "party_id"),
            require_form(request),
            current_caller().name,
        )
        return pb.ApplyForIorNumberResponse(decision=decision_to_proto(view.decisions[-1]))

    async def GetIorStatus(
        self, request: pb.GetIorStatusRequest, context: Context
    ) -> pb.GetIorStatusResponse:
        view = await self.call(
            self.app.ior_status,
            parse_uuid(request.party_id, "party_id"),
            optional_timestamp(request, "as_of"),
        )
        return ior_status_to_proto(view)

    async def ReferParty(
        self, request: pb.ReferPartyRequest, context: Context
    ) -> pb.ReferPartyResponse:
        referral_id = await self.call(
            self.app.refer_party,
            parse_uuid(request.party_id, "party_id"),
            request.referred_by.strip(),
            request.grounds.strip(),
            tuple(request.evidence_refs),
        )
        return pb.ReferPartyResponse(referral_id=str(referral_id))

    async def StartReferralReview(
        self, request: pb.StartReferralReviewRequest, context: Context
    ) -> pb.StartReferralReviewResponse:
        await self.call(
            self.app.start_referral_review,
            parse_uuid(request.referral_id, "referral_id"),
            request.reviewer.strip(),
        )
        return pb.StartReferralReviewResponse()

    async def DecideReferral(
        self, request: pb.DecideReferralRequest, context: Context
    ) -> pb.DecideReferralResponse:
        exclusion_id = (
            parse_uuid(request.exclusion_id, "exclusion_id") if request.exclusion_id else None
        )
        await self.call(
            self.app.decide_referral,
            parse_uuid(request.referral_id, "referral_id"),
            referral_outcome(request.outcome),
            exclusion_id,
            request.reason,
            current_caller().name,
        )
        return pb.DecideReferralResponse()

    async def GetReferral(
        self, request: pb.GetReferralRequest, context: Context
    ) -> pb.GetReferralResponse:
        view = await self.call(
            self.app.get_referral,
            parse_uuid(request.referral_id, "referral_id"),
            optional_timestamp(request, "as_of"),
        )
        return referral_to_proto(view)

    async def RegisterFacilitator(
        self, request: pb.RegisterFacilitatorRequest, context: Context
    ) -> pb.RegisterFacilitatorResponse:
        party_id = parse_uuid(request.party_id, "party_id") if request.party_id else None
        facilitator_id = await self.call(
            self.app.register_facilitator,
            facilitator_kind(request.kind),
            request.name,
            licences_from_proto(list(request.licences)),
            party_id,
            current_caller().name,
        )
        return pb.RegisterFacilitatorResponse(facilitator_id=str(facilitator_id))

    async def RecordFacilitatorMeasure(
        self, request: pb.RecordFacilitatorMeasureRequest, context: Context
    ) -> pb.RecordFacilitatorMeasureResponse:
        measure_id = await self.call(
            self.app.impose_facilitator_measure,
            parse_uuid(request.facilitator_id, "facilitator_id"),
            measure_kind(request.kind),
            request.reason,
            tuple(request.basis_refs),
            current_caller().name,
        )
        return pb.RecordFacilitatorMeasureResponse(measure_id=measure_id)

    async def LiftFacilitatorMeasure(
        self, request: pb.LiftFacilitatorMeasureRequest, context: Context
    ) -> pb.LiftFacilitatorMeasureResponse:
        await self.call(
            self.app.lift_facilitator_measure,
            parse_uuid(request.facilitator_id, "facilitator_id"),
            request.measure_id,
            request.reason,
            current_caller().name,
        )
        return pb.LiftFacilitatorMeasureResponse()

    async def GetFacilitatorStatus(
        self, request: pb.GetFacilitatorStatusRequest, context: Context
    ) -> pb.GetFacilitatorStatusResponse:
        current_caller().require_facilitator(request.facilitator_id)
        as_of = optional_timestamp(request, "as_of")
        view = await self.call(
            self.app.facilitator_status,
            parse_uuid(request.facilitator_id, "facilitator_id"),
            as_of,
        )
        return facilitator_to_proto(view, as_of.date() if as_of else self.app.clock())

    async def _impose(
        self,
        kind: ExclusionType,
        request: pb.SuspendRequest
        | pb.ProposeDebarmentRequest
        | pb.DebarRequest
        | pb.RecordAgreementRequest,
        context: Context,
    ) -> str:
        party_id = parse_uuid(request.party_id, "party_id")
        if not request.HasField("action"):
            raise InvalidArgument("action", "is required")
        action = action_from_proto(request.action)
        exclusion_id = await self.call(
            self.app.impose_exclusion, party_id, kind, action, current_caller().name
        )
        return str(exclusion_id)


def registry_servicer(app: RegistryApplication) -> Servicer:
    return Servicer(
        name=pb.DESCRIPTOR.services_by_name["RegistryService"].full_name,
        implementation=RegistryServicer(app),
        add_to_server=pb_grpc.add_RegistryServiceServicer_to_server,
    )
