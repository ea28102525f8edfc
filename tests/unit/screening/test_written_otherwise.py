"""The same premises, number, phone or person written as another hand would write them:
how a party coming back is written by someone other than whoever wrote its listing."""

from datetime import date
from uuid import uuid4

import pytest

from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind, Principal
from screening.domain.contacts import address_key, identifier_key, phone_keys_in_any_country
from screening.domain.matching import Decision, Thresholds, compare, read_profile, read_query
from screening.domain.names import compare_names
from screening.domain.watched_party import Listing
from screening.domain.watchlist import COMMON_NAME_KEY, Watchlist, WatchlistEntry
from tests.support import name_reader

READER = name_reader()
THRESHOLDS = Thresholds()
LISTING = Listing("debarment", date(2025, 1, 1), None, trade_related=True)


def premises(line1: str, line2: str = "", city: str = "", country: str = "CN") -> Address:
    return Address(line1=line1, line2=line2, city=city, country=country)


def same_premises(a: Address, b: Address) -> bool:
    key_a, key_b = address_key(a), address_key(b)
    assert key_a is not None
    assert key_b is not None
    return key_a.same_premises(key_b) and key_b.same_premises(key_a)


def us(line1: str) -> Address:
    return premises(line1, country="US")


LISTED = premises("Room 1203, Block B, No. 88 Huaqiang North Road", city="Shenzhen")


@pytest.mark.parametrize(
    "written",
    [
        premises("Rm 1203, Blk B, 88 Huaqiang N. Rd.", city="Shenzhen"),
        premises("88 Huaqiang North Road #1203", city="Shenzhen"),
        premises("88 Huaqiang North Road", "Room 1203", city="Shenzhen"),
        premises("88 Huaqiang Bei Lu, Room 1203", city="Shenzhen"),
        premises("12/F, Room 1203, 88 Huaqiang North Road", city="Shenzhen City"),
        premises("Room 1203, 88 Huaqiang North Road, Futian District, Shenzhen"),
    ],
)
def test_premises_written_otherwise_are_the_same_premises(written: Address) -> None:
    assert same_premises(LISTED, written)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (us("123 Main Street, Apt 4B"), us("123 Main St. #4B")),
        (us("123 Main Street, Apt 4B"), us("123 Main St Apt. 4-B")),
        (us("Suite 900, 1450 N City Rd"), us("1450 North City Road Ste 900")),
        # A suite on a floor is the suite; letters written apart in a street are not one word.
        (us("Floor 9, Suite 900, 1450 N City Rd"), us("1450 N City Rd, Ste 900")),
        (us("Block B, 88 N Main Street"), us("88 North Main St, Block B")),
        (us("88 N E Main Street"), us("88 North East Main St")),
    ],
)
def test_units_with_letters_and_number_signs_are_read(a: Address, b: Address) -> None:
    assert same_premises(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (LISTED, premises("Room 1207, Block B, No. 88 Huaqiang North Road", city="Shenzhen")),
        (premises("Block B, 88 Huaqiang North Road"), premises("Block C, 88 Huaqiang North Road")),
        (us("123 Main Street, Apt 4B"), us("123 Main St #4C")),
        (us("123 Main Street, Apt 4B"), us("123 Main Street")),
        (LISTED, premises("Room 1203, Block B, No. 88 Huaqiang North Road", city="Dongguan")),
    ],
)
def test_another_unit_or_city_is_other_premises(a: Address, b: Address) -> None:
    assert not same_premises(a, b)


def test_street_words_in_pinyin_are_read_as_in_english() -> None:
    key = address_key(premises("88 Huaqiang Bei Lu"))
    assert key is not None
    assert key.street == ("huaqiang", "n", "rd")


def test_a_number_is_the_same_number_under_another_label() -> None:
    uei = identifier_key(Identifier("UEI", "ZQGGHJH74DW7"))
    assert uei == identifier_key(Identifier("SAM UEI", "zqgg-hjh7-4dw7"))
    assert identifier_key(Identifier("CAGE", "1ABC2")) == identifier_key(
        Identifier("cage code", "1abc2")
    )
    # A short number says something only with its scheme.
    assert identifier_key(Identifier("branch", "12")) != identifier_key(Identifier("floor", "12"))


def organisation(name: str, **particulars: object) -> PartyDetails:
    return PartyDetails(kind=PartyKind.ORGANIZATION, name=name, **particulars)  # type: ignore[arg-type]


