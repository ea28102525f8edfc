"""Screening's use cases: keep the watchlist current from registry events, screen parties.

Registry events arrive through the consumer, which stores what they cause together with
their position. The in-memory watchlist follows screening's own log: it is rebuilt from
the store at start (`catch_up` from position 0) and updated after every commit.
"""

import threading
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from portcullis_kit.errors import NotFound
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.party import Address, Identifier, PartyDetails, check_party
from screening.domain.matching import ScreeningResult, Thresholds
from screening.domain.names import NameReader
from screening.domain.watched_party import Listing, WatchedParty
from screening.domain.watchlist import Watchlist, WatchlistEntry


def today_utc() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class WatchlistInfo:
    version: str
    excluded_parties: int
    registry_position: int


class ScreeningApplication(StoreApplication):
    name = "screening"
    value_objects = (PartyDetails, Address, Identifier, Listing)

    def __init__(
        self,
        env: dict[str, str],
        countries: Set[str],
        names: NameReader,
        clock: Callable[[], date] = today_utc,
        thresholds: Thresholds | None = None,
    ) -> None:
        super().__init__(env)
        self.countries = countries
        self.clock = clock
        self.watchlist = Watchlist(names, thresholds)
        # Screening reads the watchlist on the event loop; hold this only for in-memory work.
        self._watchlist_lock = threading.Lock()
        # One catch-up at a time; store reads happen under this lock, not the one above.
        self._catch_up_lock = threading.Lock()
        self.listeners.append(self.catch_up)

    # Registry events (called by the consumer; it stores the result with the position).

    def party_registered(self, party_id: UUID, details: PartyDetails) -> Sequence[Aggregate]:
        party = self._watched_party(party_id)
        if party is None:
            return (WatchedParty(party_id, details),)
        party.revise(details)
        return (party,)

    def exclusion_imposed(
        self,
        party_id: UUID,
        exclusion_id: UUID,
        listing: Listing,
        details: PartyDetails | None = None,
    ) -> Sequence[Aggregate]:
        """Notes an exclusion. The party's particulars sent with it create screening's copy
        if the registration was never seen; they never revise a known party, because the
        registry's own party events (in order) are the newer word on that."""
        party = self._watched_party(party_id)
        if party is None:
            if details is None:
                raise LookupError(f"party {party_id} is not known to screening")
            party = WatchedParty(party_id, details)
        party.note_exclusion(exclusion_id, listing)
        return (party,)

    def exclusion_changed(
        self,
        party_id: UUID,
        exclusion_id: UUID,
        last_day: date | None,
        sam_published_date: date | None = None,
    ) -> Sequence[Aggregate]:
        party = self._required_party(party_id)
        party.change_exclusion(exclusion_id, last_day, sam_published_date)
        return (party,)

    def exclusion_ended(self, party_id: UUID, exclusion_id: UUID, on: date) -> Sequence[Aggregate]:
        party = self._required_party(party_id)
        party.end_exclusion(exclusion_id, on)
        return (party,)

    # Queries.

    def screen(self, query: PartyDetails) -> ScreeningResult:
        check_party(query, self.countries)
        with self._watchlist_lock:
            return self.watchlist.screen(query, self.clock())

    def watchlist_info(self) -> WatchlistInfo:
        on = self.clock()
        registry_position = self.last_tracked("registry")  # a store read: not under the lock
        with self._watchlist_lock:
            return WatchlistInfo(
                version=self.watchlist.version(on),
                excluded_parties=self.watchlist.excluded_count(on),
                registry_position=registry_position,
            )

    # The watchlist follows the log.

    def catch_up(self) -> None:
        """Applies to the watchlist whatever screening's log holds beyond its position."""
        with self._catch_up_lock:
            while notifications := self.read_log(self.watchlist.position, 1000):
                entries = []
                # Each party once per page, however many of its events the page holds.
                for party_id in dict.fromkeys(UUID(str(n.originator_id)) for n in notifications):
                    party: Aggregate = self.repository.get(party_id)
                    if isinstance(party, WatchedParty):
                        entries.append(WatchlistEntry(party.id, party.details, party.listings))
                with self._watchlist_lock:
                    for entry in entries:
                        self.watchlist.put(entry)
                    self.watchlist.position = notifications[-1].id

    def _watched_party(self, party_id: UUID) -> WatchedParty | None:
        try:
            return self.get_aggregate(WatchedParty, party_id, "party")
        except NotFound:
            return None

    def _required_party(self, party_id: UUID) -> WatchedParty:
        party = self._watched_party(party_id)
        if party is None:
            # The registry publishes a party before its exclusions, in one ordered stream.
            raise LookupError(f"party {party_id} is not known to screening")
        return party
