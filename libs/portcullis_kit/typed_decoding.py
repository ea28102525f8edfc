"""Reading an event's stored JSON with a parser made for its class: the same event, faster.

`FastJSONTranscoder` parses any JSON into dicts and lists and then walks them in Python,
handing each `{"_type_": ..., "_data_": ...}` object to its transcoding. Most of a replay
is that walk. But an event class says what its stored JSON holds: its fields, and for each
field a type whose stored shape is known (a string, a list, a value object's dict of fields
inside its envelope). From that shape msgspec makes a parser, in C, that reads such JSON
and refuses anything else: a missing or extra key, a value of another type, another
envelope.

What it reads must be what the library makes of the same bytes, so the parser goes only as
far as the library's walk goes: JSON arrays stay lists, enum values stay strings, and each
envelope's `_data_`, as read, goes to the same registered transcoding the library would
call (which makes tuples, enum members and the value object itself). What it refuses, or
an event class it cannot describe, is read the library's way (`FastJSONTranscoder`), which
decides. `tests/unit/kit/test_typed_decoding.py` reads every event class of the four
services both ways.
"""

import dataclasses
import datetime
import types
import typing
from collections.abc import Callable, Hashable
from decimal import Decimal
from enum import Enum
from typing import Any, cast
from uuid import UUID

import msgspec
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    StoredEvent,
    Transcoding,
    find_id_convertor,
)
from eventsourcing.utils import resolve_topic

from portcullis_kit.transcoding import DataclassAsDict

# Makes a value as the library's walk would from what the typed parser read.
Build = Callable[[Any], Any]
# Reads an event's stored bytes into the dict of its state, or raises msgspec's errors.
StateDecoder = Callable[[bytes], dict[str, Any]]
# Types whose transcoding (by the library or ours) stores a string.
STRING_TYPES = (datetime.datetime, datetime.date, UUID, Decimal)
SCALARS: dict[Any, Any] = {str: str, int: int, bool: bool, type(None): type(None)}


# Read on its own, a struct tagged by `_type_` takes an object with no `_type_` at all, which
# the library's walk keeps as a plain dict; only in a union of tagged structs is the tag
# required. So each envelope is read in a union with this one, which is never written:
# an envelope without its type is refused, and so is one read as this.
NotAnEnvelope = msgspec.defstruct(
    "NotAnEnvelope",
    [],
    tag_field="_type_",
    tag="portcullis.not-an-envelope",
    forbid_unknown_fields=True,
)


class Unsupported(Exception):
    """A type whose stored shape is not described here: its events are read generically."""


def state_decoder(cls: type, transcoder: JSONTranscoder) -> StateDecoder | None:
    """A decoder for the stored state of events of `cls`, or None if one cannot be made."""
    try:
        return _Shapes(transcoder).state_decoder(cls)
    except (Unsupported, TypeError, ValueError, NameError, RecursionError):
        # TypeError: msgspec does not take the type (a union it cannot tell apart);
        # NameError: a hint that does not resolve; RecursionError: a value object that
        # holds its own kind. Each is read the generic way.
        return None


