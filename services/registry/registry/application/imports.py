"""SAM interchange: importing records kept elsewhere, idempotently, and exporting ours."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from portcullis_kit.errors import Conflict, InvalidArgument, NotFound, PortcullisError
from portcullis_kit.party import PartyDetails, check_party
from registry.application.exclusions import ExclusionRecord, ExclusionUseCases
from registry.application.parties import PartyUseCases
from registry.domain.exclusion import (
    Exclusion,
    ExclusionAction,
    ExclusionType,
    imported_exclusion_id,
)
from registry.domain.party import Party, party_id_for


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


# Records imported in one transaction: a commit per record would cost most of the time.
IMPORT_BATCH = 200


@dataclass
class ImportBatch:
    """What a batch of records changes, so a party named twice is changed once."""

    parties: dict[UUID, Party] = field(default_factory=dict)
    exclusions: dict[UUID, Exclusion] = field(default_factory=dict)

    def aggregates(self) -> list[Party | Exclusion]:
        changed: list[Party | Exclusion] = [p for p in self.parties.values() if p.pending_events]
        return changed + list(self.exclusions.values())


class ImportUseCases(ExclusionUseCases, PartyUseCases):
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
        batch = ImportBatch()
        outcome = self._prepare_import(batch, details, exclusion_type, action, imported_by)
        self.save(*batch.aggregates())
        return outcome

    def import_records(
        self,
        records: Iterable[tuple[int, PartyDetails, ExclusionType, ExclusionAction]],
        imported_by: str,
    ) -> ImportReport:
        """Imports records (row, particulars, type, action), up to IMPORT_BATCH of them in
        one transaction; a bad one is reported with its row and does not stop the others.
        If a batch meets a concurrent change, its records are imported one by one."""
        report = ImportReport()
        items = list(records)
        for start in range(0, len(items), IMPORT_BATCH):
            chunk = items[start : start + IMPORT_BATCH]
            batch, outcomes = ImportBatch(), ImportReport()
            for row, details, exclusion_type, action in chunk:
                try:
                    outcomes.count(
                        self._prepare_import(batch, details, exclusion_type, action, imported_by)
                    )
                except PortcullisError as error:
                    outcomes.errors.append((row, str(error)))
            try:
                self.save(*batch.aggregates())
            except Conflict:
                report.merge(self._import_one_by_one(chunk, imported_by))
                continue
            report.merge(outcomes)
        return report

    def _import_one_by_one(
        self,
        records: Iterable[tuple[int, PartyDetails, ExclusionType, ExclusionAction]],
        imported_by: str,
    ) -> ImportReport:
        report = ImportReport()
        for row, details, exclusion_type, action in records:
            try:
                report.count(self.import_exclusion(details, exclusion_type, action, imported_by))
            except PortcullisError as error:
                report.errors.append((row, str(error)))
        return report

    def _prepare_import(
        self,
        batch: "ImportBatch",
        details: PartyDetails,
        exclusion_type: ExclusionType,
        action: ExclusionAction,
        imported_by: str,
    ) -> ImportOutcome:
        """Adds to `batch` what one record changes, and says what that is."""
        if not details.source_ref:
            raise InvalidArgument("party.source_ref", "an imported record needs its source id")
        if not action.cause.strip():
            raise InvalidArgument("exclusion.cause", "must not be empty")
        start, end = action.effective_date, action.end_date
        if start is not None and end is not None and end < start:
            raise InvalidArgument("exclusion.end_date", "must not be before the effective date")
        check_party(details, self.countries)
        party_id = party_id_for(details.source_ref)
        party = batch.parties.get(party_id)
        if party is None:
            try:
                party = self.get_aggregate(Party, party_id, "party")
            except NotFound:
                party = Party(details, imported_by)
            batch.parties[party_id] = party
        changes_before = len(party.pending_events)
        party.revise(party.details.merged_with(details), imported_by)
        party_changed = len(party.pending_events) > changes_before
        exclusion_id = imported_exclusion_id(party_id, exclusion_type, action)
        if exclusion_id in batch.exclusions or self._exists(exclusion_id):
            return ImportOutcome.PARTY_REVISED if party_changed else ImportOutcome.UNCHANGED
        exclusion = Exclusion(party_id, exclusion_type, action, imported_by, imported=True)
        exclusion.note_calendar(self.clock())
        batch.exclusions[exclusion_id] = exclusion
        return ImportOutcome.IMPORTED

    def _exists(self, exclusion_id: UUID) -> bool:
        try:
            self.get_aggregate(Exclusion, exclusion_id, "exclusion")
        except NotFound:
            return False
        return True

    def exclusions_for_export(self) -> list[tuple[PartyDetails, ExclusionRecord]]:
        """Every exclusion in force today, with its party, for SAM's v4 extract."""
        return [(self.get_party(record.party_id), record) for record in self.list_exclusions()]
