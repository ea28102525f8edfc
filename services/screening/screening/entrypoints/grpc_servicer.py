"""`portcullis.screening.v1.ScreeningService`: proto in, application call, proto out."""

from typing import Any

import grpc

from portcullis.screening.v1 import screening_service_pb2 as pb
from portcullis.screening.v1 import screening_service_pb2_grpc as pb_grpc
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.grpc_server import Servicer, StoreServicer
from portcullis_kit.party_proto import party_from_proto
from screening.application.screening_app import ScreeningApplication
from screening.domain.matching import Decision, Hit, ScreeningResult

Context = grpc.aio.ServicerContext[Any, Any]

DECISION_TO_PROTO = {
    Decision.CLEAR: pb.DECISION_CLEAR,
    Decision.REVIEW: pb.DECISION_REVIEW,
    Decision.MATCH: pb.DECISION_MATCH,
}


def hit_to_proto(hit: Hit) -> pb.Hit:
    return pb.Hit(
        party_id=str(hit.party_id),
        source_ref=hit.source_ref,
        exclusion_id=hit.exclusion_ids[0] if hit.exclusion_ids else "",
        name=hit.name,
        score=hit.score,
        decision=DECISION_TO_PROTO[hit.decision],
        evidence=[
            pb.Evidence(
                query_field=e.query_field,
                query_value=e.query_value,
                listed_field=e.listed_field,
                listed_value=e.listed_value,
                weight=e.weight,
            )
            for e in hit.evidence
        ],
    )


def result_to_proto(result: ScreeningResult) -> pb.ScreenPartyResponse:
    return pb.ScreenPartyResponse(
        decision=DECISION_TO_PROTO[result.decision],
        watchlist_version=result.watchlist_version,
        hits=[hit_to_proto(h) for h in result.hits],
    )


class ScreeningServicer(pb_grpc.ScreeningServiceServicer, StoreServicer):
    def __init__(self, app: ScreeningApplication) -> None:
        super().__init__(app)
        self.app = app

    async def ScreenParty(
        self, request: pb.ScreenPartyRequest, context: Context
    ) -> pb.ScreenPartyResponse:
        if not request.HasField("party"):
            raise InvalidArgument("party", "is required")
        # In memory and fast: no thread hop needed.
        return result_to_proto(self.app.screen(party_from_proto(request.party)))

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
