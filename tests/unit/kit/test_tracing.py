"""Tracing's configuration from OTEL_* variables, and the map from an event's log position
to the call that recorded it."""

import pytest
from opentelemetry import trace

from portcullis_kit.reference import country_codes
from portcullis_kit.settings import SettingsError
from portcullis_kit.tracing import TraceOrigins, exporter_names, tracer_provider
from registry.application.registry_app import RegistryApplication
from tests.support import RecordedSpans, organisation


def test_no_exporter_unless_one_is_asked_for() -> None:
    assert exporter_names({}) == []
    assert exporter_names({"OTEL_TRACES_EXPORTER": "none"}) == []
    assert tracer_provider("registry", []) is None


def test_exporters_are_named_as_opentelemetry_names_them() -> None:
    assert exporter_names({"OTEL_TRACES_EXPORTER": "otlp, console"}) == ["otlp", "console"]


def test_an_unknown_exporter_is_refused_naming_the_variable() -> None:
    with pytest.raises(SettingsError, match="OTEL_TRACES_EXPORTER: jaeger is not one of"):
        exporter_names({"OTEL_TRACES_EXPORTER": "jaeger"})


def test_the_provider_names_the_service() -> None:
    provider = tracer_provider("screening", ["console"])
    assert provider is not None
    try:
        assert provider.resource.attributes["service.name"] == "screening"
    finally:
        provider.shutdown()


def parent_of(origins: TraceOrigins, position: int) -> trace.SpanContext:
    return trace.get_current_span(origins.context(position)).get_span_context()


def test_an_event_recorded_inside_a_span_remembers_it() -> None:
    spans = RecordedSpans()
    origins = TraceOrigins()
    with spans.tracer.start_as_current_span("command") as span:
        origins.note([7, 8])
    for position in (7, 8):
        assert parent_of(origins, position).trace_id == span.get_span_context().trace_id
        assert parent_of(origins, position).span_id == span.get_span_context().span_id


def test_an_event_recorded_outside_any_span_has_no_origin() -> None:
    origins = TraceOrigins()
    origins.note([1])
    assert not parent_of(origins, 1).is_valid


def test_the_oldest_origins_are_forgotten_past_the_capacity() -> None:
    spans = RecordedSpans()
    origins = TraceOrigins(capacity=2)
    with spans.tracer.start_as_current_span("command"):
        origins.note([1, 2, 3])
    assert not parent_of(origins, 1).is_valid
    assert parent_of(origins, 2).is_valid
    assert parent_of(origins, 3).is_valid


def test_the_application_notes_the_span_of_each_save() -> None:
    spans = RecordedSpans()
    app = RegistryApplication({"PERSISTENCE_MODULE": "eventsourcing.popo"}, country_codes())
    app.register_party(organisation("Before Tracing Ltd"), "officer")
    with spans.tracer.start_as_current_span("RegisterParty") as span:
        app.register_party(organisation("Traced Ltd"), "officer")
    assert not parent_of(app.trace_origins, 1).is_valid
    assert parent_of(app.trace_origins, 2).span_id == span.get_span_context().span_id
