"""Every exclusion as it stands now, and which parties each names: a read model that
follows the registry's log.

Queries over all exclusions (the list in force on a date, the export, the calendar's
search for periods that ended, "which exclusions could bar this party?") read this
instead of loading every aggregate from the store. It replays the exclusions' own
events, through the domain's own code, from where it last stopped, each time it is asked.
The objects it holds are its own: callers read them and never change them.
"""

import threading
from collections import defaultdict
from datetime import date
from typing import cast
from uuid import UUID

from eventsourcing.domain import AggregateEvent
from eventsourcing.persistence import ApplicationRecorder, Mapper
from eventsourcing.utils import get_topic

from registry.domain.exclusion import Exclusion

EXCLUSION_TOPICS = [
    get_topic(event_class)
    for event_class in (
        Exclusion.Imposed,
        Exclusion.ProceedingsInitiated,
        Exclusion.SuspensionExtended,
        Exclusion.PeriodChanged,
        Exclusion.SamPublished,
        Exclusion.SourceUpdated,
        Exclusion.SuspensionLimitNear,
        Exclusion.TookEffect,
        Exclusion.Terminated,
        Exclusion.Expired,
    )
]


class ExclusionIndex:
    def __init__(self, recorder: ApplicationRecorder, mapper: Mapper[UUID]) -> None:
        self.recorder = recorder
        self.mapper = mapper
        self.position = 0
        self.current: dict[UUID, Exclusion] = {}
        self.naming: dict[UUID, set[UUID]] = defaultdict(set)
        self._lock = threading.Lock()

    def exclusion_ids(self) -> list[UUID]:
        """Every exclusion, in the order recorded."""
        with self._lock:
            self._catch_up()
            return list(self.current)

    def in_force(self, on: date) -> list[Exclusion]:
        """The exclusions in force on a date, as things stand (read only)."""
        with self._lock:
            self._catch_up()
            return [e for e in self.current.values() if e.is_in_force(on)]

    def calendar_due(self, today: date) -> list[UUID]:
        """Exclusions for which today's date calls for an event."""
        with self._lock:
            self._catch_up()
            return [i for i, e in self.current.items() if e.calendar_due(today)]

    def exclusions_naming(self, party_id: UUID) -> set[UUID]:
        """Exclusions of the party, or naming it as a principal or affiliate."""
        with self._lock:
            self._catch_up()
            return set(self.naming.get(party_id, ()))

    def _catch_up(self) -> None:
        while page := self.recorder.select_notifications(
            start=self.position, limit=1000, topics=EXCLUSION_TOPICS, inclusive_of_start=False
        ):
            for notification in page:
                domain_event = self.mapper.to_domain_event(notification)
                exclusion_id = UUID(str(domain_event.originator_id))
                before = self.current.get(exclusion_id)
                after = cast(Exclusion, cast(AggregateEvent, domain_event).mutate(before))
                self.current[exclusion_id] = after
                if before is None:
                    named = after.action.principals_named + after.action.affiliates_named
                    for party_id in (after.party_id, *(UUID(n) for n in named)):
                        self.naming[party_id].add(exclusion_id)
            self.position = page[-1].id
