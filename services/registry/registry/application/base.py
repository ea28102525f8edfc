"""What every part of the registry application shares: the store, the clock, the index."""

from collections.abc import Callable, Iterable, Set
from datetime import date
from uuid import UUID

from portcullis_kit.clock import today_utc
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.party import Address, Identifier, PartyDetails, Principal
from registry.application.exclusion_index import ExclusionIndex
from registry.domain.exclusion import Exclusion, ExclusionAction, SamFacts
from registry.domain.facilitator import Licence, Measure, ProposedMeasure
from registry.domain.ior import IorApplicationForm
from registry.domain.party import PartyLink


class RegistryBase(StoreApplication):
    """One store for the whole registry; the use cases are split by subject into the
    classes that derive from this one and meet again in RegistryApplication."""

    name = "registry"
    value_objects = (
        PartyDetails,
        Address,
        Identifier,
        ExclusionAction,
        SamFacts,
        IorApplicationForm,
        Licence,
        Measure,
        ProposedMeasure,
        PartyLink,
        Principal,
    )

    def __init__(
        self,
        env: dict[str, str],
        countries: Set[str],
        clock: Callable[[], date] = today_utc,
    ) -> None:
        super().__init__(env)
        self.countries = countries
        # Every rule that depends on the date asks this, so tests can move time.
        self.clock = clock
        self.index = ExclusionIndex(self.recorder, self.mapper)

    def reconsider_ior_numbers(self, party_ids: Iterable[UUID] | None = None) -> int:
        """Overridden by the IOR use cases; exclusions call it when they change."""
        raise NotImplementedError

    def _exclusion(self, exclusion_id: UUID) -> Exclusion:
        return self.get_aggregate(Exclusion, exclusion_id, "exclusion")

    @staticmethod
    def _uuid(text: str, field: str) -> UUID:
        try:
            return UUID(text)
        except ValueError:
            raise InvalidArgument(field, f"{text!r} is not a UUID") from None
