"""What screening's use cases share: the store, and the in-memory watchlist that follows it.

Registry events arrive through the consumer, which stores what they cause together with
their position. The in-memory watchlist follows screening's own log: it is rebuilt from
the store at start (`build_from_store` from position 0, see `adapters.indexing_processes`)
and updated after every commit (`catch_up`).
"""

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import replace
from datetime import date
from uuid import UUID

import structlog
from eventsourcing.domain import Aggregate, CanInitAggregate

# The log's entries, not a facilitator's notification (`domain.notification`).
from eventsourcing.persistence import Notification as LogEntry

from portcullis_kit.clock import today_utc
from portcullis_kit.errors import NotFound
from portcullis_kit.eventstore import StoreApplication, mutated
from portcullis_kit.mail_treatment import Standing
from portcullis_kit.metrics import WATCHLIST_PARTIES, WATCHLIST_POSITION
from portcullis_kit.party import Address, Identifier, PartyDetails, Principal
from screening.application.relations import PartyRelation
from screening.domain.facilitator_file import FacilitatorFile
from screening.domain.mail_post import MailPost
from screening.domain.matching import Evidence, Thresholds
from screening.domain.names import NameReader
from screening.domain.notification import Attempt, Notification
from screening.domain.watched_party import Link, Listing, WatchedParty
from screening.domain.watchlist import Indexed, MapEach, Watchlist, WatchlistEntry

log = structlog.get_logger("screening")


