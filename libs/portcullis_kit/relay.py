"""The outbox relay: publishes a service's notification log to its JetStream stream.

An event is committed to the store first (the notification log is the outbox) and
published afterwards, in log order. Each message carries `Nats-Msg-Id =
<service>:<position>`, so a republished event is dropped by JetStream's duplicate window.

Where to resume is read from the stream itself (the position header of its last
message), not from a separate bookmark: if NATS lost messages it had acknowledged, or
the stream was recreated, the relay republishes from what the stream really holds.

Each message carries the W3C `traceparent` of a `publish` span, itself a child of the
span of the call that recorded the event (`StoreApplication.trace_origins`), so a
consumer's work joins the trace of the command that caused it. An event whose call this
process does not know (recorded before a restart, or by another replica) is published in a
trace of its own.
"""

import asyncio
import contextlib
from collections.abc import Callable
from uuid import UUID

import structlog
from eventsourcing.domain import DomainEventProtocol
from google.protobuf.message import Message
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError
from opentelemetry.trace import SpanKind, Tracer

from portcullis_kit import streams
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.metrics import RELAY_LAG
from portcullis_kit.tracing import NO_TRACER, PROPAGATOR

log = structlog.get_logger("relay")

# Maps a domain event to the integration event other services may see, or None.
# It may read the store (e.g. the aggregate at that version): see StoreApplication.call.
Translate = Callable[[DomainEventProtocol[UUID]], Message | None]

BATCH = 500


class StoreBehindStream(Exception):
    """The stream has events beyond the store's log: an operator must look."""


class OutboxRelay:
    def __init__(
        self,
        service: str,
        app: StoreApplication,
        translate: Translate,
        poll_seconds: float = 0.5,
        tracer: Tracer = NO_TRACER,
    ) -> None:
        self.service = service
        self.app = app
        self.translate = translate
        self.poll_seconds = poll_seconds
        self.tracer = tracer
        self.published_position = 0
        self._wakeup = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def poke(self) -> None:
        """Called (from any thread) after the application records events."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wakeup.set)

    async def run(self, js: JetStreamContext) -> None:
        self._loop = asyncio.get_running_loop()
        backoff = 0.1
        while True:
            try:
                await streams.ensure_stream(js, self.service)
                self.published_position = await self.position_in_stream(js)
                log.info("relay.resuming", service=self.service, after=self.published_position)
                while True:
                    published = await self.publish_batch(js)
                    backoff = 0.1
                    if not published:
                        await self._wait_for_news()
            except asyncio.CancelledError:
                raise
            except StoreBehindStream as error:
                log.error("relay.store_behind_stream", service=self.service, error=str(error))
                await asyncio.sleep(5.0)
            except Exception as error:
                log.warning("relay.retrying", service=self.service, error=repr(error))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    async def position_in_stream(self, js: JetStreamContext) -> int:
        """The log position of the newest event the stream holds, 0 if it holds none."""
        name = streams.stream_name(self.service)
        ours = f"{streams.subject_prefix(self.service)}."
        info = await js.stream_info(name)
        position = 0
        # Step back over deleted messages (a purge keeps last_seq) and foreign ones: those
        # without a position, and those under another subject (a message of another
        # stream copied in by a push consumer keeps its subject, see `nats_auth`).
        seq = info.state.last_seq
        while info.state.messages and seq >= max(info.state.first_seq, 1):
            try:
                message = await js.get_msg(name, seq=seq)
            except NotFoundError:
                seq -= 1
                continue
            header = (message.headers or {}).get(streams.HEADER_POSITION, "")
            if header.isdigit() and (message.subject or "").startswith(ours):
                position = int(header)
                break
            seq -= 1
        stored = await asyncio.to_thread(self.app.log_position)
        if position > stored:
            # Publishing would resume past events the store does not have: the store was
            # reset or replaced while the stream was kept. Stop rather than skip them.
            raise StoreBehindStream(
                f"stream {name} holds position {position} but the store ends at {stored}"
            )
        return position

    def next_batch(self) -> list[tuple[int, Message | None]]:
        """The next notifications as (position, integration event or None); reads the store."""
        return [
            (n.id, self.translate(self.app.mapper.to_domain_event(n)))
            for n in self.app.read_log(self.published_position, BATCH)
        ]

    async def publish_batch(self, js: JetStreamContext) -> int:
        """Publishes the next notifications after the published position; returns how many."""
        batch, stored = await self.app.call(self._next_batch_and_log_size)
        for position, message in batch:
            if message is not None:
                await self.publish(js, position, message)
            self.published_position = position
        RELAY_LAG.set(max(stored - self.published_position, 0))
        return len(batch)

    def _next_batch_and_log_size(self) -> tuple[list[tuple[int, Message | None]], int]:
        return self.next_batch(), self.app.log_position()

    async def publish(self, js: JetStreamContext, position: int, message: Message) -> None:
        subject = streams.subject_for(self.service, message)
        message_id = f"{self.service}:{position}"
        with self.tracer.start_as_current_span(
            f"publish {subject}",
            context=self.app.trace_origins.context(position),
            kind=SpanKind.PRODUCER,
            attributes={
                "messaging.system": "nats",
                "messaging.operation.type": "send",
                "messaging.destination.name": subject,
                "messaging.message.id": message_id,
            },
        ):
            headers = {
                streams.HEADER_MSG_ID: message_id,
                streams.HEADER_POSITION: str(position),
                streams.HEADER_TYPE: message.DESCRIPTOR.full_name,
            }
            PROPAGATOR.inject(headers)
            await js.publish(
                subject,
                message.SerializeToString(),
                timeout=5.0,
                stream=streams.stream_name(self.service),
                headers=headers,
            )

    async def _wait_for_news(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), self.poll_seconds)
        self._wakeup.clear()
