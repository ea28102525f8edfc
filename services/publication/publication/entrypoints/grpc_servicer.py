"""`portcullis.publication.v1.PublicationService`: proto in, application call, proto out."""

import base64
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis.publication.v1 import publication_service_pb2_grpc as pb_grpc
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.grpc_server import Servicer, StoreServicer
from portcullis_kit.identity import current_caller
from portcullis_kit.mail_treatment import MEASURES, level_for
from portcullis_kit.protoconv import format_date, optional_date, parse_uuid, required_date
from publication.adapters.fee_proto import CHANNEL_TO_PROTO, channel_from_proto
from publication.adapters.seizure_proto import (
    environment_from_proto,
    lines_from_proto,
    parties_from_proto,
    report_summary,
    seizure_to_proto,
)
from publication.application.publication_app import PublicationApplication
from publication.application.reports import report_csv
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
            current_caller().name,
            seizure.post_or_carrier,
            parties_from_proto(list(seizure.parties)),
            request.source_ref,
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

    async def LiftSensitivity(
        self, request: pb.LiftSensitivityRequest, context: Context
    ) -> pb.LiftSensitivityResponse:
        await self.call(
            self.app.lift_sensitivity,
            parse_uuid(request.seizure_id, "seizure_id"),
            request.reason,
            current_caller().name,
        )
        return pb.LiftSensitivityResponse()

    async def DraftReport(
        self, request: pb.DraftReportRequest, context: Context
    ) -> pb.DraftReportResponse:
        report = await self.call(self.app.draft_report, request.period, current_caller().name)
        return pb.DraftReportResponse(report=report_summary(report))

    async def CorrectReport(
        self, request: pb.CorrectReportRequest, context: Context
    ) -> pb.CorrectReportResponse:
        report = await self.call(
            self.app.correct_report, request.period, request.reason, current_caller().name
        )
        return pb.CorrectReportResponse(report=report_summary(report))

    async def ReviewReport(
        self, request: pb.ReviewReportRequest, context: Context
    ) -> pb.ReviewReportResponse:
        report = await self.call(
            self.app.review_report,
            parse_uuid(request.report_id, "report_id"),
            current_caller().name,
            request.note,
        )
        return pb.ReviewReportResponse(report=report_summary(report))

    async def PublishReport(
        self, request: pb.PublishReportRequest, context: Context
    ) -> pb.PublishReportResponse:
        report = await self.call(
            self.app.publish_report,
            parse_uuid(request.report_id, "report_id"),
            current_caller().name,
        )
        return pb.PublishReportResponse(report=report_summary(report))

    async def GetReport(
        self, request: pb.GetReportRequest, context: Context
    ) -> pb.GetReportResponse:
        report = await self.call(self.app.get_report, parse_uuid(request.report_id, "report_id"))
        if request.format == pb.REPORT_FORMAT_CSV:
            content_type, content = "text/csv", report_csv(report.content)
        else:
            content_type, content = "application/json", report.content
        return pb.GetReportResponse(
            report=report_summary(report), content_type=content_type, content=content
        )

    async def ListReportVersions(
        self, request: pb.ListReportVersionsRequest, context: Context
    ) -> pb.ListReportVersionsResponse:
        reports = await self.call(self.app.report_versions, request.period)
        return pb.ListReportVersionsResponse(reports=[report_summary(r) for r in reports])

    async def MakeFeeReport(
        self, request: pb.MakeFeeReportRequest, context: Context
    ) -> pb.MakeFeeReportResponse:
        channels = [channel_from_proto(c, i) for i, c in enumerate(request.channels)]
        report, results = await self.call(
            self.app.make_fee_report, request.fiscal_year.strip(), channels, current_caller().name
        )
        return pb.MakeFeeReportResponse(
            report_id=str(report.id),
            channels=[
                pb.ChannelFees(
                    channel=CHANNEL_TO_PROTO[r.channel],
                    items=r.items,
                    fees_cents=r.fees_cents,
                    cost_cents=r.cost_cents,
                    recovery_ratio=r.recovery_ratio or 0.0,
                    break_even_fee_cents=r.break_even_fee_cents or 0,
                    reasoning=r.reasoning,
                )
                for r in results
            ],
        )

    async def ListExcludedPersons(
        self, request: pb.ListExcludedPersonsRequest, context: Context
    ) -> pb.ListExcludedPersonsResponse:
        on = optional_date(request.on_date, "on_date") or self.app.clock()
        listings = await self.call(self.app.excluded_persons, on)
        return pb.ListExcludedPersonsResponse(
            on_date=format_date(on),
            persons=[
                pb.ExcludedPerson(
                    exclusion_id=str(x.id),
                    party_id=x.party_id,
                    name=x.name,
                    kind=x.kind,
                    country=x.country,
                    exclusion_type=x.exclusion_type,
                    effective_date=format_date(x.effective_date),
                    last_day=format_date(x.last_day),
                )
                for x in listings
            ],
        )

    async def ListPublicNonCompliantPosts(
        self, request: pb.ListPublicNonCompliantPostsRequest, context: Context
    ) -> pb.ListPublicNonCompliantPostsResponse:
        posts = await self.call(self.app.public_non_compliant_posts)
        return pb.ListPublicNonCompliantPostsResponse(
            posts=[
                pb.PublicPost(
                    post_id=str(p.id),
                    upu_code=p.upu_code,
                    country=p.country,
                    quarter=p.quarter,
                    consecutive_non_compliant_quarters=p.consecutive_non_compliant,
                    measure=MEASURES[level_for(p.consecutive_non_compliant)],
                )
                for p in posts
            ]
        )

    async def GetGuidance(
        self, request: pb.GetGuidanceRequest, context: Context
    ) -> pb.GetGuidanceResponse:
        version, text = await self.call(self.app.public_guidance)
        return pb.GetGuidanceResponse(version=version, text=text)


def publication_servicer(app: PublicationApplication) -> Servicer:
    return Servicer(
        name=pb.DESCRIPTOR.services_by_name["PublicationService"].full_name,
        implementation=PublicationServicer(app),
        add_to_server=pb_grpc.add_PublicationServiceServicer_to_server,
    )
