"""SAM interchange: importing records kept elsewhere, idempotently, and exporting ours."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from portcullis_kit.errors import InvalidArgument, NotFound, PortcullisError
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
