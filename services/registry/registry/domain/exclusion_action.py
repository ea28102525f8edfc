"""What an exclusion action says, and the rules of 2 CFR 180 that a new action must meet.

The clocks are checked against `today`, which the application takes from its clock and
passes in (never read inside the domain). Value objects only: the aggregate and its events
are in `registry.domain.exclusion`.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID, uuid5

from portcullis_kit.errors import InvalidArgument


class ExclusionType(StrEnum):
    SUSPENSION = "suspension"
    PROPOSED_DEBARMENT = "proposed_debarment"
    DEBARMENT = "debarment"
    VOLUNTARY_EXCLUSION = "voluntary_exclusion"
    ADMINISTRATIVE_AGREEMENT = "administrative_agreement"
    # Another authority's prohibition, as SAM lists it (e.g. a statutory debarment).
    PROHIBITION_RESTRICTION = "prohibition_restriction"


EXCLUDING_TYPES = frozenset(
    {
        ExclusionType.SUSPENSION,
        ExclusionType.DEBARMENT,
        ExclusionType.VOLUNTARY_EXCLUSION,
        ExclusionType.PROHIBITION_RESTRICTION,
    }
)
SUSPENSION_MONTHS = 12
SUSPENSION_EXTENSION_MONTHS = 6
SUSPENSION_WARNING_DAYS = 30
DEBARMENT_YEARS = 3
CONTEST_DAYS = 30


@dataclass(frozen=True)
class SamFacts:
    """SAM's own vocabulary for a record, kept for interchange (SAM extract v4 columns)."""

    classification: str = ""  # Firm, Individual, Vessel, Special Entity Designation
    exclusion_type: str = ""  # Ineligible (Proceedings Pending), ... Voluntary Exclusion
    program: str = ""  # Reciprocal, NonProcurement, Procurement
    agency_code: str = ""
    agency_name: str = ""
    termination_type: str = ""  # Definite, Indefinite
    ct_code: str = ""
    comments: str = ""


@dataclass(frozen=True)
class ExclusionAction:
    """Who decided what, why, and from when: the record of the official's action."""

    cause: str
    trade_related: bool
    official: str
    # None only for a record imported from SAM without one: in force since before it.
    effective_date: date | None
    # The last day excluded; None for indefinite (or a suspension running to its limit).
    end_date: date | None = None
    sam_published_date: date | None = None
    evidence_refs: tuple[str, ...] = ()
    principals_named: tuple[str, ...] = ()
    affiliates_named: tuple[str, ...] = ()
    # Why a debarment runs past the general 3 years.
    period_reason: str = ""
    # A suspension for the same conduct, whose time counts toward the debarment period.
    preceding_suspension_id: str = ""
    sam: SamFacts | None = None


def anniversary(day: date, months: int) -> date:
    """The same day `months` later; where that month has no such day (31 August + 6
    months), the first day after the month, so a period never loses its last days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    try:
        return date(year, month, day.day)
    except ValueError:
        return date(year + month // 12, month % 12 + 1, 1)


def last_day_within(start: date, months: int) -> date:
    """The last day of a period of `months` starting on `start`: 12 months from
    2026-01-31 run through 2027-01-30; 6 months from 2026-08-31 through 2027-02-28."""
    return anniversary(start, months) - timedelta(days=1)


def check_action(
    kind: ExclusionType,
    action: ExclusionAction,
    today: date,
    counted_suspension_days: int = 0,
    field: str = "action",
) -> None:
    """The rules every new action must meet; raises InvalidArgument naming the field."""
    if not action.cause.strip():
        raise InvalidArgument(f"{field}.cause", "must not be empty")
    if not action.official.strip():
        raise InvalidArgument(f"{field}.official", "must name the suspending or debarring official")
    start = action.effective_date
    if start is None:
        raise InvalidArgument(f"{field}.effective_date", "is required")
    if action.end_date is not None and action.end_date < start:
        raise InvalidArgument(f"{field}.end_date", "must not be before the effective date")
    if kind is ExclusionType.SUSPENSION:
        if start > today:
            raise InvalidArgument(
                f"{field}.effective_date", "a suspension is effective when signed, not later"
            )
        limit = last_day_within(start, SUSPENSION_MONTHS)
        if action.end_date is not None and action.end_date > limit:
            raise InvalidArgument(
                f"{field}.end_date",
                f"a suspension may not exceed {SUSPENSION_MONTHS} months (through {limit})"
                " unless legal or debarment proceedings are initiated (2 CFR 180.760)",
            )
    if kind is ExclusionType.DEBARMENT:
        if action.end_date is None:
            raise InvalidArgument(f"{field}.end_date", "a debarment is for a period: give its end")
        check_debarment_period(
            start,
            action.end_date,
            counted_suspension_days,
            action.period_reason,
            f"{field}.period_reason",
        )


def check_debarment_period(
    start: date, end: date, counted_suspension_days: int, reason: str, reason_field: str
) -> None:
    days = (end - start).days + 1 + counted_suspension_days
    general = (last_day_within(start, DEBARMENT_YEARS * 12) - start).days + 1
    if days > general and not reason.strip():
        raise InvalidArgument(
            reason_field,
            f"{days} days (including {counted_suspension_days} suspended) exceed the general"
            f" {DEBARMENT_YEARS} years: state why (2 CFR 180.865)",
        )


IMPORT_NAMESPACE = UUID("4b6f1d0e-2f4e-5c1a-9a51-8d3c3b0f5e21")


def imported_exclusion_id(
    party_id: UUID, exclusion_type: ExclusionType, action: ExclusionAction
) -> UUID:
    """An imported record is named by what identifies it at its source, so importing the
    same file again finds it rather than adding it twice."""
    agency = action.sam.agency_code if action.sam else ""
    key = f"{party_id}|{exclusion_type}|{agency}|{action.effective_date or ''}"
    return uuid5(IMPORT_NAMESPACE, key)
