"""`make bench-screening`: how well screening finds a debarred party coming back, and how
rarely it flags someone else. Precision, recall and F1 per case type, on:

1. a labelled set generated here with a fixed seed: trade parties on a watchlist, and
   queries that are re-establishment attempts (name variants; a new name with the same
   premises, phone, mailbox, identifier or principal; the same name at a new address) or are not
   (unrelated names, the same city and industry, the same building in another unit,
   people with common names). Premises, phones, identifiers and principals are also
   written as another hand would write them ("Rm 1203, No. 88 Huaqiang Bei Lu" for
   "Room 1203, 88 Huaqiang North Road"; "0755-8888 1234"; "W. Zhang"), found or not;
2. OpenSanctions' name_bench pairs (`data/reference/nomenklatura_name_bench_cases.csv`);
3. the real SAM records: each "Hongdark" variant screened against the others;
4. Senzing's truth set (`data/reference/senzing_truthset_demo/`): its watchlist listed,
   its customers and reference records screened, judged by its clusters.

Everything runs through the screening domain's own Watchlist, as the service does.
"""

import csv
import hashlib
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID, uuid5

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind, Principal
from portcullis_kit.reference import (
    REFERENCE_DIR,
    alpha2_by_alpha3,
    legal_form_aliases,
    place_names,
)
from registry.adapters.sam_csv import SamRow, read_sam_csv
from screening.compiled import domain_code
from screening.domain.matching import Decision, Hit, Thresholds, compare, read_profile
from screening.domain.names import LegalForms, NameReader
from screening.domain.watched_party import Listing
from screening.domain.watchlist import Watchlist, WatchlistEntry

SEED = 13904
LISTED = 3_000
PER_TYPE = 300
TODAY = date(2026, 11, 28)
NAMESPACE = UUID("6f1c2a4e-0000-4000-8000-000000013904")

LISTING = Listing("debarment", date(2025, 1, 1), None, trade_related=True)
SYLLABLES = tuple(
    """
    hong da xin li wei tai feng jin bao kai lun sheng yuan hua mei rong zhi an bo ke tek
    tron vex lor mar sol nor dex ari ven cor lux qua zen pol kin ra mo tsu gal bren dor
    fin ith ul zor pax quin rho sab tul vim wex yor zad ek om ig
    """.split()
)
INDUSTRIES = tuple(
    "Electronics Trading Technology Apparel Toys Cosmetics Logistics Industrial".split()
)
FORMS = ("Co., Ltd.", "Company Limited", "CO.,LTD", "Ltd", "Limited", "LLC", "Inc.", "Corp.")
CITIES = ("Shenzhen", "Guangzhou", "Yiwu", "Ningbo", "Dongguan", "Hong Kong")
STREETS = ("Huaqiang North Road", "Shennan Avenue", "Futian Street", "Binhe Road", "Jiefang Road")
GIVEN = tuple("Wei Fang Jing Li Min Jun Lei Yan Hui Ying Maria Jose Juan Ana John Mary".split())
FAMILY = tuple("Zhang Wang Li Liu Chen Yang Huang Zhao Garcia Smith Lopez Kim Nguyen".split())
CYRILLIC = dict(zip("abvgdezijklmnoprstufy", "абвгдезийклмнопрстуфы", strict=True))


@dataclass
class Tally:
    cases: int = 0
    flagged: int = 0  # positives: the right party found; negatives: anyone flagged

    def add(self, flagged: bool) -> None:
        self.cases += 1
        self.flagged += flagged


def reader() -> NameReader:
    return NameReader(LegalForms.from_aliases(legal_form_aliases()), place_names())


# 1. The generated set.


class Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def coined(self, unlike_listed: bool = False) -> str:
        """A made-up distinctive word; with `unlike_listed`, one no listed word resembles
        (an unrelated name, not a near-miss of a listed one)."""
        while True:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.choice((2, 3))))
            if word in self.used or len(word) < 5:
                continue
            if unlike_listed and process.extractOne(
                word, self.used, scorer=Levenshtein.normalized_similarity, score_cutoff=0.75
            ):
                continue
            self.used.add(word)
            return word.capitalize()

    def address(self, city: str, unit: int | None = None) -> Address:
        unit = unit if unit is not None else self.rng.randint(101, 2999)
        return Address(
            line1=f"Room {unit}, {self.rng.randint(1, 999)} {self.rng.choice(STREETS)}",
            city=city,
            postal_code=str(self.rng.randint(510000, 519999)),
            country="CN",
        )

    def organisation(self, unlike_listed: bool = False) -> PartyDetails:
        coined, industry = self.coined(unlike_listed), self.rng.choice(INDUSTRIES)
        city = self.rng.choice(CITIES)
        place = f"{city} " if self.rng.random() < 0.4 else ""
        name = f"{place}{coined} {industry} {self.rng.choice(FORMS)}"
        domain = f"{coined.lower()}-{industry.lower()}.example"
        return PartyDetails(
            kind=PartyKind.ORGANIZATION,
            name=name,
            addresses=(self.address(city),),
            phones=(f"+86 755 {self.rng.randint(2000_0000, 8999_9999)}",),
            emails=(f"sales@{domain}",),
            websites=(f"https://www.{domain}",),
            identifiers=bank_account_beside(Identifier("UEI", self.uei())),
            principals=(self.principal(),),
        )

    def principal(self) -> Principal:
        """An owner with a common name: the birth date is what tells owners apart."""
        name = f"{self.rng.choice(FAMILY)} {self.rng.choice(GIVEN)}"
        born = date(self.rng.randint(1950, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28))
        return Principal(name, "owner", born)

    def person(self) -> PartyDetails:
        return PartyDetails(
            kind=PartyKind.INDIVIDUAL,
            name=f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)}",
            birth_date=date(self.rng.randint(1950, 2000), self.rng.randint(1, 12), 1),
            addresses=(self.address(self.rng.choice(CITIES)),),
        )

    def uei(self) -> str:
        return "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(12))

    def phone(self) -> str:
        return f"+86 20 {self.rng.randint(2000_0000, 8999_9999)}"

    def new_identity(self, like: PartyDetails) -> PartyDetails:
        """Another name, premises, phone, mailbox and number than `like`'s, same city."""
        other = self.organisation(unlike_listed=True)
        city = like.addresses[0].city
        return replace(other, addresses=(self.address(city),), phones=(self.phone(),))


def bank_account_beside(uei: Identifier) -> tuple[Identifier, Identifier]:
    """The UEI and a bank account number made from it: drawn from no generator, so that
    giving organisations one changed no other case."""
    number = int(hashlib.sha256(uei.value.encode()).hexdigest(), 16) % 10**12
    return uei, Identifier("BANK_ACCOUNT", f"{number:012d}")


def core_words(name: str) -> tuple[list[str], str]:
    """The name's words before its legal form, and the legal form."""
    for form in FORMS:
        if name.endswith(form):
            return name[: -len(form)].split(), form
    return name.split(), ""


def typo(word: str, rng: random.Random) -> str:
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]


