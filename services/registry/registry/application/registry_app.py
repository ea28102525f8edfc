"""The registry's use cases: register parties, impose and end exclusions.

Methods take and return identifiers and plain values; aggregates stay inside.
"""

from collections.abc import Set
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from portcullis_kit.errors import AlreadyExists, Conflict
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.party import Address, Identifier, PartyDetails, check_party
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


class RegistryApplication(StoreApplication):
    name = "registry"
    value_objects = (PartyDetails, Address, Identifier, ExclusionAction)

    def __init__(self, env: dict[str, str], countries: Set[str]) -> None:
        super().__init__(env)
        self.countries = countries

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

    def get_party(self, party_id: UUID) -> PartyDetails:
        return self._party(party_id).details

    def impose_exclusion(
        self,
        party_id: UUID,
        exclusion_type: ExclusionType,
        action: ExclusionAction,
        recorded_by: str,
    ) -> UUID:
        self._party(party_id)
        check_action(exclusion_type, action)
        exclusion = Exclusion(party_id, exclusion_type, action, recorded_by)
        self.save(exclusion)
        return exclusion.id

    def terminate_exclusion(
        self, exclusion_id: UUID, on: date, reason: str, terminated_by: str
    ) -> None:
        exclusion = self._exclusion(exclusion_id)
        exclusion.terminate(on, reason, terminated_by)
        self.save(exclusion)

    def get_exclusion(self, exclusion_id: UUID) -> ExclusionRecord:
        exclusion = self._exclusion(exclusion_id)
        return ExclusionRecord(
            exclusion_id=exclusion.id,
            party_id=exclusion.party_id,
            exclusion_type=exclusion.exclusion_type,
            action=exclusion.action,
            terminated_date=exclusion.terminated_date,
            termination_reason=exclusion.termination_reason,
        )

    def _party(self, party_id: UUID) -> Party:
        return self.get_aggregate(Party, party_id, "party")

    def _exclusion(self, exclusion_id: UUID) -> Exclusion:
        return self.get_aggregate(Exclusion, exclusion_id, "exclusion")