def test_a_phone_written_without_its_country_is_found_in_any_country() -> None:
    # The same digits in Britain too: no second piece of evidence for it.
    listed = organisation("Hongdark Electronics Ltd", phones=("+1 702 919 1300", "+44 7029 191300"))
    query = organisation("Bright Star Trading Ltd", phones=("702-919-1300",))
    score, evidence = compare(read_query(query, READER), read_profile(listed, READER))
    # One phone, one piece of evidence, however many numbers it was looked for as.
    assert [(e.query_field, e.listed_field, e.weight) for e in evidence] == [
        ("phones[0]", "phones[0]", 0.8)
    ]
    assert THRESHOLDS.decide(score) is Decision.REVIEW
    # Written with its country code but no "+", or after "00".
    assert "+8675588881234" in phone_keys_in_any_country("86 755 8888 1234")
    assert "+8675588881234" in phone_keys_in_any_country("0086-755-8888-1234")


def test_a_short_phone_without_a_country_is_not_looked_for_everywhere() -> None:
    assert phone_keys_in_any_country("919-1300") == ()
    listed = organisation("Hongdark Electronics Ltd", phones=("+1 702 919 1300",))
    query = organisation("Bright Star Trading Ltd", phones=("919-1300",))
    score, _ = compare(read_query(query, READER), read_profile(listed, READER))
    assert score == 0.0


def test_a_phone_its_country_places_is_looked_for_as_that_number_only() -> None:
    query = organisation(
        "Bright Star Trading Ltd",
        phones=("0755 8888 1234",),
        addresses=(premises("1 Main St", country="CN"),),
    )
    assert set(read_query(query, READER).links["phone"]) == {"+8675588881234"}


@pytest.mark.parametrize("written", ["W. M. Zhang", "ZHANG Wei Ming", "Zhang W."])
def test_a_principal_written_otherwise_with_the_same_birth_date_is_the_same_person(
    written: str,
) -> None:
    born = date(1975, 3, 2)
    listed = organisation(
        "Hongdark Electronics Ltd", principals=(Principal("Zhang Weiming", birth_date=born),)
    )
    query = organisation(
        "Bright Star Trading Ltd", principals=(Principal(written, birth_date=born),)
    )
    score, evidence = compare(read_query(query, READER), read_profile(listed, READER))
    assert [(e.query_field, e.listed_field) for e in evidence] == [
        ("principals[0]", "principals[0]")
    ]
    assert THRESHOLDS.decide(score) is Decision.REVIEW
    # The keys that find the listed party: one of them is enough.
    assert set(read_profile(query, READER).keys()) & set(read_profile(listed, READER).keys())


def test_a_principal_alike_in_name_but_born_another_day_is_someone_else() -> None:
    listed = organisation(
        "Hongdark Electronics Ltd",
        principals=(Principal("Zhang Weiming", birth_date=date(1975, 3, 2)),),
    )
    query = organisation(
        "Bright Star Trading Ltd",
        principals=(Principal("W. M. Zhang", birth_date=date(1976, 3, 2)),),
    )
    score, evidence = compare(read_query(query, READER), read_profile(listed, READER))
    assert evidence == []
    assert score == 0.0


def test_words_run_together_in_one_name_match_the_others_as_written() -> None:
    # "hongdark" against "shenzhenhongdark" run together: the place is kept as written.
    query = READER.read("Hong-Dark Technology Co")
    listed = READER.read("Shenzhen Hongdark Electronic Technology Co., Ltd.")
    assert compare_names(query, listed) >= THRESHOLDS.review
    assert compare_names(listed, query) == compare_names(query, listed)


def person(name: str, **particulars: object) -> PartyDetails:
    return PartyDetails(kind=PartyKind.INDIVIDUAL, name=name, **particulars)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("listed", "written"),
    [
        ("Robert James Smith", "Bob Smith"),
        ("William Jones", "Bill Jones"),
        ("Liz Taylor", "Elizabeth Taylor"),
    ],
)
def test_a_person_written_with_a_nickname_is_found(listed: str, written: str) -> None:
    watchlist = Watchlist(READER)
    party_id = uuid4()
    watchlist.put(WatchlistEntry(party_id, person(listed), {"x": LISTING}))
    # Namesakes enough that the family name alone finds no one (`COMMON_NAME_KEY`): the
    # nickname's key is what finds the party.
    for i in range(COMMON_NAME_KEY + 1):
        watchlist.put(
            WatchlistEntry(uuid4(), person(f"Member{i} {listed.split()[-1]}"), {"x": LISTING})
        )
    result = watchlist.screen(person(written), date(2026, 11, 28))
    assert [h.party_id for h in result.hits] == [party_id]
    assert result.decision is not Decision.CLEAR


def test_two_nicknames_of_one_name_are_not_each_other() -> None:
    # "Bob" and "Bill" are both short for Robert (the table says so), not for each other.
    bob, bill = READER.read("Bob Smith", person=True), READER.read("Bill Smith", person=True)
    assert compare_names(bob, bill) < THRESHOLDS.review
    # And a nickname counts only in a person's name.
    assert compare_names(READER.read("Bob Trading"), READER.read("Robert Trading")) < 0.7
