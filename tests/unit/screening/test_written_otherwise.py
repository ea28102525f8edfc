"""The same premises, number, phone or person written as another hand would write them:
how a party coming back is written by someone other than whoever wrote its listing."""

from datetime import date
from uuid import uuid4

import pytest

from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind, Principal
from screening.domain.contacts import address_key, identifier_key, phone_keys_in_any_country
from screening.domain.matching import (
    NAME_FLOOR,
    Decision,
    Thresholds,
    compare,
    read_profile,
    read_query,
)
from screening.domain.names import compare_names, keyed_letter_for_letter
from screening.domain.watched_party import Listing
from screening.domain.watchlist import CANDIDATES, COMMON_NAME_KEY, Watchlist, WatchlistEntry
from tests.support import name_reader

READER = name_reader()
THRESHOLDS = Thresholds()
LISTING = Listing("debarment", date(2025, 1, 1), None, trade_related=True)


def premises(line1: str, line2: str = "", city: str = "", country: str = "CN") -> Address:
    return Address(line1=line1, line2=line2, city=city, country=country)


def same_premises(a: Address, b: Address) -> bool:
    """Whether a and b are the same premises, asserting that it is so both ways round."""
    key_a, key_b = address_key(a), address_key(b)
    assert key_a is not None
    assert key_b is not None
    assert key_a.same_premises(key_b) == key_b.same_premises(key_a)
    return key_a.same_premises(key_b)


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
        # A designator run onto its code.
        (us("1234 N Main Street, Suite 200"), us("1234 N MAIN ST STE200")),
        (us("123 Main Street, Apt 4B"), us("123 MAIN ST APT4B")),
        # A street named Park or Industrial, with the city written in the line.
        (
            Address(line1="8999 East Park Avenue", line2="Suite 127", city="Chicago", country="US"),
            us("8999 E Park Ave, Unit 127, Chicago, IL 60692"),
        ),
        (
            Address(line1="2496 Industrial Ave", line2="Suite 461", city="Seattle", country="US"),
            us("2496 Industrial Ave, Unit 461, Seattle, WA 98169"),
        ),
        (us("12 Avenue Foch, Suite 3"), us("12 Av. Foch, Ste 3")),
        # The park's road, whichever comes first.
        (premises("Industrial Park, 8 Keyuan Road"), premises("8 Keyuan Road, Industrial Park")),
        # "FL 33101" is Florida and its ZIP code, not the suite's floor.
        (us("1234 N Main St, 3rd Floor, Suite 200"), us("1234 N Main St Ste 200, Miami, FL 33101")),
    ],
)
def test_units_with_letters_and_number_signs_are_read(a: Address, b: Address) -> None:
    assert same_premises(a, b)


def post_office_box(line1: str, city: str = "Doral") -> Address:
    return Address(line1=line1, city=city, postal_code="33172", country="US")


@pytest.mark.parametrize(
    "written",
    [
        post_office_box("P.O. Box 4521"),
        post_office_box("POB 4521"),
        post_office_box("Post Office Box 4521"),
        post_office_box("PO Box 4521", city=""),  # the same postal code
        Address(line1="PO Box 4521, Doral, FL 33172", country="US"),  # the town in the line
    ],
)
def test_a_post_office_box_however_written_is_the_same_box(written: Address) -> None:
    assert same_premises(post_office_box("PO Box 4521"), written)
    box_in_los_angeles = Address(line1="PO Box 100", city="Los Angeles", country="US")
    assert same_premises(Address(line1="PO Box 100, Los Angeles", country="US"), box_in_los_angeles)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Towns sharing a first word are two post offices.
        (
            premises("P.O. Box 31952, Al Khobar", country="SA"),
            premises("P.O. Box 31952, Al Jubail", country="SA"),
        ),
        (us("PO Box 1200, San Jose, CA 95113"), us("PO Box 1200, San Antonio, TX")),
    ],
)
def test_the_same_box_number_in_another_town_is_another_box(a: Address, b: Address) -> None:
    assert not same_premises(a, b)


