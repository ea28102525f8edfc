"""`portcullis.registry.v1` IOR messages to and from domain values."""

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.protoconv import format_date
from registry.application.ior import IorDecisionView, IorView
from registry.domain.ior import IorApplicationForm, IorStatus

STATUS_TO_PROTO = {
    IorStatus.ACTIVE: pb.IOR_STATUS_ACTIVE,
    IorStatus.SUSPENDED: pb.IOR_STATUS_SUSPENDED,
    IorStatus.REFUSED: pb.IOR_STATUS_REFUSED,
}


def form_from_proto(form: pb.IorApplicationForm) -> IorApplicationForm:
    return IorApplicationForm(
        ior_number=form.ior_number.strip(),
        business_structure=form.business_structure.strip(),
        importer_type=form.importer_type.strip(),
        program_codes=tuple(form.program_codes),
    )


def require_form(request: pb.ApplyForIorNumberRequest) -> IorApplicationForm:
    if not request.HasField("form"):
        raise InvalidArgument("form", "is required")
    return form_from_proto(request.form)


def decision_to_proto(decision: IorDecisionView) -> pb.IorDecision:
    return pb.IorDecision(
        status=STATUS_TO_PROTO[decision.status],
        reasons=decision.reasons,
        decided_date=format_date(decision.on),
    )


def ior_status_to_proto(view: IorView) -> pb.GetIorStatusResponse:
    return pb.GetIorStatusResponse(
        party_id=str(view.party_id),
        ior_number=view.ior_number,
        status=STATUS_TO_PROTO[view.status] if view.status else pb.IOR_STATUS_UNSPECIFIED,
        decisions=[decision_to_proto(d) for d in view.decisions],
    )
