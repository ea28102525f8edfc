"""Names and contacts compared the way screening compares them."""

import random
from datetime import date

import pytest

from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind
from screening.domain import names
from screening.domain.contacts import address_key, email_key, phone_key
from screening.domain.matching import Decision, Thresholds, compare, read_profile
from screening.domain.names import compare_names, tokens
from tests.support import name_reader

READER = name_reader()


def similarity(a: str, b: str, person: bool = False) -> float:
    return compare_names(READER.read(a, person), READER.read(b, person))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Shenzhen Hongdark Electronics Co., Ltd.", "SHENZHEN HONGDARK ELECTRONICS CO LTD"),
        ("Hongdark Electronics Co., Ltd.", "Hongdark Electronics Company Limited"),
        ("Hongdark Electronics CO.,LTD", "Hongdark Electronics Ltd"),
        ("Siemens Aktiengesellschaft", "Siemens AG"),
        ("SiemensGmbH", "Siemens GmbH"),
        ("Shenzhen Handbag Co", "Shenzhen Handbag Ltd"),
        ("Hong Dark Electronic Trade Company", "Hongdark Electronic"),
        ("ООО Ромашка", "OOO Romashka"),
        ("ＡＢＣ Trading", "ABC trading"),
        ("Acme Imports L.L.C.", "ACME IMPORTS LLC"),
        ("Comercializadora Azteca S.A. de C.V.", "Comercializadora Azteca SA de CV"),
        ("Brigade Forty 4", "Brigade 44"),
        ("Brigade Fourty-four", "Brigade 44"),
        ("Siemens AG", "Siemens AkG"),  # a legal form with one letter wrong
        # Words of trade written short.
        ("Hongdark Mfg Co", "Hongdark Manufacturing Company"),
        ("Hongdark Elec Tech Co Ltd", "Hongdark Electronics Technology Co., Ltd."),
        ("Hongdark Bros Trdg", "Hongdark Brothers Trading"),
        ("Hongdark Hldgs Ltd", "Hongdark Holdings Limited"),
    ],
)
def test_the_same_name_written_another_way_is_alike(a: str, b: str) -> None:
    assert similarity(a, b) >= 0.9


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Shenzhen Hongdark Electronics Co., Ltd.", "Shenzhen Bestway Electronics Co., Ltd."),
        ("Hongdark Trading International", "Sunrise Trading International"),
        ("Volkswagen Aktiengesellschaft", "Siemens Aktiengesellschaft"),
        ("Warehouse 12 Logistics", "Warehouse 21 Logistics"),
    ],
)
def test_names_sharing_only_generic_words_or_a_number_are_not_alike(a: str, b: str) -> None:
    assert similarity(a, b) < 0.7


def test_person_names_in_another_order_or_with_an_initial_are_alike() -> None:
    assert similarity("AL BEN ALI, Isa Ben Tarif", "Isa Bin Tarif Al Bin Ali", person=True) >= 0.8
    assert similarity("Hans J Friedrich", "Hans Joachim Friedrich", person=True) >= 0.8
    assert similarity("Olaf Scholze", "Olaf Scholz", person=True) >= 0.85


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CVC Health Corporation", "CVS Health Corporation"),
        ("Beta Platforms", "Meta Platforms"),
        # A letter left out of a word of four, or doubled in a word of three.
        ("Star Trading Ltd", "Str Trading Ltd"),
        ("Sun Ridge Apparel Inc.", "Suun Ridge Apparel Inc."),
    ],
)
def test_one_slip_in_a_short_word_still_calls_for_review(a: str, b: str) -> None:
    assert 0.7 <= similarity(a, b) < 0.9


def test_a_letter_more_at_either_end_of_a_short_word_makes_another_word() -> None:
    assert similarity("N.A.B.C. Company", "A.B.C. Company") < 0.7
    # In pinyin, -n and -ng are two syllables: two firms, two families.
    assert similarity("Xin Yuan Electronics Co., Ltd.", "Xing Yuan Electronics Co., Ltd.") < 0.7
    assert similarity("Tan Brothers", "Tang Brothers") < 0.7


def test_a_non_latin_abbreviation_of_a_legal_form_is_read_as_one() -> None:
    ano = READER.read("АНО Искусство Красоты")
    # "Krasoty" as compared: y is i (`names.one_spelling`).
    assert (ano.core, ano.legal_forms) == (("iskusstvo", "krasoti"), ("NGO",))
    # A non-profit is not a limited liability company of the same name.
    assert similarity("ANO Iskusstvo Krasoty", "OOO Iskusstvo Krasoty") < 0.7


@pytest.mark.parametrize(
    ("listed", "written"),
    [
        # Latin letters with no Cyrillic of their own come back as others: x as "ks",
        # w as "v", j as "dzh", h as "kh", c and q as "k", y as "i".
        ("Xinlux Industrial Co., Ltd.", "Ксинлукс Индустриал Ко., Лтд."),
        ("Weikevex Toys Company Limited", "Веикевекс Тоис Компани Лимитед"),
        ("Jingal Trading Inc.", "Джингал Традинг Инк."),
        ("Hongdark Electronics Co., Ltd.", "Хонгдарк Електроникс Ко., Лтд."),
        ("Quazor Technology LLC", "Куазор Течнологи ЛЛК"),
    ],
)
def test_an_organisation_written_in_cyrillic_letter_by_letter_is_alike(
    listed: str, written: str
) -> None:
    assert similarity(listed, written) >= 0.9