@pytest.mark.parametrize(
    "written",
    ["Hi-Tech Industrial Park, 8 Keyuan Road", "Nanshan District, 8 Keyuan Road"],
)
def test_a_park_or_district_written_before_the_street_is_no_part_of_it(written: str) -> None:
    assert same_premises(premises(written), premises("8 Keyuan Road"))


@pytest.mark.parametrize(
    "other",
    [
        post_office_box("PO Box 4522"),
        post_office_box("PO Box 4521", city="Hialeah"),
        # Box numbers repeat from one post office to the next: with no town or postal
        # code on one side, nothing says it is the same post office.
        Address(line1="PO Box 4521", country="US"),
    ],
)
def test_another_box_or_a_box_of_no_known_town_is_not_the_same_box(other: Address) -> None:
    assert not same_premises(post_office_box("P.O. Box 4521"), other)


def test_a_street_address_with_a_box_is_read_alike_both_ways() -> None:
    assert not same_premises(us("123 Main St, PO Box 45"), us("123 Main St"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (LISTED, premises("Room 1207, Block B, No. 88 Huaqiang North Road", city="Shenzhen")),
        (premises("Block B, 88 Huaqiang North Road"), premises("Block C, 88 Huaqiang North Road")),
        # The same room in another block or tower; the same number on another street.
        (LISTED, premises("Room 1203, Block C, No. 88 Huaqiang North Road", city="Shenzhen")),
        (us("Tower A, Suite 900, 1 Harbour Road"), us("Tower B, Suite 900, 1 Harbour Road")),
        (premises("88 Dong Hu Lu, Room 5"), premises("88 Xi Hu Lu, Room 5")),
        (premises("12F, Huaqiang Rd 88"), premises("12F, Huaqiang Rd 168")),
        (premises("88 Shennan Dong Lu"), premises("88 Shennan Xi Lu")),
        (us("88 East Main St"), us("88 West Main St")),
        (us("100 F Street NE, Washington DC 20549"), us("700 F Street NE, Washington DC 20549")),
        (premises("12-F, 88 Huaqiang N Rd"), premises("12-F, 168 Huaqiang N Rd")),
        (us("123 Main Street, Apt 4B"), us("123 Main St #4C")),
        (us("123 Main Street, Apt 4B"), us("123 Main Street")),
        (LISTED, premises("Room 1203, Block B, No. 88 Huaqiang North Road", city="Dongguan")),
    ],
)
def test_another_unit_or_city_is_other_premises(a: Address, b: Address) -> None:
    assert not same_premises(a, b)


def test_street_words_in_pinyin_are_read_as_in_english() -> None:
    assert same_premises(premises("88 Huaqiang Bei Lu"), premises("88 Huaqiang North Road"))
    # A district's name is no direction ("Nan Shan" is Nanshan, not south).
    assert same_premises(
        premises("Room 5, 88 Keyuan Bei Lu", "Nan Shan District"),
        premises("Room 5, 88 Keyuan North Rd", "Nanshan District"),
    )
    assert same_premises(premises("88 Jianshe Jie, Unit 5"), premises("Unit 5, 88 Jianshe St"))


@pytest.mark.parametrize(
    ("written", "number", "street_name"),
    [
        ("#88 Rizal Avenue", "88", "rizal"),
        ("1800 F Street NW", "1800", "f"),
        ("12-F, 88 Huaqiang N Rd", "88", "huaqiang"),
        ("12/F, 88 Huaqiang N Rd", "88", "huaqiang"),
        ("Huaqiang North Road 88", "88", "huaqiang"),
        ("1203, 88 Huaqiang N Rd", "88", "huaqiang"),  # a room's number written bare first
    ],
)
def test_the_streets_number_is_the_one_before_its_name(
    written: str, number: str, street_name: str
) -> None:
    key = address_key(premises(written))
    assert key is not None
    assert (key.street_number, key.street_name) == (number, street_name)


