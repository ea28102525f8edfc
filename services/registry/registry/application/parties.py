"""Parties: a person in the order's sense, registered and revised with its history."""

from datetime import datetime
from uuid import UUID

from portcullis_kit.errors import AlreadyExists, Conflict, InvalidArgument
from portcullis_kit.party import PartyDetails, check_party
from registry.application.base import RegistryBase
from registry.domain.party import LinkKind, Party, PartyLink


class PartyUseCases(RegistryBase):
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

    def link_parties(
        self, party_id: UUID, other_party_id: UUID, kind: LinkKind, detail: str, linked_by: str
    ) -> None:
        party = self.get_aggregate(Party, party_id, "party")
        self.get_aggregate(Party, other_party_id, "party")
        party.link(PartyLink(str(other_party_id), kind, detail.strip()), linked_by)
        self.save(party)

    def unlink_parties(
        self,
        party_id: UUID,
        other_party_id: UUID,
        kind: LinkKind,
        detail: str,
        reason: str,
        unlinked_by: str,
    ) -> None:
        party = self.get_aggregate(Party, party_id, "party")
        party.unlink(PartyLink(str(other_party_id), kind, detail.strip()), reason, unlinked_by)
        self.save(party)

    def party_links(self, party_id: UUID, as_of: datetime | None = None) -> tuple[PartyLink, ...]:
        return self.get_aggregate(Party, party_id, "party", as_of).links

    def get_party(self, party_id: UUID, as_of: datetime | None = None) -> PartyDetails:
        return self.get_aggregate(Party, party_id, "party", as_of).details
