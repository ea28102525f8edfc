"""A party as screening knows it from the registry, with the exclusions noted against it."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from portcullis_kit.party import PartyDetails

# Exclusion types that exclude; a notice of proposed debarment does not (2 CFR 180).
EXCLUDING_TYPES = frozenset({"suspension", "debarment", "voluntary_exclusion"})


@dataclass(frozen=True)
class Listing:
    """One exclusion, as far as screening needs it."""

    exclusion_type: str
    effective_date: date
    # The last day excluded (SAM's termination date); None if indefinite.
    end_date: date | None
    trade_related: bool
    sam_published_date: date | None = None
    # Set when the exclusion was ended early: not in force from this day on.
    terminated_date: date | None = None

    def is_in_force(self, on: date) -> bool:
        if self.exclusion_type not in EXCLUDING_TYPES or on < self.effective_date:
            return False
        if self.terminated_date is not None and on >= self.terminated_date:
            return False
        return self.end_date is None or on <= self.end_date


class WatchedParty(Aggregate):
    """Identified by the registry's party id, so every service names a party the same way."""

    class Recorded(Aggregate.Created):
        party_id: UUID
        details: PartyDetails

    class ExclusionNoted(Aggregate.Event):
        exclusion_id: str
        listing: Listing

    class ExclusionEnded(Aggregate.Event):
        exclusion_id: str
        on: date

    @staticmethod
    def create_id(party_id: UUID, details: PartyDetails) -> UUID:
        return party_id

    @event(Recorded)
    def __init__(self, party_id: UUID, details: PartyDetails) -> None:
        self.details = details
        self.listings: dict[str, Listing] = {}

    def note_exclusion(self, exclusion_id: UUID, listing: Listing) -> None:
        if str(exclusion_id) not in self.listings:
            self._exclusion_noted(str(exclusion_id), listing)

    @event(ExclusionNoted)
    def _exclusion_noted(self, exclusion_id: str, listing: Listing) -> None:
        self.listings[exclusion_id] = listing

    def end_exclusion(self, exclusion_id: UUID, on: date) -> None:
        listing = self.listings.get(str(exclusion_id))
        if listing is not None and listing.terminated_date is None:
            self._exclusion_ended(str(exclusion_id), on)

    @event(ExclusionEnded)
    def _exclusion_ended(self, exclusion_id: str, on: date) -> None:
        self.listings[exclusion_id] = replace(self.listings[exclusion_id], terminated_date=on)


def exclusions_in_force(listings: Mapping[str, Listing], on: date) -> tuple[str, ...]:
    return tuple(sorted(e for e, listing in listings.items() if listing.is_in_force(on)))
