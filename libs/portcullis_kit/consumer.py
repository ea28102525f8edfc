"""A durable JetStream pull consumer that applies another service's integration events.

What a message causes is stored in the same transaction as its position (a `Tracking`
record named after the upstream service). Messages are handled one at a time in
stream order; a message at or below the recorded position is acknowledged and skipped,
so a redelivered message changes nothing. A failing message is retried in place, never
skipped, because tracking is a single high-water mark per upstream service.

Each message is handled in a `process` span, a child of the context in its headers (the
relay's `publish` span), so what it causes joins the trace of the upstream command.
"""

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import structlog
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Tracking
from google.protobuf.message import Message
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from opentelemetry.trace import SpanKind, Tracer

from portcullis_kit import streams
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.metrics import CONSUMER_LAG
from portcullis_kit.tracing import NO_TRACER, context_from

log = structlog.get_logger("consumer")

# Turns one integration event into the aggregates (with pending events) to store.
Policy = Callable[[Message], Sequence[Aggregate]]


class StreamMissing(Exception):
    """The upstream's stream does not exist yet."""


@dataclass(frozen=True)
class Subscription:
    """What a service consumes: an upstream service's stream, and what to do with its events."""

    upstream: str
    durable: str
    message_types: Sequence[type[Message]]
    policy: Policy


class IntegrationEventConsumer:
    def __init__(
        self, subscription: Subscription, app: StoreApplication, tracer: Tracer = NO_TRACER
    ) -> None:
        self.subscription = subscription
        self.app = app
        self.tracer = tracer
        self.types = {t.DESCRIPTOR.full_name: t for t in subscription.message_types}

    async def run(self, js: JetStreamContext) -> None:
        upstream = self.subscription.upstream
        backoff = 0.1
        while True:
            try:
                pull = await self.subscribe(js)
                durable = self.subscription.durable
                log.info("consumer.subscribed", upstream=upstream, durable=durable)
                try:
                    while True:
                        try:
                            messages = await pull.fetch(batch=100, timeout=1.0)
                        except TimeoutError:
                            continue
                        for message in messages:
                            await self.handle(message)
                        backoff = 0.1
                finally:
                    # A fetch still open on the server would take messages nobody handles.
                    with contextlib.suppress(Exception):
                        await pull.unsubscribe()
            except asyncio.CancelledError:
                raise
            except StreamMissing:
                # The upstream has not started yet: its relay creates its stream.
                log.info("consumer.waiting_for_stream", upstream=upstream, retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            except Exception as error:
                log.warning("consumer.retrying", upstream=upstream, error=repr(error))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    async def subscribe(self, js: JetStreamContext) -> JetStreamContext.PullSubscription:
        """(Re)creates the durable consumer at its ack floor, then binds to it.

        A durable consumer left with messages delivered but not acknowledged (a process
        stopped in the middle of a batch) would hand out newer messages first and the older
        ones only after `ack_wait`; by then their positions are below the tracking mark and
        they would be skipped. Starting again from the first unacknowledged message keeps
        the order, and what was applied but not acknowledged is skipped by its position.
        """
        upstream = self.subscription.upstream
        stream = streams.stream_name(upstream)
        durable = self.subscription.durable
        # The upstream's stream is its own to create (a consumer may not: see `nats_auth`).
        try:
            await js.stream_info(stream)
        except NotFoundError:
            raise StreamMissing(stream) from None
        start = 1
        try:
            info = await js.consumer_info(stream, durable)
            start = (info.ack_floor.stream_seq if info.ack_floor else 0) + 1
            await js.delete_consumer(stream, durable)
        except NotFoundError:
            pass
        await js.add_consumer(
            stream,
            ConsumerConfig(
                durable_name=durable,
                filter_subject=f"{streams.subject_prefix(upstream)}.>",
                ack_policy=AckPolicy.EXPLICIT,
                deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                opt_start_seq=start,
                ack_wait=30.0,
                max_ack_pending=1024,
            ),
        )
        return await js.pull_subscribe_bind(durable=durable, stream=stream)

    async def handle(self, message: Msg) -> None:
        headers = message.headers or {}
        type_name = headers.get(streams.HEADER_TYPE, "")
        try:
            position = int(headers[streams.HEADER_POSITION])
        except (KeyError, ValueError):
            # Not published by a Portcullis relay: it has no place in the order, and
            # redelivering it would only block the stream.
            log.error("consumer.foreign_message", subject=message.subject, headers=headers)
            await message.term()
            return
        with self.tracer.start_as_current_span(
            f"process {message.subject}",
            context=context_from(headers),
            kind=SpanKind.CONSUMER,
            attributes={
                "messaging.system": "nats",
                "messaging.operation.type": "process",
                "messaging.destination.name": message.subject,
                "messaging.consumer.group.name": self.subscription.durable,
                "messaging.message.id": headers.get(streams.HEADER_MSG_ID, ""),
            },
        ) as span:
            delay = 0.1
            while True:
                try:
                    # The thread gets a copy of this context: what it records is noted as
                    # caused by this span.
                    await asyncio.to_thread(self.record, type_name, message.data, position)
                    break
                except Exception as error:
                    span.record_exception(error)
                    log.error(
                        "consumer.message_failed",
                        upstream=self.subscription.upstream,
                        position=position,
                        type=type_name,
                        error=repr(error),
                    )
                    await message.in_progress()
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 5.0)
            await message.ack()
        pending = message.metadata.num_pending if message.metadata else None
        if pending is not None:
            CONSUMER_LAG.labels(self.subscription.upstream, self.subscription.durable).set(pending)

    def record(self, type_name: str, data: bytes, position: int) -> bool:
        """Applies one message; False if its position was already processed."""
        upstream = self.subscription.upstream
        if position <= self.app.last_tracked(upstream):
            return False
        message_type = self.types.get(type_name)
        aggregates = self.subscription.policy(message_type.FromString(data)) if message_type else ()
        try:
            self.app.record_with_tracking(Tracking(upstream, position), *aggregates)
        except IntegrityError:
            if position <= self.app.last_tracked(upstream):
                return False  # another delivery of the same message won the race
            raise
        return True
