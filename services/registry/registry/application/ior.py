"""Importer of record numbers (EO 13904 §2): applied for, decided, suspended, restored."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.utils import get_topic

from portcullis_kit.errors import AlreadyExists, Conflict, NotFound
from registry.application.base import RegistryBase
from registry.domain.exclusion import ExclusionType
from registry.domain.ior import (
    Bar,
    IorApplicationForm,
    IorRecord,
    IorStatus,
    check_ior_form,
    ior_record_id,
)
from registry.domain.party import Party


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


class IorUseCases(RegistryBase):
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
                try:
                    self.save(record)
                except Conflict:
                    continue  # decided meanwhile by another writer; the calendar looks again
                changed += 1
        return changed

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