def organisation(name: str, **particulars: object) -> PartyDetails:
    return PartyDetails(kind=PartyKind.ORGANIZATION, name=name, **particulars)  # type: ignore[arg-type]


def identifier_evidence(query: Identifier, listed: Identifier) -> list[float]:
    _, evidence = compare(
        read_query(organisation("Bright Star Trading Ltd", identifiers=(query,)), READER),
        read_profile(organisation("Hongdark Electronics Ltd", identifiers=(listed,)), READER),
    )
    return [e.weight for e in evidence]


@pytest.mark.parametrize(
    ("written", "unit", "outer"),
    [
        ("Apt 4 B, 123 Main St", "4b", ()),
        ("123 Main St Apt. 4-B", "4b", ()),
        ("Unit 5, 88 N Main St", "5", ()),  # the street's letter, not the unit's
        ("12/F, Room 1203, 88 Huaqiang Rd", "1203", ("floor:12",)),
        ("Room 1203, 3rd Floor, Block B, 88 Huaqiang Rd", "1203", ("block:b", "floor:3")),
        ("12/F, 88 Huaqiang Rd", "12", ()),  # no room named: the floor is as far in as it goes
        ("12F, 88 Huaqiang Rd", "12", ()),
        ("G/F, 88 Nathan Rd", "g", ()),
        ("Apt 4 N 123 Main St", "4", ()),  # a direction after the unit is the street's
    ],
)
def test_units_and_what_is_around_them_are_read_word_by_word(
    written: str, unit: str, outer: tuple[str, ...]
) -> None:
    key = address_key(us(written))
    assert key is not None
    assert (key.unit, key.outer) == (unit, outer)


def test_a_number_under_its_own_label_however_punctuated_is_the_party() -> None:
    uei = Identifier("UEI", "ZQGGHJH74DW7")
    assert identifier_evidence(Identifier("uei", "zqgg-hjh7-4dw7"), uei) == [1.0]


def test_the_same_number_under_another_label_calls_for_review() -> None:
    # Likely the party ("SAM UEI" for "UEI"), but two schemes' numbers can coincide (an
    # EIN and a DUNS number are both nine digits): review, not a match.
    uei = Identifier("UEI", "ZQGGHJH74DW7")
    assert identifier_evidence(Identifier("SAM UEI", "ZQGGHJH74DW7"), uei) == [0.8]
    ein, duns = Identifier("EIN", "12-3456789"), Identifier("DUNS", "123456789")
    assert identifier_evidence(ein, duns) == [0.8]
    assert THRESHOLDS.decide(0.8) is Decision.REVIEW
    # A short number says something only with its scheme.
    assert identifier_evidence(Identifier("branch", "12"), Identifier("floor", "12")) == []
    assert identifier_evidence(Identifier("branch", "12"), Identifier("Branch", "12")) == [1.0]


def test_a_bank_account_is_a_link_however_written() -> None:
    # A bank account is an identifier with scheme IBAN or BANK_ACCOUNT (types.proto).
    iban = Identifier("IBAN", "DE89370400440532013000")
    assert identifier_evidence(Identifier("iban", "de89 3704 0044 0532 0130 00"), iban) == [1.0]
    account = Identifier("BANK_ACCOUNT", "012345678001")
    assert identifier_evidence(Identifier("Bank Account No.", "012-345678-001"), account) == [0.8]
    assert identifier_evidence(Identifier("BANK_ACCOUNT", "012-345678-002"), account) == []


def test_a_number_under_another_label_is_found_by_it() -> None:
    keys = set(
        read_profile(
            organisation("A", identifiers=(Identifier("UEI", "ZQGGHJH74DW7"),)), READER
        ).keys()
    )
    assert "identifier:ZQGGHJH74DW7" in keys
    assert identifier_key(Identifier("SAM UEI", "zqgg-hjh7-4dw7")) == "SAMUEI:ZQGGHJH74DW7"


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
    # Digits of another script, as the parser reads them with a country.
    assert "+8675588881234" in phone_keys_in_any_country("86 755 ８８８８ １２３４")


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


