"""`make bench-screening`, part 5: a second generated set, made otherwise than part 1's.

Part 1's names are made-up words ("Hongdark"), as many Chinese trade names are; a name
made of them is unlike any other. Many traders are named in dictionary words instead
("Golden Star Trading", "Lucky Bridge Imports"): two of them can share a word, or have
words one letter apart ("Wind" / "Wing", "Ridge" / "Bridge"). This set is made of those,
with premises in the United States written as another hand writes them ("Ste", "#",
the city in the line, ZIP+4), phones in American formats and EINs. It was written after
the matcher, to see where it is weak, and is reported as it comes out.

    .venv/bin/python -m bench.screening_quality_words
"""

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID, uuid5

from bench.screening_quality import (
    CYRILLIC_LETTER_FOR_LETTER,
    GEORGIAN_KEYBOARD,
    LISTING,
    NAMESPACE,
    TODAY,
    Tally,
    in_cyrillic,
    keyed_in,
    print_cases,
    reader,
    typo,
)
from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind, Principal
from screening.domain.matching import Decision, Thresholds
from screening.domain.watchlist import Watchlist, WatchlistEntry

SEED = 13906
LISTED = 1_500
PER_TYPE = 300
FIRST_WORDS = """
    Golden Silver Blue Red Green Royal Prime Apex Summit Pacific Atlantic Northern Eastern
    Grand Bright Swift Noble Lucky Happy Star Sun Moon Ocean River Mountain Jade Pearl
    Crystal Diamond Phoenix Dragon Eagle Tiger Lion Falcon Harbor Bay Coastal Liberty
    Victory Unity Harmony Evergreen Sunrise Sunset Rainbow Horizon
""".split()
SECOND_WORDS = """
    Star Sky Wave Bridge Gate Tree Leaf Stone Rock Field Valley Peak Crown Shield Arrow
    Anchor Compass Lantern Bell Garden Forest Lake Island Castle Tower Harbor Point Ridge
    Spring Path Way Light Fire Wind Cloud Rain Snow Wing Feather Horse Wolf Bear
""".split()
INDUSTRIES = (
    "Trading", "Imports", "International", "Logistics", "Electronics", "Apparel", "Textiles",
    "Industries", "Supply", "Manufacturing", "Enterprises", "Global", "Technology", "Toys",
    "Home Goods", "Auto Parts",
)  # fmt: skip
# Each legal form and another way of writing it.
FORMS = {
    "LLC": "Limited Liability Company", "Inc.": "Incorporated", "Corp.": "Corporation",
    "Co., Ltd.": "Company Limited", "Limited": "Ltd.", "Ltd": "Limited", "Company": "Co.",
    "Corporation": "Corp", "GmbH": "G.m.b.H.", "S.A.": "SA", "Incorporated": "Inc",
    "L.L.C.": "LLC",
}  # fmt: skip
SHORT = {
    "International": "Intl", "Manufacturing": "Mfg", "Industries": "Inds", "Technology": "Tech",
    "Electronics": "Elec", "Trading": "Trdg",
}  # fmt: skip
CITIES = (
    ("Miami", "FL", "331"), ("Los Angeles", "CA", "900"), ("Houston", "TX", "770"),
    ("Newark", "NJ", "071"), ("Chicago", "IL", "606"), ("Seattle", "WA", "981"),
)  # fmt: skip
STREETS = "Main Oak Maple Pine Cedar Elm Washington Lake Hill Park Sunset Harbor Commerce".split()
STREET_KINDS = (("Street", "St"), ("Avenue", "Ave"), ("Boulevard", "Blvd"), ("Road", "Rd"))
DIRECTIONS = (("North", "N"), ("South", "S"), ("East", "E"), ("West", "W"), ("", ""))
GIVEN = """
    James Mary Robert Patricia Michael Jennifer David Linda William Elizabeth Carlos Maria
    Ahmed Fatima Ivan Olga Hiroshi Yuki Wei Mei
""".split()
FAMILY = """
    Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
    Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Petrov Tanaka Chen
""".split()