def test_an_organisations_words_are_compared_as_spelt_one_way() -> None:
    spelt = names.one_spelling
    assert spelt("xinlux") == spelt("ksinluks") == "xinlux"
    assert spelt("weikevex") == spelt("veikeveks")
    assert spelt("hongdark") == spelt("khongdark")
    assert spelt("jingal") == spelt("dzhingal")
    assert spelt("quazor") == spelt("kuazor")
    assert spelt("chen") == "chen"  # "ч", not "k" and "h"
    # "ck" is one k, as is "кк" keyed for it, and the typo "rokc".
    assert spelt("rock") == spelt("rokk") == spelt("rokc") == "rok"
    # Words run together are spelt as the one word they make.
    assert similarity("Tek Kor Toys Ltd", "Tekkor Toys Ltd") >= 0.9
    assert similarity("Atlantic Sky Technology LLC", "AtlanticSky Technology LLC") >= 0.9
    # Generic words read back from Cyrillic are still generic ("Компани", "Електроникс");
    # written in Latin letters, a word is looked up as written: "Kraft" is no "craft".
    generic = READER.read("Хонгдарк Компани Електроникс Тоис")
    assert generic.weak == {"kompani", "elektronix", "tois"}
    assert READER.read("Kraft Heinz Company").weak == frozenset()
    assert similarity("Kraft Heinz Company", "Heinz Company") < 0.7
    assert similarity("Kraft Heinz Company", "KraftHeinz Company") >= 0.9
    # Full-width Latin letters and a place in ideographs are not another alphabet.
    assert "kraft" not in READER.read("ＫＲＡＦＴ Heinz Company").weak
    assert "kraft" not in READER.read("Kraft Heinz (深圳)").weak


def test_a_word_spelt_one_way_is_spelt_so_again() -> None:
    # Names run together are spelt again ("lockheed" + "martin"): it must change nothing.
    rng = random.Random(13904)
    letters = "abcdhjkopqsvwxyz"  # those the spelling turns, and some others
    for _ in range(20_000):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
        once = names.one_spelling(word)
        assert names.one_spelling(once) == once, word
    assert similarity("Lockheed Martin Corp", "LockheedMartin Corp") >= 0.9


def test_a_persons_name_is_not_respelt() -> None:
    # "Ko" and "Kraft" are family names, not "Co" and "craft".
    person = READER.read("Min Ko Kraft", person=True)
    assert (person.core, person.weak) == (("min", "ko", "kraft"), frozenset())


def test_a_person_and_an_organisation_of_the_same_name_are_alike() -> None:
    # The sole trader coming back as a company: an organisation's words are spelt one way,
    # so the person's are too, for this comparison.
    sole_trader = READER.read("Wang Wei Yang", person=True)
    company = READER.read("Wang Wei Yang")
    assert compare_names(sole_trader, company) == compare_names(company, sole_trader) >= 0.9


def test_ideographs_are_read_a_syllable_each() -> None:
    assert tokens("深圳") == ["shenzhen"]  # one place, two syllables joined
    assert tokens("红达") == ["hong", "da"]


def test_phones_are_compared_in_e164() -> None:
    assert phone_key("+86 755 8888-1234") == phone_key("0755 8888 1234", "CN") == "+8675588881234"
    assert phone_key("not a phone") is None


def test_emails_ignore_case_tags_and_gmail_dots() -> None:
    assert email_key("Sales+import@HongDark.com") == "sales@hongdark.com"
    assert email_key("hong.dark@gmail.com") == email_key("hongdark@gmail.com")


def test_an_address_is_compared_down_to_the_unit() -> None:
    one = address_key(Address("Room 1203, No. 88 Huaqiang North Road", country="CN"))
    same = address_key(Address("88 Huaqiang Rd N", "Rm 1203", country="CN"))
    next_door = address_key(Address("Room 1205, 88 Huaqiang North Road", country="CN"))
    assert one is not None
    assert same is not None
    assert next_door is not None
    assert one.same_premises(same)
    assert not one.same_premises(next_door)


def party(name: str, **particulars: object) -> PartyDetails:
    return PartyDetails(kind=PartyKind.ORGANIZATION, name=name, **particulars)  # type: ignore[arg-type]


def test_a_new_name_with_the_same_phone_and_premises_is_a_match_with_its_evidence() -> None:
    listed = party(
        "Hongdark Electronics Co., Ltd.",
        phones=("+86 755 8888 1234",),
        addresses=(Address("Room 1203, 88 Huaqiang North Road", city="Shenzhen", country="CN"),),
    )
    query = party(
        "Bright Star Trading Ltd",
        phones=("0755-8888-1234",),
        addresses=(Address("88 Huaqiang Rd N, Rm 1203", city="Shenzhen", country="CN"),),
    )
    score, evidence = compare(read_profile(query, READER), read_profile(listed, READER))
    assert score >= 0.9
    assert {(e.query_field, e.listed_field) for e in evidence} == {
        ("phones[0]", "phones[0]"),
        ("addresses[0]", "addresses[0]"),
    }


