"""Replaying a service's log through its domain code, as `portcullis audit replay` does.

The events are decoded by the service's own mapper (its transcodings) and applied by its
own aggregate classes, starting from nothing: the aggregates that come out are what the
log says, whatever the service's database holds beside it.
"""

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import cast
from uuid import UUID

from eventsourcing.domain import Aggregate, AggregateEvent
from eventsourcing.persistence import Mapper, StoredEvent

from portcullis_kit.audit_check import ShownEvent


def replay(
    events: Iterable[ShownEvent],
    mapper: Mapper[UUID],
    progress: Callable[[int], None] = lambda _: None,
) -> dict[UUID, Aggregate]:
    """Every aggregate as the events make it, by id."""
    aggregates: dict[UUID, Aggregate] = {}
    with _collector_paused():
        for shown in events:
            _apply(shown, mapper, aggregates)
            progress(1)
    return aggregates


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Replay makes hundreds of thousands of long-lived objects and no reference cycles;
    the cyclic collector would scan them again and again as they pile up (measured: a
    third of a 200,000-event replay)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _apply(shown: ShownEvent, mapper: Mapper[UUID], aggregates: dict[UUID, Aggregate]) -> None:
    stored = StoredEvent(
        originator_id=shown.aggregate_id,
        originator_version=shown.version,
        topic=shown.topic,
        state=shown.state,
    )
    domain_event = cast(AggregateEvent, mapper.to_domain_event(stored))
    before = aggregates.get(shown.aggregate_id)
    aggregates[shown.aggregate_id] = cast(Aggregate, domain_event.mutate(before))
