"""`portcullis.registry.v1.PartyLink` to and from domain values."""

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.protoconv import parse_uuid
from registry.domain.party import LinkKind, PartyLink

KIND_FROM_PROTO = {
    pb.LINK_KIND_PRINCIPAL: LinkKind.PRINCIPAL,
    pb.LINK_KIND_RELATED_BUSINESS: LinkKind.RELATED_BUSINESS,
    pb.LINK_KIND_AFFILIATE: LinkKind.AFFILIATE,
}
KIND_TO_PROTO = {v: k for k, v in KIND_FROM_PROTO.items()}


def link_from_proto(link: pb.PartyLink, field: str = "link") -> tuple[PartyLink, str]:
    """The link and the other party's id, checked; raises InvalidArgument naming the field."""
    kind = KIND_FROM_PROTO.get(link.kind)
    if kind is None:
        raise InvalidArgument(f"{field}.kind", "must be one of the LINK_KIND_ values")
    other = parse_uuid(link.other_party_id, f"{field}.other_party_id")
    return PartyLink(str(other), kind, link.detail.strip()), str(other)


def link_to_proto(link: PartyLink) -> pb.PartyLink:
    return pb.PartyLink(
        other_party_id=link.other_party_id, kind=KIND_TO_PROTO[link.kind], detail=link.detail
    )