def with_principal(name: str, principal: Principal) -> PartyDetails:
    return organisation(name, principals=(principal,))


def principal_weights(written: Principal, listed_as: Principal) -> list[float]:
    """The weights of the evidence a new firm whose principal is `written` gives against
    a listed one whose principal is `listed_as`."""
    _, evidence = compare(
        read_query(with_principal("Bright Star Trading Ltd", written), READER),
        read_profile(with_principal("Hongdark Electronics Ltd", listed_as), READER),
    )
    return [e.weight for e in evidence]


def watchlist_with_namesakes(
    listed: PartyDetails, family: str, born: date, count: int = COMMON_NAME_KEY + 1
) -> Watchlist:
    """`listed`, and other firms whose owners share its principal's family name and birth
    date; by default more than `COMMON_NAME_KEY`, so that only the principal's other
    words can find `listed`."""
    watchlist = Watchlist(READER)
    watchlist.put(WatchlistEntry(uuid4(), listed, {"x": LISTING}))
    for i in range(count):
        owner = Principal(f"{family} Tuvok{i}", birth_date=born)
        namesake = organisation(f"Quorra{i} Textiles Ltd", principals=(owner,))
        watchlist.put(WatchlistEntry(uuid4(), namesake, {"x": LISTING}))
    return watchlist


@pytest.mark.parametrize(
    ("written", "listed_as", "namesakes"),
    [
        # Found by the family name and the birth date: a few namesakes born that day.
        ("W. M. Zhang", "Zhang Weiming", 20),
        ("ZHANG Wei Ming", "Zhang Weiming", 20),
        ("Zhang W.", "Zhang Weiming", 20),
        # Found by how the given name sounds, the family name being too common to.
        ("Hasan Muhammad", "Hassan Mohammed", COMMON_NAME_KEY + 1),
    ],
)
def test_a_principal_written_otherwise_with_the_same_birth_date_is_the_same_person(
    written: str, listed_as: str, namesakes: int
) -> None:
    born = date(1975, 3, 2)
    # The principal's evidence, alone enough to call for review.
    assert principal_weights(
        Principal(written, birth_date=born), Principal(listed_as, birth_date=born)
    ) == [0.8]
    assert THRESHOLDS.decide(0.8) is Decision.REVIEW
    listed = with_principal("Hongdark Electronics Ltd", Principal(listed_as, birth_date=born))
    query = with_principal("Bright Star Trading Ltd", Principal(written, birth_date=born))
    family = listed_as.split()[0]
    watchlist = watchlist_with_namesakes(listed, family, born, namesakes)
    result = watchlist.screen(query, date(2026, 11, 28))
    assert [h.name for h in result.hits] == ["Hongdark Electronics Ltd"]


def test_a_principal_born_on_the_first_of_january_must_be_named_alike_as_without_a_date() -> None:
    # Lists record a birth year alone as 1 January: the date tells too little then.
    year_only, a_day = date(1960, 1, 1), date(1960, 3, 2)
    assert (
        principal_weights(
            Principal("Mohammed Ali", birth_date=year_only),
            Principal("Mohammed Ali Hassan", birth_date=year_only),
        )
        == []
    )
    assert principal_weights(
        Principal("Mohammed Ali", birth_date=a_day),
        Principal("Mohammed Ali Hassan", birth_date=a_day),
    ) == [0.8]


def test_a_common_name_born_on_a_common_date_finds_a_few_candidates_not_all() -> None:
    # Persons' keys are ranked as name keys: not every holder is compared in full.
    born = date(1960, 1, 1)
    owner = Principal("Mohammed Ali", birth_date=born)
    listed = with_principal("Hongdark Electronics Ltd", owner)
    watchlist = watchlist_with_namesakes(listed, "Mohammed", born)
    query = with_principal("Bright Star Trading Ltd", owner)
    candidates = watchlist._candidates(read_query(query, READER))
    assert len(candidates.slots) <= CANDIDATES
    assert not candidates.linked


