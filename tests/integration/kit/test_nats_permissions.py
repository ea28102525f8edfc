"""NATS users with the permissions of `portcullis_kit.nats_auth`, against a real nats-server:
each service can do all it does on NATS, and cannot write where another service writes."""

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import nats
import nats.errors
import pytest
from nats.aio.client import Client as NatsClient
from nats.js.api import AckPolicy, ConsumerConfig

from portcullis_kit import nats_auth, streams
from portcullis_kit.consumer import IntegrationEventConsumer, Subscription
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.nats_local import LocalNatsServer
from portcullis_kit.relay import OutboxRelay
from portcullis_kit.runtime import connect_nats
from tests.support import free_port

USERS = [*nats_auth.SERVICES, nats_auth.ADMIN]
SCREENING_MAY_NOT_PUBLISH = [
    "portcullis.registry.v1.party_registered",
    "portcullis.registry_checkpoints.v1.signed_checkpoint",
    "portcullis.publication_checkpoints.v1.signed_checkpoint",
]
PAIRS = [(s, upstream) for s in nats_auth.SERVICES for upstream in nats_auth.UPSTREAMS[s]]


class Secured:
    """nats-server with a user per service; connects as any of them, keeping what the
    server refused each connection."""

    def __init__(self, server: LocalNatsServer, passwords: dict[str, str]) -> None:
        self.server = server
        self.passwords = passwords
        self.clients: list[NatsClient] = []
        self.refused: dict[str, list[str]] = {}

    async def connect(self, user: str) -> NatsClient:
        refused = self.refused.setdefault(user, [])

        async def error(e: Exception) -> None:
            refused.append(str(e))

        client = await nats.connect(
            self.server.url_for(user, self.passwords[user]),
            inbox_prefix=nats_auth.inbox_prefix(user),
            error_cb=error,
            connect_timeout=2,
            max_reconnect_attempts=0,
        )
        self.clients.append(client)
        return client

    def violations(self) -> list[str]:
        assert self.server.log_file is not None
        lines = self.server.log_file.read_text().splitlines()
        return [line for line in lines if "Violation" in line]


@pytest.fixture
async def secured(tmp_path: Path) -> AsyncIterator[Secured]:
    passwords = {user: secrets.token_hex(8) for user in USERS}
    authorization = nats_auth.authorization_conf(
        nats_auth.portcullis_permissions(), passwords, admins=[nats_auth.ADMIN]
    )
    server = LocalNatsServer(free_port(), tmp_path / "nats", tmp_path / "nats.log", authorization)
    server.start()
    connections = Secured(server, passwords)
    yield connections
    for client in connections.clients:
        await client.close()
    server.stop()


def owner_of(upstream: str) -> str:
    """The service that publishes on a stream: "registry" for "registry_checkpoints"."""
    return upstream.removesuffix("_checkpoints")


async def publish_as_its_relay_does(client: NatsClient, upstream: str, position: int) -> None:
    js = client.jetstream(timeout=5)
    await streams.ensure_stream(js, upstream)
    await js.publish(
        f"{streams.subject_prefix(upstream)}.something_happened",
        b"",
        headers={
            streams.HEADER_MSG_ID: f"{upstream}:{position}",
            streams.HEADER_POSITION: str(position),
            streams.HEADER_TYPE: "portcullis.test.v1.SomethingHappened",
        },
    )


class StoreEndingAt(StoreApplication):
    """An empty store in memory whose log says it ends at `position`."""

    def __init__(self, position: int = 0) -> None:
        super().__init__({"PERSISTENCE_MODULE": "eventsourcing.popo"})
        self.position = position

    def log_position(self) -> int:
        return self.position


