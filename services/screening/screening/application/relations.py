"""Relations between watched parties that make one party's entry depend on another's.

Two of them matter to the watchlist:
- coverage: an exclusion covers the principals and affiliates its action names, and the
  affiliates the registry links to the party later (a confirmed attempt to come back
  under another name). A covered party is screened as excluded while the exclusion is in
  force, so when the excluded party changes, every party it covers is indexed again;
- principal links: a party is screened with the name and identifiers of the principals
  the registry links to it, so when a principal is revised, every party naming it is
  indexed again.
"""

from collections.abc import Set
from uuid import UUID


class PartyRelation:
    """Which parties each party points at, and the reverse."""

    def __init__(self) -> None:
        self.points_at: dict[UUID, frozenset[UUID]] = {}
        self.pointed_at_by: dict[UUID, set[UUID]] = {}

    def update(self, party_id: UUID, others: frozenset[UUID]) -> Set[UUID]:
        """Notes what `party_id` now points at; returns the parties it pointed at before
        or points at now."""
        old = self.points_at.get(party_id, frozenset())
        if others:
            self.points_at[party_id] = others
        else:
            self.points_at.pop(party_id, None)
        for other in old - others:
            holders = self.pointed_at_by.get(other, set())
            holders.discard(party_id)
            if not holders:
                self.pointed_at_by.pop(other, None)
        for other in others - old:
            self.pointed_at_by.setdefault(other, set()).add(party_id)
        return old | others

    def pointing_at(self, party_id: UUID) -> Set[UUID]:
        """The parties that point at `party_id`."""
        return self.pointed_at_by.get(party_id, set())