def test_a_principals_passport_under_another_label_is_likely_the_same_person() -> None:
    passport = Identifier("PASSPORT", "E12345678")
    relabelled = Identifier("Passport No.", "e-1234-5678")
    listed_as = Principal("Zhang Weiming", identifiers=(passport,))
    assert principal_weights(Principal("Wei Zhang", identifiers=(passport,)), listed_as) == [0.9]
    assert principal_weights(Principal("Wei Zhang", identifiers=(relabelled,)), listed_as) == [0.8]


def test_a_principal_alike_in_name_but_born_another_day_is_someone_else() -> None:
    listed_as = Principal("Zhang Weiming", birth_date=date(1975, 3, 2))
    assert principal_weights(Principal("W. M. Zhang", birth_date=date(1976, 3, 2)), listed_as) == []


@pytest.mark.parametrize(
    ("spaced", "run_together"),
    [
        ("Hong Dark Ltd", "Hongdark Trading Ltd"),  # as many words each
        ("Hong Dark Star Ltd", "Hongdark Star Ltd"),
    ],
)
def test_a_name_spaced_otherwise_is_alike(spaced: str, run_together: str) -> None:
    assert compare_names(READER.read(spaced), READER.read(run_together)) >= THRESHOLDS.review


def test_a_name_with_no_words_is_compared_without_error() -> None:
    # A name of punctuation alone has no words at all.
    assert compare_names(READER.read("-"), READER.read("Hong Dark Trading")) == 0.0
    assert compare_names(READER.read("Hong Dark Trading"), READER.read("-")) == 0.0


def test_words_run_together_in_one_name_match_the_others_as_written() -> None:
    # "hongdark" against "shenzhenhongdark" run together: the place is kept as written.
    query = READER.read("Hong-Dark Technology Co")
    listed = READER.read("Shenzhen Hongdark Electronic Technology Co., Ltd.")
    assert compare_names(query, listed) >= THRESHOLDS.review
    assert compare_names(listed, query) == compare_names(query, listed)


def test_a_sole_trader_coming_back_as_a_company_of_that_name_is_found() -> None:
    # An organisation's words are spelt one way ("vu kiaovei"): the person is found by
    # them too.
    watchlist = Watchlist(READER)
    party_id = uuid4()
    sole_trader = PartyDetails(kind=PartyKind.INDIVIDUAL, name="Wu Qiaowei")
    watchlist.put(WatchlistEntry(party_id, sole_trader, {"x": LISTING}))
    result = watchlist.screen(organisation("Wu Qiaowei"), date(2026, 11, 28))
    assert [(hit.party_id, hit.decision) for hit in result.hits] == [(party_id, Decision.REVIEW)]
    # And with the name run together ("vangveiiang").
    other_id = uuid4()
    other = PartyDetails(kind=PartyKind.INDIVIDUAL, name="Wang Weiyang")
    watchlist.put(WatchlistEntry(other_id, other, {"x": LISTING}))
    result = watchlist.screen(organisation("WangWeiyang Ltd"), date(2026, 11, 28))
    assert [hit.party_id for hit in result.hits] == [other_id]


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


def test_a_nickname_with_the_same_family_name_and_birth_date_calls_for_review() -> None:
    # The table relates some names loosely ("Ali" / "Allison"): review, not a match.
    born = date(1980, 5, 4)
    listed = read_profile(person("Allison Hassan", birth_date=born), READER)
    score, _ = compare(read_query(person("Ali Hassan", birth_date=born), READER), listed)
    assert THRESHOLDS.decide(score) is Decision.REVIEW


def test_two_nicknames_of_one_name_are_not_each_other() -> None:
    # "Bob" and "Bill" are both short for Robert (the table says so), not for each other.
    bob, bill = READER.read("Bob Smith", person=True), READER.read("Bill Smith", person=True)
    assert compare_names(bob, bill) < THRESHOLDS.review
    # And a nickname counts only in a person's name.
    assert compare_names(READER.read("Bob Trading"), READER.read("Robert Trading")) < 0.7


