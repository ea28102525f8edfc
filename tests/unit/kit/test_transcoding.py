"""Value objects come back from the store with the types they went in with."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from eventsourcing.persistence import JSONTranscoder

from portcullis_kit.eventstore import DataclassAsDict, DateAsISO


class Colour(StrEnum):
    RED = "red"


@dataclass(frozen=True)
class Sample:
    colour: Colour
    names: tuple[str, ...]
    on: date | None = None


def test_enums_tuples_and_dates_round_trip_with_their_types() -> None:
    transcoder = JSONTranscoder()
    transcoder.register(DateAsISO())
    transcoder.register(DataclassAsDict(Sample))
    original = Sample(Colour.RED, ("a", "b"), date(2026, 11, 2))
    back = transcoder.decode(transcoder.encode(original))
    assert back == original
    assert type(back.colour) is Colour
    assert type(back.names) is tuple
    assert type(back.on) is date
