"""Periodic reports: what goes in (sensitive seizures only once lifted, in the next report,
never an old one), that a published report never changes and a correction is a new
version linked to it, and that no individual is named anywhere."""

import json
from datetime import date

import pytest

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from portcullis_kit.reference import country_codes, priority_trade_issues
from publication.application.publication_app import PublicationApplication
from publication.application.reports import report_csv
from publication.domain.seizure import (
    Environment,
    PartyKind,
    SeizedParty,
    SeizureLine,
    ViolationCategory,
)

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
PERSON = "Zhang Wei Individual"


class Clock:
    today = date(2026, 10, 15)

    def __call__(self) -> date:
        return self.today


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(clock: Clock) -> PublicationApplication:
    return PublicationApplication(
        MEMORY, country_codes(), frozenset(priority_trade_issues()), clock=clock
    )


def seize(
    app: PublicationApplication,
    on: date,
    org: str,
    category: ViolationCategory = ViolationCategory.INTELLECTUAL_PROPERTY,
    sensitive: bool = False,
    person: bool = False,
) -> None:
    parties: tuple[SeizedParty, ...] = (SeizedParty(PartyKind.ORGANIZATION, org),)
    if person:
        parties += (SeizedParty(PartyKind.INDIVIDUAL, PERSON),)
    line = SeizureLine("handbags", 10, "USD", 250_000, category, "PTI-4")
    app.record_seizure(on, Environment.EXPRESS, "CN", (line,), sensitive, "officer", "DHL", parties)


def published(app: PublicationApplication, period: str) -> dict:  # type: ignore[type-arg]
    report = app.draft_report(period, "analyst")
    app.review_report(report.id, "supervisor", "checked")
    app.publish_report(report.id, "supervisor")
    return json.loads(report.content)  # type: ignore[no-any-return]


def test_a_sensitive_seizure_stays_out_until_lifted_then_appears_in_the_next_report(
    app: PublicationApplication, clock: Clock
) -> None:
    for n in range(4):
        seize(app, date(2026, 8, 1 + n), f"Org {n}")
    seize(app, date(2026, 8, 20), "Secret Org", sensitive=True)
    q3 = published(app, "2026Q3")
    assert q3["seizures"] == 4
    secret_id = app.seizure_ids[-1]
    clock.today = date(2026, 11, 2)
    app.lift_sensitivity(secret_id, "investigation closed", "sdo")
    clock.today = date(2027, 1, 4)  # Q4 has ended
    q4 = published(app, "2026Q4")
    assert q4["seizures"] == 1  # lifted in Q4: reported in Q4
    # The Q3 report, published before, is as it was.
    [q3_again] = app.report_versions("2026Q3")
    assert json.loads(q3_again.content)["seizures"] == 4


def test_a_correction_is_a_new_version_naming_the_one_it_replaces(
    app: PublicationApplication,
) -> None:
    seize(app, date(2026, 8, 1), "Org A")
    first = published(app, "2026Q3")
    seize(app, date(2026, 8, 2), "Org B")  # recorded late
    correction = app.correct_report("2026Q3", "a seizure recorded after publication", "analyst")
    original, second = app.report_versions("2026Q3")
    assert json.loads(original.content) == first
    assert (second.report_version, second.corrects) == (2, str(original.id))
    assert json.loads(correction.content)["corrects"]["reason"].startswith("a seizure recorded")
    assert json.loads(correction.content)["seizures"] == 2
    with pytest.raises(FailedPrecondition, match="still a draft"):
        app.correct_report("2026Q3", "again", "analyst")


def test_a_report_is_reviewed_by_another_before_it_is_published(
    app: PublicationApplication,
) -> None:
    seize(app, date(2026, 8, 1), "Org A")
    report = app.draft_report("2026Q3", "analyst")
    with pytest.raises(FailedPrecondition, match="reviewed before"):
        app.publish_report(report.id, "analyst")
    with pytest.raises(FailedPrecondition, match="someone other"):
        app.review_report(report.id, "analyst", "self-review")
    with pytest.raises(FailedPrecondition, match="has a report"):
        app.draft_report("2026Q3", "analyst")


def test_one_offenders_cell_is_suppressed_and_no_individual_is_named(
    app: PublicationApplication,
) -> None:
    for n in range(5):
        seize(app, date(2026, 8, 1 + n), f"Org {n}", person=True)
    seize(app, date(2026, 9, 1), "Lone Drug Org", ViolationCategory.ILLEGAL_DRUGS, person=True)
    seize(app, date(2026, 9, 2), "Lone Drug Org", ViolationCategory.ILLEGAL_DRUGS)
    content = published(app, "2026Q3")
    table = content["tables"][0]
    [drugs] = [c for c in table["cells"] if (c["row"], c["column"]) == ("illegal_drugs", "express")]
    assert drugs["suppressed"] == "fewer than 3 contributors"
    assert drugs["msrp_usd"] is None
    # Repeat offenders: organisations, posts and carriers, by rank and name only.
    assert {o["name"] for o in content["repeat_offenders"]} >= {"Lone Drug Org", "DHL"}
    assert set(content["repeat_offenders"][0]) == {"rank", "kind", "name"}
    [report] = app.report_versions("2026Q3")
    for output in (report.content, report_csv(report.content)):
        assert PERSON not in output
        assert "zhang" not in output.casefold()


def test_a_period_is_reported_once_it_has_ended_and_named_one_way(
    app: PublicationApplication,
) -> None:
    with pytest.raises(FailedPrecondition, match="has not ended"):
        app.draft_report("2026Q4", "analyst")
    with pytest.raises(InvalidArgument, match=r"^period"):
        app.draft_report("\uff12\uff10\uff12\uff16Q3", "analyst")  # full-width digits
    with pytest.raises(InvalidArgument, match=r"^period"):
        app.draft_report("0000Q1", "analyst")


def test_reports_are_of_the_one_kind_the_settings_name(clock: Clock) -> None:
    """A month's report beside its quarter's would let anyone subtract the two."""
    quarterly = PublicationApplication(MEMORY, country_codes(), clock=clock)
    monthly = PublicationApplication(MEMORY, country_codes(), clock=clock, report_period="monthly")
    with pytest.raises(InvalidArgument, match="period: 2026-08 is monthly"):
        quarterly.draft_report("2026-08", "analyst")
    with pytest.raises(InvalidArgument, match="period: 2026Q3 is quarterly"):
        monthly.draft_report("2026Q3", "analyst")
    assert monthly.draft_report("2026-08", "analyst").period == "2026-08"
