"""The services read their events with `FastJSONTranscoder`: whatever the bytes, it gives
what the library's own JSON transcoder gives, the same values of the same types, or
refuses what the library refuses.

Every event class of the four services is filled with sample values from its type hints
(empty and full, each enum member, unusual strings and numbers), stored with the service's
transcoder, and read back both ways."""

import dataclasses
import math
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import AggregateEvent
from eventsourcing.persistence import JSONTranscoder, Transcoder

from portcullis_cli.audit_commands import domain_application
from portcullis_kit.transcoding import FastJSONTranscoder

SERVICES = ("registry", "screening", "scoring", "publication")
VARIANTS = 4
TEXTS = ("", 'Shenzhen 深圳 "quoted" \\ \u2028\t\x00 😀', "ООО Ромашка", "a" * 300)
INTEGERS = (0, -1, 2**70, -(2**63) - 1)
FLOATS = (0.0, -0.0, 0.1, 5e-324, 1.7976931348623157e308, math.nan, math.inf)


def sample(hint: Any, variant: int) -> Any:
    """A value of the type hinted, different for each variant."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return None if variant % 2 == 0 else sample(options[0], variant)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return () if variant == 0 else tuple(sample(item, variant + i) for i in range(2))
    if isinstance(hint, type) and issubclass(hint, Enum):
        members = list(hint)
        return members[variant % len(members)]
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = typing.get_type_hints(hint)
        return hint(**{f.name: sample(hints[f.name], variant) for f in dataclasses.fields(hint)})
    values: dict[Any, Any] = {
        str: TEXTS[variant % len(TEXTS)],
        bool: variant % 2 == 1,
        int: INTEGERS[variant % len(INTEGERS)],
        float: FLOATS[variant % len(FLOATS)],
        date: date(1971, 3, 9 + variant),
        datetime: datetime(2026, 11, 29, 4, 12, variant, 559738, tzinfo=UTC),
        UUID: UUID(int=variant * 2**100 + 7),
        Decimal: Decimal("-12.3400") + variant,
    }
    return values[hint]


def event_classes() -> list[type[AggregateEvent]]:
    found: list[type[AggregateEvent]] = []
    pending = [AggregateEvent]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.split(".")[0] in SERVICES:
                found.append(sub)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def event_state(cls: type[AggregateEvent], variant: int) -> dict[str, Any]:
    """What the mapper stores of such an event: its fields but its identity."""
    hints = typing.get_type_hints(cls)
    return {
        f.name: sample(hints[f.name], variant)
        for f in dataclasses.fields(cls)
        if f.name not in ("originator_id", "originator_version")
    }


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (NaN is the same as NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return bool(a == b)


def transcoders(service: str) -> tuple[Transcoder, JSONTranscoder]:
    """The service's transcoder, and the library's with the same transcodings."""
    fast = domain_application(service).mapper.transcoder
    assert isinstance(fast, FastJSONTranscoder)
    library = JSONTranscoder()
    for transcoding in fast.names.values():
        library.register(transcoding)
    return fast, library


def event_classes_of(service: str) -> list[type]:
    return [c for c in event_classes() if c.__module__.startswith(f"{service}.")]


@pytest.mark.parametrize("service", SERVICES)
def test_every_event_of_a_service_reads_back_as_the_library_reads_it(service: str) -> None:
    fast, library = transcoders(service)
    classes = event_classes_of(service)
    assert classes
    for cls in classes:
        for variant in range(VARIANTS):
            stored = fast.encode(event_state(cls, variant))
            assert same(fast.decode(stored), library.decode(stored)), (cls, variant, stored)


STRANGE = [
    b'{"a":1,"b":2,"a":3}',
    b'{"x":[NaN,Infinity,-Infinity,1e400,-1e400,1e-400]}',
    b'{"x":[18446744073709551616,-9223372036854775809,123456789012345678901234567890]}',
    b'{"x":"\\ud800 \\udc00","y":"\\ud83d\\ude00"}',
    b'[[{"_type_":"date_iso","_data_":"2026-11-29"}],[[]],{}]',
    b'{"_type_":"uuid_hex","_data_":"00000000000000000000000000000007"}',
    b'{"_type_":"date_iso","_data_":"2026-11-29","extra":1}',
    b'{"_type_":"date_iso"}',
    b' \t\r\n{"a" : [ 1 , 2.5e3 , true , null ] } \n',
    b'"just a string"',
    b"-0",
    b"[" * 200 + b"]" * 200,
]

REFUSED = [
    b'{"_type_":"no_such_type","_data_":1}',
    b'{"_type_":"date_iso","_data_":"not a date"}',
    b"\xef\xbb\xbf{}",
    b'{"a":"\xff"}',
    b'{"a":1,}',
    b"{'a':1}",
    b'"\x01"',
    b"",
    b"[" * 100_000 + b"]" * 100_000,
]


@pytest.mark.parametrize("data", STRANGE)
def test_unusual_json_reads_as_the_library_reads_it(data: bytes) -> None:
    fast, library = transcoders("registry")
    assert same(fast.decode(data), library.decode(data))


def refusal(decode: Callable[[bytes], Any], data: bytes) -> type[Exception]:
    try:
        decode(data)
    except Exception as error:
        return type(error)
    raise AssertionError(f"{data[:40]!r} was read")


@pytest.mark.parametrize("data", REFUSED)
def test_what_the_library_refuses_is_refused_the_same_way(data: bytes) -> None:
    fast, library = transcoders("registry")
    assert refusal(fast.decode, data) is refusal(library.decode, data)
