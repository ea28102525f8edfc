"""Matching a query party against the watchlist, with evidence for every hit.

This first version matches names and aliases exactly after normalisation (Unicode
compatibility form, case, punctuation, spacing). The fuzzy and link-based matching of
EO §3 builds on the same shapes: a hit says which attribute matched which, and how much
it weighed.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from uuid import UUID

from portcullis_kit.party import PartyDetails
from screening.domain.watched_party import Listing, exclusions_in_force


class Decision(IntEnum):
    CLEAR = 1
    REVIEW = 2
    MATCH = 3


@dataclass(frozen=True)
class Evidence:
    query_field: str
    query_value: str
    listed_field: str
    listed_value: str
    weight: float


@dataclass(frozen=True)
class Hit:
    party_id: UUID
    source_ref: str
    exclusion_ids: tuple[str, ...]
    name: str
    score: float
    decision: Decision
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ScreeningResult:
    decision: Decision
    watchlist_version: str
    hits: tuple[Hit, ...]


_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def names_of(details: PartyDetails) -> list[tuple[str, str]]:
    """(field, name) for the name and each AKA, DBA and former name."""
    return details.all_names()


@dataclass(frozen=True)
class WatchlistEntry:
    party_id: UUID
    details: PartyDetails
    listings: Mapping[str, Listing]


class Watchlist:
    """Every party screening knows, indexed by normalised name and alias.

    A party is screened against only while one of its exclusions is in force on the
    screening date, so an exclusion stops matching the day it ends, with no event needed.
    Not thread-safe by itself: the application guards it.
    """

    def __init__(self) -> None:
        self.entries: dict[UUID, WatchlistEntry] = {}
        self.by_name: dict[str, set[UUID]] = {}
        # Position in screening's own log up to which this index is current.
        self.position = 0

    def put(self, entry: WatchlistEntry) -> None:
        old = self.entries.get(entry.party_id)
        if old is not None:
            for _, name in names_of(old.details):
                self.by_name.get(normalize_name(name), set()).discard(entry.party_id)
        self.entries[entry.party_id] = entry
        for _, name in names_of(entry.details):
            self.by_name.setdefault(normalize_name(name), set()).add(entry.party_id)

    def version(self, on: date) -> str:
        """Results are deterministic for a version: the log position and the screening date."""
        return f"{self.position}@{on.isoformat()}"

    def excluded_count(self, on: date) -> int:
        return sum(1 for e in self.entries.values() if exclusions_in_force(e.listings, on))

    def screen(self, query: PartyDetails, on: date) -> ScreeningResult:
        evidence: dict[UUID, list[Evidence]] = {}
        for query_field, query_name in names_of(query):
            for party_id in sorted(self.by_name.get(normalize_name(query_name), ())):
                listed = self.entries[party_id].details
                for listed_field, listed_name in names_of(listed):
                    if normalize_name(listed_name) == normalize_name(query_name):
                        evidence.setdefault(party_id, []).append(
                            Evidence(query_field, query_name, listed_field, listed_name, 1.0)
                        )
        hits = []
        for party_id, found in evidence.items():
            entry = self.entries[party_id]
            in_force = exclusions_in_force(entry.listings, on)
            if in_force:
                hits.append(
                    Hit(
                        party_id=party_id,
                        source_ref=entry.details.source_ref,
                        exclusion_ids=in_force,
                        name=entry.details.name,
                        score=1.0,
                        decision=Decision.MATCH,
                        evidence=tuple(found),
                    )
                )
        hits.sort(key=lambda h: (-h.score, str(h.party_id)))
        decision = max((h.decision for h in hits), default=Decision.CLEAR)
        return ScreeningResult(decision, self.version(on), tuple(hits))
