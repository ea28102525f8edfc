"""`portcullis.common.v1.Party` to and from `PartyDetails`."""

from portcullis.common.v1 import types_pb2
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind
from portcullis_kit.protoconv import format_date, optional_date

KIND_FROM_PROTO = {
    types_pb2.PARTY_KIND_ORGANIZATION: PartyKind.ORGANIZATION,
    types_pb2.PARTY_KIND_INDIVIDUAL: PartyKind.INDIVIDUAL,
}
KIND_TO_PROTO = {kind: value for value, kind in KIND_FROM_PROTO.items()}


def party_from_proto(party: types_pb2.Party, field: str = "party") -> PartyDetails:
    kind = KIND_FROM_PROTO.get(party.kind)
    if kind is None:
        raise InvalidArgument(
            f"{field}.kind", "must be PARTY_KIND_ORGANIZATION or PARTY_KIND_INDIVIDUAL"
        )
    return PartyDetails(
        kind=kind,
        name=party.name.strip(),
        aliases=tuple(a.strip() for a in party.aliases),
        addresses=tuple(
            Address(
                line1=a.line1,
                line2=a.line2,
                city=a.city,
                region=a.region,
                postal_code=a.postal_code,
                country=a.country.strip().upper(),
            )
            for a in party.addresses
        ),
        identifiers=tuple(
            Identifier(scheme=i.scheme.strip().upper(), value=i.value.strip())
            for i in party.identifiers
        ),
        phones=tuple(party.phones),
        emails=tuple(e.strip() for e in party.emails),
        birth_date=optional_date(party.birth_date, f"{field}.birth_date"),
        source_ref=party.source_ref,
        websites=tuple(w.strip() for w in party.websites),
        dba_names=tuple(n.strip() for n in party.dba_names),
        former_names=tuple(n.strip() for n in party.former_names),
    )


def party_to_proto(details: PartyDetails) -> types_pb2.Party:
    return types_pb2.Party(
        kind=KIND_TO_PROTO[details.kind],
        name=details.name,
        aliases=details.aliases,
        addresses=[
            types_pb2.Address(
                line1=a.line1,
                line2=a.line2,
                city=a.city,
                region=a.region,
                postal_code=a.postal_code,
                country=a.country,
            )
            for a in details.addresses
        ],
        identifiers=[
            types_pb2.Identifier(scheme=i.scheme, value=i.value) for i in details.identifiers
        ],
        phones=details.phones,
        emails=details.emails,
        birth_date=format_date(details.birth_date),
        source_ref=details.source_ref,
        websites=details.websites,
        dba_names=details.dba_names,
        former_names=details.former_names,
    )
