"""A party registered with CBP: its particulars and who registered it."""

from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.party import PartyDetails

PARTY_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/registry/party")


def party_id_for(source_ref: str) -> UUID:
    """A party registered from a source record always gets the same id (idempotent imports)."""
    return uuid5(PARTY_NAMESPACE, source_ref)


class Party(Aggregate):
    class Registered(Aggregate.Created):
        details: PartyDetails
        registered_by: str

    @event(Registered)
    def __init__(self, details: PartyDetails, registered_by: str) -> None:
        self.details = details
        self.registered_by = registered_by

    class Revised(Aggregate.Event):
        details: PartyDetails
        revised_by: str

    @staticmethod
    def create_id(details: PartyDetails, registered_by: str) -> UUID:
        return party_id_for(details.source_ref) if details.source_ref else uuid4()

    def revise(self, details: PartyDetails, revised_by: str) -> None:
        """New particulars replace the old; the old stay in the history."""
        if details != self.details:
            self._revised(details, revised_by)

    @event(Revised)
    def _revised(self, details: PartyDetails, revised_by: str) -> None:
        self.details = details
