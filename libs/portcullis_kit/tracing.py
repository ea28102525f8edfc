"""OpenTelemetry tracing: a TracerProvider per service, and the W3C trace context carried
in gRPC metadata and NATS message headers (`traceparent`).

The exporter is chosen by OpenTelemetry's own variables rather than `<SERVICE>_*`
settings, so a collector set up for other software configures ours the same way:
- `OTEL_TRACES_EXPORTER`: `none` (the default: `make run` and the tests need no
  collector), `otlp` (OTLP over gRPC), `console` (one JSON line per span on stdout), or
  several, comma-separated.
- `OTEL_EXPORTER_OTLP_ENDPOINT` (default http://localhost:4317) and the other
  `OTEL_EXPORTER_OTLP_*` variables, read by the OTLP exporter itself.
- `OTEL_BSP_*` (batching) and `OTEL_TRACES_SAMPLER` (sampling), read by the SDK.

With `none` no SDK is installed and spans cost next to nothing, but a `traceparent` a
caller sends still flows on: into the logs, and into the messages its call causes.

The tracer is passed to the gRPC server, the relay and the consumers rather than set as
OpenTelemetry's global provider, so each test can hold its own.
"""

import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
)
from opentelemetry.trace import Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from portcullis_kit.settings import SettingsError

TRACES_EXPORTER = "OTEL_TRACES_EXPORTER"
EXPORTERS = ("none", "otlp", "console")
TRACEPARENT = "traceparent"
INSTRUMENTATION = "portcullis"

# A tracer that records nothing but hands an incoming context on (see above).
NO_TRACER: Tracer = trace.NoOpTracer()
PROPAGATOR = TraceContextTextMapPropagator()


def exporter_names(environ: Mapping[str, str] | None = None) -> list[str]:
    """The exporters `OTEL_TRACES_EXPORTER` names; raises SettingsError naming it."""
    environ = os.environ if environ is None else environ
    value = environ.get(TRACES_EXPORTER, "").strip().lower() or "none"
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXPORTERS]
    if unknown:
        raise SettingsError(
            f"{TRACES_EXPORTER}: {', '.join(unknown)} is not one of {', '.join(EXPORTERS)}"
        )
    return [name for name in names if name != "none"]


def _one_json_line(span: ReadableSpan) -> str:
    # The SDK's default is indented JSON over several lines; in a log stream of JSON
    # lines, one span a line keeps every line parseable.
    return str(span.to_json(indent=None)) + "\n"


def span_exporter(name: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter(out=sys.stdout, formatter=_one_json_line)
    # Imported only when asked for: it brings the OTLP protos and a gRPC channel.
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def tracer_provider(service: str, exporters: Iterable[str]) -> TracerProvider | None:
    """A provider exporting through `exporters`, or None when there are none."""
    names = list(exporters)
    if not names:
        return None
    # Our name wins over OTEL_SERVICE_NAME: the four services share one environment
    # under `make run`, and each must be told apart.
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    for name in names:
        provider.add_span_processor(BatchSpanProcessor(span_exporter(name)))
    return provider


def tracer_of(provider: TracerProvider | None) -> Tracer:
    return NO_TRACER if provider is None else provider.get_tracer(INSTRUMENTATION)


def context_from(carrier: Mapping[str, str]) -> Context:
    """The trace context in gRPC metadata or message headers; an empty one if none."""
    return PROPAGATOR.extract(dict(carrier))


def current_traceparent() -> str | None:
    """The `traceparent` of the current span, or None outside any."""
    carrier: dict[str, str] = {}
    PROPAGATOR.inject(carrier)
    return carrier.get(TRACEPARENT)


class TraceOrigins:
    """The `traceparent` of the span that recorded each event, by its log position.

    The relay publishes an event after the call that recorded it has returned, often from
    another task; this is how the published message still names that call as its parent.
    It lives in memory and is bounded: an event recorded before a restart, by another
    replica sharing the store, or more than `capacity` events before the relay reached
    it, is published without a parent (a trace of its own). Nothing of it is stored in
    the events: the audit hashes cover the stored bytes, and a trace id is no fact of
    the domain.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._traceparents: OrderedDict[int, str] = OrderedDict()
        # Writers save from worker threads while the relay reads on the event loop.
        self._lock = threading.Lock()

    def note(self, positions: Iterable[int]) -> None:
        """Remembers the current span as the origin of the events at `positions`."""
        traceparent = current_traceparent()
        if traceparent is None:
            return
        with self._lock:
            for position in positions:
                self._traceparents[position] = traceparent
            while len(self._traceparents) > self.capacity:
                self._traceparents.popitem(last=False)

    def context(self, position: int) -> Context:
        """The context of the span that recorded the event at `position`, else an empty
        one (a new trace)."""
        with self._lock:
            traceparent = self._traceparents.get(position)
        return context_from({TRACEPARENT: traceparent} if traceparent else {})
