"""A party as screening knows it from the registry, with the exclusions noted against it
and its links to other parties (principals, related businesses, affiliates).

An exclusion reaches beyond its own party: the principals and affiliates named in the
action (2 CFR 180.625) and the affiliates the registry links to the party afterwards (a
confirmed attempt to come back under another name) are screened as that exclusion too.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from portcullis_kit.party import PartyDetails

# Exclusion types that exclude; a notice of proposed debarment does not (2 CFR 180).
EXCLUDING_TYPES = frozenset(
    {"suspension", "debarment", "voluntary_exclusion", "prohibition_restriction"}
)


@dataclass(frozen=True)
class Listing:
    """One exclusion, as far as screening needs it: when it is in force."""

    exclusion_type: str
    # None for a record imported without one: in force since before it was recorded.
    effective_date: date | None
    # The last day in force, as the registry last said; None for indefinite.
    last_day: date | None
    trade_related: bool
    sam_published_date: date | None = None
    # Parties the action names as principals or affiliates: the exclusion covers them too.
    named_party_ids: tuple[str, ...] = ()

    def is_in_force(self, on: date) -> bool:
        if self.exclusion_type not in EXCLUDING_TYPES:
            return False
        if self.effective_date is not None and on < self.effective_date:
            return False
        return self.last_day is None or on <= self.last_day


@dataclass(frozen=True)
class Link:
    """The other party is this one's principal, related business or affiliate."""

    other_party_id: str
    kind: str  # "principal", "related_business" or "affiliate", as the registry says
    detail: str = ""


class WatchedParty(Aggregate):
    """Identified by the registry's party id, so every service names a party the same way."""

    class Recorded(Aggregate.Created):
        party_id: UUID
        details: PartyDetails

    class Revised(Aggregate.Event):
        details: PartyDetails

    class ExclusionNoted(Aggregate.Event):
        exclusion_id: str
        listing: Listing

    class ExclusionChanged(Aggregate.Event):
        exclusion_id: str
        last_day: date | None
        sam_published_date: date | None

    class ExclusionEnded(Aggregate.Event):
        exclusion_id: str
        on: date

    class LinksChanged(Aggregate.Event):
        links: tuple[Link, ...]

    @staticmethod
    def create_id(party_id: UUID, details: PartyDetails) -> UUID:
        return party_id

    @event(Recorded)
    def __init__(self, party_id: UUID, details: PartyDetails) -> None:
        self.details = details
        self.listings: dict[str, Listing] = {}
        self.links: tuple[Link, ...] = ()

    def revise(self, details: PartyDetails) -> None:
        if details != self.details:
            self._revised(details)

    @event(Revised)
    def _revised(self, details: PartyDetails) -> None:
        self.details = details

    def note_exclusion(self, exclusion_id: UUID, listing: Listing) -> None:
        if str(exclusion_id) not in self.listings:
            self._exclusion_noted(str(exclusion_id), listing)

    @event(ExclusionNoted)
    def _exclusion_noted(self, exclusion_id: str, listing: Listing) -> None:
        self.listings[exclusion_id] = listing

    def change_exclusion(
        self, exclusion_id: UUID, last_day: date | None, sam_published_date: date | None
    ) -> None:
        listing = self.listings.get(str(exclusion_id))
        if listing is not None and (listing.last_day, listing.sam_published_date) != (
            last_day,
            sam_published_date,
        ):
            self._exclusion_changed(str(exclusion_id), last_day, sam_published_date)

    @event(ExclusionChanged)
    def _exclusion_changed(
        self, exclusion_id: str, last_day: date | None, sam_published_date: date | None
    ) -> None:
        self.listings[exclusion_id] = replace(
            self.listings[exclusion_id], last_day=last_day, sam_published_date=sam_published_date
        )

    def end_exclusion(self, exclusion_id: UUID, on: date) -> None:
        listing = self.listings.get(str(exclusion_id))
        last_day = on - timedelta(days=1)
        if listing is not None and (listing.last_day is None or listing.last_day > last_day):
            self._exclusion_ended(str(exclusion_id), on)

    @event(ExclusionEnded)
    def _exclusion_ended(self, exclusion_id: str, on: date) -> None:
        listing = self.listings[exclusion_id]
        self.listings[exclusion_id] = replace(listing, last_day=on - timedelta(days=1))

    def change_links(self, links: tuple[Link, ...]) -> None:
        if tuple(links) != tuple(self.links):
            self._links_changed(links)

    @event(LinksChanged)
    def _links_changed(self, links: tuple[Link, ...]) -> None:
        self.links = tuple(links)  # read back from the store, a list

    def valid_on(self, day: date) -> dict[str, object]:
        """What the party's exclusions, as recorded, say about a date (the audit's valid time)."""
        return {"exclusions_in_force": exclusions_in_force(self.listings, day)}

    def linked(self, kind: str) -> tuple[UUID, ...]:
        return tuple(UUID(x.other_party_id) for x in self.links if x.kind == kind)

    def covered_party_ids(self) -> frozenset[UUID]:
        """Other parties its exclusions cover: those named in an action and its affiliates."""
        named = {UUID(p) for listing in self.listings.values() for p in listing.named_party_ids}
        return frozenset(named.union(self.linked("affiliate")))


def exclusions_in_force(listings: Mapping[str, Listing], on: date) -> tuple[str, ...]:
    if len(listings) == 1:  # most parties: spared the sorting (a screen asks of each candidate)
        ((exclusion, listing),) = listings.items()
        return (exclusion,) if listing.is_in_force(on) else ()
    return tuple(sorted(e for e, listing in listings.items() if listing.is_in_force(on)))
