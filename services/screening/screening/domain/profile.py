"""A party read for comparison, as the watchlist keeps it: its names, contacts and
persons in one spelling each, with the keys that find it as a candidate.

These classes are packed with MessagePack (`watchlist.Packer`), which reads their fields'
types from their annotations. So this module is never compiled (`screening.compiled`):
a compiled module's classes keep only the outer type of each field ("tuple", not "a
tuple of names"), and a profile would come back as lists. `ComparableName` is packed
too, compiled: its fields are text, numbers and flat tuples and sets of them, for which
the outer type is enough. A field holding other classes would belong here.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from portcullis_kit.party import PartyKind
from screening.domain.contacts import AddressKey, identifier_lookup
from screening.domain.derived import derived
from screening.domain.names import FULL_NAMES, ComparableName, metaphone, one_spelling

# Tokens up to this long get a key for each letter left out (longer ones are found by
# their other keys: a typo in a long word leaves its sound and the rest of the name).
MAX_TYPO_KEYED = 16


# A contact as (field, as written), under its key.
Written = tuple[str, str]


@dataclass(frozen=True)
class Person:
    """A principal of a party, or an excluded person themself, read for comparison."""

    field: str
    name: ComparableName
    birth_date: date | None
    identifiers: frozenset[str]

    def keys(self) -> Iterator[str]:
        """How each word of the name sounds, with the birth date: rare enough together to
        find candidates by, and one word is enough, for a name written in another order,
        spaced otherwise ("Wei Ming" / "Weiming"), with initials or spelt otherwise
        ("Muhammad" / "Mohammed"). Ranked as name keys are (`Watchlist`), so a common
        name born on a common date finds a few candidates, not all its holders."""
        if self.birth_date is None:
            return
        # And with day and month swapped, as `_same_birth_date` reads them the same.
        swapped = day_and_month_swapped(self.birth_date)
        dates = {d.isoformat() for d in (self.birth_date, swapped) if d}
        for token in self.name.distinctive:
            if len(token) > 1 and token.isalpha():  # no sound to an initial or a number
                sound = metaphone(token)
                for written in dates:
                    yield f"n:{sound}|{written}"


@dataclass(frozen=True)
class Profile:
    """A party read for comparison: its names and its contacts, each in one spelling."""

    kind: PartyKind
    birth_date: date | None
    names: tuple[tuple[str, ComparableName], ...]
    links: dict[str, dict[str, Written]]
    premises: tuple[tuple[str, str, AddressKey], ...]
    # Its principals; for an individual, also the person themself.
    persons: tuple[Person, ...] = ()

    @derived
    def principals(self) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if p.field.startswith("principals"))

    def keys(self) -> Iterator[str]:
        """What finds this party as a candidate: its name tokens (and the name run
        together), their sounds and their spellings with one letter left out (so one
        typo still finds them), and every contact key."""
        for _, name in self.names:
            for token in name.distinctive:
                yield f"t:{token}"
                if name.person:  # "Bob" finds "Robert", and "Robert" is found by "Bob"
                    for full_name in FULL_NAMES.get(token, ()):
                        yield f"t:{full_name}"
                    # And as an organisation's word is spelt: the sole trader "Wang Wei
                    # Yang" finds the company "Wang Wei Yang", and is found by it.
                    if (spelt := one_spelling(token)) != token:
                        yield f"t:{spelt}"
                if token.isdigit():
                    continue
                if len(token) >= 3:
                    yield f"p:{metaphone(token)}"
                if 4 <= len(token) <= MAX_TYPO_KEYED:
                    # Two spellings one edit apart share one of these keys.
                    yield f"d:{token}"
                    for i in range(len(token)):
                        yield f"d:{token[:i]}{token[i + 1 :]}"
            if len(name.core) > 1:
                yield f"t:{name.joined}"
                if name.person and (spelt := one_spelling(name.joined)) != name.joined:
                    yield f"t:{spelt}"  # the sole trader "Wang Weiyang" as "WangWeiyang Ltd"
        for kind, keyed in self.links.items():
            for key in keyed:
                yield f"{kind}:{identifier_lookup(key) if kind == 'identifier' else key}"
        for _, _, premises in self.premises:
            yield f"address:{premises.key}"
        for person in self.persons:
            yield from person.keys()
            for key in person.identifiers:
                yield f"identifier:{identifier_lookup(key)}"


@dataclass(frozen=True)
class NameCard:
    """What a first look at a candidate compares: its names and its birth date. Kept
    apart from its profile, so that a candidate neither linked to the query nor named
    like it is cleared without unpacking the rest (see `Watchlist.screen`)."""

    names: tuple[tuple[str, ComparableName], ...]
    birth_date: date | None

    @classmethod
    def of(cls, profile: Profile) -> "NameCard":
        return cls(profile.names, profile.birth_date)


@dataclass(frozen=True)
class Packed:
    """What the watchlist keeps of a party, besides its listings."""

    name: str
    source_ref: str
    # None for a party with no exclusion: it is not indexed.
    profile: Profile | None


def day_and_month_swapped(born: date) -> date | None:
    """The date with its day read as the month and its month as the day, where that is
    another date."""
    if born.day > 12 or born.day == born.month:
        return None
    return born.replace(month=born.day, day=born.month)
