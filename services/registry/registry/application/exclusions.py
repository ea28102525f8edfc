"""Exclusions under 2 CFR 180: imposed, changed, ended, listed, and kept by the calendar."""

from collections.abc import Iterator, Set
from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from portcullis_kit.errors import Conflict, InvalidArgument, NotFound
from registry.application.ior import IorUseCases
from registry.domain.exclusion import Exclusion, ExclusionAction, ExclusionType, check_action
from registry.domain.party import Party


@dataclass(frozen=True)
class ExclusionRecord:
    exclusion_id: UUID
    party_id: UUID
    exclusion_type: ExclusionType
    action: ExclusionAction
    terminated_date: date | None
    termination_reason: str
    last_day: date | None
    in_force: bool
    suspension_limit: date | None
    proceedings_initiated: date | None
    contest_by: date | None


def exclusion_record(exclusion: Exclusion, on: date) -> ExclusionRecord:
    return ExclusionRecord(
        exclusion_id=exclusion.id,
        party_id=exclusion.party_id,
        exclusion_type=exclusion.exclusion_type,
        action=exclusion.action,
        terminated_date=exclusion.terminated_date,
        termination_reason=exclusion.termination_reason,
        last_day=exclusion.last_day,
        in_force=exclusion.is_in_force(on),
        suspension_limit=exclusion.suspension_limit,
        proceedings_initiated=exclusion.proceedings_initiated,
        contest_by=exclusion.contest_by,
    )


AGREEMENT_TYPES = frozenset(
    {ExclusionType.VOLUNTARY_EXCLUSION, ExclusionType.ADMINISTRATIVE_AGREEMENT}
)


