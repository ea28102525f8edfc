"""`portcullis.screening.v1.ScreeningService`: proto in, application call, proto out."""

from collections.abc import AsyncIterator
from typing import Any

import grpc

from portcullis.common.v1 import types_pb2
from portcullis.screening.v1 import screening_service_pb2 as pb
from portcullis.screening.v1 import screening_service_pb2_grpc as pb_grpc
from portcullis_kit.errors import InvalidArgument, NotFound
from portcullis_kit.grpc_server import Servicer, StoreServicer
from portcullis_kit.identity import current_caller
from portcullis_kit.party import PartyDetails
from portcullis_kit.party_proto import party_from_proto
from portcullis_kit.protoconv import optional_date, parse_uuid
from screening.adapters.screening_proto import (
    DECISION_TO_PROTO,
    disposition_from_proto,
    evidence_from_proto,
    mail_to_proto,
    notification_to_proto,
    result_to_proto,
)
from screening.application.screening_app import SHIPMENT_ROLES, ScreeningApplication, Shipment
from screening.domain.notification import Attempt

Context = grpc.aio.ServicerContext[Any, Any]


def required_party(message: Any, field: str) -> PartyDetails:
    if not message.HasField(field):
        raise InvalidArgument(field, "is required")
    party: types_pb2.Party = getattr(message, field)
    return party_from_proto(party, field)


