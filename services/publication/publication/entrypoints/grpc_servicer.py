"""`portcullis.publication.v1.PublicationService`: proto in, application call, proto out."""

from typing import Any

import grpc

from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis.publication.v1 import publication_service_pb2_grpc as pb_grpc
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.grpc_server import Servicer, StoreServicer
from portcullis_kit.protoconv import caller, parse_uuid, required_date
from publication.adapters.seizure_proto import (
    environment_from_proto,
    lines_from_proto,
    seizure_to_proto,
)
from publication.application.publication_app import PublicationApplication

Context = grpc.aio.ServicerContext[Any, Any]


class PublicationServicer(pb_grpc.PublicationServiceServicer, StoreServicer):
    def __init__(self, app: PublicationApplication) -> None:
        super().__init__(app)
        self.app = app

    async def RecordSeizure(
        self, request: pb.RecordSeizureRequest, context: Context
    ) -> pb.RecordSeizureResponse:
        if not request.HasField("seizure"):
            raise InvalidArgument("seizure", "is required")
        seizure = request.seizure
        seizure_id = await self.call(
            self.app.record_seizure,
            required_date(seizure.seized_date, "seizure.seized_date"),
            environment_from_proto(seizure.environment),
            seizure.origin_country.strip().upper(),
            lines_from_proto(list(seizure.lines)),
            seizure.sensitive,
            caller(context),
        )
        return pb.RecordSeizureResponse(seizure_id=str(seizure_id))

    async def GetSeizure(
        self, request: pb.GetSeizureRequest, context: Context
    ) -> pb.GetSeizureResponse:
        record = await self.call(self.app.get_seizure, parse_uuid(request.seizure_id, "seizure_id"))
        return pb.GetSeizureResponse(seizure=seizure_to_proto(record))


def publication_servicer(app: PublicationApplication) -> Servicer:
    return Servicer(
        name=pb.DESCRIPTOR.services_by_name["PublicationService"].full_name,
        implementation=PublicationServicer(app),
        add_to_server=pb_grpc.add_PublicationServiceServicer_to_server,
    )
