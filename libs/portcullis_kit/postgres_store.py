"""PostgreSQL persistence: `eventsourcing.postgres`, with large commits written without
psycopg's pipeline mode.

`eventsourcing` sends all of a commit's events as one statement (an array of them), in a
pipeline. psycopg 3.3.9 (the locked release) hangs in its pipeline mode on a statement
of about a megabyte: the server waits in ClientRead for the rest of the statement, the
client in `Pipeline.sync` for its result, for ever (the shape of psycopg/psycopg#685).
Here it hung from about 600 KB of events' state in one commit (a registry import of 200
records with many aliases, or a batch of 600 parties), holding the events table's lock,
so every other write to that store waited too (`tests/integration/kit/test_event_store.py`).

A commit whose statement would be above `PIPELINED_STATEMENT_LIMIT` is written outside a
pipeline: the same statements one after another in one transaction (any tracking
record, the lock, the notification, the events, then their positions read back), a few
round trips more. Commands' commits, a few KB, keep the pipeline's single round trip.
"""

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import (
    PostgresApplicationRecorder,
    PostgresFactory,
    PostgresProcessRecorder,
)
from eventsourcing.utils import retry

# The largest statement, in bytes as `_fits_a_pipeline` counts them, for a commit to be
# pipelined: a quarter of the smallest seen to hang (600 KB of state, some 1.3 MB).
PIPELINED_STATEMENT_LIMIT = 320 * 1024
# Bytes an event's id, version and punctuation add as sent (its state goes as hex,
# twice its size, and its topic as written).
EVENT_OVERHEAD = 64


def _fits_a_pipeline(stored_events: Sequence[StoredEvent]) -> bool:
    sent = sum(2 * len(e.state) + len(e.topic) + EVENT_OVERHEAD for e in stored_events)
    return sent <= PIPELINED_STATEMENT_LIMIT


@retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
def _insert_in_one_transaction(
    recorder: PostgresApplicationRecorder, stored_events: Sequence[StoredEvent], **kwargs: Any
) -> Sequence[int] | None:
    """What `PostgresApplicationRecorder.insert_events` does, in a plain transaction."""
    notification_ids: Sequence[int] | None = None
    with recorder.datastore.get_connection() as conn, conn.transaction():
        with conn.cursor() as cursor:
            recorder._insert_events(cursor, stored_events, **kwargs)  # a tracking record
        if stored_events:
            with conn.cursor() as cursor:
                recorder._insert_stored_events(cursor, stored_events, **kwargs)
                notification_ids = recorder._fetch_ids_after_insert_events(
                    cursor, stored_events, **kwargs
                )
    return notification_ids


class ApplicationRecorder(PostgresApplicationRecorder):
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """A commit's events inserted in a pipeline if small enough, else outside one."""
        notification_ids: Sequence[int] | None
        if _fits_a_pipeline(stored_events):
            notification_ids = super().insert_events(stored_events, **kwargs)
        else:
            notification_ids = _insert_in_one_transaction(self, stored_events, **kwargs)
        return notification_ids


class ProcessRecorder(ApplicationRecorder, PostgresProcessRecorder):
    """The same, with a tracking record in the commit (`_insert_events` of the process
    recorder, which comes after ours in the method order)."""


class Factory(PostgresFactory):
    application_recorder_class = ApplicationRecorder
    process_recorder_class = ProcessRecorder
