"""Comparing a query party with an excluded party, with the evidence for every hit.

Two kinds of evidence count (EO §3: a debarred person coming back "under a different
name or address"):
- a name like one of the excluded party's names (see `names`);
- a link of association: the same identifier, mailbox, phone, business domain or
  premises (down to the unit) as the excluded party, whatever the name;
- a shared principal: an officer, owner or manager of the query who is a principal of
  the excluded party, or the excluded person themself.
Each piece of evidence has a weight from 0 to 1; together they make the score as
independent signals do (1 - the product of 1 - weight), so two middling signals make a
strong one and no single weak one decides.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from uuid import UUID

from mypy_extensions import mypyc_attr

from portcullis_kit.party import Address, PartyDetails, PartyKind
from screening.domain.contacts import (
    address_key,
    business_domain,
    email_key,
    identifier_key,
    identifier_number,
    phone_key,
    phone_keys_in_any_country,
)
from screening.domain.names import (
    NameReader,
    compare_names,
    tokens,
)
from screening.domain.profile import (
    NameCard,
    Person,
    Profile,
    Written,
    day_and_month_swapped,
)

# How much one shared link weighs. An identifier is the party itself; a mailbox, a phone,
# a domain or premises alone calls for review, two together for a match.
LINK_WEIGHTS = {
    "identifier": 1.0,
    "email": 0.8,
    "phone": 0.8,
    "domain": 0.75,
    "address": 0.75,
}
# The same number under another label ("UEI" / "SAM UEI", "EIN" / "DUNS"): likely the
# party, but numbers of two schemes can coincide, so it calls for review, not a match.
IDENTIFIER_UNDER_ANOTHER_LABEL = 0.8
# A name less alike than this is not evidence at all.
NAME_FLOOR = 0.5
# Both birth dates known and different: the same name is likely someone else.
BIRTH_DATE_MISMATCH = 0.6
# A person's name with no birth date on both sides to tell namesakes apart: however
# alike, at most a call for review ("Robert Smith" is many people).
PERSON_NAME_ALONE = 0.85
# A shared principal: by an identifier (a passport, a tax number) it is the same person;
# by name and birth date, very likely; by name alone it is a namesake until something
# else ties the parties, so it weighs too little to flag on its own.
PRINCIPAL_WEIGHTS = {"identifier": 0.9, "name and birth date": 0.8, "name": 0.5}
# How alike two principals' names must be to be the same person's; less where their
# birth dates agree ("W. M. Zhang" / "Zhang Weiming", both born on 2 March 1975), unless
# the date is the 1st of January, which lists record when only the year is known.
PRINCIPAL_NAME_FLOOR = 0.9
PRINCIPAL_NAME_FLOOR_SAME_BIRTH_DATE = 0.7


class Decision(IntEnum):
    CLEAR = 1
    REVIEW = 2
    MATCH = 3


@dataclass(frozen=True)
class Thresholds:
    """Scores from which a candidate is a MATCH or goes to REVIEW (settings)."""

    match: float = 0.9
    review: float = 0.7

    def decide(self, score: float) -> Decision:
        if score >= self.match:
            return Decision.MATCH
        if score >= self.review:
            return Decision.REVIEW
        return Decision.CLEAR


# A Python class even when this module is compiled (`screening.compiled`): notifications
# record evidence in their events, which the store's transcoder reads into its dict.
@mypyc_attr(native_class=False)
@dataclass(frozen=True)
class Evidence:
    """One attribute of the query that matched one attribute of the excluded party."""

    query_field: str
    query_value: str
    listed_field: str
    listed_value: str
    weight: float


@dataclass(frozen=True)
class Hit:
    party_id: UUID
    source_ref: str
    exclusion_ids: tuple[str, ...]
    name: str
    score: float
    decision: Decision
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ScreeningResult:
    decision: Decision
    watchlist_version: str
    hits: tuple[Hit, ...]


def read_profile(details: PartyDetails, reader: NameReader) -> Profile:
    person = details.kind is PartyKind.INDIVIDUAL
    country = next((a.country for a in details.addresses if a.country), "")
    places = {t for a in details.addresses for t in tokens(a.city)}
    names = tuple(
        (field, reading)
        for field, name in details.all_names()
        if name
        for reading in reader.readings(name, person, places)
    )
    links: dict[str, dict[str, Written]] = {kind: {} for kind in LINK_WEIGHTS}
    for i, identifier in enumerate(details.identifiers):
        if key := identifier_key(identifier):
            links["identifier"][key] = (f"identifiers[{i}]", identifier.value)
    for i, phone in enumerate(details.phones):
        if key := phone_key(phone, country):
            links["phone"][key] = (f"phones[{i}]", phone)
    for i, email in enumerate(details.emails):
        if key := email_key(email):
            links["email"][key] = (f"emails[{i}]", email)
        if domain := business_domain(email):
            links["domain"].setdefault(domain, (f"emails[{i}]", email))
    for i, website in enumerate(details.websites):
        if domain := business_domain(website):
            links["domain"].setdefault(domain, (f"websites[{i}]", website))
    premises = tuple(
        (f"addresses[{i}]", _written(a), key_of_premises)
        for i, a in enumerate(details.addresses)
        if (key_of_premises := address_key(a)) is not None
    )
    # A person for each reading of a name (`NameReader.readings`), as names have.
    persons = tuple(
        Person(
            f"principals[{i}]",
            reading,
            principal.birth_date,
            frozenset(k for x in principal.identifiers if (k := identifier_key(x))),
        )
        for i, principal in enumerate(details.principals)
        for reading in reader.readings(principal.name, person=True)
    )
    if person and names:
        identifiers = frozenset(links["identifier"])
        persons += tuple(
            Person("name", reading, details.birth_date, identifiers)
            for field, reading in names
            if field == names[0][0]
        )
    return Profile(details.kind, details.birth_date, names, links, premises, persons)


def read_query(details: PartyDetails, reader: NameReader) -> Profile:
    """A party to screen, read as `read_profile` reads a listed one; but a phone that no
    country reads (the query names none, or the number cannot be one of its: too long or
    short) is looked for as every number it could be, which only a query can afford (a
    listed party would be indexed under them all). A number the query's country can read
    is read there only: "702-919-1300" with an address in China is +867029191300."""
    profile = read_profile(details, reader)
    phones = profile.links["phone"]
    placed = {field for field, _ in phones.values()}
    for i, phone in enumerate(details.phones):
        field = f"phones[{i}]"
        if field not in placed:
            for key in phone_keys_in_any_country(phone):
                phones.setdefault(key, (field, phone))
    return profile


def _written(address: Address) -> str:
    parts = (address.line1, address.line2, address.city, address.postal_code, address.country)
    return ", ".join(p for p in parts if p)


def compare(query: Profile, listed: Profile) -> tuple[float, list[Evidence]]:
    """The score of the listed party against the query, and the evidence for it."""
    return compare_associations(query, listed, best_name(query, NameCard.of(listed)))


def compare_associations(
    query: Profile, listed: Profile, name: Evidence | None
) -> tuple[float, list[Evidence]]:
    """As `compare`, given the evidence of the parties' names (`best_name`), which a
    screen has often worked out already on its first look at the listed party."""
    evidence = [name] if name is not None else []
    # A shared mailbox is one link, not also a shared domain.
    shared_mailbox_domains = {
        key.rpartition("@")[2] for key in query.links["email"] if key in listed.links["email"]
    }
    for kind, weight in LINK_WEIGHTS.items():
        mine, theirs = query.links[kind], listed.links[kind]
        if not mine or not theirs:  # most kinds, for most candidates
            continue
        shared: Iterable[tuple[str, Written]] = mine.items()
        if len(mine) > len(theirs) and kind == "phone":
            # A phone looked for as every number it could be (`read_query`) makes hundreds
            # of keys: look the listed party's few up in them (evidence in their order).
            shared = [(key, mine[key]) for key in theirs if key in mine]
        # One piece of evidence for each of the query's phones, however many numbers it
        # was looked for as.
        linked_fields: set[str] = set()
        for key, (query_field, query_value) in shared:
            if kind == "domain" and key in shared_mailbox_domains:
                continue
            found, link_weight = theirs.get(key), weight
            if found is None and kind == "identifier":
                same = _same_number(key, theirs)
                found = theirs[same] if same else None
                link_weight = IDENTIFIER_UNDER_ANOTHER_LABEL
            if found is not None and query_field not in linked_fields:
                linked_fields.add(query_field)
                listed_field, listed_value = found
                evidence.append(
                    Evidence(query_field, query_value, listed_field, listed_value, link_weight)
                )
    for query_field, query_value, premises in query.premises:
        for listed_field, listed_value, other in listed.premises:
            if premises.same_premises(other):
                evidence.append(
                    Evidence(
                        query_field,
                        query_value,
                        listed_field,
                        listed_value,
                        LINK_WEIGHTS["address"],
                    )
                )
                break
    evidence.extend(_shared_principals(query, listed))
    return score_of(evidence), evidence


def _same_number(key: str, identifiers: Iterable[str]) -> str | None:
    """The one of these identifiers' keys with the number of `key`, under another label,
    if the number is long enough to tell by alone (`identifier_number`)."""
    number = identifier_number(key)
    if number is None:
        return None
    return next((other for other in identifiers if other.partition(":")[2] == number), None)


def score_of(evidence: Iterable[Evidence]) -> float:
    """Pieces of evidence weighed together as independent signals."""
    missing = 1.0
    for item in evidence:
        missing *= 1.0 - item.weight
    return 1.0 - missing


def best_name(query: Profile, listed: NameCard) -> Evidence | None:
    """The query's name most like one of the listed party's, if alike enough to count."""
    best: tuple[float, str, str, str, str] | None = None
    for query_field, query_name in query.names:
        for listed_field, listed_name in listed.names:
            score = compare_names(query_name, listed_name)
            if best is None or score > best[0]:
                best = (score, query_field, query_name.written, listed_field, listed_name.written)
    if best is None:
        return None
    score = best[0]
    if query.birth_date and listed.birth_date:
        if not _same_birth_date(query.birth_date, listed.birth_date):
            score *= BIRTH_DATE_MISMATCH
    elif query.kind is PartyKind.INDIVIDUAL or listed.names[0][1].person:
        # A person's name on either side (a party's names are all of one kind).
        score = min(score, PERSON_NAME_ALONE)
    if score < NAME_FLOOR:
        return None
    return Evidence(best[1], best[2], best[3], best[4], round(score, 4))


def _same_birth_date(a: date | None, b: date | None) -> bool:
    """The same date, or the same with day and month swapped (11/12/1973 written for
    12/11/1973, as happens between American and other writing)."""
    if a is None or b is None:
        return False
    return a == b or day_and_month_swapped(a) == b


def _shared_principals(query: Profile, listed: Profile) -> Iterator[Evidence]:
    """Each principal of the query who is a principal of the listed party, or the listed
    person themself, with how surely it is the same person: once for each principal,
    however many ways their name is read."""
    best: dict[str, tuple[float, Person, Person]] = {}
    for principal in query.principals:
        for other in listed.persons:
            weight = _same_person(principal, other)
            if weight and weight > best.get(principal.field, (0.0,))[0]:
                best[principal.field] = (weight, principal, other)
    for weight, principal, other in best.values():
        yield Evidence(
            principal.field, principal.name.written, other.field, other.name.written, weight
        )


def _same_person(a: Person, b: Person) -> float:
    if a.identifiers & b.identifiers:
        return PRINCIPAL_WEIGHTS["identifier"]
    if any(_same_number(key, b.identifiers) for key in a.identifiers):
        return IDENTIFIER_UNDER_ANOTHER_LABEL  # a passport number labelled otherwise
    if a.birth_date and b.birth_date:
        if not _same_birth_date(a.birth_date, b.birth_date):
            return 0.0
        year_only = a.birth_date.month == 1 and a.birth_date.day == 1
        floor = PRINCIPAL_NAME_FLOOR if year_only else PRINCIPAL_NAME_FLOOR_SAME_BIRTH_DATE
        if compare_names(a.name, b.name) < floor:
            return 0.0
        return PRINCIPAL_WEIGHTS["name and birth date"]
    if compare_names(a.name, b.name) < PRINCIPAL_NAME_FLOOR:
        return 0.0
    return PRINCIPAL_WEIGHTS["name"]
