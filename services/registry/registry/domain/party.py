"""A party registered with CBP: its particulars, who registered it, and its links to other
parties: principals (officers, owners, managers), related businesses (CBP Form 5106
blocks 3J and 3F) and affiliates (2 CFR 180.905)."""

from dataclasses import dataclass
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from portcullis_kit.party import PartyDetails

PARTY_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/registry/party")


def party_id_for(source_ref: str) -> UUID:
    """A party registered from a source record always gets the same id (idempotent imports)."""
    return uuid5(PARTY_NAMESPACE, source_ref)


class LinkKind(StrEnum):
    # The other party is this party's officer, owner or manager (Form 5106 block 3J).
    PRINCIPAL = "principal"
    # The other party is a business related to this one (Form 5106 block 3F).
    RELATED_BUSINESS = "related_business"
    # Control, shared management or ownership, shared facilities or employees, or a
    # business set up after an exclusion with the same principals (2 CFR 180.905).
    AFFILIATE = "affiliate"


@dataclass(frozen=True)
class PartyLink:
    other_party_id: str
    kind: LinkKind
    # For a principal its role (officer, owner, manager); for an affiliate its basis.
    detail: str = ""


class Party(Aggregate):
    class Registered(Aggregate.Created):
        details: PartyDetails
        registered_by: str

    class Revised(Aggregate.Event):
        details: PartyDetails
        revised_by: str

    class Linked(Aggregate.Event):
        link: PartyLink
        linked_by: str

    class Unlinked(Aggregate.Event):
        link: PartyLink
        reason: str
        unlinked_by: str

    @event(Registered)
    def __init__(self, details: PartyDetails, registered_by: str) -> None:
        self.details = details
        self.registered_by = registered_by
        self.links: tuple[PartyLink, ...] = ()

    @staticmethod
    def create_id(details: PartyDetails, registered_by: str) -> UUID:
        return party_id_for(details.source_ref) if details.source_ref else uuid4()

    def revise(self, details: PartyDetails, revised_by: str) -> None:
        """New particulars replace the old; the old stay in the history."""
        if details != self.details:
            self._revised(details, revised_by)

    @event(Revised)
    def _revised(self, details: PartyDetails, revised_by: str) -> None:
        self.details = details

    def link(self, link: PartyLink, linked_by: str) -> None:
        if link.other_party_id == str(self.id):
            raise InvalidArgument("other_party_id", "a party is not linked to itself")
        if link.kind is LinkKind.AFFILIATE and not link.detail.strip():
            raise InvalidArgument("detail", "say what makes it an affiliate (2 CFR 180.905)")
        if link not in self.links:
            self._linked(link, linked_by)

    @event(Linked)
    def _linked(self, link: PartyLink, linked_by: str) -> None:
        self.links = (*self.links, link)

    def unlink(self, link: PartyLink, reason: str, unlinked_by: str) -> None:
        if link not in self.links:
            raise FailedPrecondition("the parties are not linked that way")
        if not reason.strip():
            raise InvalidArgument("reason", "must say why the link no longer holds")
        self._unlinked(link, reason, unlinked_by)

    @event(Unlinked)
    def _unlinked(self, link: PartyLink, reason: str, unlinked_by: str) -> None:
        self.links = tuple(x for x in self.links if x != link)
