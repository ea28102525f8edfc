"""`portcullis.publication.v1.PublicationService`: proto in, application call, proto out."""

import base64
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

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
from publication.application.witness import WITNESSED_SERVICES

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

    async def GetWitnessedCheckpoint(
        self, request: pb.GetWitnessedCheckpointRequest, context: Context
    ) -> pb.GetWitnessedCheckpointResponse:
        if request.service not in WITNESSED_SERVICES:
            raise InvalidArgument("service", f"must be one of {', '.join(WITNESSED_SERVICES)}")
        if request.tree_size < 0:
            raise InvalidArgument("tree_size", "must not be negative")
        witnessed = await self.call(
            self.app.witnessed_checkpoint, request.service, request.tree_size
        )
        made_at = Timestamp()
        made_at.FromDatetime(witnessed.made_at)
        return pb.GetWitnessedCheckpointResponse(
            origin=witnessed.origin,
            tree_size=witnessed.size,
            note=witnessed.note,
            public_key=base64.b64decode(witnessed.public_key),
            made_at=made_at,
            findings=witnessed.findings,
            contradicting_notes=witnessed.contradictions,
        )


def publication_servicer(app: PublicationApplication) -> Servicer:
    return Servicer(
        name=pb.DESCRIPTOR.services_by_name["PublicationService"].full_name,
        implementation=PublicationServicer(app),
        add_to_server=pb_grpc.add_PublicationServiceServicer_to_server,
    )
