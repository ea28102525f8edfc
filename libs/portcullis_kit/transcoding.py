"""How events' values are stored as JSON and read back: our transcodings, and the JSON
transcoder every service's mapper uses.

Writing is the `eventsourcing` library's own JSON transcoder, byte for byte (the audit
trail hashes those bytes). Reading gives the same objects as the library's, faster: a
replay of the whole log is mostly reading (see `FastJSONTranscoder`).
"""

import dataclasses
import datetime
from collections.abc import Callable
from enum import Enum
from typing import Any, get_origin, get_type_hints

import msgspec
from eventsourcing.persistence import JSONTranscoder, Transcoding


class DateAsISO(Transcoding):
    type = datetime.date
    name = "date_iso"

    def encode(self, obj: datetime.date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> datetime.date:
        return datetime.date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """Stores a frozen dataclass value object as a dict of its fields.

    JSON has no tuples and writes a StrEnum as a plain string, so fields declared as
    tuples come back as tuples and fields declared as an enum come back as that enum.
    """

    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = cls.__name__
        hints = get_type_hints(cls)
        fields = dataclasses.fields(cls)
        self.tuple_fields = tuple(f.name for f in fields if get_origin(hints[f.name]) is tuple)
        # Each enum field with its members by value: a dict lookup is what calling the
        # enum does first, at a fraction of the cost of the call.
        self.enum_fields = tuple(
            (f.name, hints[f.name], {m.value: m for m in hints[f.name]})
            for f in fields
            if isinstance(hints[f.name], type) and issubclass(hints[f.name], Enum)
        )
        # Fields stored before they existed take their defaults.
        self.defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
        self.field_names = frozenset(f.name for f in fields)
        self.required = self.field_names - self.defaults.keys()
        # Reading is most of what a replay does, and a frozen dataclass's __init__ sets
        # each field through object.__setattr__: filling the instance's dict directly
        # halves the cost. Only where __init__ does nothing more (no factories, no checks).
        plain = not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")
        self.fill_directly = plain and all(
            f.default_factory is dataclasses.MISSING and f.init for f in fields
        )

    def from_fields(self, data: dict[str, Any]) -> Any:
        """The value object of a fresh dict of every one of its fields, tuple fields already
        tuples and enum fields members (as `decode` makes them, or a typed parser reads
        them): the dict becomes the instance's dict as it is."""
        if not self.fill_directly:
            return self.type(**data)
        obj: Any = object.__new__(self.type)
        object.__setattr__(obj, "__dict__", data)
        return obj

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        for name in self.tuple_fields:
            value = data.get(name)
            if value is not None:
                data[name] = tuple(value)
        for name, enum_type, members in self.enum_fields:
            if name in data:
                value = data[name]
                try:
                    data[name] = members[value]
                except (KeyError, TypeError):
                    # Not a member's value (or not hashable): the enum decides, as it would.
                    data[name] = enum_type(value)
        if not self.fill_directly:
            return self.type(**data)
        keys = data.keys()
        if keys == self.field_names:
            # Every field stored, as written since the class last changed.
            return self.from_fields(data)
        obj: Any = object.__new__(self.type)
        # Anything __init__ would refuse (a required field missing, an unknown one) goes
        # through __init__, to be refused the same way.
        if not (self.required <= keys <= self.field_names):
            return self.type(**data)
        obj.__dict__.update(self.defaults)
        obj.__dict__.update(data)
        return obj


class FastJSONTranscoder(JSONTranscoder):
    """The library's JSON transcoder, reading with msgspec's parser instead of the
    standard library's `json` and its `object_hook`.

    The library parses with a Python hook called for every JSON object; here msgspec
    parses the bytes into plain dicts and lists (two to three times faster), and a walk
    then hands each object, innermost first, to the same hook: every value comes back
    as the library would make it. What msgspec refuses and `json` may accept (NaN,
    Infinity, numbers beyond a float's range, lone surrogates) or refuses differently
    goes to the library's own decoder, which decides. orjson, as fast, was not chosen:
    it reads integers beyond 64 bits as floats without a word.
    """

    def __init__(self) -> None:
        super().__init__()
        self._parse = msgspec.json.Decoder().decode

    def decode(self, data: bytes) -> Any:
        try:
            parsed = self._parse(data)
            if type(parsed) is dict:
                return _revive_dict(parsed, self._decode_obj)
            if type(parsed) is list:
                _revive_list(parsed, self._decode_obj)
            return parsed
        except (msgspec.MsgspecError, RecursionError):
            # Refused by msgspec, or nested deeper than the walk can go: the library
            # reads the bytes afresh and decides.
            return super().decode(data)


# What the library calls for each JSON object it reads.
Hook = Callable[[dict[str, Any]], Any]

# The walk checks types with `is`, not isinstance: a parser makes only plain dicts and
# lists, and this runs for every value of every event read.


def _revive_dict(obj: dict[str, Any], hook: Hook) -> Any:
    for key, value in obj.items():
        kind = type(value)
        if kind is dict:
            obj[key] = _revive_dict(value, hook)
        elif kind is list and value:
            _revive_list(value, hook)
    # The hook only ever changes an object of two keys ({"_type_": ..., "_data_": ...}).
    return hook(obj) if len(obj) == 2 else obj


def _revive_list(items: list[Any], hook: Hook) -> None:
    for index, value in enumerate(items):
        kind = type(value)
        if kind is dict:
            items[index] = _revive_dict(value, hook)
        elif kind is list and value:
            _revive_list(value, hook)
