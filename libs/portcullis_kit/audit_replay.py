"""Replaying a service's log through its domain code, as `portcullis audit replay` does.

The events are decoded by the service's own mapper (its transcodings) and applied by its
own aggregate classes, starting from nothing: the aggregates that come out are what the
log says, whatever the service's database holds beside it.

Aggregates are independent of one another, so a long log is replayed in worker
processes, one a core: this process reads the log and deals each event to the worker
that owns its aggregate (by the aggregate's id), and each worker replays its share. The
aggregates stay in the worker that made them (sending them back would cost more than
making them); what comes back is what the caller asks of them (`finish`).
"""

import gc
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar, cast
from uuid import UUID

from eventsourcing.domain import Aggregate, AggregateEvent
from eventsourcing.persistence import Mapper, StoredEvent

from portcullis_kit.audit_check import ShownEvent
from portcullis_kit.collector import collector_paused

R = TypeVar("R")
Aggregates = dict[UUID, Aggregate]
# Aggregates being made, by their id as an integer: a UUID hashes in Python, an int in C,
# and a replay looks up an aggregate for every event (this, and an aggregate's later events
# taking the id it has, measured: a tenth of a replay).
Made = dict[int, Aggregate]
# Events sent to a worker at a time: pickling and the pipe cost little per event in
# batches of this size, and the workers start on the log while it is still being read.
BATCH = 1000
# An event as sent to a worker: the aggregate's id as an integer (cheaper to pickle and
# to turn back into a UUID than a UUID), its version, topic and stored state.
Dealt = tuple[int, int, str, bytes]


def replay(
    events: Iterable[ShownEvent],
    mapper: Mapper[UUID],
    progress: Callable[[int], None] = lambda _: None,
) -> Aggregates:
    """Every aggregate as the events make it, by id, replayed in this process."""
    made: Made = {}
    # Replay makes hundreds of thousands of long-lived objects and no cycles: with the
    # collector on, a third of a 200,000-event replay went on scanning them.
    with collector_paused():
        for shown in events:
            _apply(made, shown.aggregate_id.int, shown.version, shown.topic, shown.state, mapper)
            progress(1)
    return _by_id(made)


def replay_in_workers(
    events: Iterable[ShownEvent],
    mapper: Mapper[UUID],
    finish: Callable[[Aggregates], R],
    workers: int,
    progress: Callable[[int], None] = lambda _: None,
) -> list[R]:
    """Replays in `workers` processes, each making the aggregates whose ids fall to it;
    returns, from each, `finish` of its aggregates. An error in a worker (an event that
    does not decode or apply) is raised here, with the worker's traceback as a note."""
    with ReplayWorkers(workers, finish, mapper) as started:
        return started.replay(events, progress=progress)


# Makes the service's mapper in a worker: a module-level function or a partial of one, so
# that it goes through the pipe by name.
MakeMapper = Callable[[], Mapper[UUID]]


class ReplayWorkers(Generic[R]):
    """`count` worker processes, forked when made, that replay what `replay` deals them.

    The workers are forked: they start at once with the domain code already loaded. Fork
    them before opening anything a forked process must not share: the command line makes
    them before it opens its gRPC channel, and tells them later which service's mapper to
    make (`make_mapper`, when it has asked the service its name). A caller that has the
    mapper already gives it here, and the workers inherit it."""

    def __init__(
        self,
        count: int,
        finish: Callable[[Aggregates], R],
        mapper: Mapper[UUID] | None = None,
    ) -> None:
        self.finish = finish
        self.mapper = mapper
        self.started: list[_Worker[R]] = []
        if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return  # one process, or a system that cannot fork: `replay` replays here
        try:
            for _ in range(count):
                self.started.append(_Worker(mapper, finish, [w.connection for w in self.started]))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> "ReplayWorkers[R]":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def replay(
        self,
        events: Iterable[ShownEvent],
        make_mapper: MakeMapper | None = None,
        progress: Callable[[int], None] = lambda _: None,
    ) -> list[R]:
        """`finish` of the aggregates each worker made of its share of `events`, decoded
        with the mapper given when the workers were made, or else made by `make_mapper`."""
        if self.mapper is None and make_mapper is None:
            raise ValueError("the workers need a mapper or something to make one")
        if not self.started:
            mapper = self.mapper if self.mapper is not None else cast(MakeMapper, make_mapper)()
            return [self.finish(replay(events, mapper, progress))]
        workers = self.started
        count = len(workers)
        for worker in workers:
            worker.send(None if self.mapper is not None else make_mapper)
        batches: list[list[Dealt]] = [[] for _ in workers]
        with collector_paused():
            for shown in events:
                key = shown.aggregate_id.int
                batch = batches[key % count]
                batch.append((key, shown.version, shown.topic, shown.state))
                if len(batch) == BATCH:
                    workers[key % count].send(batch)
                    batch.clear()
                    progress(BATCH)
            for worker, batch in zip(workers, batches, strict=True):
                worker.send(batch)
                progress(len(batch))
                worker.send(None)
            return [worker.result() for worker in workers]

    def close(self) -> None:
        for worker in self.started:
            worker.stop()
        self.started = []