class ExclusionUseCases(IorUseCases):
    def impose_exclusion(
        self,
        party_id: UUID,
        exclusion_type: ExclusionType,
        action: ExclusionAction,
        recorded_by: str,
    ) -> UUID:
        """Suspends, proposes debarment, debars, or records an agreement, by its rules."""
        today = self.clock()
        self.get_aggregate(Party, party_id, "party")
        # Named parties are kept in one spelling, so every comparison of ids holds.
        action = replace(
            action,
            principals_named=self._named(action.principals_named, "action.principals_named"),
            affiliates_named=self._named(action.affiliates_named, "action.affiliates_named"),
        )
        counted = self._suspended_days(party_id, action)
        check_action(exclusion_type, action, today, counted)
        exclusion = Exclusion.impose(party_id, exclusion_type, action, recorded_by, today, counted)
        exclusion.note_calendar(today)  # a back-dated action may already have ended
        self.save(exclusion)
        self.reconsider_ior_numbers(self._affected_parties(exclusion.id))
        return exclusion.id

    def initiate_proceedings(
        self, exclusion_id: UUID, on: date, reference: str, recorded_by: str
    ) -> None:
        exclusion = self._exclusion(exclusion_id)
        exclusion.initiate_proceedings(on, reference, recorded_by, self.clock())
        self.save(exclusion)

    def extend_suspension(
        self, exclusion_id: UUID, limit: date, request_reference: str, recorded_by: str
    ) -> None:
        exclusion = self._exclusion(exclusion_id)
        exclusion.extend_suspension(limit, request_reference, recorded_by, self.clock())
        self.save(exclusion)

    def change_debarment_period(
        self,
        exclusion_id: UUID,
        end_date: date,
        reason: str,
        recorded_by: str,
        period_reason: str = "",
    ) -> None:
        exclusion = self._exclusion(exclusion_id)
        exclusion.change_period(end_date, reason, recorded_by, self.clock(), period_reason)
        self.save(exclusion)
        self.reconsider_ior_numbers(self._affected_parties(exclusion_id))

    def record_sam_publication(self, exclusion_id: UUID, on: date) -> None:
        exclusion = self._exclusion(exclusion_id)
        exclusion.record_sam_publication(on)
        self.save(exclusion)

    def terminate_exclusion(
        self, exclusion_id: UUID, on: date, reason: str, terminated_by: str
    ) -> None:
        exclusion = self._exclusion(exclusion_id)
        exclusion.terminate(on, reason, terminated_by, self.clock())
        self.save(exclusion)
        self.reconsider_ior_numbers(self._affected_parties(exclusion_id))

    def get_exclusion(self, exclusion_id: UUID, as_of: datetime | None = None) -> ExclusionRecord:
        """The exclusion as known now, or as known at `as_of` (and in force on its date)."""
        exclusion = self.get_aggregate(Exclusion, exclusion_id, "exclusion", as_of)
        return exclusion_record(exclusion, as_of.date() if as_of else self.clock())

    def list_exclusions(
        self,
        in_force_on: date | None = None,
        types: Set[ExclusionType] = frozenset(),
        trade_related_only: bool = False,
        as_of: datetime | None = None,
    ) -> list[ExclusionRecord]:
        """Exclusions in force on a date (valid time) as known at `as_of` (recorded time)."""
        on = in_force_on or (as_of.date() if as_of else self.clock())
        # As things stand: the index. As known at an earlier time: each one's history.
        candidates = self.index.in_force(on) if as_of is None else self._all_exclusions(as_of)
        records = []
        for exclusion in candidates:
            if not exclusion.is_in_force(on):
                continue
            if types and exclusion.exclusion_type not in types:
                continue
            if trade_related_only and not exclusion.action.trade_related:
                continue
            records.append(exclusion_record(exclusion, on))
        return records

    def run_calendar(self) -> int:
        """Records what today's date has made true (limits near, periods ended); returns
        how many exclusions changed. Safe to run as often as wanted."""
        today = self.clock()
        changed = 0
        for exclusion_id in self.index.calendar_due(today):
            exclusion = self._exclusion(exclusion_id)
            exclusion.note_calendar(today)
            if exclusion.pending_events:
                try:
                    self.save(exclusion)
                    changed += 1
                except Conflict:
                    pass  # changed meanwhile by a command; the next run looks again
        return changed + self.reconsider_ior_numbers()

    def _all_exclusions(self, as_of: datetime | None = None) -> Iterator[Exclusion]:
        for exclusion_id in self.index.exclusion_ids():
            try:
                yield self.get_aggregate(Exclusion, exclusion_id, "exclusion", as_of)
            except NotFound:
                continue  # recorded after as_of

    def _named(self, ids: tuple[str, ...], field: str) -> tuple[str, ...]:
        """Registered parties' ids, each written the one canonical way."""
        named = []
        for i, text in enumerate(ids):
            party_id = self._uuid(text, f"{field}[{i}]")
            self.get_aggregate(Party, party_id, "party")
            named.append(str(party_id))
        return tuple(named)

    def _affected_parties(self, exclusion_id: UUID) -> list[UUID]:
        """The party of an exclusion and the principals and affiliates it names."""
        exclusion = self._exclusion(exclusion_id)
        named = exclusion.action.principals_named + exclusion.action.affiliates_named
        return [exclusion.party_id, *(UUID(n) for n in named)]

    def _suspended_days(self, party_id: UUID, action: ExclusionAction) -> int:
        """Days of a preceding suspension of the same party, counted toward a debarment."""
        if not action.preceding_suspension_id:
            return 0
        suspension = self._exclusion(
            self._uuid(action.preceding_suspension_id, "action.preceding_suspension_id")
        )
        if (
            suspension.party_id != party_id
            or suspension.exclusion_type is not ExclusionType.SUSPENSION
        ):
            raise InvalidArgument(
                "action.preceding_suspension_id", "must be a suspension of the same party"
            )
        start = action.effective_date
        through = start if start is None else date.fromordinal(start.toordinal() - 1)
        return suspension.days_in_force(through or self.clock())
