"""Which parties each party's exclusions reach beyond itself, and the reverse.

An exclusion covers the principals and affiliates its action names, and the affiliates
the registry links to the party later (a confirmed attempt to come back under another
name). A covered party is screened as excluded while the exclusion is in force, so when
the excluded party changes, every party it covers must be indexed again.
"""

from collections.abc import Set
from uuid import UUID


class Coverage:
    def __init__(self) -> None:
        self.covers: dict[UUID, frozenset[UUID]] = {}
        self.covered_by: dict[UUID, set[UUID]] = {}

    def update(self, party_id: UUID, covered: frozenset[UUID]) -> Set[UUID]:
        """Notes what `party_id` now covers; returns every party whose entry may change."""
        old = self.covers.get(party_id, frozenset())
        if covered:
            self.covers[party_id] = covered
        else:
            self.covers.pop(party_id, None)
        for other in old - covered:
            holders = self.covered_by.get(other, set())
            holders.discard(party_id)
            if not holders:
                self.covered_by.pop(other, None)
        for other in covered - old:
            self.covered_by.setdefault(other, set()).add(party_id)
        return old | covered

    def excluding(self, party_id: UUID) -> Set[UUID]:
        """The parties whose exclusions cover `party_id`."""
        return self.covered_by.get(party_id, set())
