"""The registry's use cases: register parties, impose and end exclusions, keep the calendar.

Methods take and return identifiers and plain values; aggregates stay inside. Every rule
that depends on the date gets `today` from the injected clock, so tests can move time.
"""

from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.utils import get_topic

from portcullis_kit.errors import (
    AlreadyExists,
    Conflict,
    InvalidArgument,
    NotFound,
    PortcullisError,
)
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.party import Address, Identifier, PartyDetails, check_party
from registry.application.exclusion_index import ExclusionIndex
from registry.domain.exclusion import (
    Exclusion,
    ExclusionAction,
    ExclusionType,
    SamFacts,
    check_action,
    imported_exclusion_id,
)
from registry.domain.ior import (
    Bar,
    IorApplicationForm,
    IorRecord,
    IorStatus,
    check_ior_form,
    ior_record_id,
)
from registry.domain.party import Party, party_id_for


def today_utc() -> date:
    return datetime.now(UTC).date()


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


class ImportOutcome(StrEnum):
    IMPORTED = "imported"
    PARTY_REVISED = "party_revised"
    UNCHANGED = "unchanged"


@dataclass
class ImportReport:
    imported: int = 0
    parties_revised: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def count(self, outcome: ImportOutcome) -> None:
        if outcome is ImportOutcome.IMPORTED:
            self.imported += 1
        elif outcome is ImportOutcome.PARTY_REVISED:
            self.parties_revised += 1
        else:
            self.unchanged += 1

    def merge(self, other: "ImportReport") -> None:
        self.imported += other.imported
        self.parties_revised += other.parties_revised
        self.unchanged += other.unchanged
        self.errors.extend(other.errors)


@dataclass(frozen=True)
class IorDecisionView:
    status: IorStatus
    reasons: tuple[str, ...]
    on: date


@dataclass(frozen=True)
class IorView:
    party_id: UUID
    ior_number: str
    status: IorStatus | None
    decisions: tuple[IorDecisionView, ...]


# "Suspended or debarred" (EO §2(b)); a voluntary exclusion is an agreement, not a bar here.
IOR_BARRING_TYPES = frozenset({ExclusionType.SUSPENSION, ExclusionType.DEBARMENT})

AGREEMENT_TYPES = frozenset(
    {ExclusionType.VOLUNTARY_EXCLUSION, ExclusionType.ADMINISTRATIVE_AGREEMENT}
)