def test_a_mailbox_at_a_free_provider_beyond_the_big_ones_is_no_shared_domain() -> None:
    listed = organisation("Hongdark Electronics Ltd", emails=("hongdark@yahoo.fr",))
    query = organisation("Bright Star Trading Ltd", emails=("brightstar@yahoo.fr",))
    assert compare(read_query(query, READER), read_profile(listed, READER)) == (0.0, [])


def test_a_given_name_written_short_in_lists_is_the_name() -> None:
    born = date(1980, 7, 1)
    listed = read_profile(person("Antoun, Mhd", birth_date=born), READER)
    score, _ = compare(read_query(person("Mohamed Antoun", birth_date=born), READER), listed)
    assert THRESHOLDS.decide(score) is not Decision.CLEAR
    unrelated = read_query(person("Hassan Antoun", birth_date=born), READER)
    assert compare(unrelated, listed)[0] < score


def test_a_birth_date_with_day_and_month_swapped_is_no_mismatch() -> None:
    listed = read_profile(person("Maria Sentosa", birth_date=date(1973, 12, 11)), READER)
    swapped = read_query(person("Maria Sentosa", birth_date=date(1973, 11, 12)), READER)
    other = read_query(person("Maria Sentosa", birth_date=date(1973, 11, 13)), READER)
    assert compare(swapped, listed)[0] == 1.0
    assert THRESHOLDS.decide(compare(other, listed)[0]) is Decision.CLEAR


def test_a_persons_name_alone_is_at_most_a_call_for_review() -> None:
    # "Robert Smith" is many people: with no birth date on one side, nothing tells them apart.
    listed = read_profile(person("Robert Smith"), READER)
    score, _ = compare(
        read_query(person("Robert Smith", birth_date=date(1978, 12, 11)), READER), listed
    )
    assert THRESHOLDS.decide(score) is Decision.REVIEW
    born = read_profile(person("Robert Smith", birth_date=date(1978, 12, 11)), READER)
    score, _ = compare(
        read_query(person("Robert Smith", birth_date=date(1978, 12, 11)), READER), born
    )
    assert THRESHOLDS.decide(score) is Decision.MATCH
    # Whichever side the person is on: an organisation's query named as the listed person.
    score, _ = compare(read_query(organisation("Robert Smith"), READER), listed)
    assert THRESHOLDS.decide(score) is Decision.REVIEW
    # An organisation's name alone may still be a match.
    score, _ = compare(
        read_query(organisation("Hongdark Electronics Ltd"), READER),
        read_profile(organisation("Hongdark Electronics Co., Ltd."), READER),
    )
    assert THRESHOLDS.decide(score) is Decision.MATCH


def test_a_principal_born_on_a_day_and_month_swapped_is_the_same_person() -> None:
    written = Principal("Maria Sentosa", birth_date=date(1973, 11, 12))
    listed_as = Principal("Maria Sentosa", birth_date=date(1973, 12, 11))
    assert principal_weights(written, listed_as) == [0.8]
    # And found so among namesakes born on the day as listed.
    listed = with_principal("Hongdark Electronics Ltd", listed_as)
    watchlist = watchlist_with_namesakes(listed, "Sentosa", listed_as.birth_date or date.min)
    query = with_principal("Bright Star Trading Ltd", written)
    assert listed.name in [h.name for h in watchlist.screen(query, date(2026, 11, 28)).hits]


def test_a_generation_is_read_only_at_a_names_end() -> None:
    # First, "Sr." is Señor and "Junior" a given name; in a company's name, no generation.
    assert (
        compare_names(
            READER.read("Sr. Juan Perez", person=True), READER.read("Juan Perez", person=True)
        )
        >= 0.7
    )
    assert compare_names(READER.read("SR Hongdark Ltd"), READER.read("Hongdark Ltd")) < 0.9