def test_the_same_unit_and_street_in_another_city_is_other_premises() -> None:
    here = address_key(Address(line1="Room 1167, 102 Huaqiang North Road", city="Dongguan"))
    there = address_key(Address(line1="Room 1167, 102 Huaqiang N Rd", city="Guangzhou"))
    unsaid = address_key(Address(line1="Rm 1167, No. 102 Huaqiang North Road"))
    assert here is not None
    assert there is not None
    assert unsaid is not None
    assert not here.same_premises(there)
    assert here.same_premises(unsaid)  # a city left out is not a different city


def test_a_slip_in_a_short_word_of_a_person_name_is_another_family() -> None:
    assert similarity("Wei Wang", "Wei Yang", person=True) < similarity("Beta Co", "Meta Co")


def test_the_same_building_in_another_unit_is_no_evidence() -> None:
    listed = party(
        "Hongdark Electronics", addresses=(Address("Unit 5, 88 Huaqiang Road", country="CN"),)
    )
    query = party(
        "Bright Star Trading", addresses=(Address("Unit 7, 88 Huaqiang Road", country="CN"),)
    )
    score, evidence = compare(read_profile(query, READER), read_profile(listed, READER))
    assert (score, evidence) == (0.0, [])


def test_the_same_identifier_is_the_same_party() -> None:
    listed = party("Hongdark Electronics", identifiers=(Identifier("UEI", "H2XFNNKK2NZ9"),))
    query = party("Anything Else", identifiers=(Identifier("uei", "h2xf-nnkk-2nz9"),))
    score, _ = compare(read_profile(query, READER), read_profile(listed, READER))
    assert score == 1.0


def test_a_different_birth_date_weighs_a_same_name_down() -> None:
    listed = PartyDetails(PartyKind.INDIVIDUAL, "Wei Zhang", birth_date=date(1970, 1, 1))
    query = PartyDetails(PartyKind.INDIVIDUAL, "Wei Zhang", birth_date=date(1985, 6, 1))
    score, _ = compare(read_profile(query, READER), read_profile(listed, READER))
    assert score < 0.7


def test_a_shared_mailbox_alone_calls_for_review_not_a_match() -> None:
    listed = party("Hongdark Electronics", emails=("sales@hongdark.example",))
    query = party("Bright Star Trading", emails=("Sales@Hongdark.example",))
    score, evidence = compare(read_profile(query, READER), read_profile(listed, READER))
    assert [(e.query_field, e.weight) for e in evidence] == [("emails[0]", 0.8)]
    assert Thresholds().decide(score) is Decision.REVIEW


def test_what_comparing_needs_is_worked_out_when_a_name_is_read() -> None:
    name = READER.read("Hong Dark Trading 8 Co., Ltd.")
    assert name.core == ("hong", "dark", "trading", "8")
    assert name.weights == (1.0, 1.0, names.GENERIC_WEIGHT, 1.0)
    assert name.numbers == {"8"}
    assert name.known_legal_forms == {"LLC"}
    # Its distinctive words run into one, the generic word and the number kept apart.
    assert name.run_together == (
        ("hongdark", "trading", "8"),
        (1.0, names.GENERIC_WEIGHT, 1.0),
    )
    # One distinctive word: nothing to run together, the core is compared as it is.
    single = READER.read("Hongdark Trading Ltd")
    assert single.core_run_together == ()
    assert single.run_together == (single.core, single.weights)
    # A legal form misspelt two ways ("AkG": AG or KG) is a form of no known kind.
    assert READER.read("Siemens AkG").known_legal_forms == frozenset()


def test_token_pairs_already_compared_are_forgotten_when_too_many_with_no_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pairs = [
        ("Hongdark Electronics Co., Ltd.", "Hongdrak Electronic Company Limited"),
        ("Shenzhen Hongda Trading", "Hongda Shenzen Trade"),
        ("Wang Wei", "Yang Wei"),
    ]
    unbounded = names.KnownSimilarities()
    monkeypatch.setattr(names, "_KNOWN_SIMILARITIES", unbounded)
    fresh = [similarity(a, b, person=a.startswith("Wang")) for a, b in pairs]
    assert unbounded.count == 17  # token pairs compared
    bounded = names.KnownSimilarities()
    monkeypatch.setattr(names, "_KNOWN_SIMILARITIES", bounded)
    monkeypatch.setattr(names, "MAX_KNOWN_SIMILARITIES", 10)
    for _ in range(3):
        assert [similarity(a, b, person=a.startswith("Wang")) for a, b in pairs] == fresh
        assert bounded.count <= 10
    assert min(fresh[:2]) > 0.85
    assert fresh[2] == 0.5  # "Wang" is not "Yang"
