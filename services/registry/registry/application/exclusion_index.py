"""Which exclusions name which parties: a read model that follows the registry's log.

Answers "which exclusions could bar this party?" without loading every exclusion. Only
`Exclusion.Imposed` events matter (who is named never changes afterwards), so it reads
just those, from where it last stopped, each time it is asked.
"""

import threading
from collections import defaultdict
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Mapper
from eventsourcing.utils import get_topic

from registry.domain.exclusion import Exclusion

IMPOSED = [get_topic(Exclusion.Imposed)]


class ExclusionIndex:
    def __init__(self, recorder: ApplicationRecorder, mapper: Mapper[UUID]) -> None:
        self.recorder = recorder
        self.mapper = mapper
        self.position = 0
        self.all: list[UUID] = []
        self.naming: dict[UUID, set[UUID]] = defaultdict(set)
        self._lock = threading.Lock()

    def exclusions(self) -> list[UUID]:
        """Every exclusion, in the order recorded."""
        self._catch_up()
        return list(self.all)

    def exclusions_naming(self, party_id: UUID) -> set[UUID]:
        """Exclusions of the party, or naming it as a principal or affiliate."""
        self._catch_up()
        return set(self.naming.get(party_id, ()))

    def _catch_up(self) -> None:
        with self._lock:
            while page := self.recorder.select_notifications(
                start=self.position, limit=1000, topics=IMPOSED, inclusive_of_start=False
            ):
                for notification in page:
                    imposed = self.mapper.to_domain_event(notification)
                    if not isinstance(imposed, Exclusion.Imposed):
                        continue
                    exclusion_id = imposed.originator_id
                    self.all.append(exclusion_id)
                    named = imposed.action.principals_named + imposed.action.affiliates_named
                    for party_id in (imposed.party_id, *(UUID(n) for n in named)):
                        self.naming[party_id].add(exclusion_id)
                self.position = page[-1].id