def test_father_and_son_of_one_name_are_told_apart_by_their_generations() -> None:
    junior, senior = (
        READER.read("Dobbins Jr, David", person=True),
        READER.read("Dobbins Senior, David", person=True),
    )
    assert compare_names(junior, senior) < NAME_FLOOR  # not even evidence
    # Either may be written without it, weighing little.
    assert (
        compare_names(
            READER.read("David Dobbins Junior", person=True),
            READER.read("David Dobbins", person=True),
        )
        >= 0.9
    )


@pytest.mark.parametrize(
    ("listed", "written"),
    [
        # Keyed into Cyrillic letter for letter, c as ц, j as й, y as ы (ISO 9); read by
        # sound, "Пацифиц" would be "Patsifits".
        ("Pacific Anchor Logistics Inc", "Пацифиц Анчор Логистицс Инц"),
        ("Lucky Bridge Apparel Company", "Луцкы Бридге Аппарел Цомпаны"),
        ("Zhejiang Jiexiang Import Co., Ltd.", "Жейианг Йиеxианг Импорт Цо., Лтд."),
        # In Ukrainian, where г is h (and ґ is g).
        ("Hongda Trading Company", "Гонґда Традінґ Компані"),
        # Typed on the Georgian keyboard (f as ფ); keyed into Armenian.
        ("Pacific Anchor Logistics Inc", "პაციფიც ანჩორ ლოგისტიცს ინც"),
        ("Falcon Field LLC", "ფალცონ ფიელდ LLC"),
        ("Xinlux Electronics Company Limited", "Խինլուխ Ելեցտրօնիցս Ցօմպանը Լիմիտեդ"),
        # Into Greek: b as μπ, which is "mp" in a Greek word; u as υ.
        ("Global Bridge LLC", "Γλομπαλ Μπριδγε LLC"),
        ("Sun Bridge LLC", "Συν Μπριδγε LLC"),
        # "yo" as ё, which is often written for е, and read so.
        ("Yorbao Industrial Inc.", "Ёрбао Индустриал Инц."),
    ],
)  # fmt: skip
def test_a_name_keyed_in_another_alphabet_letter_for_letter_is_the_name(
    listed: str, written: str
) -> None:
    watchlist = Watchlist(READER)
    party_id = uuid4()
    watchlist.put(WatchlistEntry(party_id, organisation(listed), {"x": LISTING}))
    result = watchlist.screen(organisation(written), date(2026, 11, 28))
    assert result.decision is Decision.MATCH
    (hit,) = result.hits
    # The evidence gives the name as written, not as read.
    assert (hit.party_id, hit.evidence[0].query_value) == (party_id, written)


def test_a_greek_name_written_with_the_micro_sign_is_read() -> None:
    # "µ" (the micro sign, from old encodings) for "μ": read as μ, not a failed lookup.
    name = "Ολυµπιακή Ναυτιλιακή Α.Ε."
    assert keyed_letter_for_letter(name) == keyed_letter_for_letter("Ολυμπιακή Ναυτιλιακή Α.Ε.")
    watchlist = Watchlist(READER)
    watchlist.put(WatchlistEntry(uuid4(), organisation(name), {"x": LISTING}))
    assert watchlist.screen(organisation(name), date(2026, 11, 28)).decision is Decision.MATCH


def test_a_name_in_another_alphabet_is_still_read_by_sound() -> None:
    # The letters keyed for others are read both ways: "Цветков" is "Tsvetkov" by sound.
    person = PartyDetails(kind=PartyKind.INDIVIDUAL, name="Цветков Андрей")
    profile = read_profile(person, READER)
    assert [name.core for _, name in profile.names] == [
        ("tsvetkov", "andrey"),
        ("cvetkov", "andrej"),
    ]
    alike = PartyDetails(kind=PartyKind.INDIVIDUAL, name="Andrei Tsvetkov")
    assert compare(profile, read_profile(alike, READER))[0] >= THRESHOLDS.review
    # A name in Latin letters, or with no letter read otherwise, is read once.
    assert len(read_profile(organisation("Pacific Anchor Inc"), READER).names) == 1
    assert len(read_profile(organisation("Ромашка"), READER).names) == 1


