"""Facilitators (EO 13904 §3) and the measures CBP takes against them (§3(b)).

Express consignment operators, carriers, hub facilities, customs brokers and e-commerce
platforms must stop facilitating the business of persons who may not hold an IOR number.
One that does not may have its trusted-trader participation limited, its operating
privileges restricted, or (a customs broker) its licence suspended or revoked.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument


class FacilitatorKind(StrEnum):
    EXPRESS_CONSIGNMENT_OPERATOR = "express_consignment_operator"
    CARRIER = "carrier"
    HUB_FACILITY = "hub_facility"
    CUSTOMS_BROKER = "customs_broker"
    ECOMMERCE_PLATFORM = "ecommerce_platform"


class MeasureKind(StrEnum):
    TRUSTED_TRADER_LIMITED = "trusted_trader_limited"
    OPERATING_PRIVILEGES_RESTRICTED = "operating_privileges_restricted"
    BROKER_LICENCE_SUSPENDED = "broker_licence_suspended"
    BROKER_LICENCE_REVOKED = "broker_licence_revoked"


BROKER_MEASURES = frozenset(
    {MeasureKind.BROKER_LICENCE_SUSPENDED, MeasureKind.BROKER_LICENCE_REVOKED}
)


@dataclass(frozen=True)
class Licence:
    """A licence, permit or filer code: a broker's licence, a bonded facility's permit..."""

    kind: str
    number: str


@dataclass(frozen=True)
class Measure:
    kind: MeasureKind
    reason: str
    imposed_on: date
    # What it rests on: a screening finding, a case number.
    basis_refs: tuple[str, ...] = ()
    lifted_on: date | None = None
    lift_reason: str = ""

    def is_in_force(self, on: date) -> bool:
        return self.imposed_on <= on and (self.lifted_on is None or on < self.lifted_on)


@dataclass(frozen=True)
class ProposedMeasure:
    """A measure proposed on a finding, for an official to take or leave."""

    kind: MeasureKind
    reason: str
    proposed_on: date
    basis_refs: tuple[str, ...]
    proposed_by: str


def check_facilitator(name: str, licences: tuple[Licence, ...]) -> None:
    if not name.strip():
        raise InvalidArgument("name", "must not be empty")
    for i, licence in enumerate(licences):
        if not licence.kind.strip() or not licence.number.strip():
            raise InvalidArgument(f"licences[{i}]", "needs a kind and a number")


class Facilitator(Aggregate):
    class Registered(Aggregate.Created):
        kind: FacilitatorKind
        name: str
        licences: tuple[Licence, ...]
        party_id: UUID | None
        registered_by: str

    class MeasureImposed(Aggregate.Event):
        measure_id: str
        measure: Measure
        imposed_by: str

    class MeasureProposed(Aggregate.Event):
        proposal_id: str
        proposal: ProposedMeasure

    class MeasureLifted(Aggregate.Event):
        measure_id: str
        on: date
        reason: str
        lifted_by: str

    @event(Registered)
    def __init__(
        self,
        kind: FacilitatorKind,
        name: str,
        licences: tuple[Licence, ...],
        party_id: UUID | None,
        registered_by: str,
    ) -> None:
        self.kind = FacilitatorKind(kind)
        self.name = name
        self.licences = tuple(licences)
        self.party_id = party_id
        self.measures: dict[str, Measure] = {}
        self.proposed: dict[str, ProposedMeasure] = {}

    def impose_measure(self, measure_id: str, measure: Measure, imposed_by: str) -> None:
        if not measure.reason.strip():
            raise InvalidArgument("reason", "must say why")
        if measure.kind in BROKER_MEASURES and self.kind is not FacilitatorKind.CUSTOMS_BROKER:
            raise FailedPrecondition("only a customs broker's licence can be suspended or revoked")
        if self._revoked():
            raise FailedPrecondition("the broker's licence is revoked")
        self._measure_imposed(measure_id, measure, imposed_by)

    @event(MeasureImposed)
    def _measure_imposed(self, measure_id: str, measure: Measure, imposed_by: str) -> None:
        self.measures[measure_id] = measure

    def propose_measure(self, proposal_id: str, proposal: ProposedMeasure) -> None:
        """Notes a finding that calls for a §3(b) measure (screening's detection of
        facilitation after notice); the same finding twice is noted once."""
        if proposal_id not in self.proposed:
            self._measure_proposed(proposal_id, proposal)

    @event(MeasureProposed)
    def _measure_proposed(self, proposal_id: str, proposal: ProposedMeasure) -> None:
        self.proposed[proposal_id] = proposal

    def proposed_measure_kind(self) -> MeasureKind:
        """A customs broker's licence can be suspended; others' operating privileges
        restricted (EO §3(b)). The official decides; this is only the proposal."""
        if self.kind is FacilitatorKind.CUSTOMS_BROKER:
            return MeasureKind.BROKER_LICENCE_SUSPENDED
        return MeasureKind.OPERATING_PRIVILEGES_RESTRICTED

    def lift_measure(self, measure_id: str, on: date, reason: str, lifted_by: str) -> None:
        measure = self.measures.get(measure_id)
        if measure is None:
            raise InvalidArgument(
                "measure_id", f"{measure_id!r} is not a measure of this facilitator"
            )
        if measure.lifted_on is not None:
            raise FailedPrecondition(f"already lifted on {measure.lifted_on}")
        if measure.kind is MeasureKind.BROKER_LICENCE_REVOKED:
            raise FailedPrecondition("a revoked licence is not lifted; the broker must apply anew")
        if on < measure.imposed_on:
            raise InvalidArgument("lifted_date", "must not be before the measure was imposed")
        if not reason.strip():
            raise InvalidArgument("reason", "must say why")
        self._measure_lifted(measure_id, on, reason, lifted_by)

    @event(MeasureLifted)
    def _measure_lifted(self, measure_id: str, on: date, reason: str, lifted_by: str) -> None:
        measure = self.measures[measure_id]
        self.measures[measure_id] = Measure(
            measure.kind, measure.reason, measure.imposed_on, measure.basis_refs, on, reason
        )

    def measures_in_force(self, on: date) -> dict[str, Measure]:
        return {i: m for i, m in self.measures.items() if m.is_in_force(on)}

    def _revoked(self) -> bool:
        return any(m.kind is MeasureKind.BROKER_LICENCE_REVOKED for m in self.measures.values())
