"""Value objects come back from the store with the types they went in with, including
those stored before a field existed (it takes its default)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pytest
from eventsourcing.persistence import JSONTranscoder

from portcullis_kit.party import Address, PartyDetails, PartyKind, Principal
from portcullis_kit.transcoding import DataclassAsDict, DateAsISO


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


def test_a_value_object_reads_back_equal_with_tuples_and_enums() -> None:
    transcoding = DataclassAsDict(PartyDetails)
    details = PartyDetails(
        kind=PartyKind.INDIVIDUAL,
        name="Li Wei",
        aliases=("Wei Li",),
        addresses=(Address("1 Road", "", "Shenzhen", "", "518000", "CN"),),
        birth_date=date(1971, 3, 9),
        principals=(Principal("Chen Jing"),),
    )
    stored = {
        k: list(v) if isinstance(v, tuple) else v for k, v in transcoding.encode(details).items()
    }
    stored["kind"] = "individual"
    read = transcoding.decode(stored)
    assert read == details
    assert isinstance(read.aliases, tuple)
    assert read.kind is PartyKind.INDIVIDUAL


def test_a_field_added_after_storing_takes_its_default() -> None:
    transcoding = DataclassAsDict(PartyDetails)
    old = {"kind": "organization", "name": "Hongdark", "aliases": []}
    assert transcoding.decode(old) == PartyDetails(kind=PartyKind.ORGANIZATION, name="Hongdark")


def test_a_stored_value_missing_a_required_field_is_refused_as_init_would() -> None:
    with pytest.raises(TypeError):
        DataclassAsDict(PartyDetails).decode({"name": "Hongdark"})
    with pytest.raises(TypeError):
        DataclassAsDict(PartyDetails).decode({"kind": "organization", "name": "x", "colour": 1})