class ScreeningBase(StoreApplication):
    """The store, the watchlist that follows it, and what registry events do to it."""

    name = "screening"
    value_objects = (
        PartyDetails,
        Address,
        Identifier,
        Principal,
        Listing,
        Link,
        Attempt,
        Evidence,
        Standing,
    )

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
        # Party -> the parties its exclusions cover; party -> its linked principals.
        self.coverage = PartyRelation()
        self.principal_links = PartyRelation()
        # Notification ids in the order filed, for listing them.
        # (A dict keeps the order filed and finds an id at once.)
        self.notification_ids: dict[UUID, None] = {}
        # International posts scoring told of, by UPU code and by country (for S10 items).
        self.mail_posts_by_code: dict[str, UUID] = {}
        self.mail_posts_by_country: dict[str, set[UUID]] = {}
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

    def links_changed(self, party_id: UUID, links: tuple[Link, ...]) -> Sequence[Aggregate]:
        party = self._watched_party(party_id)
        if party is None:
            # Links of a party never registered here name no one screening knows: they
            # must not hold up the stream.
            log.warning("links_changed.unknown_party", party_id=str(party_id))
            return ()
        party.change_links(links)
        return (party,)

    def facilitator_registered(
        self, facilitator_id: UUID, kind: str, name: str
    ) -> Sequence[Aggregate]:
        if self._facilitator_file(facilitator_id) is not None:
            return ()
        return (FacilitatorFile(facilitator_id, kind, name),)

    # The watchlist follows the log.

    def catch_up(self) -> None:
        """Applies to the watchlist whatever screening's log holds beyond its position."""
        self.build_from_store(map, 1000)

    def build_from_store(self, map_each: MapEach, page: int) -> None:
        """Applies the log beyond the watchlist's position, `page` notifications at a
        time, each page's parties indexed by `map_each`: here (`catch_up`), or by a
        process pool at a start-up build (`adapters.indexing_processes`), which indexes
        a page while the next is read."""
        with self._catch_up_lock:
            read_from = self.watchlist.position
            pending: tuple[int, list[WatchlistEntry], Iterable[Indexed]] | None = None
            while notifications := self.read_log(read_from, page):
                read_from = notifications[-1].id
                entries = self._entries_changed_by(notifications)
                indexing = self.watchlist.index(entries, map_each)  # under way meanwhile
                if pending is not None:
                    self._apply(*pending)
                pending = (read_from, entries, indexing)
            if pending is not None:
                self._apply(*pending)

    def _entries_changed_by(self, notifications: Sequence[LogEntry]) -> list[WatchlistEntry]:
        """The parties a page of the log changes, as the watchlist should hold them; notes
        the notifications, mail posts and relations between parties it records."""
        # Each aggregate once per page, however many of its events the page holds.
        changed: dict[UUID, WatchedParty] = {}
        by_aggregate: dict[UUID, list[LogEntry]] = {}
        for notification in notifications:
            aggregate_id = UUID(str(notification.originator_id))
            by_aggregate.setdefault(aggregate_id, []).append(notification)
        for aggregate_id, its_events in by_aggregate.items():
            aggregate = self._aggregate_as_of(aggregate_id, its_events)
            if isinstance(aggregate, WatchedParty):
                changed[aggregate_id] = aggregate
            elif isinstance(aggregate, Notification):
                self._index_notification(aggregate_id)
            elif isinstance(aggregate, MailPost):
                with self._watchlist_lock:
                    self.mail_posts_by_code[aggregate.upu_code] = aggregate_id
                    by_country = self.mail_posts_by_country.setdefault(aggregate.country, set())
                    by_country.add(aggregate_id)
        affected = set(changed)
        # Screens read the relations too (under the lock); this thread alone writes.
        with self._watchlist_lock:
            for party in changed.values():
                affected |= self.coverage.update(party.id, party.covered_party_ids())
                linked = frozenset(party.linked("principal"))
                self.principal_links.update(party.id, linked)
                affected |= self.principal_links.pointing_at(party.id)
        return [
            entry
            for party_id in sorted(affected, key=str)
            if (entry := self._entry(party_id, changed)) is not None
        ]

    def _aggregate_as_of(self, aggregate_id: UUID, its_events: Sequence[LogEntry]) -> Aggregate:
        """An aggregate changed by a page of the log (its events there, in order). When
        they begin with the event that created it, the page alone makes it, as of its
        last event there: at a start-up build most parties are made so (an import writes
        a party's events together), which spares a read of the store per party, a round
        trip each on PostgreSQL. Otherwise it is read from the store, as it is now (maybe
        beyond the page). Either way any later events are on a later page, which reads
        it again."""
        events = [self.mapper.to_domain_event(its_events[0])]
        if isinstance(events[0], CanInitAggregate):
            events += map(self.mapper.to_domain_event, its_events[1:])
            aggregate: Aggregate = mutated(None, events)
            return aggregate
        aggregate = self.repository.get(aggregate_id, projector_func=mutated)
        return aggregate

    def _apply(
        self, position: int, entries: list[WatchlistEntry], indexed: Iterable[Indexed]
    ) -> None:
        """Puts a page's parties, indexed, into the watchlist, which is then current up to
        the page's last position. A page is applied whole or not at all."""
        # Indexed (or waited for) outside the lock, most of a put's work: screens go on.
        ready = list(indexed)
        with self._watchlist_lock:
            for entry, party in zip(entries, ready, strict=True):
                self.watchlist.put_indexed(entry, party)
            self.watchlist.position = position
            WATCHLIST_PARTIES.set(self.watchlist.size)
            WATCHLIST_POSITION.set(self.watchlist.position)

    def _index_notification(self, notification_id: UUID) -> None:
        self.notification_ids.setdefault(notification_id)

    def _entry(self, party_id: UUID, loaded: Mapping[UUID, WatchedParty]) -> WatchlistEntry | None:
        """A party as screened: its own exclusions and those that cover it, and its
        principals as it names them and as the registry links them."""
        party = loaded.get(party_id) or self._watched_party(party_id)
        if party is None:
            return None
        details = party.details
        principals = tuple(self._linked_principals(party))
        if principals:
            details = replace(details, principals=details.principals + principals)
        return WatchlistEntry(party.id, details, self._listings(party, loaded))

    def _listings(
        self, party: WatchedParty, loaded: Mapping[UUID, WatchedParty]
    ) -> dict[str, Listing]:
        """The exclusions a party is screened under: its own, and those of the parties
        whose exclusions cover it."""
        listings = dict(party.listings)
        for excluded_id in sorted(self.coverage.pointing_at(party.id), key=str):
            excluded = loaded.get(excluded_id) or self._watched_party(excluded_id)
            if excluded is None:
                continue
            affiliate = party.id in excluded.linked("affiliate")
            for exclusion_id, listing in excluded.listings.items():
                # An affiliate stands for the party under every exclusion; a party named
                # in an action, only under that one.
                if affiliate or str(party.id) in listing.named_party_ids:
                    listings.setdefault(exclusion_id, listing)
        return listings

    def _linked_principals(self, party: WatchedParty) -> Iterable[Principal]:
        for link in party.links:
            if link.kind != "principal":
                continue
            principal = self._watched_party(UUID(link.other_party_id))
            if principal is not None:
                details = principal.details
                yield Principal(details.name, link.detail, details.birth_date, details.identifiers)

    def _watched_party(self, party_id: UUID) -> WatchedParty | None:
        return self.find_aggregate(WatchedParty, party_id)

    def _required_party(self, party_id: UUID) -> WatchedParty:
        party = self._watched_party(party_id)
        if party is None:
            # The registry publishes a party before its exclusions, in one ordered stream.
            raise LookupError(f"party {party_id} is not known to screening")
        return party

    def _mail_post(self, post_id: UUID) -> MailPost | None:
        return self.find_aggregate(MailPost, post_id)

    def _facilitator_file(self, facilitator_id: UUID) -> FacilitatorFile | None:
        return self.find_aggregate(FacilitatorFile, facilitator_id)

    def _required_facilitator_file(self, facilitator_id: UUID, field: str) -> FacilitatorFile:
        file = self._facilitator_file(facilitator_id)
        if file is None:
            raise NotFound(f"{field}: facilitator", str(facilitator_id))
        return file