class _Worker(Generic[R]):
    """A forked process replaying the events sent to it, then sending `finish` of them."""

    def __init__(
        self,
        mapper: Mapper[UUID] | None,
        finish: Callable[[Aggregates], R],
        others: list[Connection],
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe()
        # The fork copies every pipe end open here: the worker closes this process's
        # ends (its own and the workers' forked before it), so that when this process
        # closes them, the workers see the end of their input rather than wait for it.
        ours = [self.connection, *others]
        self.process = context.Process(
            target=_work, args=(theirs, ours, mapper, finish), daemon=True
        )
        self.process.start()
        theirs.close()

    def send(self, message: list[Dealt] | MakeMapper | None) -> None:
        try:
            self.connection.send(message)
        except OSError:
            # The worker has stopped: it failed, and says why.
            self.result()
            raise

    def result(self) -> R:
        try:
            succeeded, value = self.connection.recv()
        except EOFError:
            raise RuntimeError(f"replay worker {self.process.pid} died") from None
        if not succeeded:
            raise cast(BaseException, value)
        return cast(R, value)

    def stop(self) -> None:
        self.connection.close()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _work(
    connection: Connection,
    not_ours: list[Connection],
    mapper: Mapper[UUID] | None,
    finish: Callable[[Aggregates], Any],
) -> None:
    """A worker's life: make its mapper if it has none, replay what comes through the
    pipe, then send back what `finish` makes of the aggregates, or the error that
    stopped it."""
    try:
        for end in not_ours:
            end.close()
        outcome = _replay_share(connection, mapper, finish)
        try:
            connection.send(outcome)
        except OSError:
            pass  # the reading process stopped early: it has its own error to raise
        except Exception:  # the result or the error would not pickle
            connection.send((False, RuntimeError(traceback.format_exc())))
    finally:
        # Leave without flushing streams or running exit handlers copied from the
        # forking process: a thread there (a progress bar) may have held their locks.
        os._exit(0)


def _replay_share(
    connection: Connection, mapper: Mapper[UUID] | None, finish: Callable[[Aggregates], Any]
) -> tuple[bool, Any]:
    # A worker lives for one replay: the cyclic collector is off for good (see
    # collector_paused), not turned back on to scan all it made once more.
    gc.disable()
    made: Made = {}
    try:
        # The first message: what makes the mapper, or None to use the one inherited.
        make_mapper = connection.recv()
        if make_mapper is not None:
            mapper = make_mapper()
        if mapper is None:
            raise ValueError("a replay worker was given no mapper")
        while (batch := connection.recv()) is not None:
            for key, version, topic, state in batch:
                _apply(made, key, version, topic, state, mapper)
        return True, finish(_by_id(made))
    except Exception as error:
        error.add_note(f"in replay worker:\n{traceback.format_exc()}")
        return False, _sendable(error)


def _sendable(error: Exception) -> Exception:
    """The error, or a RuntimeError saying it, if it would not come back through the
    pipe as itself (an exception whose arguments are not those of its __init__)."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}\n" + "\n".join(error.__notes__))
    return error


def _apply(
    made: Made, key: int, version: int, topic: str, state: bytes, mapper: Mapper[UUID]
) -> None:
    """Decodes one event with the service's mapper and applies it to its aggregate."""
    before = made.get(key)
    # The aggregate's later events take the id it already has, equal to the one a new
    # UUID would have and cheaper.
    aggregate_id = UUID(int=key) if before is None else before.id
    domain_event = mapper.to_domain_event(stored_event(aggregate_id, version, topic, state))
    made[key] = cast(Aggregate, cast(AggregateEvent, domain_event).mutate(before))


def stored_event(aggregate_id: UUID, version: int, topic: str, state: bytes) -> StoredEvent:
    """A StoredEvent as its frozen __init__ would make it, without setting each field
    through object.__setattr__ (as the mapper itself makes the domain events it decodes):
    a few percent of a replay."""
    stored = object.__new__(StoredEvent)
    fields = {
        "originator_id": aggregate_id,
        "originator_version": version,
        "topic": topic,
        "state": state,
    }
    object.__setattr__(stored, "__dict__", fields)
    return stored


def _by_id(made: Made) -> Aggregates:
    return {aggregate.id: aggregate for aggregate in made.values()}