async def until(check: Callable[[], Awaitable[bool]], within: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


@pytest.mark.parametrize(("service", "upstream"), PAIRS, ids=[f"{s}<-{u}" for s, u in PAIRS])
async def test_a_service_consumes_each_stream_it_reads_within_its_permissions(
    secured: Secured, service: str, upstream: str
) -> None:
    # The owner creates its stream and publishes, as its relay or checkpoint publisher
    # does, and reads its last message to resume, as its relay does.
    owner = await secured.connect(owner_of(upstream))
    await publish_as_its_relay_does(owner, upstream, position=1)
    if upstream == owner_of(upstream):
        relay = OutboxRelay(upstream, StoreEndingAt(1), lambda _: None)
        assert await relay.position_in_stream(owner.jetstream(timeout=5)) == 1
    # The reader creates its durable consumer, fetches, acknowledges, and re-creates it
    # at its ack floor on a restart, as `IntegrationEventConsumer` does.
    store = StoreEndingAt()
    reader = await secured.connect(service)
    subscription = Subscription(upstream, f"{service}-test", (), lambda _: ())
    for expected in (1, 2):
        if expected == 2:
            await publish_as_its_relay_does(owner, upstream, position=2)
        consumer = IntegrationEventConsumer(subscription, store)
        task = asyncio.create_task(consumer.run(reader.jetstream(timeout=5)))
        try:

            async def applied(position: int = expected) -> bool:
                return store.last_tracked(upstream) == position

            await until(applied)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    assert secured.refused == {owner_of(upstream): [], service: []}
    assert secured.violations() == []


async def test_every_service_publishes_its_events_and_checkpoints(secured: Secured) -> None:
    for service in nats_auth.SERVICES:
        client = await secured.connect(service)
        for stream in (service, streams.checkpoints_upstream(service)):
            await publish_as_its_relay_does(client, stream, position=1)
    assert secured.violations() == []


@pytest.mark.parametrize("subject", SCREENING_MAY_NOT_PUBLISH)
async def test_screening_cannot_publish_where_another_service_publishes(
    secured: Secured, subject: str
) -> None:
    for service in ("registry", "publication"):  # their streams exist, listening
        owner = await secured.connect(service)
        for stream in (service, streams.checkpoints_upstream(service)):
            await streams.ensure_stream(owner.jetstream(), stream)
    screening = await secured.connect("screening")
    with pytest.raises(nats.errors.TimeoutError):  # no stream acknowledges it
        await screening.jetstream().publish(subject, b"forged", timeout=1)
    await until(lambda: _true_when(bool(secured.refused["screening"])))
    refused = f'nats: permissions violation for publish to "{subject}"'
    assert secured.refused["screening"] == [refused]
    admin = (await secured.connect(nats_auth.ADMIN)).jetstream()
    for service in ("registry", "publication"):
        for stream in (service, streams.checkpoints_upstream(service)):
            info = await admin.stream_info(streams.stream_name(stream))
            assert info.state.messages == 0, stream


async def test_a_service_cannot_create_another_services_stream(secured: Secured) -> None:
    screening = await secured.connect("screening")
    with pytest.raises(nats.errors.TimeoutError):
        await screening.jetstream(timeout=1).add_stream(
            streams.stream_config("registry_checkpoints")
        )
    admin = (await secured.connect(nats_auth.ADMIN)).jetstream()
    assert [s.config.name for s in await admin.streams_info()] == []


async def test_a_service_cannot_read_another_services_inbox(secured: Secured) -> None:
    screening = await secured.connect("screening")
    await screening.subscribe(f"{nats_auth.inbox_prefix('registry')}.>")
    await until(lambda: _true_when(bool(secured.refused["screening"])))
    assert "permissions violation for subscription" in secured.refused["screening"][0]


async def test_nobody_connects_without_a_password(secured: Secured) -> None:
    for url in (secured.server.url, secured.server.url_for("registry", "guessed")):
        refused: list[str] = []

        async def error(e: Exception, refused: list[str] = refused) -> None:
            refused.append(str(e))

        with pytest.raises(nats.errors.Error):
            await nats.connect(url, connect_timeout=2, allow_reconnect=False, error_cb=error)
        assert refused == ["nats: 'Authorization Violation'"]


async def test_a_message_copied_into_a_stream_by_a_push_consumer_is_not_taken_as_its_own(
    secured: Secured,
) -> None:
    # nats-server does not check that a push consumer's creator may publish on its
    # deliver subject (nats-io/nats-server#8274): screening can have registry's stored
    # messages delivered on a subject of scoring's, and scoring's stream keeps a copy
    # when something listens there. The copy keeps its own subject, so scoring's
    # consumers (filtered on scoring's subjects) never see it, and scoring's relay does
    # not take its position for where scoring's stream ends.
    registry = await secured.connect("registry")
    await publish_as_its_relay_does(registry, "registry", position=7)
    scoring = await secured.connect("scoring")
    await streams.ensure_stream(scoring.jetstream(), "scoring")
    copied_to = f"{streams.subject_prefix('scoring')}.copied"
    listener = await secured.connect(nats_auth.ADMIN)
    await listener.subscribe(copied_to)
    await listener.flush()
    screening = await secured.connect("screening")
    await screening.jetstream().add_consumer(
        streams.stream_name("registry"),
        ConsumerConfig(durable_name="copier", deliver_subject=copied_to, ack_policy=AckPolicy.NONE),
    )
    admin = listener.jetstream()

    async def copied() -> bool:
        info = await admin.stream_info(streams.stream_name("scoring"))
        return info.state.messages == 1

    await until(copied)
    copy = await admin.get_msg(streams.stream_name("scoring"), seq=1)
    assert copy.subject == "portcullis.registry.v1.something_happened"
    relay = OutboxRelay("scoring", StoreEndingAt(), lambda _: None)
    assert await relay.position_in_stream(scoring.jetstream()) == 0
    reader = await connect_nats(
        secured.server.url_for("publication", secured.passwords["publication"]), "publication"
    )
    secured.clients.append(reader)
    subscription = Subscription("scoring", "publication-test", (), lambda _: ())
    consumer = IntegrationEventConsumer(subscription, StoreEndingAt())
    pull = await consumer.subscribe(reader.jetstream())
    info = await pull.consumer_info()
    assert info.num_pending == 0
    await pull.unsubscribe()


async def _true_when(value: bool) -> bool:
    return value
