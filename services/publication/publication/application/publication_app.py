"""Publication's use cases. Methods take and return identifiers and plain values."""

from collections.abc import Set
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from publication.application.witness import WitnessUseCases
from publication.domain.seizure import Environment, Seizure, SeizureLine, check_seizure


@dataclass(frozen=True)
class SeizureRecord:
    seizure_id: UUID
    seized_date: date
    environment: Environment
    origin_country: str
    lines: tuple[SeizureLine, ...]
    sensitive: bool


class PublicationApplication(WitnessUseCases):
    name = "publication"
    value_objects = (SeizureLine,)

    def __init__(self, env: dict[str, str], countries: Set[str]) -> None:
        super().__init__(env)
        self.countries = countries

    def record_seizure(
        self,
        seized_date: date,
        environment: Environment,
        origin_country: str,
        lines: tuple[SeizureLine, ...],
        sensitive: bool,
        recorded_by: str,
    ) -> UUID:
        check_seizure(origin_country, lines, self.countries)
        seizure = Seizure(seized_date, environment, origin_country, lines, sensitive, recorded_by)
        self.save(seizure)
        return seizure.id

    def get_seizure(self, seizure_id: UUID) -> SeizureRecord:
        seizure = self.get_aggregate(Seizure, seizure_id, "seizure")
        return SeizureRecord(
            seizure_id=seizure.id,
            seized_date=seizure.seized_date,
            environment=seizure.environment,
            origin_country=seizure.origin_country,
            lines=seizure.lines,
            sensitive=seizure.sensitive,
        )
