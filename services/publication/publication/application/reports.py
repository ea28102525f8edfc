"""Periodic seizure reports: drafted from the seizures as they stand, reviewed by a second
official, published, and corrected only by a new version (EO 13904 §6(a))."""

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID

from portcullis_kit.clock import today_utc
from portcullis_kit.errors import FailedPrecondition, InvalidArgument, NotFound
from portcullis_kit.eventstore import LogIndex, StoreApplication
from publication.domain.disclosure import DisclosureRules
from publication.domain.report import Period, Report, build_content, report_id
from publication.domain.seizure import Seizure


class ReportUseCases(StoreApplication):
    rules = DisclosureRules()
    clock: Callable[[], date] = staticmethod(today_utc)
    report_period = "quarterly"  # or "monthly": one kind only, from settings

    # The ids of what publication recorded, following its log (see PublicationApplication).
    log_index: LogIndex

    @property
    def seizure_ids(self) -> list[UUID]:
        return self.log_index.ids("Seizure.Recorded")

    @property
    def report_ids(self) -> list[UUID]:
        return self.log_index.ids("Report.Drafted")

    def lift_sensitivity(self, seizure_id: UUID, reason: str, lifted_by: str) -> None:
        seizure = self.get_aggregate(Seizure, seizure_id, "seizure")
        if seizure.lift_sensitivity(self.clock(), reason, lifted_by):
            self.save(seizure)

    def draft_report(self, period_text: str, drafted_by: str) -> Report:
        """The first version of a period's report, built from the seizures as they stand."""
        period = Period.parse(period_text)
        if period.kind != self.report_period:
            raise InvalidArgument(
                "period",
                f"{period.label} is {period.kind}; reports here are {self.report_period}"
                " (a month's report beside its quarter's would reveal hidden cells)",
            )
        if self.clock() <= period.last_day:
            # A seizure recorded or lifted later in the period would be in no report.
            raise FailedPrecondition(
                f"period: {period.label} has not ended (its last day is {period.last_day})"
            )
        if self._report(period.label, 1) is not None:
            raise FailedPrecondition(
                f"period: {period.label} has a report; correct it with a new version"
            )
        report = self._build(period, 1, drafted_by, "", "")
        self.save(report)
        return report

    def correct_report(self, period_text: str, reason: str, drafted_by: str) -> Report:
        """A new version of a published report, built again, naming the one it replaces."""
        period = Period.parse(period_text)
        latest = self._latest(period.label)
        if latest is None:
            raise NotFound("report of period", period.label)
        if latest.stage != "published":
            raise FailedPrecondition(
                f"period: version {latest.report_version} is still a {latest.stage};"
                " finish it first"
            )
        if not reason.strip():
            raise InvalidArgument("reason", "a correction says what it corrects and why")
        report = self._build(period, latest.report_version + 1, drafted_by, str(latest.id), reason)
        self.save(report)
        return report

    def review_report(self, report_id_: UUID, reviewed_by: str, note: str) -> Report:
        report = self.get_report(report_id_)
        report.review(reviewed_by, note)
        self.save(report)
        return report

    def publish_report(self, report_id_: UUID, published_by: str) -> Report:
        report = self.get_report(report_id_)
        report.publish(published_by, self.clock())
        self.save(report)
        return report

    def get_report(self, report_id_: UUID) -> Report:
        return self.get_aggregate(Report, report_id_, "report")

    def all_reports(self) -> list[Report]:
        return [self.get_report(i) for i in self.report_ids]

    def report_versions(self, period_text: str) -> list[Report]:
        period = Period.parse(period_text)
        versions, version = [], 1
        while (report := self._report(period.label, version)) is not None:
            versions.append(report)
            version += 1
        return versions

    def _build(
        self, period: Period, version: int, drafted_by: str, corrects: str, reason: str
    ) -> Report:
        self.log_index.follow()  # seizures another replica recorded
        seizures = (self.get_aggregate(Seizure, i, "seizure") for i in self.seizure_ids)
        content = build_content(period, seizures, self.rules, datetime.now(UTC))
        content["version"] = version
        if corrects:
            content["corrects"] = {"report_id": corrects, "reason": reason}
        text = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return Report(period.label, version, text, drafted_by, corrects, reason)

    def _report(self, period: str, version: int) -> Report | None:
        return self.find_aggregate(Report, report_id(period, version))

    def _latest(self, period: str) -> Report | None:
        latest, version = None, 1
        while (report := self._report(period, version)) is not None:
            latest, version = report, version + 1
        return latest


def report_csv(content: str) -> str:
    """Every table's cells, one a line (a suppressed cell's figures empty), then the repeat
    offenders (their seizures touching a priority trade issue, and retail value)."""
    report = json.loads(content)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "period",
            "version",
            "table",
            "row",
            "column",
            "seizures",
            "lines",
            "quantity",
            "msrp_usd",
            "suppressed",
        ]
    )
    for table in report["tables"]:
        for cell in table["cells"]:
            figures = ("seizures", "lines", "quantity", "msrp_usd")
            writer.writerow(
                [
                    report["period"],
                    report["version"],
                    table["title"],
                    cell["row"],
                    cell["column"],
                    *("" if cell[k] is None else cell[k] for k in figures),
                    cell["suppressed"],
                ]
            )
    for offender in report["repeat_offenders"]:
        # Rank and name only: their figures are in the tables, under disclosure control.
        writer.writerow(
            [
                report["period"],
                report["version"],
                "Repeat offenders in priority trade issues (rank)",
                offender["name"],
                offender["kind"],
                offender["rank"],
                "",
                "",
                "",
                "",
            ]
        )
    return out.getvalue()
