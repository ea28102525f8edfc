"""Publication's use cases. Methods take and return identifiers and plain values."""

from collections.abc import Callable, Set
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from portcullis_kit.clock import today_utc
from portcullis_kit.eventstore import LogIndex
from publication.application.fee_reports import FeeReportUseCases
from publication.application.public_lists import PublicListUseCases
from publication.application.reports import ReportUseCases
from publication.application.witness import WitnessUseCases
from publication.domain.disclosure import DisclosureRules
from publication.domain.seizure import (
    Environment,
    SeizedParty,
    Seizure,
    SeizureLine,
    check_seizure,
    seizure_id_for,
)


@dataclass(frozen=True)
class SeizureRecord:
    seizure_id: UUID
    seized_date: date
    environment: Environment
    origin_country: str
    lines: tuple[SeizureLine, ...]
    sensitive: bool
    post_or_carrier: str = ""
    parties: tuple[SeizedParty, ...] = ()


class PublicationApplication(
    WitnessUseCases, ReportUseCases, FeeReportUseCases, PublicListUseCases
):
    name = "publication"
    value_objects = (SeizureLine, SeizedParty)

    def __init__(
        self,
        env: dict[str, str],
        countries: Set[str],
        priority_trade_issues: Set[str] = frozenset(),
        rules: DisclosureRules | None = None,
        clock: Callable[[], date] = today_utc,
        report_period: str = "quarterly",
    ) -> None:
        super().__init__(env)
        self.countries = countries
        self.priority_trade_issues = priority_trade_issues
        self.rules = rules or DisclosureRules()
        self.clock = clock
        self.report_period = report_period
        self.log_index = LogIndex(
            self,
            ("Seizure.Recorded", "Report.Drafted", "PublicListing.Listed", "PublicPost.Recorded"),
        )
        self.listeners.append(self.log_index.follow)
        self.log_index.follow()

    def record_seizure(
        self,
        seized_date: date,
        environment: Environment,
        origin_country: str,
        lines: tuple[SeizureLine, ...],
        sensitive: bool,
        recorded_by: str,
        post_or_carrier: str = "",
        parties: tuple[SeizedParty, ...] = (),
        source_ref: str = "",
    ) -> UUID:
        """Records a seizure; with a `source_ref`, recording it again returns the first."""
        check_seizure(origin_country, lines, self.countries, self.priority_trade_issues, parties)
        source_ref = source_ref.strip()
        seizure_id = seizure_id_for(source_ref) if source_ref else None
        if seizure_id is not None and self.find_aggregate(Seizure, seizure_id) is not None:
            return seizure_id
        seizure = Seizure(
            seized_date,
            environment,
            origin_country,
            lines,
            sensitive,
            recorded_by,
            post_or_carrier.strip().upper(),
            parties,
            source_ref,
            id=seizure_id,
        )
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
            post_or_carrier=seizure.post_or_carrier,
            parties=seizure.parties,
        )
