"""Periodic seizure reports (EO 13904 §6(a), §5(e)): what is built from the seizures, and
its life: drafted, reviewed, published; a published report never changes, and a correction
is a new version naming the one it replaces and why.

A report for a period counts the seizures that became reportable in it: seized in it, or
seized earlier and kept out while an investigation was open, until the day it was lifted.
So a sensitive seizure appears in the first report built after it is lifted, and never
in an old one.
"""

import calendar
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from publication.domain.disclosure import (
    GRAND_TOTALS,
    Contribution,
    DisclosureRules,
    Table,
    build_table,
)
from publication.domain.seizure import PartyKind, Seizure, normalised_name

REPORT_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/publication/report")
_QUARTER = re.compile(r"^([0-9]{4})Q([1-4])$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
# Seizures in a period touching a priority trade issue that make a repeat offender.
REPEATED = 2


@dataclass(frozen=True)
class Period:
    label: str
    first_day: date
    last_day: date

    @classmethod
    def parse(cls, text: str) -> "Period":
        label = text.strip().upper()
        if found := _QUARTER.match(label):
            year, quarter = int(found.group(1)), int(found.group(2))
            if year < 1900:
                raise InvalidArgument("period", f"{text!r}: no seizures are kept from before 1900")
            first = date(year, 3 * quarter - 2, 1)
            last_month = 3 * quarter
        elif found := _MONTH.match(label):
            year, month = int(found.group(1)), int(found.group(2))
            if not 1 <= month <= 12 or year < 1900:
                raise InvalidArgument("period", f"{text!r} has no month {month}")
            first, last_month = date(year, month, 1), month
        else:
            raise InvalidArgument(
                "period", f"{text!r} is neither a quarter (2026Q3) nor a month (2026-07)"
            )
        if year < 1900:
            raise InvalidArgument("period", f"{text!r}: no seizures are kept from before 1900")
        last = date(year, last_month, calendar.monthrange(year, last_month)[1])
        return cls(label, first, last)

    @property
    def kind(self) -> str:
        return "quarterly" if "Q" in self.label else "monthly"

    def holds(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def report_id(period: str, version: int) -> UUID:
    return uuid5(REPORT_NAMESPACE, f"{period}/v{version}")


def build_content(
    period: Period, seizures: Iterable[Seizure], rules: DisclosureRules, built_at: datetime
) -> dict[str, Any]:
    """The report's tables and rankings, as published (JSON-ready): no individual is named,
    and every table is under disclosure control."""
    included = [s for s in seizures if (on := s.reportable_on) is not None and period.holds(on)]
    # Each seizure's id and contributor once, not once a line and table.
    lines = [(str(s.id), s.contributor(), s, line) for s in included for line in s.lines]

    def contributions(row: Any, column: Any = lambda s, line: "") -> list[Contribution]:
        return [
            Contribution(
                seizure_id,
                contributor,
                row(s, line),
                column(s, line),
                line.quantity,
                line.msrp_minor_units if line.msrp_currency == "USD" else 0,
            )
            for seizure_id, contributor, s, line in lines
        ]

    tables = [
        build_table(
            "Seizures by violation category and environment",
            contributions(lambda s, line: line.category.value, lambda s, line: s.environment.value),
            True,
            rules,
        ),
        build_table(
            "Seizures by country of origin",
            contributions(lambda s, line: s.origin_country),
            False,
            rules,
        ),
        build_table(
            "Seizures by priority trade issue (19 U.S.C. 4322)",
            contributions(lambda s, line: line.priority_trade_issue or "none"),
            False,
            rules,
        ),
        build_table(
            "Seizures by international post or carrier",
            contributions(lambda s, line: s.post_or_carrier or "not recorded"),
            False,
            rules,
        ),
    ]
    # The report's totals are the tables' grand total: hidden when it is.
    grand_total_hidden = any(p in t.suppressed for t in tables for p in GRAND_TOTALS)
    return {
        "period": period.label,
        "first_day": period.first_day.isoformat(),
        "last_day": period.last_day.isoformat(),
        "built_at": built_at.isoformat(),
        "rules": {
            "min_contributors": rules.min_contributors,
            "dominance_contributors": rules.dominance_contributors,
            "dominance_percent": rules.dominance_percent,
        },
        "seizures": None if grand_total_hidden else len(included),
        "lines": None if grand_total_hidden else len(lines),
        "msrp_note": "retail values are of lines priced in USD",
        "repeat_offenders": repeat_offenders(included),
        "tables": [table_content(t) for t in tables],
    }


def repeat_offenders(seizures: list[Seizure]) -> list[dict[str, Any]]:
    """Organisations, posts and carriers with repeated seizures touching a priority trade
    issue, ranked by how many (then by retail value). Only their rank and name are
    published: their figures could undo the tables' disclosure control. Individuals are
    never named."""
    counts: Counter[tuple[str, str]] = Counter()
    values: defaultdict[tuple[str, str], int] = defaultdict(int)
    written: dict[tuple[str, str], str] = {}
    for seizure in seizures:
        touching = [line for line in seizure.lines if line.priority_trade_issue]
        if not touching:
            continue
        value = sum(line.msrp_minor_units for line in touching if line.msrp_currency == "USD")
        named = {
            ("organization", p.name) for p in seizure.parties if p.kind == PartyKind.ORGANIZATION
        }
        if seizure.post_or_carrier:
            named.add(("post or carrier", seizure.post_or_carrier))
        for kind, name in named:
            key = (kind, normalised_name(name))
            written.setdefault(key, name)
            counts[key] += 1
            values[key] += value
    ranked = [key for key, n in counts.items() if n >= REPEATED]
    ranked.sort(key=lambda k: (-counts[k], -values[k], k))
    return [
        {"rank": rank, "kind": key[0], "name": written[key]}
        for rank, key in enumerate(ranked, start=1)
    ]


def table_content(table: Table) -> dict[str, Any]:
    cells = []
    for (row, column), cell in table.cells.items():
        reason = table.suppressed.get((row, column))
        cells.append(
            {
                "row": row,
                "column": column,
                "suppressed": reason or "",
                "seizures": None if reason else len(cell.seizures),
                "lines": None if reason else cell.lines,
                "quantity": None if reason else cell.quantity,
                "msrp_usd": None if reason else cell.msrp_cents / 100,
            }
        )
    return {"title": table.title, "rows": table.rows, "columns": table.columns, "cells": cells}


class ReportStage:
    DRAFT = "draft"
    REVIEWED = "reviewed"
    PUBLISHED = "published"


class Report(Aggregate):
    """One version of a period's report."""

    class Drafted(Aggregate.Created):
        period: str
        report_version: int
        content: str  # the JSON as built: frozen from here on
        drafted_by: str
        corrects: str
        correction_reason: str

    class Reviewed(Aggregate.Event):
        reviewed_by: str
        note: str

    class Published(Aggregate.Event):
        published_by: str
        published_on: date

    @staticmethod
    def create_id(
        period: str,
        report_version: int,
        content: str,
        drafted_by: str,
        corrects: str,
        correction_reason: str,
    ) -> UUID:
        return report_id(period, report_version)

    @event(Drafted)
    def __init__(
        self,
        period: str,
        report_version: int,
        content: str,
        drafted_by: str,
        corrects: str,
        correction_reason: str,
    ) -> None:
        self.period = period
        # The report's own version (1, then a correction 2...), not the aggregate's.
        self.report_version = report_version
        self.content = content
        self.drafted_by = drafted_by
        self.corrects = corrects
        self.correction_reason = correction_reason
        self.stage = ReportStage.DRAFT
        self.reviewed_by = ""
        self.published_on: date | None = None

    def review(self, reviewed_by: str, note: str) -> None:
        if self.stage != ReportStage.DRAFT:
            raise FailedPrecondition(f"report is {self.stage}: only a draft is reviewed")
        if reviewed_by == self.drafted_by:
            raise FailedPrecondition("a report is reviewed by someone other than who drafted it")
        self._reviewed(reviewed_by, note)

    @event(Reviewed)
    def _reviewed(self, reviewed_by: str, note: str) -> None:
        self.stage = ReportStage.REVIEWED
        self.reviewed_by = reviewed_by

    def publish(self, published_by: str, on: date) -> None:
        if self.stage == ReportStage.PUBLISHED:
            return
        if self.stage != ReportStage.REVIEWED:
            raise FailedPrecondition("report is a draft: it is reviewed before it is published")
        self._published(published_by, on)

    @event(Published)
    def _published(self, published_by: str, published_on: date) -> None:
        self.stage = ReportStage.PUBLISHED
        self.published_on = published_on
