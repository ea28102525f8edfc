"""`portcullis.scoring.v1.ScoringService`: proto in, application call, proto out."""

from typing import Any

import grpc

from portcullis.scoring.v1 import scoring_service_pb2 as pb
from portcullis.scoring.v1 import scoring_service_pb2_grpc as pb_grpc
from portcullis_kit.grpc_server import Servicer, StoreServicer
from portcullis_kit.protoconv import parse_uuid
from scoring.application.scoring_app import ScoringApplication

Context = grpc.aio.ServicerContext[Any, Any]


class ScoringServicer(pb_grpc.ScoringServiceServicer, StoreServicer):
    def __init__(self, app: ScoringApplication) -> None:
        super().__init__(app)
        self.app = app

    async def RegisterPost(
        self, request: pb.RegisterPostRequest, context: Context
    ) -> pb.RegisterPostResponse:
        post_id = await self.call(
            self.app.register_post, request.upu_code, request.country, request.name
        )
        return pb.RegisterPostResponse(post_id=str(post_id))

    async def GetPostStatus(
        self, request: pb.GetPostStatusRequest, context: Context
    ) -> pb.GetPostStatusResponse:
        status = await self.call(self.app.post_status, parse_uuid(request.post_id, "post_id"))
        return pb.GetPostStatusResponse(
            post=pb.Post(
                post_id=str(status.post_id),
                upu_code=status.upu_code,
                country=status.country,
                name=status.name,
            ),
            consecutive_non_compliant_quarters=status.consecutive_non_compliant_quarters,
        )


def scoring_servicer(app: ScoringApplication) -> Servicer:
    return Servicer(
        name=pb.DESCRIPTOR.services_by_name["ScoringService"].full_name,
        implementation=ScoringServicer(app),
        add_to_server=pb_grpc.add_ScoringServiceServicer_to_server,
    )
