"""The services' mappers read each event class with a parser made for it (`TypedMapper`):
whatever the bytes, the event is the one the library's own mapper makes of them, with the
same values of the same types, or the library's error.

Every event class of the four services is filled with sample values from its type hints
(as in test_fast_decoding), stored, and read back both ways; then stored states changed
in ways the parser must refuse are read back both ways."""

import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent

from portcullis_cli.audit_commands import domain_application
from portcullis_kit.typed_decoding import TypedMapper, state_decoder
from tests.unit.kit.test_fast_decoding import (
    SERVICES,
    VARIANTS,
    event_classes_of,
    event_state,
    same,
)

ID = UUID(int=7)


def mappers(service: str) -> tuple[TypedMapper, Mapper[UUID]]:
    """The service's mapper, and the library's with the library's transcoder and the
    same transcodings."""
    typed = domain_application(service).mapper
    assert isinstance(typed, TypedMapper)
    assert isinstance(typed.transcoder, JSONTranscoder)
    library = JSONTranscoder()
    for transcoding in typed.transcoder.names.values():
        library.register(transcoding)
    return typed, Mapper(library)


def topic_of(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def read(mapper: Mapper[UUID], cls: type, state: bytes) -> Any:
    try:
        return vars(mapper.to_domain_event(StoredEvent(ID, 3, topic_of(cls), state)))
    except Exception as error:
        return type(error)


def stored_states(service: str, typed: Mapper[UUID]) -> Iterator[tuple[type, bytes]]:
    """Each event class of the service, with each variant of its state as stored."""
    for cls in event_classes_of(service):
        for variant in range(VARIANTS):
            yield cls, typed.transcoder.encode(event_state(cls, variant))


@pytest.mark.parametrize("service", SERVICES)
def test_every_event_of_a_service_is_read_as_the_library_reads_it(service: str) -> None:
    typed, library = mappers(service)
    for cls, stored in stored_states(service, typed):
        assert same(read(typed, cls, stored), read(library, cls, stored)), (cls, stored)


def test_most_event_classes_get_a_parser_of_their_own() -> None:
    """Not a rule but a check that the typed reading is used: an event class the parser
    cannot describe is read the library's way, slower."""
    for service in SERVICES:
        transcoder = domain_application(service).mapper.transcoder
        assert isinstance(transcoder, JSONTranscoder)
        classes = event_classes_of(service)
        made = [c for c in classes if state_decoder(c, transcoder) is not None]
        assert len(made) >= len(classes) * 0.8, (service, set(classes) - set(made))


def changed(stored: bytes) -> list[bytes]:
    """The stored state with a key added, an envelope renamed, a string made a number, a
    list made an object, a field renamed, a bad date, a null made a date, an envelope's
    type left out (then only `_data_`: the library keeps it a dict), an envelope's type
    the one the parser itself uses to require one."""
    return [
        stored.replace(b'"_type_":"datetime_iso",', b"", 1),
        re.sub(rb'"_type_":"[^"]*",', b"", stored, count=1),
        re.sub(rb'"_type_":"[^"]*"', b'"_type_":"portcullis.not-an-envelope"', stored, count=1),
        stored[:-1] + b',"extra":1}',
        stored.replace(b'"_type_":"', b'"_type_":"x', 1),
        stored.replace(b'":"', b'":1,"was":"', 1),
        stored.replace(b"[]", b"{}", 1),
        stored.replace(b'"timestamp":', b'"timestamp_":', 1),
        stored.replace(b'"_type_":"datetime_iso"', b'"_type_":"date_iso"', 1),
        stored.replace(b'"_data_":"20', b'"_data_":"x20', 1),
        stored.replace(b"null", b'{"_type_":"date_iso","_data_":"2026-11-29"}', 1),
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_what_the_parser_refuses_is_read_as_the_library_reads_it(service: str) -> None:
    typed, library = mappers(service)
    for cls, stored in stored_states(service, typed):
        for odd in changed(stored):
            assert same(read(typed, cls, odd), read(library, cls, odd)), (cls, odd)


@pytest.mark.parametrize("service", SERVICES)
def test_keys_stored_in_another_order_read_as_the_library_reads_them(service: str) -> None:
    """The same values; only the order of the event's attributes may differ (`vars`), which
    nothing reads (`state_json` sorts its keys)."""
    typed, library = mappers(service)
    classes = event_classes_of(service)
    for cls in classes:
        state = event_state(cls, 1)
        reordered = typed.transcoder.encode(dict(reversed(state.items())))
        ours, theirs = read(typed, cls, reordered), read(library, cls, reordered)
        assert same(dict(sorted(ours.items())), dict(sorted(theirs.items()))), cls
