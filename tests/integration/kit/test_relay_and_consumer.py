"""The outbox relay and the durable consumer against a real nats-server."""

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from eventsourcing.domain import Aggregate
from google.protobuf.message import Message
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from portcullis.registry.events.v1 import registry_events_pb2 as registry_events
from portcullis_kit import streams
from portcullis_kit.audit import publish_checkpoints
from portcullis_kit.audit_log import CheckpointSigner
from portcullis_kit.checkpoints import Checkpointer
from portcullis_kit.consumer import IntegrationEventConsumer, Subscription
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.nats_local import LocalNatsServer
from portcullis_kit.reference import country_codes
from portcullis_kit.relay import StoreBehindStream
from portcullis_kit.settings import ServiceSettings
from registry.application.registry_app import RegistryApplication
from screening.adapters.registry_events import registry_subscription
from screening.application.screening_app import ScreeningApplication
from screening.domain.watched_party import WatchedParty
from tests.integration.kit.messaging import (
    STREAM,
    Running,
    register,
    registry_relay,
    stream_messages,
    until,
)
from tests.support import name_reader, organisation


async def test_relay_publishes_each_event_with_its_log_position_as_message_id(
    registry: RegistryApplication, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    relay = registry_relay(registry)
    running.start(relay.run(js))
    register(registry, "A", "B", "C")
    await until(lambda: relay.published_position == 3)
    headers = await stream_messages(js)
    assert [h[streams.HEADER_MSG_ID] for h in headers] == ["registry:1", "registry:2", "registry:3"]
    assert {h[streams.HEADER_TYPE] for h in headers} == {
        registry_events.PartyRegistered.DESCRIPTOR.full_name
    }


async def test_a_restarted_relay_resumes_where_the_stream_ends(
    registry: RegistryApplication, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    first = registry_relay(registry)
    task = running.start(first.run(js))
    register(registry, "A", "B")
    await until(lambda: first.published_position == 2)
    await running.stop(task)
    register(registry, "C")
    second = registry_relay(registry)
    running.start(second.run(js))
    await until(lambda: second.published_position == 3)
    assert [h[streams.HEADER_POSITION] for h in await stream_messages(js)] == ["1", "2", "3"]


async def test_the_relay_republishes_what_nats_lost(
    registry: RegistryApplication, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    first = registry_relay(registry)
    task = running.start(first.run(js))
    register(registry, "A", "B")
    await until(lambda: first.published_position == 2)
    await running.stop(task)
    await js.delete_stream(STREAM)  # as if NATS lost its store
    second = registry_relay(registry)
    running.start(second.run(js))
    await until(lambda: second.published_position == 2)
    assert [h[streams.HEADER_POSITION] for h in await stream_messages(js)] == ["1", "2"]


async def test_events_recorded_while_nats_is_down_are_published_when_it_returns(
    registry: RegistryApplication,
    nats_server: LocalNatsServer,
    nats_client: NatsClient,
    running: Running,
) -> None:
    relay = registry_relay(registry)
    running.start(relay.run(nats_client.jetstream()))
    register(registry, "A")
    await until(lambda: relay.published_position == 1)
    nats_server.stop()
    register(registry, "B", "C")
    await asyncio.sleep(0.5)
    nats_server.start()
    await until(lambda: relay.published_position == 3)
    assert [h[streams.HEADER_POSITION] for h in await stream_messages(nats_client.jetstream())] == [
        "1",
        "2",
        "3",
    ]


async def publish_raw(js: JetStreamContext, message: Message, position: int, msg_id: str) -> None:
    await streams.ensure_stream(js, "registry")
    await js.publish(
        streams.subject_for("registry", message),
        message.SerializeToString(),
        headers={
            streams.HEADER_MSG_ID: msg_id,
            streams.HEADER_POSITION: str(position),
            streams.HEADER_TYPE: message.DESCRIPTOR.full_name,
        },
    )


def party_registered(name: str, party_id: str) -> registry_events.PartyRegistered:
    from portcullis_kit.party_proto import party_to_proto

    return registry_events.PartyRegistered(
        party_id=party_id, party=party_to_proto(organisation(name))
    )


PARTY = "5d0a6a3e-0c41-4f1e-9d6b-1f8f3f0e2a11"


async def test_the_same_message_delivered_twice_has_one_effect(
    screening: ScreeningApplication, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    message = party_registered("Hongdark", PARTY)
    # Two copies that JetStream does not deduplicate (different message ids), as after
    # a relay restart outside the duplicate window.
    await publish_raw(js, message, position=1, msg_id="copy-1")
    await publish_raw(js, message, position=1, msg_id="copy-2")
    await publish_raw(
        js, party_registered("Other", "6d0a6a3e-0c41-4f1e-9d6b-1f8f3f0e2a11"), 2, "m2"
    )
    consumer = IntegrationEventConsumer(registry_subscription(screening), screening)
    running.start(consumer.run(js))
    await until(lambda: screening.last_tracked("registry") == 2)
    await asyncio.sleep(0.3)  # give a wrongly applied copy the chance to show
    assert screening.log_position() == 2  # one WatchedParty.Recorded per party, not three


async def test_a_restarted_consumer_applies_only_what_it_had_not(
    screening: ScreeningApplication, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    await publish_raw(js, party_registered("A", PARTY), 1, "registry:1")
    consumer = IntegrationEventConsumer(registry_subscription(screening), screening)
    task = running.start(consumer.run(js))
    await until(lambda: screening.last_tracked("registry") == 1)
    await running.stop(task)
    await publish_raw(
        js, party_registered("B", "6d0a6a3e-0c41-4f1e-9d6b-1f8f3f0e2a11"), 5, "registry:5"
    )
    running.start(IntegrationEventConsumer(registry_subscription(screening), screening).run(js))
    await until(lambda: screening.last_tracked("registry") == 5)
    assert screening.log_position() == 2


async def test_a_failing_message_is_retried_in_place_never_skipped(
    screening: ScreeningApplication, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    failures = {"left": 2}
    inner = registry_subscription(screening)

    def flaky(message: Message) -> Sequence[Aggregate]:
        if failures["left"]:
            failures["left"] -= 1
            raise ConnectionError("store briefly unavailable")
        return inner.policy(message)

    subscription = Subscription("registry", "screening", inner.message_types, flaky)
    await publish_raw(js, party_registered("A", PARTY), 1, "registry:1")
    await publish_raw(
        js, party_registered("B", "6d0a6a3e-0c41-4f1e-9d6b-1f8f3f0e2a11"), 2, "registry:2"
    )
    running.start(IntegrationEventConsumer(subscription, screening).run(js))
    await until(lambda: screening.last_tracked("registry") == 2)
    assert screening.log_position() == 2
    assert failures["left"] == 0


async def test_registry_events_reach_the_watchlist_through_nats(
    registry: RegistryApplication,
    screening: ScreeningApplication,
    nats_client: NatsClient,
    running: Running,
) -> None:
    from registry.domain.exclusion import ExclusionAction, ExclusionType
    from screening.domain.matching import Decision

    js = nats_client.jetstream()
    running.start(registry_relay(registry).run(js))
    running.start(IntegrationEventConsumer(registry_subscription(screening), screening).run(js))
    [party_id] = register(registry, "Hongdark")
    action = ExclusionAction("counterfeits", True, "SDO", date(2026, 11, 2), date(2029, 11, 1))
    registry.impose_exclusion(party_id, ExclusionType.DEBARMENT, action, "sdo")
    await until(lambda: screening.screen(organisation("Hongdark")).decision is Decision.MATCH)


async def test_a_consumer_stopped_in_the_middle_of_a_batch_loses_nothing_on_restart(
    screening: ScreeningApplication, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    party_ids = [f"5d0a6a3e-0c41-4f1e-9d6b-{n:012d}" for n in range(1, 201)]
    for position, party_id in enumerate(party_ids, start=1):
        await publish_raw(js, party_registered(f"P{position}", party_id), position, f"m{position}")
    inner = registry_subscription(screening)
    handled = {"count": 0}
    stopping = threading.Event()

    def slow_after_ten(message: Message) -> Sequence[Aggregate]:
        handled["count"] += 1
        if handled["count"] == 10:
            stopping.set()
            time.sleep(0.5)  # the process is being stopped while this one is in hand
        return inner.policy(message)

    subscription = Subscription("registry", "screening", inner.message_types, slow_after_ten)
    task = running.start(IntegrationEventConsumer(subscription, screening).run(js))
    await asyncio.to_thread(stopping.wait, 10)
    await running.stop(task)  # most of the first batch was delivered, not acknowledged
    await asyncio.sleep(0.7)

    running.start(IntegrationEventConsumer(registry_subscription(screening), screening).run(js))
    # Well inside the 30 s ack_wait: nothing waits for a redelivery timeout.
    await until(lambda: screening.last_tracked("registry") == 200, within=10)
    assert screening.log_position() == 200  # every party recorded once


async def test_the_relay_carries_on_after_the_stream_is_purged(
    registry: RegistryApplication, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    first = registry_relay(registry)
    task = running.start(first.run(js))
    register(registry, "A", "B")
    await until(lambda: first.published_position == 2)
    await running.stop(task)
    await js.purge_stream(STREAM)  # last_seq stays 2, but message 2 is gone
    second = registry_relay(registry)
    running.start(second.run(js))
    register(registry, "C")
    await until(lambda: second.published_position == 3)
    # 1 and 2 were republished but fall in JetStream's duplicate window; 3 is new.
    assert [h[streams.HEADER_POSITION] for h in await stream_messages(js)] == ["3"]


async def test_a_relay_whose_store_is_behind_the_stream_publishes_nothing(
    registry: RegistryApplication, tmp_path: Path, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    first = registry_relay(registry)
    task = running.start(first.run(js))
    register(registry, "A", "B", "C")
    await until(lambda: first.published_position == 3)
    await running.stop(task)

    settings = ServiceSettings(data_dir=tmp_path / "a-new-empty-store")
    fresh = RegistryApplication(persistence_env("registry", settings), country_codes())
    with pytest.raises(StoreBehindStream, match="holds position 3 but the store ends at 0"):
        await registry_relay(fresh).position_in_stream(js)
    relay = registry_relay(fresh)
    running.start(relay.run(js))
    register(fresh, "D")
    await asyncio.sleep(0.5)
    assert relay.published_position == 0
    assert len(await stream_messages(js)) == 3


async def test_an_exclusion_ended_by_the_calendar_reaches_screening(
    tmp_path: Path, nats_client: NatsClient, running: Running
) -> None:
    from registry.domain.exclusion import ExclusionAction, ExclusionType
    from screening.domain.matching import Decision

    day = {"today": date(2027, 3, 1)}
    settings = ServiceSettings(data_dir=tmp_path / "registry-with-clock")
    registry = RegistryApplication(
        persistence_env("registry", settings), country_codes(), clock=lambda: day["today"]
    )
    screening_settings = ServiceSettings(data_dir=tmp_path / "screening-with-clock")
    screening = ScreeningApplication(
        persistence_env("screening", screening_settings),
        country_codes(),
        name_reader(),
        clock=lambda: day["today"],
    )
    js = nats_client.jetstream()
    running.start(registry_relay(registry).run(js))
    running.start(IntegrationEventConsumer(registry_subscription(screening), screening).run(js))
    [party_id] = register(registry, "Ends Soon Trading")
    action = ExclusionAction("counterfeits", True, "SDO", date(2026, 3, 2), date(2027, 3, 1))
    exclusion_id = registry.impose_exclusion(party_id, ExclusionType.DEBARMENT, action, "sdo")
    await until(lambda: screening.screen(organisation("Ends Soon Trading")).hits)

    day["today"] = date(2027, 3, 2)
    assert registry.run_calendar() == 1
    await until(lambda: screening.last_tracked("registry") == registry.log_position())
    party = screening.get_aggregate(WatchedParty, party_id, "party")
    assert party.listings[str(exclusion_id)].last_day == date(2027, 3, 1)
    assert screening.screen(organisation("Ends Soon Trading")).decision is Decision.CLEAR


async def test_checkpoints_are_published_again_after_nats_lost_their_stream(
    registry: RegistryApplication, nats_client: NatsClient, running: Running
) -> None:
    js = nats_client.jetstream()
    checkpointer = Checkpointer("registry", registry, CheckpointSigner.generate())
    running.start(publish_checkpoints(js, checkpointer, interval=0.05))
    upstream = streams.checkpoints_upstream("registry")
    stream, subjects = streams.stream_name(upstream), f"{streams.subject_prefix(upstream)}.>"

    async def last_size() -> int:
        try:
            info = await js.stream_info(stream)
        except NotFoundError:
            return 0
        if not info.state.messages:
            return 0
        last = await js.get_last_msg(stream, subjects)
        return int((last.headers or {})[streams.HEADER_POSITION])

    register(registry, "A")
    checkpointer.make_checkpoint()
    await until_async(last_size, 1)
    await js.delete_stream(stream)  # as if NATS lost its store
    register(registry, "B")
    checkpointer.make_checkpoint()
    await until_async(last_size, 2)


async def until_async(value: Callable[[], Awaitable[int]], wanted: int) -> None:
    deadline = time.monotonic() + 20
    while (found := await value()) != wanted:
        assert time.monotonic() < deadline, f"still {found}, not {wanted}"
        await asyncio.sleep(0.05)
