"""`portcullis.scoring.v1.ScoringService`: proto in, application call, proto out."""

from typing import Any
from uuid import UUID

import grpc

from portcullis.scoring.v1 import scoring_service_pb2 as pb
from portcullis.scoring.v1 import scoring_service_pb2_grpc as pb_grpc
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.grpc_server import Servicer, StoreServicer
from portcullis_kit.identity import current_caller
from portcullis_kit.protoconv import optional_date, parse_uuid, required_date
from scoring.adapters.scoring_proto import (
    TREATMENT_TO_PROTO,
    metric_from_proto,
    metric_to_proto,
    observations_from_proto,
    post_status_to_proto,
    request_to_proto,
    treatment_to_proto,
)
from scoring.application.scoring_app import ScoringApplication
from scoring.domain.post import post_id_for
from scoring.domain.quarter import Quarter

Context = grpc.aio.ServicerContext[Any, Any]


def post_of(post_id: str, upu_code: str) -> UUID:
    """A post named by its id or its UPU code, one of them."""
    if post_id and upu_code:
        raise InvalidArgument("post_id", "give the post_id or the upu_code, not both")
    if upu_code.strip():
        return post_id_for(upu_code.strip().upper())
    return parse_uuid(post_id, "post_id")


def optional_quarter(text: str) -> Quarter | None:
    return Quarter.parse(text) if text.strip() else None


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

    async def RecordObservations(
        self, request: pb.RecordObservationsRequest, context: Context
    ) -> pb.RecordObservationsResponse:
        recorded = await self.call(
            self.app.record_observations,
            post_of(request.post_id, request.upu_code),
            Quarter.parse(request.quarter),
            request.batch_id,
            observations_from_proto(request.observations, "observations"),
            request.source,
            current_caller().name,
            request.corrects.strip(),
            request.reason,
        )
        return pb.RecordObservationsResponse(recorded=recorded)

    async def PublishMetricVersion(
        self, request: pb.PublishMetricVersionRequest, context: Context
    ) -> pb.PublishMetricVersionResponse:
        if not request.HasField("metric"):
            raise InvalidArgument("metric", "is required")
        version = await self.call(
            self.app.publish_metric,
            metric_from_proto(request.metric),
            request.reason,
            current_caller().name,
        )
        return pb.PublishMetricVersionResponse(version=version)

    async def PublishGuidance(
        self, request: pb.PublishGuidanceRequest, context: Context
    ) -> pb.PublishGuidanceResponse:
        version = await self.call(
            self.app.publish_guidance,
            request.quarters_compliant_to_leave,
            request.text,
            current_caller().name,
        )
        return pb.PublishGuidanceResponse(version=version)

    async def SetThreshold(
        self, request: pb.SetThresholdRequest, context: Context
    ) -> pb.SetThresholdResponse:
        await self.call(
            self.app.set_threshold,
            Quarter.parse(request.quarter),
            request.threshold,
            request.reason,
            current_caller().name,
        )
        return pb.SetThresholdResponse()

    async def CloseQuarter(
        self, request: pb.CloseQuarterRequest, context: Context
    ) -> pb.CloseQuarterResponse:
        quarter = Quarter.parse(request.quarter)
        closed = await self.call(self.app.close_quarter, quarter, current_caller().name)
        views = await self.call(self.app.quarter_statuses, closed)
        return pb.CloseQuarterResponse(
            quarter=closed.quarter,
            threshold=closed.threshold,
            metric_version=closed.metric_version,
            guidance_version=closed.guidance_version,
            posts=[post_status_to_proto(v) for v in views],
            not_observed=closed.not_observed,
        )

    async def GetPostStatus(
        self, request: pb.GetPostStatusRequest, context: Context
    ) -> pb.GetPostStatusResponse:
        view = await self.call(
            self.app.post_status,
            post_of(request.post_id, request.upu_code),
            optional_quarter(request.quarter),
        )
        status = post_status_to_proto(view)
        return pb.GetPostStatusResponse(
            post=status.post,
            consecutive_non_compliant_quarters=view.consecutive_non_compliant,
            status=status,
        )

    async def ListNonCompliantPosts(
        self, request: pb.ListNonCompliantPostsRequest, context: Context
    ) -> pb.ListNonCompliantPostsResponse:
        quarter, views = await self.call(
            self.app.list_non_compliant, optional_quarter(request.quarter)
        )
        return pb.ListNonCompliantPostsResponse(
            quarter=quarter, posts=[post_status_to_proto(v) for v in views]
        )

    async def ExplainScore(
        self, request: pb.ExplainScoreRequest, context: Context
    ) -> pb.ExplainScoreResponse:
        explanation = await self.call(
            self.app.explain_score,
            post_of(request.post_id, request.upu_code),
            Quarter.parse(request.quarter),
        )
        return pb.ExplainScoreResponse(
            status=post_status_to_proto(explanation.post),
            metric=metric_to_proto(explanation.metric),
            guidance_version=explanation.guidance.version,
            guidance_text=explanation.guidance.text,
            explanation=explanation.text(),
        )

    async def GetMailItemTreatment(
        self, request: pb.GetMailItemTreatmentRequest, context: Context
    ) -> pb.GetMailItemTreatmentResponse:
        answers = await self.call(
            self.app.item_treatment,
            request.item_id,
            request.upu_code,
            optional_date(request.on_date, "on_date"),
        )
        return pb.GetMailItemTreatmentResponse(
            treatment=TREATMENT_TO_PROTO[answers[0].treatment],
            posts=[treatment_to_proto(a) for a in answers],
        )

    async def RecordInformationProvided(
        self, request: pb.RecordInformationProvidedRequest, context: Context
    ) -> pb.RecordInformationProvidedResponse:
        provided = await self.call(
            self.app.record_information_provided,
            post_of(request.post_id, request.upu_code),
            request.request_id,
            required_date(request.provided_date, "provided_date"),
            current_caller().name,
        )
        return pb.RecordInformationProvidedResponse(request=request_to_proto(provided))


def scoring_servicer(app: ScoringApplication) -> Servicer:
    return Servicer(
        name=pb.DESCRIPTOR.services_by_name["ScoringService"].full_name,
        implementation=ScoringServicer(app),
        add_to_server=pb_grpc.add_ScoringServiceServicer_to_server,
    )
