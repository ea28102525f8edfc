"""Helpers shared by the test tiers: free ports, builders of proto messages, waiting."""

import socket
import time
import zlib
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import TypeVar

import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from portcullis.common.v1 import types_pb2
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis_kit.party import Address, PartyDetails, PartyKind
from portcullis_kit.reference import legal_form_aliases, place_names
from screening.compiled import running_compiled
from screening.domain.names import LegalForms, NameReader

T = TypeVar("T")

# For a test that patches screening's domain to see a path it takes: compiled code is
# not patched so (`screening.compiled`). `make test-unit` runs tests/unit/screening
# again on the code as written, where these run.
patches_the_domain = pytest.mark.skipif(
    running_compiled(), reason="patches the domain: run with SCREENING_COMPILED=0"
)


@cache
def name_reader() -> NameReader:
    """Screening's name reader with the reference data's legal forms and places, read
    once per test run."""
    return NameReader(LegalForms.from_aliases(legal_form_aliases()), place_names())


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A port free now and not handed out before in this run: a cluster asks for ten at
    once, and the system may offer a port again as soon as it is released."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port: int = s.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def eventually(check: Callable[[], T | None], timeout: float = 20.0, interval: float = 0.05) -> T:
    """Polls `check` until it returns a true value, and returns it, or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result is not None and result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met after {timeout}s (last: {result!r})")
        time.sleep(interval)


def street_address(name: str) -> str:
    """A street address of the party's own, the same for the same name in every run, so
    that parties in tests do not all share premises (which screening takes as evidence)."""
    return f"{zlib.crc32(name.encode()) % 9000 + 1} Shennan Road"


def organisation(name: str, country: str = "CN", **kwargs: object) -> PartyDetails:
    return PartyDetails(
        kind=PartyKind.ORGANIZATION,
        name=name,
        addresses=(Address(line1=street_address(name), city="Shenzhen", country=country),),
        **kwargs,  # type: ignore[arg-type]
    )


def party_proto(name: str, country: str = "CN") -> types_pb2.Party:
    return types_pb2.Party(
        kind=types_pb2.PARTY_KIND_ORGANIZATION,
        name=name,
        addresses=[types_pb2.Address(line1=street_address(name), city="Shenzhen", country=country)],
    )


def debarment_action(
    effective: date = date(2026, 11, 2), end: date = date(2029, 11, 1)
) -> registry_pb.ExclusionAction:
    return registry_pb.ExclusionAction(
        cause="2 CFR 180.800(a): conviction for trafficking in counterfeit goods",
        trade_related=True,
        official="CBP Suspension and Debarment Official",
        effective_date=effective.isoformat(),
        end_date=end.isoformat(),
        sam_published_date=effective.isoformat(),
    )


class RecordedSpans:
    """A tracer whose finished spans are kept in memory, exported as each ends."""

    def __init__(self, service: str = "test") -> None:
        self.exporter = InMemorySpanExporter()
        self.provider = TracerProvider(resource=Resource.create({"service.name": service}))
        self.provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.tracer = self.provider.get_tracer("tests")

    def finished(self, name_starts: str = "") -> list[ReadableSpan]:
        return [s for s in self.exporter.get_finished_spans() if s.name.startswith(name_starts)]