class RegistryApplication(StoreApplication):
    name = "registry"
    value_objects = (
        PartyDetails,
        Address,
        Identifier,
        ExclusionAction,
        SamFacts,
        IorApplicationForm,
    )

    def __init__(
        self,
        env: dict[str, str],
        countries: Set[str],
        clock: Callable[[], date] = today_utc,
    ) -> None:
        super().__init__(env)
        self.countries = countries
        self.clock = clock
        self.index = ExclusionIndex(self.recorder, self.mapper)

    # Parties.

    def register_party(self, details: PartyDetails, registered_by: str) -> UUID:
        """Registers a party; the same source record registered again returns the same id."""
        check_party(details, self.countries)
        party = Party(details, registered_by)
        try:
            self.save(party)
        except Conflict:  # the same natural key: registered before, or a concurrent twin
            existing = self.get_party(party.id)
            if existing != details:
                raise AlreadyExists(
                    f"party.source_ref: {details.source_ref!r} is already registered"
                    " with different particulars"
                ) from None
        return party.id

    def update_party(self, party_id: UUID, details: PartyDetails, updated_by: str) -> None:
        check_party(details, self.countries)
        party = self.get_aggregate(Party, party_id, "party")
        if details.source_ref != party.details.source_ref:
            raise InvalidArgument("party.source_ref", "names the source record; it cannot change")
        party.revise(details, updated_by)
        self.save(party)

    def get_party(self, party_id: UUID, as_of: datetime | None = None) -> PartyDetails:
        return self.get_aggregate(Party, party_id, "party", as_of).details

    # Exclusions.

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
        for where, named in (
            ("action.principals_named", action.principals_named),
            ("action.affiliates_named", action.affiliates_named),
        ):
            for i, named_id in enumerate(named):
                self.get_aggregate(Party, self._uuid(named_id, f"{where}[{i}]"), "party")
        counted = self._suspended_days(party_id, action)
        check_action(exclusion_type, action, today, counted)
        exclusion = Exclusion(party_id, exclusion_type, action, recorded_by, counted)
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
        self, exclusion_id: UUID, end_date: date, reason: str, recorded_by: str
    ) -> None:
        exclusion = self._exclusion(exclusion_id)
        exclusion.change_period(end_date, reason, recorded_by, self.clock())
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
        records = []
        for exclusion in self._all_exclusions(as_of):
            if not exclusion.is_in_force(on):
                continue
            if types and exclusion.exclusion_type not in types:
                continue
            if trade_related_only and not exclusion.action.trade_related:
                continue
            records.append(exclusion_record(exclusion, on))
        return records

    # Importer of record numbers (EO §2).

    def apply_for_ior_number(
        self, party_id: UUID, form: IorApplicationForm, applied_by: str
    ) -> IorView:
        """Records the application and its decision, with the reasons, in one transaction."""
        self.get_aggregate(Party, party_id, "party")
        check_ior_form(form)
        record = IorRecord(party_id, form, applied_by)
        record.decide(self.ior_bars(party_id, self.clock()), self.clock(), "registry")
        try:
            self.save(record)
        except Conflict:
            raise AlreadyExists(f"party_id: {party_id} has already applied") from None
        return self.ior_status(party_id)

    def ior_status(self, party_id: UUID, as_of: datetime | None = None) -> IorView:
        record = self.get_aggregate(IorRecord, ior_record_id(party_id), "IOR record", as_of)
        decisions = [
            IorDecisionView(IorStatus(e.status), tuple(e.reasons), e.on)
            for e in self.repository.event_store.get(record.id)
            if isinstance(e, IorRecord.Decided) and (as_of is None or e.timestamp <= as_of)
        ]
        return IorView(party_id, record.form.ior_number, record.status, tuple(decisions))

    def ior_bars(self, party_id: UUID, on: date) -> list[Bar]:
        """The trade-related suspensions and debarments in force that bar the party."""
        bars = []
        for exclusion_id in sorted(self.index.exclusions_naming(party_id)):
            exclusion = self._exclusion(exclusion_id)
            if not (
                exclusion.action.trade_related
                and exclusion.exclusion_type in IOR_BARRING_TYPES
                and exclusion.is_in_force(on)
            ):
                continue
            if exclusion.party_id == party_id:
                bars.append(Bar(str(exclusion.id), "the party"))
            elif str(party_id) in exclusion.action.principals_named:
                bars.append(Bar(str(exclusion.id), "a principal named"))
            elif str(party_id) in exclusion.action.affiliates_named:
                bars.append(Bar(str(exclusion.id), "an affiliate named"))
        return bars

    def reconsider_ior_numbers(self, party_ids: Iterable[UUID] | None = None) -> int:
        """Suspends or restores IOR numbers as exclusions now stand; returns how many changed.
        Without `party_ids`, every party that holds or sought a number."""
        today = self.clock()
        ids = list(party_ids) if party_ids is not None else self._ior_parties()
        changed = 0
        for party_id in ids:
            try:
                record = self.get_aggregate(IorRecord, ior_record_id(party_id), "IOR record")
            except NotFound:
                continue
            record.reconsider(self.ior_bars(party_id, today), today, "registry")
            if record.pending_events:
                self.save(record)
                changed += 1
        return changed

    # SAM interchange.

    def import_exclusion(
        self,
        details: PartyDetails,
        exclusion_type: ExclusionType,
        action: ExclusionAction,
        imported_by: str,
    ) -> ImportOutcome:
        """Imports one party-plus-exclusion record (from SAM or a JSON Lines file).

        Idempotent: the party is named by its source record and the exclusion by the
        party, its type, agency and effective date, so importing a file again changes
        nothing. A party's particulars are the union of its records' (SAM lists one
        entity once per action, sometimes at different addresses).
        These are facts recorded elsewhere, so CBP's own rules for new actions (who may
        sign, when it takes effect) do not apply; the dates must still make sense.
        """
        if not details.source_ref:
            raise InvalidArgument("party.source_ref", "an imported record needs its source id")
        if not action.cause.strip():
            raise InvalidArgument("exclusion.cause", "must not be empty")
        start, end = action.effective_date, action.end_date
        if start is not None and end is not None and end < start:
            raise InvalidArgument("exclusion.end_date", "must not be before the effective date")
        check_party(details, self.countries)
        party_id = party_id_for(details.source_ref)
        try:
            party = self.get_aggregate(Party, party_id, "party")
            party.revise(party.details.merged_with(details), imported_by)
        except NotFound:
            party = Party(details, imported_by)
        exclusion_id = imported_exclusion_id(party_id, exclusion_type, action)
        try:
            self.get_aggregate(Exclusion, exclusion_id, "exclusion")
            new_exclusion = None
        except NotFound:
            new_exclusion = Exclusion(party_id, exclusion_type, action, imported_by, imported=True)
            new_exclusion.note_calendar(self.clock())
        if new_exclusion is None and not party.pending_events:
            return ImportOutcome.UNCHANGED
        self.save(party, new_exclusion)
        return ImportOutcome.IMPORTED if new_exclusion else ImportOutcome.PARTY_REVISED

    def import_records(
        self,
        records: Iterable[tuple[int, PartyDetails, ExclusionType, ExclusionAction]],
        imported_by: str,
    ) -> ImportReport:
        """Imports records one by one (row, particulars, type, action); a bad one is
        reported with its row and does not stop the others."""
        report = ImportReport()
        for row, details, exclusion_type, action in records:
            try:
                outcome = self.import_exclusion(details, exclusion_type, action, imported_by)
            except PortcullisError as error:
                report.errors.append((row, str(error)))
                continue
            report.count(outcome)
        return report

    def exclusions_for_export(self) -> list[tuple[PartyDetails, ExclusionRecord]]:
        """Every exclusion in force today, with its party, for SAM's v4 extract."""
        return [(self.get_party(record.party_id), record) for record in self.list_exclusions()]

    # The calendar.

    def run_calendar(self) -> int:
        """Records what today's date has made true (limits near, periods ended); returns
        how many exclusions changed. Safe to run as often as wanted."""
        today = self.clock()
        changed = 0
        for exclusion in self._all_exclusions():
            exclusion.note_calendar(today)
            if exclusion.pending_events:
                try:
                    self.save(exclusion)
                    changed += 1
                except Conflict:
                    pass  # changed meanwhile by a command; the next run looks again
        return changed + self.reconsider_ior_numbers()

    # Helpers.

    def _exclusion(self, exclusion_id: UUID) -> Exclusion:
        return self.get_aggregate(Exclusion, exclusion_id, "exclusion")

    def _all_exclusions(self, as_of: datetime | None = None) -> Iterator[Exclusion]:
        for exclusion_id in self.index.exclusions():
            try:
                yield self.get_aggregate(Exclusion, exclusion_id, "exclusion", as_of)
            except NotFound:
                continue  # recorded after as_of

    def _ior_parties(self) -> list[UUID]:
        applied = [get_topic(IorRecord.Applied)]
        parties = []
        after = 0
        while page := self.recorder.select_notifications(
            start=after, limit=1000, topics=applied, inclusive_of_start=False
        ):
            for notification in page:
                record = self.get_aggregate(
                    IorRecord, UUID(str(notification.originator_id)), "IOR record"
                )
                parties.append(record.party_id)
            after = page[-1].id
        return parties

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

    @staticmethod
    def _uuid(text: str, field: str) -> UUID:
        try:
            return UUID(text)
        except ValueError:
            raise InvalidArgument(field, f"{text!r} is not a UUID") from None