@pytest.mark.parametrize(
    ("written", "in_english"),
    [
        # By sound "Evgeniy": two letters from "Yevgeny", as US lists and the press write it.
        ("Евгений Попов", "Yevgeny Popov"),
        ("Попов, Евгений", "Yevgeniy Popov"),
        ("ЕВГЕНИЙ ПОПОВ", "YEVGENY POPOV"),
        ("Ева Попова", "Yeva Popova"),  # "eva" and "yeva": short words, no slip allowed
    ],
)
def test_a_russian_persons_name_is_also_read_as_english_writes_it(
    written: str, in_english: str
) -> None:
    born = date(1968, 4, 2)
    listed = PartyDetails(kind=PartyKind.INDIVIDUAL, name=written, birth_date=born)
    watchlist = Watchlist(READER)
    watchlist.put(WatchlistEntry(uuid4(), listed, {"x": LISTING}))
    query = PartyDetails(kind=PartyKind.INDIVIDUAL, name=in_english, birth_date=born)
    assert watchlist.screen(query, date(2026, 11, 28)).decision is Decision.MATCH


def test_only_a_persons_name_with_letters_english_writes_otherwise_is_read_so() -> None:
    def readings(name: str, person: bool = True) -> list[tuple[str, ...]]:
        return [reading.core for reading in READER.readings(name, person)]

    assert readings("Евгений Ельцин") == [
        ("evgeniy", "eltsin"),  # by sound
        ("evgenij", "elcin"),  # letter for letter
        ("yevgeny", "yeltsin"),  # as English writes it
    ]
    # Not an е inside a word; nor an organisation's name.
    assert len(readings("Олег Петров")) == 1
    assert len(readings("Ромашка Евразия", person=False)) == 1


def test_a_name_keyed_into_greek_reads_gamma_gamma_as_ng() -> None:
    # "ng" keyed as "γγ", as modern Greek reads it: the same name, not a slip of the pen.
    score, _ = compare(
        read_query(organisation("Ξιαγγ Συν LLC"), READER),
        read_profile(organisation("Xiang Sun LLC"), READER),
    )
    assert score == 1.0


def test_a_principal_keyed_in_another_alphabet_is_read_both_ways_and_weighed_once() -> None:
    born = date(1971, 5, 3)
    keyed = Principal("Йорданов Йордан", birth_date=born)  # "Jordanov Jordan", j as й
    in_latin = Principal("Jordanov Jordan", birth_date=born)
    # Read letter for letter, the same person as the principal in Latin letters, found by
    # how the name sounds that way with the birth date; an excluded person themself too.
    listed_firm = with_principal("Hongdark Electronics Ltd", keyed)
    listed_person = PartyDetails(kind=PartyKind.INDIVIDUAL, name=keyed.name, birth_date=born)
    query = with_principal("Bright Star Trading Ltd", in_latin)
    for listed in (listed_firm, listed_person):
        watchlist = Watchlist(READER)
        watchlist.put(WatchlistEntry(uuid4(), listed, {"x": LISTING}))
        (hit,) = watchlist.screen(query, date(2026, 11, 28)).hits
        assert [(e.query_field, e.listed_value, e.weight) for e in hit.evidence] == [
            ("principals[0]", keyed.name, 0.8)
        ]
    # Both readings of one principal alike: one piece of evidence, not two.
    assert principal_weights(keyed, keyed) == [0.8]


def test_a_name_read_the_same_both_ways_is_read_once() -> None:
    # Full-width brackets, as Chinese names have them: NFKC changes the name, not its reading.
    assert len(read_profile(organisation("和平（深圳）有限公司"), READER).names) == 1
