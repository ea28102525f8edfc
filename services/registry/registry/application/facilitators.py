"""Facilitators (EO 13904 §3) and the §3(b) measures against them."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID, uuid4

from registry.application.base import RegistryBase
from registry.domain.facilitator import (
    Facilitator,
    FacilitatorKind,
    Licence,
    Measure,
    MeasureKind,
    ProposedMeasure,
    check_facilitator,
)
from registry.domain.party import Party


@dataclass(frozen=True)
class FacilitatorView:
    facilitator_id: UUID
    kind: FacilitatorKind
    name: str
    licences: tuple[Licence, ...]
    party_id: UUID | None
    # Every measure ever taken, by id; `in_force` on the date asked about.
    measures: dict[str, Measure]
    in_force: tuple[str, ...]
    proposed: dict[str, ProposedMeasure]


class FacilitatorUseCases(RegistryBase):
    def register_facilitator(
        self,
        kind: FacilitatorKind,
        name: str,
        licences: tuple[Licence, ...],
        party_id: UUID | None,
        registered_by: str,
    ) -> UUID:
        check_facilitator(name, licences)
        if party_id is not None:
            self.get_aggregate(Party, party_id, "party")
        facilitator = Facilitator(kind, name.strip(), licences, party_id, registered_by)
        self.save(facilitator)
        return facilitator.id

    def impose_facilitator_measure(
        self,
        facilitator_id: UUID,
        kind: MeasureKind,
        reason: str,
        basis_refs: tuple[str, ...],
        imposed_by: str,
        on: date | None = None,
    ) -> str:
        facilitator = self.get_aggregate(Facilitator, facilitator_id, "facilitator")
        measure_id = str(uuid4())
        measure = Measure(kind, reason.strip(), on or self.clock(), basis_refs)
        facilitator.impose_measure(measure_id, measure, imposed_by)
        self.save(facilitator)
        return measure_id

    def lift_facilitator_measure(
        self, facilitator_id: UUID, measure_id: str, reason: str, lifted_by: str
    ) -> None:
        facilitator = self.get_aggregate(Facilitator, facilitator_id, "facilitator")
        facilitator.lift_measure(measure_id, self.clock(), reason, lifted_by)
        self.save(facilitator)

    def facilitator_status(
        self, facilitator_id: UUID, as_of: datetime | None = None
    ) -> FacilitatorView:
        facilitator = self.get_aggregate(Facilitator, facilitator_id, "facilitator", as_of)
        on = as_of.date() if as_of else self.clock()
        return FacilitatorView(
            facilitator_id=facilitator.id,
            kind=facilitator.kind,
            name=facilitator.name,
            licences=facilitator.licences,
            party_id=facilitator.party_id,
            measures=dict(facilitator.measures),
            in_force=tuple(sorted(facilitator.measures_in_force(on))),
            proposed=dict(facilitator.proposed),
        )
