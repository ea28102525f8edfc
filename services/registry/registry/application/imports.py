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
    EXCLUSION_UPDATED = "exclusion_updated"
    PARTY_REVISED = "party_revised"
    UNCHANGED = "unchanged"


@dataclass
class ImportReport:
    imported: int = 0
    exclusions_updated: int = 0
    parties_revised: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def count(self, outcome: ImportOutcome) -> None:
        if outcome is ImportOutcome.IMPORTED:
            self.imported += 1
        elif outcome is ImportOutcome.EXCLUSION_UPDATED:
            self.exclusions_updated += 1
        elif outcome is ImportOutcome.PARTY_REVISED:
            self.parties_revised += 1
        else:
            self.unchanged += 1

    def merge(self, other: "ImportReport") -> None:
        self.imported += other.imported
        self.exclusions_updated += other.exclusions_updated
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
        parties: list[Party | Exclusion] = [p for p in self.parties.values() if p.pending_events]
        return parties + [e for e in self.exclusions.values() if e.pending_events]


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
        self._save_batch(batch)
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
                self._save_batch(batch)
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
        exclusion = batch.exclusions.get(exclusion_id) or self._stored(exclusion_id)
        if exclusion is None:
            today = self.clock()
            exclusion = Exclusion.impose(
                party_id, exclusion_type, action, imported_by, today, imported=True
            )
            exclusion.note_calendar(today)
            batch.exclusions[exclusion_id] = exclusion
            return ImportOutcome.IMPORTED
        if exclusion.update_from_source(action, imported_by, self.clock()):
            batch.exclusions[exclusion_id] = exclusion
            return ImportOutcome.EXCLUSION_UPDATED
        return ImportOutcome.PARTY_REVISED if party_changed else ImportOutcome.UNCHANGED

    def _stored(self, exclusion_id: UUID) -> Exclusion | None:
        try:
            return self.get_aggregate(Exclusion, exclusion_id, "exclusion")
        except NotFound:
            return None

    def _save_batch(self, batch: "ImportBatch") -> None:
        """Saves the batch in one transaction, then (separately, as commands do) decides
        again on the IOR numbers of parties a trade-related record may bar."""
        self.save(*batch.aggregates())
        barring = [e for e in batch.exclusions.values() if e.action.trade_related]
        if barring:
            self.reconsider_ior_numbers({e.party_id for e in barring})

    def exclusions_for_export(self) -> list[tuple[PartyDetails, ExclusionRecord]]:
        """Every exclusion in force today, with its party, for SAM's v4 extract."""
        return [(self.get_party(record.party_id), record) for record in self.list_exclusions()]