class _Shapes:
    def __init__(self, transcoder: JSONTranscoder) -> None:
        self.transcoder = transcoder
        # Envelope structs made so far, by transcoding name (a type met twice, or itself).
        self.envelopes: dict[str, tuple[type, Build]] = {}

    def state_decoder(self, cls: type) -> StateDecoder:
        hints = typing.get_type_hints(cls)
        names = [
            f.name
            for f in dataclasses.fields(cls)
            if f.name not in ("originator_id", "originator_version")
        ]
        if getattr(cls, "class_version", 1) != 1:
            raise Unsupported("an event that may need upcasting")
        fields = {name: self.shape(hints[name]) for name in names}
        state = msgspec.defstruct(
            f"{cls.__qualname__}State",
            [(name, kind) for name, (kind, _) in fields.items()],
            forbid_unknown_fields=True,
        )
        decode = msgspec.json.Decoder(state).decode
        builds = [(name, build) for name, (_, build) in fields.items() if build is not None]
        as_dict = msgspec.structs.asdict

        def decode_state(data: bytes) -> dict[str, Any]:
            values = as_dict(decode(data))
            for name, build in builds:
                values[name] = build(values[name])
            return values

        return decode_state

    def shape(self, hint: Any) -> tuple[Any, Build | None]:
        """The type msgspec reads a value of `hint` as stored, and what makes the value
        the library would give of it (None: as read)."""
        if hint in SCALARS:
            return SCALARS[hint], None
        if hint is float:
            # JSON 1 is read by the library as the int 1: a float field keeps what it got.
            return int | float, None
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            return self.union(typing.get_args(hint))
        if origin in (tuple, list):
            args = typing.get_args(hint)
            if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
                raise Unsupported(f"a tuple of fixed length: {hint}")
            # JSON arrays are lists; a value object's transcoding makes its tuples.
            item, build = self.shape(args[0])
            if build is None:
                return list[item], None  # type: ignore[valid-type]
            return list[item], lambda items: [build(x) for x in items] if items else items  # type: ignore[valid-type]
        if isinstance(hint, type) and issubclass(hint, Enum):
            # Stored as its value; only a value object's transcoding makes it a member.
            for base in (str, int):
                if issubclass(hint, base):
                    return base, None
            raise Unsupported(f"an enum of neither str nor int: {hint}")
        if isinstance(hint, type) and hint in self.transcoder.types:
            struct, build = self.envelope(self.transcoder.types[hint])

            def build_envelope(read: Any) -> Any:
                if isinstance(read, NotAnEnvelope):
                    raise ValueError("an envelope of the type kept for refusing")
                return build(read)

            return struct | NotAnEnvelope, build_envelope
        raise Unsupported(f"no stored shape for {hint!r}")

    def union(self, options: tuple[Any, ...]) -> tuple[Any, Build | None]:
        shapes = [self.shape(option) for option in options]
        built = [(kind, build) for kind, build in shapes if build is not None]
        kinds = tuple(kind for kind, _ in shapes)
        if not built:
            return typing.Union[kinds], None  # noqa: UP007 (made from a tuple)
        # Each envelope is its own struct (in a union with NotAnEnvelope): what was read
        # says which option it is.
        by_struct: dict[Any, Build] = {}
        for kind, build in built:
            if typing.get_origin(kind) not in (typing.Union, types.UnionType):
                raise Unsupported(f"a union of values made in more than one way: {options}")
            for member in typing.get_args(kind):
                by_struct[member] = build

        def build_option(value: Any) -> Any:
            build = by_struct.get(type(value))
            return value if build is None else build(value)

        return typing.Union[kinds], build_option  # noqa: UP007

    def envelope(self, transcoding: Transcoding) -> tuple[type, Build]:
        """`{"_type_": name, "_data_": ...}`: a struct tagged with the transcoding's name,
        whose `_data_` goes, as the library's walk would hand it, to the transcoding."""
        name = transcoding.name
        if name in self.envelopes:
            return self.envelopes[name]
        decode = transcoding.decode
        data: Any
        if isinstance(transcoding, DataclassAsDict):
            # Its fields as the transcoding makes them (tuple fields tuples, enum fields
            # members: msgspec does both as it reads), then the value object of them.
            fields_of = self.value_fields(transcoding)
            make = transcoding.from_fields
            data = msgspec.defstruct(
                f"{name}Data",
                [(field, kind) for field, (kind, _) in fields_of.items()],
                forbid_unknown_fields=True,
            )
            builds = [(f, build) for f, (_, build) in fields_of.items() if build is not None]
            as_dict = msgspec.structs.asdict

            def build_value(read: Any) -> Any:
                values = as_dict(read._data_)
                for field, build in builds:
                    values[field] = build(values[field])
                return make(values)

        elif transcoding.type in STRING_TYPES:
            data = str

            def build_value(read: Any) -> Any:
                return decode(read._data_)

        else:
            raise Unsupported(f"no stored shape for transcoding {name!r}")
        struct = msgspec.defstruct(
            f"{name}Envelope",
            [("_data_", data)],
            tag_field="_type_",
            tag=name,
            forbid_unknown_fields=True,
        )
        self.envelopes[name] = (struct, build_value)
        return struct, build_value

    def value_fields(self, transcoding: DataclassAsDict) -> dict[str, tuple[Any, Build | None]]:
        """A value object's fields as its transcoding's `decode` makes them of what the
        library's walk gives it: the fields it names as tuples become tuples, those it
        names as enums members; the rest as stored."""
        hints = typing.get_type_hints(transcoding.type)
        shapes = {f.name: self.shape(hints[f.name]) for f in dataclasses.fields(transcoding.type)}
        for name in transcoding.tuple_fields:
            kind, build = shapes[name]
            if typing.get_origin(kind) is not list:
                raise Unsupported(f"a tuple field not stored as a list: {name}")
            (item,) = typing.get_args(kind)
            shapes[name] = (tuple[item, ...], None if build is None else _as_tuple(build))  # type: ignore[valid-type]
        for name, enum_type, _ in transcoding.enum_fields:
            shapes[name] = (enum_type, None)
        return shapes


def _as_tuple(build: Build) -> Build:
    return lambda items: tuple(build(items))


class TypedMapper(Mapper[UUID]):
    """The library's mapper, reading each event class's stored state with a parser made
    for it (`state_decoder`), and the library's way whatever that parser refuses. The
    domain event is then made as the library's `Mapper.to_domain_event` makes it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # By topic: the event class and its decoder, or None (read the library's way).
        self.typed: dict[str, tuple[type, StateDecoder] | None] = {}

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        topic = stored_event.topic
        try:
            typed = self.typed[topic]
        except KeyError:
            typed = self.typed[topic] = self._typed(topic)
        if typed is None:
            return super().to_domain_event(stored_event)
        cls, decode = typed
        try:
            state = decode(stored_event.state)
        except Exception:
            # Refused by the parser or by a transcoding: the library reads the bytes
            # afresh and decides (reads them, or raises its own error).
            return super().to_domain_event(stored_event)
        originator_id = stored_event.originator_id
        id_type = cast(Hashable, type(originator_id))
        state["originator_id"] = find_id_convertor(cls, id_type)(originator_id)
        state["originator_version"] = stored_event.originator_version
        domain_event: Any = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", state)
        return cast(DomainEventProtocol[UUID], domain_event)

    def _typed(self, topic: str) -> tuple[type, StateDecoder] | None:
        # Encrypted or compressed state, or another transcoder: the library's way.
        if self.cipher or self.compressor or not isinstance(self.transcoder, JSONTranscoder):
            return None
        try:
            cls = resolve_topic(topic)
        except Exception:
            return None  # the library raises its own error for it
        decode = state_decoder(cls, self.transcoder)
        return None if decode is None else (cls, decode)