class ScreeningServicer(pb_grpc.ScreeningServiceServicer, StoreServicer):
    def __init__(self, app: ScreeningApplication) -> None:
        super().__init__(app)
        self.app = app

    async def ScreenParty(
        self, request: pb.ScreenPartyRequest, context: Context
    ) -> pb.ScreenPartyResponse:
        # In memory and fast: no thread hop needed.
        return result_to_proto(self.app.screen(required_party(request, "party")))

    async def ScreenParties(
        self, request_iterator: AsyncIterator[pb.ScreenPartiesRequest], context: Context
    ) -> AsyncIterator[pb.ScreenPartiesResponse]:
        async for request in request_iterator:
            try:
                result = self.app.screen(required_party(request, "party"))
            except InvalidArgument as error:
                invalid = pb.InvalidParty(field=error.field, message=str(error))
                yield pb.ScreenPartiesResponse(request_id=request.request_id, invalid=invalid)
                continue
            yield pb.ScreenPartiesResponse(
                request_id=request.request_id, result=result_to_proto(result)
            )

    async def ScreenShipment(
        self, request: pb.ScreenShipmentRequest, context: Context
    ) -> pb.ScreenShipmentResponse:
        if not request.HasField("shipment"):
            raise InvalidArgument("shipment", "is required")
        s = request.shipment
        # A facilitator files its own shipments: it may leave its id out, not give another's.
        facilitator_id = s.facilitator_id or current_caller().own_facilitator or ""
        current_caller().require_facilitator(facilitator_id, "shipment.facilitator_id")
        shipment = Shipment(
            shipment_ref=s.shipment_ref.strip(),
            facilitator_id=(
                parse_uuid(facilitator_id, "shipment.facilitator_id") if facilitator_id else None
            ),
            parties={
                role: party_from_proto(getattr(s, role), f"shipment.{role}")
                for role in SHIPMENT_ROLES
                if s.HasField(role)  # type: ignore[arg-type]  # the roles are field names
            },
            origin_country=s.origin_country.strip().upper(),
            mail_item_id=s.mail_item_id.strip(),
            origin_post=s.origin_post.strip(),
        )
        # May record facilitation after notice: a store write.
        result = await self.call(self.app.screen_shipment, shipment, current_caller().name)
        return pb.ScreenShipmentResponse(
            decision=DECISION_TO_PROTO[result.decision],
            watchlist_version=result.watchlist_version,
            parties=[
                pb.PartyScreening(role=role, result=result_to_proto(r))
                for role, r in result.parties
            ],
            after_notice=[
                pb.FacilitationAfterNotice(
                    role=a.role,
                    excluded_party_id=str(a.excluded_party_id),
                    notification_id=a.notification_id,
                )
                for a in result.after_notice
            ],
            mail=[mail_to_proto(m) for m in result.mail],
        )

    async def FileNotification(
        self, request: pb.FileNotificationRequest, context: Context
    ) -> pb.FileNotificationResponse:
        current_caller().require_facilitator(request.facilitator_id)
        attempt = Attempt(
            facilitator_id=parse_uuid(request.facilitator_id, "facilitator_id"),
            suspected_party=required_party(request, "suspected_party"),
            excluded_party_id=parse_uuid(request.excluded_party_id, "excluded_party_id"),
            exclusion_id=(
                str(parse_uuid(request.exclusion_id, "exclusion_id"))
                if request.exclusion_id
                else ""
            ),
            attempt_on=optional_date(request.attempt_date, "attempt_date"),
            shipment_ref=request.shipment_ref.strip(),
            narrative=request.narrative.strip(),
        )
        evidence = [
            evidence_from_proto(e, f"evidence[{i}]") for i, e in enumerate(request.evidence)
        ]
        notification = await self.call(
            self.app.file_notification, attempt, evidence, current_caller().name
        )
        return pb.FileNotificationResponse(notification=notification_to_proto(notification))

    async def DispositionHit(
        self, request: pb.DispositionHitRequest, context: Context
    ) -> pb.DispositionHitResponse:
        disposition = disposition_from_proto(request.disposition)
        if disposition is None:
            raise InvalidArgument(
                "disposition", "is required: DISPOSITION_CONFIRMED_ATTEMPT or _FALSE_POSITIVE"
            )
        notification = await self.call(
            self.app.disposition_hit,
            parse_uuid(request.notification_id, "notification_id"),
            disposition,
            request.reason,
            current_caller().name,
        )
        return pb.DispositionHitResponse(notification=notification_to_proto(notification))

    async def GetNotification(
        self, request: pb.GetNotificationRequest, context: Context
    ) -> pb.GetNotificationResponse:
        notification_id = parse_uuid(request.notification_id, "notification_id")
        notification = await self.call(self.app.get_notification, notification_id)
        if not current_caller().sees_facilitator(str(notification.attempt.facilitator_id)):
            # Not even that it exists: its id is derived from what was filed.
            raise NotFound("notification", str(notification_id))
        return pb.GetNotificationResponse(notification=notification_to_proto(notification))

    async def ListNotifications(
        self, request: pb.ListNotificationsRequest, context: Context
    ) -> pb.ListNotificationsResponse:
        start = 0
        if request.page_token:
            if not request.page_token.isdecimal() or not request.page_token.isascii():
                raise InvalidArgument("page_token", "is not a token this service gave")
            start = int(request.page_token)
        # A facilitator lists its own notifications, whether it names itself or not.
        facilitator_id = request.facilitator_id or current_caller().own_facilitator or ""
        current_caller().require_facilitator(facilitator_id)
        page = await self.call(
            self.app.list_notifications,
            parse_uuid(facilitator_id, "facilitator_id") if facilitator_id else None,
            disposition_from_proto(request.disposition),
            start,
            request.page_size,
        )
        return pb.ListNotificationsResponse(
            notifications=[notification_to_proto(n) for n in page.notifications],
            next_page_token="" if page.next_start is None else str(page.next_start),
        )

    async def GetFacilitatorFigures(
        self, request: pb.GetFacilitatorFiguresRequest, context: Context
    ) -> pb.GetFacilitatorFiguresResponse:
        current_caller().require_facilitator(request.facilitator_id)
        facilitator_id = parse_uuid(request.facilitator_id, "facilitator_id")
        figures = await self.call(self.app.facilitator_figures, facilitator_id)
        return pb.GetFacilitatorFiguresResponse(
            facilitator_id=str(facilitator_id),
            notifications=figures.notifications,
            within_window=figures.within_window,
            late=figures.late,
            not_published=figures.not_published,
            pending=figures.pending,
            confirmed_attempts=figures.confirmed_attempts,
            false_positives=figures.false_positives,
            shipments_after_notice=figures.shipments_after_notice,
        )

    async def GetWatchlistInfo(
        self, request: pb.GetWatchlistInfoRequest, context: Context
    ) -> pb.GetWatchlistInfoResponse:
        info = await self.call(self.app.watchlist_info)
        return pb.GetWatchlistInfoResponse(
            watchlist_version=info.version,
            excluded_parties=info.excluded_parties,
            registry_position=info.registry_position,
        )


def screening_servicer(app: ScreeningApplication) -> Servicer:
    return Servicer(
        name=pb.DESCRIPTOR.services_by_name["ScreeningService"].full_name,
        implementation=ScreeningServicer(app),
        add_to_server=pb_grpc.add_ScreeningServiceServicer_to_server,
    )