@dataclass(frozen=True)
class Premises:
    number: int
    direction: tuple[str, str]
    street: str
    kind: tuple[str, str]
    suite: int
    city: str
    state: str
    zip_code: str

    def written(self, hand: int, rng: random.Random) -> Address:
        """As the listing has it (hand 0), or as one of three other hands write it."""
        short = 0 if hand == 0 else 1  # "North", "Street"; "N", "St"
        words = (str(self.number), self.direction[short], self.street, self.kind[short])
        street = " ".join(w for w in words if w)
        if hand == 0:
            return Address(
                line1=street, line2=f"Suite {self.suite}", city=self.city, region=self.state,
                postal_code=self.zip_code, country="US",
            )  # fmt: skip
        if hand == 1:
            return Address(
                line1=f"{street} Ste {self.suite}", city=self.city.upper(), region=self.state,
                postal_code=f"{self.zip_code}-{rng.randint(1000, 9999)}", country="US",
            )  # fmt: skip
        if hand == 2:
            line1 = f"{street}, #{self.suite}"
            return Address(line1=line1, city=self.city, region=self.state, country="US")
        line1 = f"{street}, Unit {self.suite}, {self.city}, {self.state} {self.zip_code}"
        return Address(line1=line1, country="US")


@dataclass(frozen=True)
class Trader:
    details: PartyDetails
    first: str
    second: str
    industry: str
    form: str
    premises: Premises
    phone: tuple[int, int, int]
    domain: str
    ein: str


class Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.listed_names: set[tuple[str, str]] = set()

    def name_words(self, listing: bool) -> tuple[str, str]:
        """Two words no listed party's name is made of; kept, for a party to be listed."""
        while True:
            words = (self.rng.choice(FIRST_WORDS), self.rng.choice(SECOND_WORDS))
            if words[0] != words[1] and words not in self.listed_names:
                if listing:
                    self.listed_names.add(words)
                return words

    def premises(self) -> Premises:
        rng = self.rng
        city, state, zip_start = rng.choice(CITIES)
        return Premises(
            rng.randint(100, 9999), rng.choice(DIRECTIONS), rng.choice(STREETS),
            rng.choice(STREET_KINDS), rng.randint(100, 999), city, state,
            f"{zip_start}{rng.randint(10, 99)}",
        )  # fmt: skip

    def owner(self) -> Principal:
        rng = self.rng
        born = date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
        return Principal(f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", "owner", born)

    def trader(self, listing: bool = False) -> Trader:
        rng = self.rng
        first, second = self.name_words(listing)
        industry, form = rng.choice(INDUSTRIES), rng.choice(tuple(FORMS))
        premises = self.premises()
        phone = (rng.randint(201, 989), rng.randint(200, 999), rng.randint(1000, 9999))
        domain = f"{first.lower()}{second.lower()}{rng.randint(1, 99)}.com"
        ein = f"{rng.randint(10, 99)}-{rng.randint(1_000_000, 9_999_999)}"
        details = PartyDetails(
            kind=PartyKind.ORGANIZATION,
            name=f"{first} {second} {industry} {form}",
            addresses=(premises.written(0, rng),),
            phones=(phone_written(phone, 0),),
            emails=(f"info@{domain}",),
            identifiers=(Identifier("EIN", ein),),
            principals=(self.owner(),),
        )
        return Trader(details, first, second, industry, form, premises, phone, domain, ein)

    def person(self) -> PartyDetails:
        rng = self.rng
        return PartyDetails(
            kind=PartyKind.INDIVIDUAL,
            name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            birth_date=date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28)),
            addresses=(self.premises().written(0, rng),),
        )


def phone_written(phone: tuple[int, int, int], hand: int) -> str:
    area, exchange, line = phone
    return (
        f"+1 {area} {exchange} {line}",
        f"({area}) {exchange}-{line}",
        f"{area}.{exchange}.{line}",
        f"1-{area}-{exchange}-{line}",
    )[hand]


