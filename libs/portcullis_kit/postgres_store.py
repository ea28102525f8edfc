"""PostgreSQL persistence: `eventsourcing.postgres`, with a commit's events written
without psycopg's pipeline mode.

`eventsourcing` sends all of a commit's events as one statement (an array of them), in a
pipeline. psycopg 3.3.9 (the locked release) hangs in its pipeline mode on a statement
of about a megabyte or more: the server waits in ClientRead for the rest of the
statement, the client in `Pipeline.sync` for its result, for ever (the shape of
psycopg/psycopg#685). A registry import of 200 records with many aliases, or a batch
of 1,000 parties, makes such a statement, and the writer then hung holding the events
table's lock, so every other write to that store waited too
(`tests/integration/kit/test_event_store.py`). Outside a pipeline the same statements
are sent one after another in one transaction: the lock, the notification, the events
(with any tracking record first), then their positions read back.
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
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        return _insert_in_one_transaction(self, stored_events, **kwargs)


class ProcessRecorder(PostgresProcessRecorder):
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        return _insert_in_one_transaction(self, stored_events, **kwargs)


class Factory(PostgresFactory):
    application_recorder_class = ApplicationRecorder
    process_recorder_class = ProcessRecorder
