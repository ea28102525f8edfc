"""Exclusions under 2 CFR 180 as adopted by DHS (2 CFR 3000).

The clocks of the regulation are rules here, checked against `today`, which the
application takes from its clock and passes in (never read inside the domain):
- a suspension is effective when signed and lasts at most 12 months unless legal or
  debarment proceedings are initiated; a prosecutor's written request may extend it by
  6 months; it never exceeds 18 months without proceedings (2 CFR 180.760);
- a notice of proposed debarment does not by itself exclude (2 CFR 180.805, unlike the FAR);
- a debarment is generally for no more than 3 years, counting any time suspended for the
  same conduct; a longer period needs a stated reason (2 CFR 180.865);
- the end date is the last day excluded (SAM's termination date); the calendar, not a
  person, ends an exclusion.
"""

from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from registry.domain.exclusion_action import (
    CONTEST_DAYS,
    DEBARMENT_YEARS,
    EXCLUDING_TYPES,
    SUSPENSION_EXTENSION_MONTHS,
    SUSPENSION_MONTHS,
    SUSPENSION_WARNING_DAYS,
    ExclusionAction,
    ExclusionType,
    SamFacts,
    anniversary,
    check_action,
    check_debarment_period,
    imported_exclusion_id,
    last_day_within,
)

# Re-exported: callers name these as part of the exclusion's vocabulary.
__all__ = [
    "CONTEST_DAYS",
    "DEBARMENT_YEARS",
    "EXCLUDING_TYPES",
    "Exclusion",
    "ExclusionAction",
    "ExclusionType",
    "SamFacts",
    "anniversary",
    "check_action",
    "imported_exclusion_id",
    "last_day_within",
]


