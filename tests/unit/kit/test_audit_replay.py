"""Replaying a log through the domain code, in this process or in worker processes: every
aggregate comes out as the service has it, and a log that does not replay says why."""

import multiprocessing
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate, OriginatorVersionError
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent

from portcullis_cli.audit_commands import domain_mapper
from portcullis_kit.audit import state_json
from portcullis_kit.audit_check import ShownEvent
from portcullis_kit.audit_replay import ReplayWorkers, replay, replay_in_workers, stored_event
from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import ExclusionAction, ExclusionType
from registry.domain.party import LinkKind
from tests.support import organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 2)


@pytest.fixture(scope="module")
def app() -> RegistryApplication:
    """A registry with parties registered, revised, linked and unlinked, and debarred."""
    app = RegistryApplication(MEMORY, country_codes(), clock=lambda: TODAY)
    parties = [app.register_party(organisation(f"Importer {i}"), "officer") for i in range(40)]
    for i, party_id in enumerate(parties):
        if i % 2:
            app.update_party(party_id, organisation(f"Importer {i} Co., Ltd."), "officer")
        if i % 3 == 0:
            other = parties[(i + 1) % len(parties)]
            app.link_parties(party_id, other, LinkKind.RELATED_BUSINESS, "", "officer")
            if i % 9 == 0:
                app.unlink_parties(
                    party_id, other, LinkKind.RELATED_BUSINESS, "", "closed", "officer"
                )
        if i % 5 == 0:
            action = ExclusionAction("counterfeits", True, "SDO", TODAY, date(2029, 11, 1))
            app.impose_exclusion(party_id, ExclusionType.DEBARMENT, action, "sdo")
    return app


def shown(app: RegistryApplication) -> list[ShownEvent]:
    return [
        ShownEvent(n.id, UUID(str(n.originator_id)), n.originator_version, n.topic, n.state)
        for n in app.read_log(0, 10_000)
    ]


def states(aggregates: dict[UUID, Aggregate]) -> dict[UUID, str]:
    return {aggregate_id: state_json(a) for aggregate_id, a in aggregates.items()}


def as_the_service_has_them(app: RegistryApplication) -> dict[UUID, str]:
    ids = {event.aggregate_id for event in shown(app)}
    return {aggregate_id: state_json(app.repository.get(aggregate_id)) for aggregate_id in ids}


def merged(shares: list[dict[UUID, str]]) -> dict[UUID, str]:
    together: dict[UUID, str] = {}
    for share in shares:
        assert not together.keys() & share.keys(), "an aggregate was made by two workers"
        together.update(share)
    return together


def test_a_replay_in_this_process_makes_every_aggregate_as_the_service_has_it(
    app: RegistryApplication,
) -> None:
    assert states(replay(shown(app), app.mapper)) == as_the_service_has_them(app)


@pytest.mark.parametrize("workers", [2, 3])
def test_a_replay_in_workers_makes_every_aggregate_as_the_service_has_it(
    app: RegistryApplication, workers: int
) -> None:
    counted: list[int] = []
    shares = replay_in_workers(shown(app), app.mapper, states, workers, counted.append)
    assert len(shares) == workers
    assert all(shares), "each worker has a share"
    assert merged(shares) == as_the_service_has_them(app)
    assert sum(counted) == len(shown(app))
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_made_before_the_mapper_make_it_when_told_how(
    app: RegistryApplication, workers: int
) -> None:
    """As `audit replay` runs them: forked before its gRPC channel is opened, before it
    knows which service's mapper they need."""
    with ReplayWorkers(workers, states) as started:
        shares = started.replay(shown(app), partial(domain_mapper, "registry"))
    assert len(shares) == workers
    assert merged(shares) == as_the_service_has_them(app)
    assert not multiprocessing.active_children()


def test_workers_that_are_never_given_work_end_when_closed() -> None:
    ReplayWorkers(2, states).close()
    assert not multiprocessing.active_children()


def test_an_edited_event_makes_an_aggregate_other_than_the_service_has(
    app: RegistryApplication,
) -> None:
    events = shown(app)
    # The last event of a party that carries its particulars: nothing later replaces them.
    last = {event.aggregate_id: i for i, event in enumerate(events)}
    edited = next(i for i in sorted(last.values()) if b"Importer" in events[i].state)
    events[edited] = events[edited]._replace(
        state=events[edited].state.replace(b"Importer", b"Imposter")
    )
    replayed = merged(replay_in_workers(events, app.mapper, states, 2))
    service = as_the_service_has_them(app)
    differing = [i for i in service if replayed[i] != service[i]]
    assert differing == [events[edited].aggregate_id]


def failure(events: list[ShownEvent], app: RegistryApplication, workers: int) -> BaseException:
    with pytest.raises(Exception) as raised:  # noqa: PT011 (the type is what is compared)
        replay_in_workers(events, app.mapper, states, workers)
    return raised.value


Tamper = Callable[[list[ShownEvent]], list[ShownEvent]]
TAMPERINGS: dict[str, tuple[Tamper, type[Exception]]] = {
    "state that is not JSON": (
        lambda e: [*e[:5], e[5]._replace(state=e[5].state[:-9]), *e[6:]],
        MapperDeserialisationError,
    ),
    "an event repeated": (
        lambda e: [*e, next(x for x in e if x.version > 1)],
        OriginatorVersionError,
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERINGS))
def test_a_log_that_does_not_replay_fails_in_workers_as_it_does_here(
    app: RegistryApplication, tampering: str
) -> None:
    tamper, expected = TAMPERINGS[tampering]
    events = tamper(shown(app))
    with pytest.raises(expected):
        replay(events, app.mapper)
    raised = failure(events, app, 2)
    assert type(raised) is expected
    assert any("in replay worker" in note for note in getattr(raised, "__notes__", []))
    assert not multiprocessing.active_children()


def test_a_reader_that_fails_stops_the_workers(app: RegistryApplication) -> None:
    def broken() -> Iterator[ShownEvent]:
        yield from shown(app)[:10]
        raise ConnectionError("the stream broke")

    with pytest.raises(ConnectionError, match="the stream broke"):
        replay_in_workers(broken(), app.mapper, states, 2)
    assert not multiprocessing.active_children()


def test_a_result_that_cannot_be_sent_back_is_an_error(app: RegistryApplication) -> None:
    with pytest.raises(RuntimeError, match="pickle"):
        replay_in_workers(shown(app), app.mapper, lambda aggregates: lambda: None, 2)
    assert not multiprocessing.active_children()


class Refusal(Exception):
    """An error that does not pickle back as itself: its __init__ wants two arguments."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")


def test_an_error_that_cannot_be_sent_back_as_itself_is_told_in_words(
    app: RegistryApplication,
) -> None:
    def refuse(aggregates: dict[UUID, Aggregate]) -> None:
        raise Refusal("aggregate", "refused")

    with pytest.raises(RuntimeError, match="Refusal: aggregate: refused"):
        replay_in_workers(shown(app), app.mapper, refuse, 2)
    assert not multiprocessing.active_children()


def test_a_stored_event_made_for_the_mapper_is_the_one_its_constructor_makes() -> None:
    topic = "registry.domain.party:Party.Revised"
    expected = StoredEvent(UUID(int=7), 3, topic, b"{}")
    made = stored_event(UUID(int=7), 3, topic, b"{}")
    assert made == expected
    assert vars(made) == vars(expected)
