"""Exclusions under 2 CFR 180 as adopted by DHS (2 CFR 3000): suspension and debarment."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument


class ExclusionType(StrEnum):
    SUSPENSION = "suspension"
    PROPOSED_DEBARMENT = "proposed_debarment"
    DEBARMENT = "debarment"
    VOLUNTARY_EXCLUSION = "voluntary_exclusion"


# A notice of proposed debarment does not by itself exclude (2 CFR 180, unlike the FAR).
EXCLUDING_TYPES = frozenset(
    {ExclusionType.SUSPENSION, ExclusionType.DEBARMENT, ExclusionType.VOLUNTARY_EXCLUSION}
)
SUSPENSION_MONTHS = 12


@dataclass(frozen=True)
class ExclusionAction:
    """Who decided what, why, and from when: the record of the official's action."""

    cause: str
    trade_related: bool
    official: str
    effective_date: date
    end_date: date | None = None
    sam_published_date: date | None = None
    evidence_refs: tuple[str, ...] = ()


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {day}")


def check_action(kind: ExclusionType, action: ExclusionAction, field: str = "action") -> None:
    if not action.cause.strip():
        raise InvalidArgument(f"{field}.cause", "must not be empty")
    if not action.official.strip():
        raise InvalidArgument(f"{field}.official", "must name the suspending or debarring official")
    if action.end_date is not None and action.end_date <= action.effective_date:
        raise InvalidArgument(f"{field}.end_date", "must be after the effective date")
    if kind is ExclusionType.DEBARMENT and action.end_date is None:
        raise InvalidArgument(f"{field}.end_date", "a debarment is for a period: give its end")
    if kind is ExclusionType.SUSPENSION:
        limit = add_months(action.effective_date, SUSPENSION_MONTHS)
        if action.end_date is None or action.end_date > limit:
            raise InvalidArgument(
                f"{field}.end_date",
                f"a suspension may not exceed {SUSPENSION_MONTHS} months (until {limit})"
                " unless legal proceedings are initiated (2 CFR 180.760)",
            )


class Exclusion(Aggregate):
    class Imposed(Aggregate.Created):
        party_id: UUID
        exclusion_type: ExclusionType
        action: ExclusionAction
        recorded_by: str

    class Terminated(Aggregate.Event):
        on: date
        reason: str
        terminated_by: str
        party_id: UUID

    @event(Imposed)
    def __init__(
        self,
        party_id: UUID,
        exclusion_type: ExclusionType,
        action: ExclusionAction,
        recorded_by: str,
    ) -> None:
        self.party_id = party_id
        self.exclusion_type = ExclusionType(exclusion_type)
        self.action = action
        self.recorded_by = recorded_by
        self.terminated_date: date | None = None
        self.termination_reason = ""

    def is_in_force(self, on: date) -> bool:
        """In force from the effective date through the end date (SAM's termination date,
        the last day excluded), unless terminated early: not in force from that day on."""
        if self.exclusion_type not in EXCLUDING_TYPES or on < self.action.effective_date:
            return False
        if self.terminated_date is not None and on >= self.terminated_date:
            return False
        return self.action.end_date is None or on <= self.action.end_date

    def terminate(self, on: date, reason: str, terminated_by: str) -> None:
        if self.terminated_date is not None:
            raise FailedPrecondition(f"exclusion already terminated on {self.terminated_date}")
        if not reason.strip():
            raise InvalidArgument("reason", "must not be empty")
        if on < self.action.effective_date:
            raise InvalidArgument("terminated_date", "must not be before the effective date")
        if self.action.end_date is not None and on > self.action.end_date:
            raise FailedPrecondition(f"exclusion already ended on {self.action.end_date}")
        self._record_termination(on, reason, terminated_by, self.party_id)

    # The party is repeated in the event so that it reads on its own in the log.
    @event(Terminated)
    def _record_termination(
        self, on: date, reason: str, terminated_by: str, party_id: UUID
    ) -> None:
        self.terminated_date = on
        self.termination_reason = reason
        self.terminated_by = terminated_by
