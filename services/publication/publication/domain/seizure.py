"""A seizure in international mail or express, one line per product or brand."""

from collections.abc import Set
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

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


def check_seizure(origin_country: str, lines: tuple[SeizureLine, ...], countries: Set[str]) -> None:
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


class Seizure(Aggregate):
    class Recorded(Aggregate.Created):
        seized_date: date
        environment: Environment
        origin_country: str
        lines: tuple[SeizureLine, ...]
        sensitive: bool
        recorded_by: str

    @event(Recorded)
    def __init__(
        self,
        seized_date: date,
        environment: Environment,
        origin_country: str,
        lines: tuple[SeizureLine, ...],
        sensitive: bool,
        recorded_by: str,
    ) -> None:
        self.seized_date = seized_date
        self.environment = Environment(environment)
        self.origin_country = origin_country
        self.lines = tuple(lines)
        self.sensitive = sensitive
        self.recorded_by = recorded_by