def positives(g: Generator, listed: PartyDetails) -> Iterator[tuple[str, PartyDetails]]:
    """(case type, query) for each way of coming back as `listed`."""
    rng = g.rng
    words, form = core_words(listed.name)
    city_words = {w for c in CITIES for w in c.split()}
    coined = next(w for w in words if w not in city_words and w not in INDUSTRIES)
    other_form = rng.choice([f for f in FORMS if f != form])
    fresh = g.new_identity(listed)

    def named(name: str) -> PartyDetails:
        return replace(fresh, name=name)

    yield "legal form", named(" ".join(words) + " " + other_form)
    abbreviated = {"Company": "Co", "Limited": "Ltd", "Technology": "Tech", "International": "Intl"}
    yield (
        "abbreviation",
        named(
            " ".join(abbreviated.get(w, w) for w in words)
            + " "
            + other_form.replace("Company", "Co")
        ),
    )
    city = next((c for c in CITIES if listed.name.startswith(c)), "")
    rest = listed.name.removeprefix(city).removesuffix(form).split()
    yield "word order", named(" ".join([*reversed(rest), city]).strip() + " " + form)
    spaced = coined[: len(coined) // 2] + " " + coined[len(coined) // 2 :].capitalize()
    yield "spacing", named(listed.name.replace(coined, spaced))
    yield "typo", named(listed.name.replace(coined, typo(coined, rng)))
    cyrillic = "".join(CYRILLIC.get(c, c) for c in coined.lower())
    yield "transliteration", named(listed.name.replace(coined, cyrillic))
    yield "new name, same premises", replace(fresh, addresses=listed.addresses)
    yield "new name, same phone", replace(fresh, phones=listed.phones)
    yield "new name, same email", replace(fresh, emails=listed.emails)
    yield "new name, same identifier", replace(fresh, identifiers=listed.identifiers)
    owner = listed.principals[0]
    written_otherwise = " ".join(reversed(owner.name.split())).upper()
    yield (
        "new name, same principal",
        replace(fresh, principals=(replace(owner, name=written_otherwise, role="director"),)),
    )
    yield "same name, new address", replace(fresh, name=listed.name)


# How another hand writes what a listing holds: a partner's form, a broker's spreadsheet.
STREET_SHORT = {"Road": "Rd.", "Avenue": "Ave", "Street": "St", "North": "N."}
INDUSTRY_SHORT = {
    "Electronics": "Elec",
    "Trading": "Trdg",
    "Technology": "Tech",
    "Industrial": "Ind",
}
FORM_SHORT = {
    "Co., Ltd.": "Co Ltd", "Company Limited": "Co Ltd", "CO.,LTD": "Co Ltd", "Ltd": "Ltd",
    "Limited": "Ltd", "LLC": "L.L.C.", "Inc.": "Inc", "Corp.": "Corp",
}  # fmt: skip
STREET_PINYIN = {"Road": "Lu", "Avenue": "Dadao", "Street": "Jie", "North": "Bei"}
# The whole name keyed in Cyrillic letter by letter, pairs first: Latin letters with no
# Cyrillic of their own come back as others ("Xinlux" is "Ксинлукс", read "ksinluks").
CYRILLIC_PAIRS = {"sh": "ш", "ch": "ч", "zh": "ж", "kh": "х", "ts": "ц", "ya": "я", "yu": "ю"}
CYRILLIC_LETTERS = {
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "y": "и", "z": "з",
}  # fmt: skip


def in_cyrillic(text: str) -> str:
    written, i = [], 0
    while i < len(text):
        size = 2 if text[i : i + 2].lower() in CYRILLIC_PAIRS else 1
        latin = text[i : i + size]
        cyrillic = CYRILLIC_PAIRS.get(latin.lower()) or CYRILLIC_LETTERS.get(latin.lower(), latin)
        written.append(cyrillic.capitalize() if latin[0].isupper() else cyrillic)
        i += size
    return "".join(written)


# The whole name keyed in letter for letter, each Latin letter as one other: c as ц, as
# ISO 9 has it, where `in_cyrillic` writes what it sounds like (к).
CYRILLIC_LETTER_FOR_LETTER = {
    "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "y": "ы", "z": "з",
}  # fmt: skip
# As typed on the Georgian keyboard (its letters have no capitals).
GEORGIAN_KEYBOARD = {
    "a": "ა", "b": "ბ", "c": "ც", "d": "დ", "e": "ე", "f": "ფ", "g": "გ", "h": "ჰ", "i": "ი",
    "j": "ჯ", "k": "კ", "l": "ლ", "m": "მ", "n": "ნ", "o": "ო", "p": "პ", "q": "ქ", "r": "რ",
    "s": "ს", "t": "ტ", "u": "უ", "v": "ვ", "w": "წ", "x": "ხ", "y": "ყ", "z": "ზ",
}  # fmt: skip


def keyed_in(text: str, letters: dict[str, str]) -> str:
    """The text with each Latin letter keyed as the letter the table gives."""
    keyed = (letters.get(c.lower(), c) for c in text)
    return "".join(k.capitalize() if c.isupper() else k for c, k in zip(text, keyed, strict=True))


def unit_of(premises: Address) -> int:
    """The room number of a generated address ("Room 1203, 88 Binhe Road")."""
    return int(premises.line1.split(",")[0].split()[1])


def rewrite_premises(premises: Address, unit: int, rng: random.Random) -> Address:
    """A generated address, with the unit given, written by another hand."""
    number, street = premises.line1.split(", ", 1)[1].split(" ", 1)
    words = STREET_SHORT if rng.random() < 0.5 else STREET_PINYIN
    street = " ".join(words.get(w, w) for w in street.split())
    unit_written = rng.choice((f"Rm {unit}", f"#{unit}", f"Unit {unit}", f"12/F, Room {unit}"))
    line1, line2 = rng.choice(
        (
            (f"{unit_written}, No. {number} {street}", ""),
            (f"{number} {street}", unit_written),
            (f"{number} {street}, {unit_written}, {premises.city}", ""),
        )
    )
    city = rng.choice((premises.city, f"{premises.city} City", ""))
    return Address(line1=line1, line2=line2, city=city, country="CN")


def written_otherwise(g: Generator, listed: PartyDetails) -> Iterator[tuple[str, PartyDetails]]:
    """(case type, query) for a new name with one of `listed`'s links, each written as
    another hand would write it. Its own generator: the other cases stay as they were."""
    rng = g.rng
    fresh = g.new_identity(listed)
    words, form = core_words(listed.name)
    short = " ".join(INDUSTRY_SHORT.get(w, w) for w in words)
    yield "abbreviation, written otherwise", replace(fresh, name=f"{short} {FORM_SHORT[form]}")
    premises = listed.addresses[0]
    rewritten = rewrite_premises(premises, unit_of(premises), rng)
    yield "same premises, written otherwise", replace(fresh, addresses=(rewritten,))
    digits = listed.phones[0].removeprefix("+86 ").replace(" ", "")
    phone = rng.choice((f"0{digits[:3]}-{digits[3:]}", f"86 {digits}", f"0086-{digits}"))
    yield "same phone, written otherwise", replace(fresh, phones=(phone,))
    yield (
        "same phone, no country given",
        replace(fresh, phones=(f"86-{digits[:3]}-{digits[3:]}",), addresses=()),
    )
    uei = listed.identifiers[0].value
    dashed = "-".join(uei[i : i + 4] for i in range(0, len(uei), 4)).lower()
    label = rng.choice(("SAM UEI", "Unique Entity ID", "uei"))
    yield (
        "same identifier, written otherwise",
        replace(fresh, identifiers=(Identifier(label, dashed),)),
    )
    owner = listed.principals[0]
    family, given = owner.name.split()
    written = rng.choice(
        (f"{given[0]}. {family}", f"{family.upper()}, {given[0]}.", f"Mr {given} {family}")
    )
    yield (
        "same principal, written otherwise",
        replace(fresh, principals=(replace(owner, name=written, role="manager"),)),
    )
    yield "transliteration, whole name", replace(fresh, name=in_cyrillic(listed.name))
    letter_for_letter = keyed_in(listed.name, CYRILLIC_LETTER_FOR_LETTER)
    yield "transliteration, letter for letter", replace(fresh, name=letter_for_letter)
    account = listed.identifiers[1].value
    written_account = Identifier("Bank Account No.", f"{account[:3]}-{account[3:9]}-{account[9:]}")
    yield "same bank account, written otherwise", replace(fresh, identifiers=(written_account,))


def negatives(
    g: Generator, listed: PartyDetails, person: PartyDetails
) -> Iterator[tuple[str, PartyDetails]]:
    rng = g.rng
    yield "unrelated name", g.organisation(unlike_listed=True)
    words, form = core_words(listed.name)
    industry = next((w for w in words if w in INDUSTRIES), "Trading")
    city = listed.addresses[0].city
    neighbour = replace(
        g.organisation(unlike_listed=True),
        name=f"{city} {g.coined(unlike_listed=True)} {industry} {form}",
        addresses=(g.address(city),),
    )
    yield "same city and industry", neighbour
    premises = listed.addresses[0]
    unit = int(premises.line1.split(",")[0].split()[1])
    other_unit = replace(
        premises, line1=premises.line1.replace(f"Room {unit}", f"Room {unit + rng.randint(1, 9)}")
    )
    yield (
        "same building, another unit",
        replace(g.organisation(unlike_listed=True), addresses=(other_unit,)),
    )
    given, family = person.name.split()
    namesake = replace(
        person,
        name=f"{given} {rng.choice([f for f in FAMILY if f != family])}",
        addresses=(g.address(rng.choice(CITIES)),),
    )
    yield "common personal name", namesake
    same_name_other_person = replace(
        person,
        birth_date=date(person.birth_date.year + rng.randint(3, 20), 6, 15)
        if person.birth_date
        else None,
        addresses=(g.address(rng.choice(CITIES)),),
    )
    yield "common personal name, another birth date", same_name_other_person
    owner = listed.principals[0]
    other_owner = replace(
        owner, birth_date=date(owner.birth_date.year + 1, 1, 1) if owner.birth_date else None
    )
    yield (
        "owner's namesake runs another firm",
        replace(g.organisation(unlike_listed=True), principals=(other_owner,)),
    )


def generated_set(thresholds: Thresholds) -> tuple[dict[str, Tally], dict[str, Tally]]:
    rng = random.Random(SEED)
    g = Generator(rng)
    watchlist = Watchlist(reader(), thresholds)
    organisations = [g.organisation() for _ in range(LISTED)]
    people = [g.person() for _ in range(LISTED // 3)]
    ids: dict[int, UUID] = {}
    for i, details in enumerate(organisations + people):
        party_id = uuid5(NAMESPACE, str(i))
        ids[id(details)] = party_id
        watchlist.put(WatchlistEntry(party_id, details, {f"x{i}": LISTING}))
    found: dict[str, Tally] = defaultdict(Tally)
    flagged: dict[str, Tally] = defaultdict(Tally)
    # Its new names unlike every listed one, as the main generator's are.
    another_hand = Generator(random.Random(SEED + 1))
    another_hand.used = set(g.used)
    for n in range(PER_TYPE):
        listed = organisations[n]
        for case, query in [*positives(g, listed), *written_otherwise(another_hand, listed)]:
            result = watchlist.screen(query, TODAY)
            found[case].add(any(h.party_id == ids[id(listed)] for h in result.hits))
        for case, query in negatives(g, listed, people[n]):
            flagged[case].add(watchlist.screen(query, TODAY).decision is not Decision.CLEAR)
        premises = listed.addresses[0]
        next_door = rewrite_premises(premises, unit_of(premises) + 1, another_hand.rng)
        query = replace(another_hand.organisation(unlike_listed=True), addresses=(next_door,))
        result = watchlist.screen(query, TODAY)
        flagged["same building, another unit, written otherwise"].add(
            result.decision is not Decision.CLEAR
        )
    return found, flagged


# 2. name_bench.


def name_bench(thresholds: Thresholds) -> dict[str, tuple[int, int, int, int]]:
    """(true positives, false positives, false negatives, true negatives) per schema."""
    path = REFERENCE_DIR / "nomenklatura_name_bench_cases.csv"
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    names = reader()
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            kind = PartyKind.INDIVIDUAL if row["schema"] == "Person" else PartyKind.ORGANIZATION
            a = read_profile(PartyDetails(kind=kind, name=row["name1"]), names)
            b = read_profile(PartyDetails(kind=kind, name=row["name2"]), names)
            score, _ = compare(a, b)
            predicted = thresholds.decide(score) is not Decision.CLEAR
            actual = row["is_match"] == "true"
            cell = 0 if predicted and actual else 1 if predicted else 2 if actual else 3
            counts[row["schema"]][cell] += 1
    return {schema: (c[0], c[1], c[2], c[3]) for schema, c in counts.items()}


# 3. The SAM records.


def hongdark(thresholds: Thresholds) -> tuple[int, int]:
    """(variants found, variants) screening each Hongdark record against the others."""
    path = REFERENCE_DIR / "sam_exclusions_api_sample_v2layout.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = [r for r in read_sam_csv(f) if isinstance(r, SamRow)]
    # Names that run together read "hongdark". (The sample also holds "Hong Xing Da
    # Technology Co., Limited" of Shenzhen, with nothing else in its record to tie it to
    # them: it is not counted, and screening does not find it.)
    variants = [r for r in rows if "hongdark" in r.record.details.name.lower().replace(" ", "")]
    found = 0
    for variant in variants:
        watchlist = Watchlist(reader(), thresholds)
        ids = {}
        for other in rows:
            if other is variant:
                continue
            party_id = uuid5(NAMESPACE, f"sam-{other.row}")
            ids[party_id] = other
            watchlist.put(WatchlistEntry(party_id, other.record.details, {"x": LISTING}))
        result = watchlist.screen(variant.record.details, TODAY)
        found += any(ids[h.party_id] in variants for h in result.hits)
    return found, len(variants)


# 4. Senzing's truth set.

SENZING_DIR = REFERENCE_DIR / "senzing_truthset_demo"
DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%b %d %Y", "%Y-%m-%d")
# Its identifier columns and the scheme each is given here.
SENZING_IDENTIFIERS = {
    "PASSPORT_NUMBER": "PASSPORT",
    "DRIVERS_LICENSE_NUMBER": "DRIVERS_LICENSE",
    "SSN_NUMBER": "SSN",
    "NATIONAL_ID_NUMBER": "NATIONAL_ID",
    "TAX_ID_NUMBER": "TAX_ID",
    "LEI_NUMBER": "LEI",
}


def senzing_date(text: str) -> date | None:
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    return None


def senzing_party(row: dict[str, str], countries: dict[str, str]) -> PartyDetails:
    """A record of the truth set as screening's particulars, each column where it goes."""

    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    person = get("RECORD_TYPE") != "ORGANIZATION"
    written = f"{get('PRIMARY_NAME_FIRST')} {get('PRIMARY_NAME_MIDDLE')}".strip()
    name = get("PRIMARY_NAME_FULL") or get("PRIMARY_NAME_ORG")
    if not name and get("PRIMARY_NAME_LAST"):
        name = f"{get('PRIMARY_NAME_LAST')}, {written}" if written else get("PRIMARY_NAME_LAST")
    aliases = tuple(a for a in (get("NATIVE_NAME_FULL"), get("SECONDARY_NAME_ORG")) if a)
    if not name and aliases:
        name, aliases = aliases[0], aliases[1:]
    country = get("ADDR_COUNTRY")
    country = countries.get(country.upper(), country if len(country) == 2 else "")
    line1 = get("ADDR_FULL") or get("ADDR_LINE1")
    address = Address(
        line1=line1,
        city=get("ADDR_CITY"),
        region=get("ADDR_STATE"),
        postal_code=get("ADDR_POSTAL_CODE"),
        country=country.upper(),
    )
    email = get("EMAIL_ADDRESS")
    email = email.partition("<")[2].rstrip(">") or email
    return PartyDetails(
        kind=PartyKind.INDIVIDUAL if person else PartyKind.ORGANIZATION,
        name=name,
        aliases=aliases,
        addresses=(address,) if line1 else (),
        identifiers=tuple(
            Identifier(scheme, get(column))
            for column, scheme in SENZING_IDENTIFIERS.items()
            if get(column)
        ),
        phones=(get("PHONE_NUMBER"),) if get("PHONE_NUMBER") else (),
        emails=(email,) if email else (),
        birth_date=senzing_date(get("DATE_OF_BIRTH")) if person else None,
    )


def senzing_truthset(thresholds: Thresholds) -> tuple[int, int, int, int, list[str]]:
    """Senzing's watchlist records listed; each customer and reference record screened.
    (true positives, false positives, misses, true negatives, and a line per mistake): a
    record of a cluster holding a watchlist record should hit that one; others none."""
    # Countries as written there: "Singapore", "RUS".
    with (REFERENCE_DIR / "iso3166_countries.csv").open(newline="", encoding="utf-8") as f:
        countries = {row["name"].upper(): row["alpha_2"] for row in csv.DictReader(f)}
    countries.update(alpha2_by_alpha3())
    with (SENZING_DIR / "actual_truthset_key.csv").open(newline="", encoding="utf-8") as f:
        cluster = {(r["DATA_SOURCE"], r["RECORD_ID"]): r["CLUSTER_ID"] for r in csv.DictReader(f)}
    watchlist = Watchlist(reader(), thresholds)
    listed: dict[UUID, str] = {}
    with (SENZING_DIR / "watchlist.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            party_id = uuid5(NAMESPACE, f"senzing-{row['RECORD_ID']}")
            listed[party_id] = row["RECORD_ID"]
            details = senzing_party(row, countries)
            watchlist.put(WatchlistEntry(party_id, details, {"x": LISTING}))
    listed_clusters = {cluster[("WATCHLIST", r)] for r in listed.values()}
    tp = fp = fn = tn = 0
    mistakes = []
    for source in ("customers", "reference"):
        with (SENZING_DIR / f"{source}.csv").open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            query = senzing_party(row, countries)
            if not query.name and not query.identifiers:
                continue
            own = cluster[(row["DATA_SOURCE"], row["RECORD_ID"])]
            hits = watchlist.screen(query, TODAY).hits
            hit_clusters = {cluster[("WATCHLIST", listed[h.party_id])] for h in hits}
            if own in listed_clusters:
                tp += own in hit_clusters
                fn += own not in hit_clusters
            else:
                fp += bool(hits)
                tn += not hits
            if (own in listed_clusters) != (own in hit_clusters) or hit_clusters - {own}:
                found = ", ".join(f"{listed[h.party_id]} {h.score} by {_fields(h)}" for h in hits)
                found = found or "nothing"
                mistakes.append(f"{row['RECORD_ID']} {query.name!r}: found {found}")
    return tp, fp, fn, tn, mistakes


def _fields(hit: Hit) -> str:
    return "+".join(e.listed_field.split("[")[0] for e in hit.evidence)


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def main() -> None:
    thresholds = Thresholds()
    print(f"Thresholds: MATCH >= {thresholds.match}, REVIEW >= {thresholds.review}")
    print("A query counts as flagged when the decision is REVIEW or MATCH.")
    # The same figures either way (tests/integration/screening/test_compiled.py).
    print(f"Screening's domain {domain_code()}.\n")
    found, flagged = generated_set(thresholds)
    listed = f"{LISTED:,} organisations and {LISTED // 3:,} people listed"
    print(f"1. Generated set (seed {SEED}, {listed})")
    print_cases(found, flagged)
    print("\n2. name_bench (OpenSanctions nomenklatura), names only")
    bench = name_bench(thresholds)
    groups = {
        "Company + Organization": ("Company", "Organization"),
        "Person": ("Person",),
        "all 826 pairs": tuple(bench),
    }
    for label, schemas in groups.items():
        tp, fp, fn, _ = (sum(bench[s][k] for s in schemas if s in bench) for k in range(4))
        precision, recall, score = f1(tp, fp, fn)
        print(f"   {label:<26} precision {precision:.3f}, recall {recall:.3f}, F1 {score:.3f}")
    found_sam, variants = hongdark(thresholds)
    print(f"\n3. SAM sample: Hongdark variants found among the others: {found_sam}/{variants}")
    tp, fp, fn, tn, mistakes = senzing_truthset(thresholds)
    precision, recall, score = f1(tp, fp, fn)
    print("\n4. Senzing truth set (17 watchlist records; customers and reference screened)")
    print(f"   {tp + fn} records of a listed person's cluster, {fp + tn} of others")
    print(f"   precision {precision:.3f}, recall {recall:.3f}, F1 {score:.3f}")
    for line in mistakes:
        print(f"   not as the truth set has it: {line}")
    print()
    # Imported here: it builds on this module's helpers.
    from bench import screening_quality_chinese, screening_quality_words

    screening_quality_words.report(thresholds)
    print()
    screening_quality_chinese.report(thresholds)


def print_cases(found: dict[str, Tally], flagged: dict[str, Tally]) -> None:
    """Recall per kind of attempt, CLEAR per kind of negative, and the whole set's F1."""
    print(f"   {'re-establishment attempt':<50}{'recall':>8}")
    for case, tally in found.items():
        print(f"   {case:<50}{tally.flagged / tally.cases:>8.1%}  ({tally.flagged}/{tally.cases})")
    print(f"   {'not an attempt':<50}{'CLEAR':>8}")
    for case, tally in flagged.items():
        clear = tally.cases - tally.flagged
        print(f"   {case:<50}{clear / tally.cases:>8.1%}  ({clear}/{tally.cases})")
    tp = sum(t.flagged for t in found.values())
    fn = sum(t.cases - t.flagged for t in found.values())
    fp = sum(t.flagged for t in flagged.values())
    negatives_total = sum(t.cases for t in flagged.values())
    precision, recall, score = f1(tp, fp, fn)
    print(
        f"   overall: precision {precision:.3f}, recall {recall:.3f}, F1 {score:.3f};"
        f" negatives CLEAR {(negatives_total - fp) / negatives_total:.1%}"
    )


if __name__ == "__main__":
    main()