class Exclusion(Aggregate):
    class Imposed(Aggregate.Created):
        party_id: UUID
        exclusion_type: ExclusionType
        action: ExclusionAction
        recorded_by: str
        counted_suspension_days: int
        # True for a record imported from SAM or a file, not an action taken here.
        imported: bool
        # A suspension's 12-month limit, fixed when imposed (None for others and imports).
        suspension_limit: date | None
        # The registry's date when it recorded the exclusion (valid time of the recording;
        # None in events recorded before it was kept).
        recorded_on: date | None = None

    @staticmethod
    def create_id(
        party_id: UUID,
        exclusion_type: ExclusionType,
        action: ExclusionAction,
        recorded_by: str,
        counted_suspension_days: int = 0,
        imported: bool = False,
        suspension_limit: date | None = None,
        recorded_on: date | None = None,
    ) -> UUID:
        if imported:
            return imported_exclusion_id(party_id, exclusion_type, action)
        return uuid4()

    class ProceedingsInitiated(Aggregate.Event):
        on: date
        reference: str
        recorded_by: str

    class SuspensionExtended(Aggregate.Event):
        limit: date
        request_reference: str
        recorded_by: str

    class PeriodChanged(Aggregate.Event):
        end_date: date
        reason: str
        recorded_by: str
        # Why it runs past 3 years, when it does; replaces the action's.
        period_reason: str

    class SamPublished(Aggregate.Event):
        on: date

    class SourceUpdated(Aggregate.Event):
        """An imported record changed at its source (e.g. SAM moved its termination date)."""

        action: ExclusionAction
        updated_by: str

    class SuspensionLimitNear(Aggregate.Event):
        limit: date

    class TookEffect(Aggregate.Event):
        """The effective date of an exclusion recorded before it came. One recorded as
        already effective has no such event: it took effect when imposed."""

        on: date
        party_id: UUID

    class Terminated(Aggregate.Event):
        on: date
        reason: str
        terminated_by: str
        party_id: UUID

    class Expired(Aggregate.Event):
        on: date
        party_id: UUID

    @classmethod
    def impose(
        cls,
        party_id: UUID,
        exclusion_type: ExclusionType,
        action: ExclusionAction,
        recorded_by: str,
        today: date,
        counted_suspension_days: int = 0,
        imported: bool = False,
    ) -> "Exclusion":
        """A new exclusion. CBP's own suspensions get the 12-month limit of 2 CFR 180.760,
        computed here and stored in the event; another agency's record keeps its own dates."""
        limit = None
        if exclusion_type is ExclusionType.SUSPENSION and action.effective_date and not imported:
            limit = last_day_within(action.effective_date, SUSPENSION_MONTHS)
        return cls(
            party_id,
            exclusion_type,
            action,
            recorded_by,
            counted_suspension_days,
            imported,
            limit,
            today,
        )

    @event(Imposed)
    def __init__(
        self,
        party_id: UUID,
        exclusion_type: ExclusionType,
        action: ExclusionAction,
        recorded_by: str,
        counted_suspension_days: int = 0,
        imported: bool = False,
        suspension_limit: date | None = None,
        recorded_on: date | None = None,
    ) -> None:
        self.party_id = party_id
        self.recorded_on = recorded_on
        self.imported = imported
        self.exclusion_type = ExclusionType(exclusion_type)
        self.action = action
        self.recorded_by = recorded_by
        self.counted_suspension_days = counted_suspension_days
        self.proceedings_initiated: date | None = None
        self.suspension_limit = suspension_limit
        self.limit_warned = False
        self.took_effect_later = False
        self.terminated_date: date | None = None
        self.termination_reason = ""
        self.expired = False

    # Queries.

    @property
    def last_day(self) -> date | None:
        """The last day in force: the end date, or a suspension's limit absent proceedings."""
        if self.terminated_date is not None:
            return self.terminated_date - timedelta(days=1)
        limit = self.suspension_limit
        end = self.action.end_date
        if (
            limit is not None
            and self.proceedings_initiated is None
            and (end is None or limit < end)
        ):
            return limit
        return self.action.end_date

    def is_in_force(self, on: date) -> bool:
        if self.exclusion_type not in EXCLUDING_TYPES:
            return False
        start = self.action.effective_date
        if start is not None and on < start:
            return False
        last = self.last_day
        return last is None or on <= last

    def valid_on(self, day: date) -> dict[str, object]:
        """What this exclusion, as recorded, says about a date (the audit's valid time)."""
        return {
            "in_force": self.is_in_force(day),
            "last_day": self.last_day,
            "days_in_force": self.days_in_force(day),
        }

    def days_in_force(self, through: date) -> int:
        """Days in force up to and including `through` (for counting suspended time)."""
        start = self.action.effective_date
        if start is None or through < start:
            return 0
        last = self.last_day
        end = through if last is None else min(last, through)
        return max((end - start).days + 1, 0)

    @property
    def contest_by(self) -> date | None:
        """A proposed debarment may be contested within 30 days of the notice."""
        start = self.action.effective_date
        if self.exclusion_type is not ExclusionType.PROPOSED_DEBARMENT or start is None:
            return None
        return start + timedelta(days=CONTEST_DAYS)

    # Commands.

    def initiate_proceedings(self, on: date, reference: str, recorded_by: str, today: date) -> None:
        self._require_open(today)
        if self.exclusion_type is not ExclusionType.SUSPENSION:
            raise FailedPrecondition("proceedings are recorded against a suspension")
        if self.proceedings_initiated is not None:
            raise FailedPrecondition(
                f"proceedings already initiated on {self.proceedings_initiated}"
            )
        if not reference.strip():
            raise InvalidArgument("reference", "must name the proceedings")
        start = self.action.effective_date
        latest = min(today, self.last_day or today)
        if (start is not None and on < start) or on > latest:
            raise InvalidArgument(
                "initiated_date",
                f"proceedings are initiated during the suspension, by today ({start} to {latest})",
            )
        self._record_proceedings(on, reference, recorded_by)

    @event(ProceedingsInitiated)
    def _record_proceedings(self, on: date, reference: str, recorded_by: str) -> None:
        self.proceedings_initiated = on

    def extend_suspension(
        self, limit: date, request_reference: str, recorded_by: str, today: date
    ) -> None:
        self._require_open(today)
        start = self.action.effective_date
        if self.exclusion_type is not ExclusionType.SUSPENSION or start is None:
            raise FailedPrecondition("only a suspension's limit can be extended")
        if self.proceedings_initiated is not None:
            raise FailedPrecondition("proceedings are initiated: the suspension has no fixed limit")
        if not request_reference.strip():
            raise InvalidArgument(
                "request_reference", "an extension needs the prosecuting official's written request"
            )
        absolute = last_day_within(start, SUSPENSION_MONTHS + SUSPENSION_EXTENSION_MONTHS)
        if limit > absolute:
            raise InvalidArgument(
                "limit",
                f"a suspension never exceeds {SUSPENSION_MONTHS + SUSPENSION_EXTENSION_MONTHS}"
                f" months without proceedings (through {absolute}; 2 CFR 180.760(c))",
            )
        if self.suspension_limit is not None and limit <= self.suspension_limit:
            raise InvalidArgument(
                "limit", f"must be after the current limit {self.suspension_limit}"
            )
        self._record_extension(limit, request_reference, recorded_by)

    @event(SuspensionExtended)
    def _record_extension(self, limit: date, request_reference: str, recorded_by: str) -> None:
        self.suspension_limit = limit
        self.limit_warned = False

    def change_period(
        self,
        end_date: date,
        reason: str,
        recorded_by: str,
        today: date,
        period_reason: str = "",
    ) -> None:
        """Reduces or extends a debarment (new facts); a period past 3 years needs its own
        stated reason, as when it was imposed."""
        self._require_open(today)
        start = self.action.effective_date
        if self.exclusion_type is not ExclusionType.DEBARMENT or start is None:
            raise FailedPrecondition("only a debarment's period can be changed")
        if not reason.strip():
            raise InvalidArgument("reason", "must say why the period changes")
        if end_date < max(start, today):
            raise InvalidArgument(
                "end_date", "must not be in the past: TerminateExclusion ends it now"
            )
        if end_date == self.action.end_date:
            raise InvalidArgument("end_date", "is the current end date")
        check_debarment_period(
            start, end_date, self.counted_suspension_days, period_reason, "period_reason"
        )
        self._record_period(end_date, reason, recorded_by, period_reason)

    @event(PeriodChanged)
    def _record_period(
        self, end_date: date, reason: str, recorded_by: str, period_reason: str
    ) -> None:
        self.action = replace(self.action, end_date=end_date, period_reason=period_reason)

    def record_sam_publication(self, on: date) -> None:
        start = self.action.effective_date
        if start is not None and on < start:
            raise InvalidArgument("published_date", "must not be before the effective date")
        if self.action.sam_published_date != on:
            self._record_sam_publication(on)

    @event(SamPublished)
    def _record_sam_publication(self, on: date) -> None:
        self.action = replace(self.action, sam_published_date=on)

    def update_from_source(self, action: ExclusionAction, updated_by: str, today: date) -> bool:
        """Takes an imported record's new particulars; False if nothing changed."""
        if not self.imported:
            raise FailedPrecondition("only an imported record is updated from its source")
        if action == self.action:
            return False
        self._source_updated(action, updated_by)
        self.note_calendar(today)
        return True

    @event(SourceUpdated)
    def _source_updated(self, action: ExclusionAction, updated_by: str) -> None:
        self.action = action
        # Whether it has run out is for the calendar to say again.
        self.expired = False

    def terminate(self, on: date, reason: str, terminated_by: str, today: date) -> None:
        self._require_open(today)
        if not reason.strip():
            raise InvalidArgument("reason", "must not be empty")
        start = self.action.effective_date
        if start is not None and on < start:
            raise InvalidArgument("terminated_date", "must not be before the effective date")
        last = self.last_day
        if last is not None and on > last:
            raise FailedPrecondition(f"the exclusion already ends on {last}")
        self._record_termination(on, reason, terminated_by, self.party_id)

    # The party is repeated in the event so that it reads on its own in the log.
    @event(Terminated)
    def _record_termination(
        self, on: date, reason: str, terminated_by: str, party_id: UUID
    ) -> None:
        self.terminated_date = on
        self.termination_reason = reason
        self.terminated_by = terminated_by

    # The calendar's work: events recorded because a date came, not because someone acted.

    def note_calendar(self, today: date) -> None:
        """Records what the date has made true: the effective date come, a suspension
        limit near, or the end passed."""
        start = self.action.effective_date
        if self._effect_due(today) and start is not None:
            self._take_effect(start, self.party_id)
        if self._limit_warning_due(today) and self.suspension_limit is not None:
            self._warn_limit(self.suspension_limit)
        last = self.last_day
        if self._expiry_due(today) and last is not None:
            self._expire(last + timedelta(days=1), self.party_id)

    def calendar_due(self, today: date) -> bool:
        """Whether note_calendar(today) would record anything."""
        return self._effect_due(today) or self._limit_warning_due(today) or self._expiry_due(today)

    def _effect_due(self, today: date) -> bool:
        start = self.action.effective_date
        last = self.last_day
        return (
            self.exclusion_type in EXCLUDING_TYPES
            and start is not None
            and self.recorded_on is not None
            and self.recorded_on < start <= today
            and not self.took_effect_later
            and not self.expired
            and self.terminated_date is None
            and (last is None or start <= last)
        )

    def _limit_warning_due(self, today: date) -> bool:
        limit = self.suspension_limit
        return (
            limit is not None
            and self.proceedings_initiated is None
            and not self.limit_warned
            and self.terminated_date is None
            and limit - timedelta(days=SUSPENSION_WARNING_DAYS) <= today <= limit
        )

    def _expiry_due(self, today: date) -> bool:
        last = self.last_day
        return (
            not self.expired and self.terminated_date is None and last is not None and today > last
        )

    @event(SuspensionLimitNear)
    def _warn_limit(self, limit: date) -> None:
        self.limit_warned = True

    @event(TookEffect)
    def _take_effect(self, on: date, party_id: UUID) -> None:
        self.took_effect_later = True

    @event(Expired)
    def _expire(self, on: date, party_id: UUID) -> None:
        self.expired = True

    def _require_open(self, today: date) -> None:
        if self.terminated_date is not None:
            raise FailedPrecondition(f"the exclusion was terminated on {self.terminated_date}")
        last = self.last_day
        if self.expired or (last is not None and today > last):
            raise FailedPrecondition(f"the exclusion ended on {last}")