def positives(g: Generator, listed: Trader) -> Iterator[tuple[str, PartyDetails]]:
    rng = g.rng
    fresh = g.trader().details
    words = f"{listed.first} {listed.second} {listed.industry}"
    other_form = FORMS[listed.form]

    def named(name: str) -> PartyDetails:
        return replace(fresh, name=name)

    yield "legal form", named(f"{words} {other_form}")
    yield "abbreviation", named(" ".join(SHORT.get(w, w) for w in words.split()) + " " + other_form)
    yield "word order", named(f"{listed.industry} {listed.first} {listed.second} {listed.form}")
    yield "spacing", named(f"{listed.first}{listed.second} {listed.industry} {listed.form}")
    word = rng.choice((listed.first, listed.second))
    yield "typo", named(listed.details.name.replace(word, typo(word, rng), 1))
    yield "transliteration, whole name", named(in_cyrillic(listed.details.name))
    name = listed.details.name
    yield "transliteration, letter for letter", named(keyed_in(name, CYRILLIC_LETTER_FOR_LETTER))
    yield "typed on the Georgian keyboard", named(keyed_in(name, GEORGIAN_KEYBOARD))
    yield "industry left out", named(f"{listed.first} {listed.second} {listed.form}")
    premises = listed.premises.written(rng.randint(1, 3), rng)
    yield "new name, same premises written otherwise", replace(fresh, addresses=(premises,))
    phone = phone_written(listed.phone, rng.randint(1, 3))
    yield "new name, same phone written otherwise", replace(fresh, phones=(phone,))
    yield "new name, same email", replace(fresh, emails=(f"INFO@{listed.domain.upper()}",))
    website = f"http://www.{listed.domain}/contact"
    yield "new name, same website's domain", replace(fresh, websites=(website,))
    ein = Identifier("Tax ID", listed.ein.replace("-", ""))
    yield "new name, same EIN written otherwise", replace(fresh, identifiers=(ein,))
    owner = listed.details.principals[0]
    family_first = ", ".join(reversed(owner.name.split())).upper()
    written_owner = replace(owner, name=family_first, role="director")
    yield "new name, same owner written otherwise", replace(fresh, principals=(written_owner,))
    yield "same name, new premises", replace(fresh, name=listed.details.name)


def negatives(
    g: Generator, listed: Trader, person: PartyDetails
) -> Iterator[tuple[str, PartyDetails]]:
    rng = g.rng
    yield "unrelated name (dictionary words)", g.trader().details
    next_door = replace(listed.premises, suite=listed.premises.suite + rng.randint(1, 20))
    stranger = g.trader().details
    yield (
        "same building, another suite",
        replace(stranger, addresses=(next_door.written(rng.randint(0, 2), rng),)),
    )
    second = rng.choice(
        [w for w in SECOND_WORDS if (listed.first, w) not in g.listed_names and w != listed.first]
    )
    shares_a_word = f"{listed.first} {second} {listed.industry} {listed.form}"
    yield "shares a word and the industry", replace(g.trader().details, name=shares_a_word)
    assert person.birth_date is not None
    born = date(person.birth_date.year + 7, 5, 17)
    elsewhere = (g.premises().written(0, rng),)
    namesake_person = replace(person, birth_date=born, addresses=elsewhere)
    yield "person's namesake, another birth date", namesake_person
    owner = listed.details.principals[0]
    assert owner.birth_date is not None
    namesake = replace(owner, birth_date=date(owner.birth_date.year + 3, 2, 14))
    yield "owner's namesake runs another firm", replace(stranger, principals=(namesake,))


def dictionary_word_set(thresholds: Thresholds) -> tuple[dict[str, Tally], dict[str, Tally]]:
    g = Generator(random.Random(SEED))
    watchlist = Watchlist(reader(), thresholds)
    traders = [g.trader(listing=True) for _ in range(LISTED)]
    people = [g.person() for _ in range(LISTED // 3)]
    ids: dict[int, UUID] = {}
    for i, details in enumerate([t.details for t in traders] + people):
        party_id = uuid5(NAMESPACE, f"words-{i}")
        ids[id(details)] = party_id
        watchlist.put(WatchlistEntry(party_id, details, {f"x{i}": LISTING}))
    found: dict[str, Tally] = defaultdict(Tally)
    flagged: dict[str, Tally] = defaultdict(Tally)
    for n in range(PER_TYPE):
        listed = traders[n]
        for case, query in positives(g, listed):
            result = watchlist.screen(query, TODAY)
            found[case].add(any(h.party_id == ids[id(listed.details)] for h in result.hits))
        for case, query in negatives(g, listed, people[n]):
            flagged[case].add(watchlist.screen(query, TODAY).decision is not Decision.CLEAR)
    return found, flagged


def report(thresholds: Thresholds) -> None:
    found, flagged = dictionary_word_set(thresholds)
    print(
        f"5. A second generated set (seed {SEED}, {LISTED:,} traders and {LISTED // 3:,} people"
        " listed): dictionary-word names, US premises"
    )
    print_cases(found, flagged)


if __name__ == "__main__":
    report(Thresholds())
