"""A party's particulars: a person in the order's sense (EO 13904 §8(f)), as CBP Form 5106
blocks 1-3 describe it. Shared by the services that hold parties (registry) and compare
them (screening). Pure Python: domain code may import it."""

import re
from collections.abc import Set
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import TypeVar

from portcullis_kit.errors import InvalidArgument

T = TypeVar("T")


class PartyKind(StrEnum):
    ORGANIZATION = "organization"
    INDIVIDUAL = "individual"


@dataclass(frozen=True)
class Address:
    line1: str = ""
    line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""


@dataclass(frozen=True)
class Identifier:
    scheme: str
    value: str


@dataclass(frozen=True)
class Principal:
    """An officer, owner or manager of an organisation (Form 5106 block 3J)."""

    name: str
    role: str = ""
    birth_date: date | None = None
    identifiers: tuple[Identifier, ...] = ()


@dataclass(frozen=True)
class PartyDetails:
    kind: PartyKind
    name: str
    aliases: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    birth_date: date | None = None
    source_ref: str = ""
    websites: tuple[str, ...] = ()
    # Names it trades under (DBA) and names it had before (FKA); `aliases` are its AKAs.
    dba_names: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    principals: tuple[Principal, ...] = ()

    def all_names(self) -> list[tuple[str, str]]:
        """(field, name) for the name and every AKA, DBA and former name."""
        return [("name", self.name)] + [
            (f"{field}[{i}]", name)
            for field in ("aliases", "dba_names", "former_names")
            for i, name in enumerate(getattr(self, field))
        ]

    def merged_with(self, other: "PartyDetails") -> "PartyDetails":
        """These particulars plus whatever `other` adds: its name as an alias if it differs,
        and every alias, address, identifier, phone and email not already here. Merging
        the same record twice changes nothing, so repeated imports stay idempotent."""

        def union(mine: tuple[T, ...], theirs: tuple[T, ...]) -> tuple[T, ...]:
            return mine + tuple(x for x in dict.fromkeys(theirs) if x not in mine)

        names = (other.name,) if other.name != self.name else ()
        return replace(
            self,
            aliases=union(self.aliases, names + other.aliases),
            addresses=union(self.addresses, other.addresses),
            identifiers=union(self.identifiers, other.identifiers),
            phones=union(self.phones, other.phones),
            emails=union(self.emails, other.emails),
            websites=union(self.websites, other.websites),
            dba_names=union(self.dba_names, other.dba_names),
            former_names=union(self.former_names, other.former_names),
            principals=union(self.principals, other.principals),
            birth_date=self.birth_date or other.birth_date,
        )


# Schemes whose format we can check; others are accepted as given.
IDENTIFIER_FORMATS = {
    "EIN": re.compile(r"^\d{2}-?\d{7}$"),
    "SSN": re.compile(r"^\d{3}-?\d{2}-?\d{4}$"),
    "UEI": re.compile(r"^[A-HJ-NP-Z1-9][A-HJ-NP-Z0-9]{11}$"),
    "CAGE": re.compile(r"^[A-Z0-9]{5}$"),
    "DUNS": re.compile(r"^\d{9}$"),
    "LEI": re.compile(r"^[A-Z0-9]{18}\d{2}$"),
}


def lei_check_digits_hold(lei: str) -> bool:
    """ISO 17442 uses ISO 7064 MOD 97-10: letters as 10..35, the number mod 97 is 1."""
    digits = "".join(str(int(c, 36)) for c in lei)
    return int(digits) % 97 == 1


WEBSITE = re.compile(r"^(https?://)?[^\s/$.?#][^\s]*\.[^\s]{2,}$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_party(
    details: PartyDetails, countries: Set[str], field: str = "party", name_required: bool = True
) -> None:
    """Raises InvalidArgument naming the first field that is wrong. A party being
    screened may go without a name if it has an identifier (`name_required=False`)."""
    if not details.name.strip() and (name_required or not details.identifiers):
        problem = "must not be empty" if name_required else "is required without an identifier"
        raise InvalidArgument(f"{field}.name", problem)
    for where, name in details.all_names()[1:]:
        if not name.strip():
            raise InvalidArgument(f"{field}.{where}", "must not be empty")
    for i, address in enumerate(details.addresses):
        if address.country not in countries:
            raise InvalidArgument(
                f"{field}.addresses[{i}].country",
                f"{address.country!r} is not an ISO 3166-1 alpha-2 code",
            )
    _check_identifiers(details.identifiers, f"{field}.identifiers")
    for i, principal in enumerate(details.principals):
        where = f"{field}.principals[{i}]"
        if not principal.name.strip():
            raise InvalidArgument(f"{where}.name", "must not be empty")
        _check_identifiers(principal.identifiers, f"{where}.identifiers")
    for i, email in enumerate(details.emails):
        if not EMAIL.match(email):
            raise InvalidArgument(f"{field}.emails[{i}]", f"{email!r} is not an email address")
    for i, website in enumerate(details.websites):
        if not WEBSITE.match(website):
            raise InvalidArgument(f"{field}.websites[{i}]", f"{website!r} is not a web address")
    if details.birth_date and details.kind is not PartyKind.INDIVIDUAL:
        raise InvalidArgument(f"{field}.birth_date", "only individuals have a birth date")


def _check_identifiers(identifiers: tuple[Identifier, ...], field: str) -> None:
    for i, identifier in enumerate(identifiers):
        where = f"{field}[{i}]"
        if not identifier.scheme:
            raise InvalidArgument(f"{where}.scheme", "must not be empty")
        if not identifier.value.strip():
            raise InvalidArgument(f"{where}.value", "must not be empty")
        pattern = IDENTIFIER_FORMATS.get(identifier.scheme.upper())
        value = identifier.value.strip().upper()
        if pattern and not pattern.match(value):
            raise InvalidArgument(
                f"{where}.value", f"{identifier.value!r} is not a valid {identifier.scheme}"
            )
        if identifier.scheme.upper() == "LEI" and not lei_check_digits_hold(value):
            raise InvalidArgument(f"{where}.value", f"{identifier.value!r}: LEI check digits fail")
