"""The watchlist: every party screening knows, the excluded ones indexed for retrieval.

Screening a party is two stages: candidates are found by keys the query shares with an
excluded party (a distinctive name token, its sound or its ends, a contact), and only
those few are compared in full (`matching.compare`). A key that many parties share finds
no one on its own: it would make every screen compare thousands.

A party is screened against only while one of its exclusions is in force on the
screening date, so an exclusion stops matching the day it ends, with no event needed.
Not thread-safe by itself: the application guards it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from portcullis_kit.party import PartyDetails
from screening.domain.matching import (
    Decision,
    Hit,
    Profile,
    ScreeningResult,
    Thresholds,
    compare,
    read_profile,
)
from screening.domain.names import NameReader
from screening.domain.watched_party import Listing, exclusions_in_force

# A key shared by more parties than this is too common to find candidates by.
COMMON_KEY = 2_000
# Keys made from names (the rest are contacts and identifiers).
NAME_KEYS = ("t:", "p:", "d:")
# At most this many candidates are compared in full, those sharing the most keys first.
CANDIDATES = 64


@dataclass(frozen=True)
class WatchlistEntry:
    party_id: UUID
    details: PartyDetails
    listings: Mapping[str, Listing]


class Watchlist:
    def __init__(self, reader: NameReader, thresholds: Thresholds | None = None) -> None:
        self.reader = reader
        self.thresholds = thresholds or Thresholds()
        self.entries: dict[UUID, WatchlistEntry] = {}
        self.profiles: dict[UUID, Profile] = {}
        self.by_key: dict[str, set[UUID]] = {}
        # Position in screening's own log up to which this index is current.
        self.position = 0

    def put(self, entry: WatchlistEntry) -> None:
        """Adds or replaces a party. Only parties with an exclusion are indexed: the rest
        are kept for what they may later become."""
        self._unindex(entry.party_id)
        self.entries[entry.party_id] = entry
        if entry.listings:
            profile = read_profile(entry.details, self.reader)
            self.profiles[entry.party_id] = profile
            for key in set(profile.keys()):
                self.by_key.setdefault(key, set()).add(entry.party_id)

    def _unindex(self, party_id: UUID) -> None:
        profile = self.profiles.pop(party_id, None)
        if profile is None:
            return
        for key in set(profile.keys()):
            holders = self.by_key.get(key)
            if holders is not None:
                holders.discard(party_id)
                if not holders:
                    del self.by_key[key]

    def version(self, on: date) -> str:
        """Results are deterministic for a version: the log position and the screening date."""
        return f"{self.position}@{on.isoformat()}"

    def excluded_count(self, on: date) -> int:
        return sum(1 for e in self.entries.values() if exclusions_in_force(e.listings, on))

    def screen(self, query: PartyDetails, on: date) -> ScreeningResult:
        profile = read_profile(query, self.reader)
        hits = []
        for party_id in self._candidates(profile):
            entry = self.entries[party_id]
            in_force = exclusions_in_force(entry.listings, on)
            if not in_force:
                continue
            score, evidence = compare(profile, self.profiles[party_id])
            decision = self.thresholds.decide(score)
            if decision is Decision.CLEAR:
                continue
            hits.append(
                Hit(
                    party_id=party_id,
                    source_ref=entry.details.source_ref,
                    exclusion_ids=in_force,
                    name=entry.details.name,
                    score=round(score, 4),
                    decision=decision,
                    evidence=tuple(evidence),
                )
            )
        hits.sort(key=lambda h: (-h.score, str(h.party_id)))
        decision = max((h.decision for h in hits), default=Decision.CLEAR)
        return ScreeningResult(decision, self.version(on), tuple(hits))

    def _candidates(self, profile: Profile) -> list[UUID]:
        """Every party sharing a contact with the query, and the parties whose names
        share the rarest keys with it (a key held by k parties counts 1/k)."""
        linked: set[UUID] = set()
        by_name: dict[UUID, float] = {}
        for key in set(profile.keys()):
            holders = self.by_key.get(key)
            if not holders or len(holders) > COMMON_KEY:
                continue
            if key.startswith(NAME_KEYS):
                rarity = 1.0 / len(holders)
                for party_id in holders:
                    by_name[party_id] = by_name.get(party_id, 0.0) + rarity
            else:
                linked.update(holders)
        ranked = sorted(by_name, key=lambda p: (-by_name[p], str(p)))[:CANDIDATES]
        return sorted(linked, key=str) + [p for p in ranked if p not in linked]
