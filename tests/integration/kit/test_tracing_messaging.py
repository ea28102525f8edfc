"""The trace of a command goes on over a real nats-server: the relay's message carries a
`traceparent`, and the consumer's span is in the trace of the call that recorded the event."""

from nats.aio.client import Client as NatsClient
from opentelemetry import trace
from opentelemetry.trace import SpanKind

from portcullis_kit.consumer import IntegrationEventConsumer
from registry.application.registry_app import RegistryApplication
from screening.adapters.registry_events import registry_subscription
from screening.application.screening_app import ScreeningApplication
from tests.integration.kit.messaging import (
    Running,
    register,
    registry_relay,
    stream_messages,
    until,
)
from tests.support import RecordedSpans


def traceparent_ids(header: str) -> tuple[str, str]:
    """(trace id, parent span id) of a W3C traceparent: version-trace-span-flags."""
    _, trace_id, span_id, _ = header.split("-")
    return trace_id, span_id


async def test_the_consumers_span_is_in_the_trace_of_the_call_that_recorded_the_event(
    registry: RegistryApplication,
    screening: ScreeningApplication,
    nats_client: NatsClient,
    running: Running,
) -> None:
    registry_spans, screening_spans = RecordedSpans("registry"), RecordedSpans("screening")
    js = nats_client.jetstream()
    running.start(registry_relay(registry, registry_spans.tracer).run(js))
    consumer = IntegrationEventConsumer(
        registry_subscription(screening), screening, screening_spans.tracer
    )
    running.start(consumer.run(js))

    with registry_spans.tracer.start_as_current_span("RegisterParty") as call:
        register(registry, "Hongdark Trading")
    # The relay publishes after the call has returned, from a task of its own.
    await until(lambda: screening_spans.finished("process "))

    trace_id = call.get_span_context().trace_id
    [publish] = registry_spans.finished("publish ")
    assert publish.kind is SpanKind.PRODUCER
    assert publish.context.trace_id == trace_id
    assert publish.parent is not None
    assert publish.parent.span_id == call.get_span_context().span_id
    [headers] = await stream_messages(js)
    assert traceparent_ids(headers["traceparent"]) == (
        f"{trace_id:032x}",
        f"{publish.context.span_id:016x}",
    )
    [process] = screening_spans.finished("process ")
    assert process.kind is SpanKind.CONSUMER
    assert process.context.trace_id == trace_id
    assert process.parent is not None
    assert process.parent.span_id == publish.context.span_id
    assert process.name == "process portcullis.registry.v1.party_registered"
    # What screening recorded for the message is remembered as caused by that span, so its
    # own relay carries the trace one service further.
    recorded = trace.get_current_span(screening.trace_origins.context(1)).get_span_context()
    assert recorded.span_id == process.context.span_id


async def test_an_event_recorded_outside_any_call_is_published_in_a_trace_of_its_own(
    registry: RegistryApplication, nats_client: NatsClient, running: Running
) -> None:
    spans = RecordedSpans("registry")
    js = nats_client.jetstream()
    relay = registry_relay(registry, spans.tracer)
    running.start(relay.run(js))
    register(registry, "Recorded Before A Restart Ltd")
    await until(lambda: relay.published_position == 1)
    [publish] = spans.finished("publish ")
    assert publish.parent is None
    [headers] = await stream_messages(js)
    assert traceparent_ids(headers["traceparent"])[0] == f"{publish.context.trace_id:032x}"
