"""A seizure in international mail or express, one line per product or brand."""

from collections.abc import Set
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import InvalidArgument


class Environment(StrEnum):
    INTERNATIONAL_MAIL = "international_mail"
    EXPRESS = "express"


class ViolationCategory(StrEnum):
    """EO 13904 §6(a): the categories seizures are published under."""

    INTELLECTUAL_PROPERTY = "intellectual_property"
    ILLEGAL_DRUGS = "illegal_drugs"
    OTHER_CONTRABAND = "other_contraband"
    INCORRECT_COUNTRY_OF_ORIGIN = "incorrect_country_of_origin"
    UNDERVALUATION = "undervaluation"
    OTHER = "other"


@dataclass(frozen=True)
class SeizureLine:
    description: str
    quantity: int
    msrp_currency: str
    msrp_minor_units: int
    category: ViolationCategory
    # The priority trade issue touched (19 U.S.C. 4322: "PTI-4"); "" for none.
    priority_trade_issue: str = ""


class PartyKind(StrEnum):
    ORGANIZATION = "organization"
    INDIVIDUAL = "individual"


@dataclass(frozen=True)
class SeizedParty:
    """A party involved in a seizure. An individual's name is kept for CBP, never published."""

    kind: PartyKind
    name: str
    # The registry's party id or the importer's number, if known.
    party_ref: str = ""


def check_seizure(
    origin_country: str,
    lines: tuple[SeizureLine, ...],
    countries: Set[str],
    priority_trade_issues: Set[str] = frozenset(),
    parties: tuple[SeizedParty, ...] = (),
) -> None:
    if origin_country not in countries:
        raise InvalidArgument(
            "seizure.origin_country", f"{origin_country!r} is not an ISO 3166-1 alpha-2 code"
        )
    if not lines:
        raise InvalidArgument("seizure.lines", "a seizure has at least one line")
    for i, line in enumerate(lines):
        where = f"seizure.lines[{i}]"
        if not line.description.strip():
            raise InvalidArgument(f"{where}.description", "must not be empty")
        if line.quantity <= 0:
            raise InvalidArgument(f"{where}.quantity", "must be positive")
        if line.msrp_minor_units < 0:
            raise InvalidArgument(f"{where}.msrp.minor_units", "must not be negative")
        if len(line.msrp_currency) != 3 or not line.msrp_currency.isalpha():
            raise InvalidArgument(f"{where}.msrp.currency_code", "must be an ISO 4217 code")
        pti = line.priority_trade_issue
        if pti and priority_trade_issues and pti not in priority_trade_issues:
            raise InvalidArgument(f"{where}.priority_trade_issue", f"{pti!r} is not listed")
    for i, party in enumerate(parties):
        if not party.name.strip():
            raise InvalidArgument(f"seizure.parties[{i}].name", "must not be empty")


def normalised_name(name: str) -> str:
    """ "ACME  Ltd" and "Acme Ltd" are one name."""
    return " ".join(name.casefold().split())


SEIZURE_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/publication/seizure")


def seizure_id_for(source_ref: str) -> UUID:
    """A seizure recorded with its own reference has an id made from it, so recording it
    again (a retried call, a CSV imported twice) finds the first."""
    return uuid5(SEIZURE_NAMESPACE, source_ref)


class Seizure(Aggregate):
    class Recorded(Aggregate.Created):
        seized_date: date
        environment: Environment
        origin_country: str
        lines: tuple[SeizureLine, ...]
        sensitive: bool
        recorded_by: str
        # The post (UPU code) or carrier it came through, and the parties involved.
        post_or_carrier: str
        parties: tuple[SeizedParty, ...]
        # The recorder's own reference (a case number, a CSV's seizure_ref), if any.
        source_ref: str

    class SensitivityLifted(Aggregate.Event):
        lifted_on: date
        reason: str
        lifted_by: str

    @event(Recorded)
    def __init__(
        self,
        seized_date: date,
        environment: Environment,
        origin_country: str,
        lines: tuple[SeizureLine, ...],
        sensitive: bool,
        recorded_by: str,
        post_or_carrier: str = "",
        parties: tuple[SeizedParty, ...] = (),
        source_ref: str = "",
        id: UUID | None = None,  # the library sets the aggregate id from it: see seizure_id_for
    ) -> None:
        self.seized_date = seized_date
        self.environment = Environment(environment)
        self.origin_country = origin_country
        self.lines = tuple(lines)
        self.sensitive = sensitive
        self.recorded_by = recorded_by
        self.post_or_carrier = post_or_carrier
        self.parties = tuple(parties)
        self.source_ref = source_ref
        self.lifted_on: date | None = None

    @property
    def reportable_on(self) -> date | None:
        """The day it may first be published: seized, or its investigation closed."""
        if self.sensitive:
            return None
        return max(self.seized_date, self.lifted_on) if self.lifted_on else self.seized_date

    def lift_sensitivity(self, on: date, reason: str, lifted_by: str) -> bool:
        if not self.sensitive:
            return False
        if not reason.strip():
            raise InvalidArgument("reason", "say why the investigation no longer needs it kept out")
        self._sensitivity_lifted(on, reason.strip(), lifted_by)
        return True

    @event(SensitivityLifted)
    def _sensitivity_lifted(self, lifted_on: date, reason: str, lifted_by: str) -> None:
        self.sensitive = False
        self.lifted_on = lifted_on

    def contributor(self) -> str:
        """Who a table counts it against: its first organisation, else its first party,
        else the seizure itself (never a name: a reference)."""
        for kind in (PartyKind.ORGANIZATION, PartyKind.INDIVIDUAL):
            for party in self.parties:
                if party.kind == kind:
                    # By name, written one way, so that one firm is one contributor
                    # whether or not a reference came with it.
                    return f"{kind}:{normalised_name(party.name)}"
        return f"seizure:{self.id}"
