"""Event store wiring for the `eventsourcing` library: SQLite by default, PostgreSQL by setting.

Every service application derives from `StoreApplication`. Its recorder is a process
recorder, so events caused by another service's message are stored in the same
transaction as the position of that message (a `Tracking` record).
"""

import asyncio
import datetime
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, ParamSpec, TypeVar, cast
from urllib.parse import parse_qs, unquote, urlparse
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, AggregateEvent
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    Mapper,
    Notification,
    ProcessRecorder,
    Tracking,
    Transcoder,
)

from portcullis_kit.errors import Conflict, NotFound
from portcullis_kit.metrics import STORE_WRITE_SECONDS
from portcullis_kit.settings import ServiceSettings
from portcullis_kit.tracing import TraceOrigins
from portcullis_kit.transcoding import DataclassAsDict, DateAsISO, FastJSONTranscoder
from portcullis_kit.typed_decoding import TypedMapper

log = structlog.get_logger("store")
# Notifications read from the log at a time by those that follow it.
LOG_PAGE = 1000
A = TypeVar("A", bound=Aggregate)
P = ParamSpec("P")
T = TypeVar("T")


def persistence_env(service: str, settings: ServiceSettings) -> dict[str, str]:
    """The `eventsourcing` environment for a service's store, from its settings."""
    if settings.persistence == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if settings.persistence == "sqlite":
        data_dir = Path(settings.data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(data_dir / f"{service}.sqlite"),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    return postgres_env(settings.postgres_dsn, settings.postgres_schema)


def postgres_env(dsn: str, schema: str = "") -> dict[str, str]:
    """Splits a libpq URI into the variables `eventsourcing.postgres` reads, for its
    persistence as `postgres_store` changes it (large commits written outside psycopg's
    pipeline mode, which hangs on them)."""
    url = urlparse(dsn)
    if url.scheme not in ("postgres", "postgresql"):
        raise ValueError("postgres_dsn must be a postgresql:// URI")
    query = parse_qs(url.query)
    env = {
        "PERSISTENCE_MODULE": "portcullis_kit.postgres_store:Factory",
        "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
        "POSTGRES_HOST": query.get("host", [url.hostname or "localhost"])[0],
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
    }
    if schema:
        env["POSTGRES_SCHEMA"] = schema
    return env


def mutated(aggregate: Any, events: Iterable[Any]) -> Any:
    """An aggregate with events applied: `eventsourcing`'s own projector without the
    `isinstance` check it asserts of each event against a runtime protocol, which walks
    the event's class every time (a sixth of screening's start-up rebuild). Events read
    from a store are the library's own, made by our mapper."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class StoreApplication(Application[UUID]):
    """An `eventsourcing` Application with our transcodings and a tracking table."""

    # Frozen dataclasses that events carry; each gets a transcoding.
    value_objects: ClassVar[Sequence[type[Any]]] = ()

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        # Called, in the writer's thread, after each commit: the relay's wake-up and
        # read models that follow the log.
        self.listeners: list[Callable[[], None]] = []
        # Which call recorded each event, for the relay to name as the parent of its
        # message: filled here, where every write passes, so no use case knows of it.
        self.trace_origins = TraceOrigins()

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Saves, or raises Conflict if another writer got to an aggregate first."""
        began = time.perf_counter()
        try:
            recordings = super().save(*objs, **kwargs)
        except IntegrityError:
            raise Conflict(
                "changed concurrently by another request; read it again and retry"
            ) from None
        STORE_WRITE_SECONDS.observe(time.perf_counter() - began)
        self.trace_origins.note(r.notification.id for r in recordings)
        self._tell_listeners()
        return recordings

    def _tell_listeners(self) -> None:
        # The change is committed: a failing listener must not make it look failed.
        for listener in self.listeners:
            try:
                listener()
            except Exception:
                log.exception("store.listener_failed", listener=repr(listener))

    def construct_recorder(self) -> ProcessRecorder:
        return self.factory.process_recorder()

    def construct_mapper(self) -> Mapper[UUID]:
        # The library's mapper, each event class read with a parser made for it (see
        # TypedMapper), unless the environment names another mapper.
        if self.env.get(self.factory.MAPPER_TOPIC):
            return super().construct_mapper()
        return self.factory.mapper(self.construct_transcoder(), TypedMapper)

    def construct_transcoder(self) -> Transcoder:
        # The library's JSON transcoder, reading faster (see FastJSONTranscoder).
        transcoder = FastJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        for cls in self.value_objects:
            transcoder.register(DataclassAsDict(cls))

    @property
    def process_recorder(self) -> ProcessRecorder:
        recorder = self.recorder
        if not isinstance(recorder, ProcessRecorder):
            raise TypeError("StoreApplication needs a process recorder")
        return recorder

    def record_with_tracking(self, tracking: Tracking, *aggregates: Aggregate | None) -> None:
        """Stores the aggregates' new events and the tracking record in one transaction.

        Raises `eventsourcing.persistence.IntegrityError` if that position was already
        recorded, so a redelivered message changes nothing.
        """
        new_events = [e for a in aggregates if a is not None for e in a.collect_events()]
        began = time.perf_counter()
        recordings = self.events.put(new_events, tracking=tracking)
        STORE_WRITE_SECONDS.observe(time.perf_counter() - began)
        self.trace_origins.note(r.notification.id for r in recordings)
        self._tell_listeners()

    @property
    def embedded(self) -> bool:
        """Whether the store is in this process (SQLite, memory) rather than a server."""
        return self.env.get("PERSISTENCE_MODULE") in ("eventsourcing.sqlite", "eventsourcing.popo")

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Calls `fn` (which uses the store) from async code.

        An embedded store answers in well under a millisecond and takes one writer at a
        time anyway, so it is called on the event loop: measured here, a thread hop per
        call cost a third of the registry's throughput. A store behind a network
        (PostgreSQL) is called from a worker thread, so a slow query never stalls the loop.
        """
        if self.embedded:
            return fn(*args, **kwargs)
        return await asyncio.to_thread(fn, *args, **kwargs)

    def get_aggregate(
        self,
        cls: type[A],
        aggregate_id: UUID,
        what: str,
        as_of: datetime.datetime | None = None,
    ) -> A:
        """The aggregate of that class with that id, or NotFound naming `what` it is.
        With `as_of`, as its events recorded by then make it (recorded time)."""
        found: Aggregate | None
        if as_of is None:
            try:
                found = self.repository.get(aggregate_id, projector_func=mutated)
            except AggregateNotFoundError:
                found = None
        else:
            found = self.state_as_of(aggregate_id, as_of)
        if not isinstance(found, cls):
            raise NotFound(what, str(aggregate_id))
        return found

    def find_aggregate(self, cls: type[A], aggregate_id: UUID) -> A | None:
        """The aggregate of that class with that id, or None if there is none."""
        try:
            return self.get_aggregate(cls, aggregate_id, cls.__name__)
        except NotFound:
            return None

    def state_as_of(self, aggregate_id: UUID, recorded_by: datetime.datetime) -> Aggregate | None:
        """The aggregate as its events recorded up to `recorded_by` make it, or None if
        it did not exist yet. Computed from the events alone."""
        state: Aggregate | None = None
        for stored in self.recorder.select_events(aggregate_id):
            domain_event = cast(AggregateEvent, self.mapper.to_domain_event(stored))
            if domain_event.timestamp > recorded_by:
                break
            state = cast(Aggregate, domain_event.mutate(state))
        return state

    def last_tracked(self, upstream: str) -> int:
        return self.process_recorder.max_tracking_id(upstream) or 0

    def read_log(self, after: int, limit: int) -> Sequence[Notification]:
        """Notifications with positions greater than `after` (positions may have gaps)."""
        return self.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False
        )

    def follow_log(self, after: int, handle: Callable[[Notification], None]) -> int:
        """Hands each notification beyond position `after` to `handle`, in order, a page
        at a time; returns the position reached."""
        while notifications := self.read_log(after, LOG_PAGE):
            for notification in notifications:
                handle(notification)
            after = notifications[-1].id
        return after

    def log_position(self) -> int:
        return self.recorder.max_notification_id() or 0


class LogIndex:
    """The ids of the aggregates a log created, by their creation event's topic (its end,
    "Seizure.Recorded"), in the order created. It follows the log: `follow` after each
    commit, and every few seconds for what other replicas of the service committed."""

    def __init__(self, app: StoreApplication, topics: Sequence[str]) -> None:
        self.app = app
        self._ids: dict[str, list[UUID]] = {topic: [] for topic in topics}
        self._position = 0
        self._lock = threading.Lock()

    def follow(self) -> None:
        with self._lock:
            self._position = self.app.follow_log(self._position, self._note)

    def ids(self, topic: str) -> list[UUID]:
        """A copy: another thread may be adding to the index."""
        with self._lock:
            return list(self._ids[topic])

    def _note(self, notification: Notification) -> None:
        for topic, ids in self._ids.items():
            if notification.topic.endswith(topic):
                ids.append(UUID(str(notification.originator_id)))
