from datetime import date
from uuid import UUID, uuid4

import pytest

from portcullis_kit.reference import country_codes
from screening.application.screening_app import ScreeningApplication
from screening.domain.matching import Decision
from screening.domain.watched_party import Listing
from tests.support import name_reader, organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 28)


def listing(effective: date = date(2026, 11, 2), end: date | None = date(2029, 11, 1)) -> Listing:
    return Listing("debarment", effective, end, trade_related=True)


@pytest.fixture
def app() -> ScreeningApplication:
    return ScreeningApplication(MEMORY, country_codes(), name_reader(), clock=lambda: TODAY)


def excluded_party(
    app: ScreeningApplication, name: str, listed: Listing | None = None
) -> tuple[UUID, UUID]:
    party_id, exclusion_id = uuid4(), uuid4()
    app.save(*app.party_registered(party_id, organisation(name, source_ref=f"SAM-{name}")))
    app.save(*app.exclusion_imposed(party_id, exclusion_id, listed or listing()))
    return party_id, exclusion_id


def test_exact_name_of_an_excluded_party_is_a_match_naming_the_exclusion(
    app: ScreeningApplication,
) -> None:
    party_id, exclusion_id = excluded_party(app, "Shenzhen Hongdark Electronics Co., Ltd.")
    result = app.screen(organisation("SHENZHEN HONGDARK ELECTRONICS CO LTD"))
    assert result.decision is Decision.MATCH
    [hit] = result.hits
    assert hit.party_id == party_id
    assert hit.exclusion_ids == (str(exclusion_id),)
    assert hit.evidence[0].listed_field == "name"


def test_a_party_that_is_registered_but_not_excluded_is_clear(app: ScreeningApplication) -> None:
    app.save(*app.party_registered(uuid4(), organisation("Honest Trading")))
    assert app.screen(organisation("Honest Trading")).decision is Decision.CLEAR


def test_an_exclusion_matches_through_its_end_date_and_not_after(
    app: ScreeningApplication,
) -> None:
    excluded_party(app, "Ends Today Co", listing(date(2020, 1, 1), end=TODAY))
    excluded_party(app, "Ended Yesterday Co", listing(date(2020, 1, 1), end=date(2026, 11, 27)))
    assert app.screen(organisation("Ends Today Co")).decision is Decision.MATCH
    assert app.screen(organisation("Ended Yesterday Co")).decision is Decision.CLEAR


def test_a_terminated_exclusion_no_longer_matches(app: ScreeningApplication) -> None:
    party_id, exclusion_id = excluded_party(app, "Hongdark")
    app.save(*app.exclusion_ended(party_id, exclusion_id, date(2026, 11, 20)))
    assert app.screen(organisation("Hongdark")).decision is Decision.CLEAR


def test_the_same_registry_event_twice_changes_nothing(app: ScreeningApplication) -> None:
    party_id, exclusion_id = excluded_party(app, "Hongdark")
    position = app.log_position()
    app.save(*app.party_registered(party_id, organisation("Hongdark", source_ref="SAM-Hongdark")))
    app.save(*app.exclusion_imposed(party_id, exclusion_id, listing()))
    assert app.log_position() == position


def test_watchlist_version_names_log_position_and_date(app: ScreeningApplication) -> None:
    excluded_party(app, "Hongdark")
    info = app.watchlist_info()
    assert info.version == f"{app.log_position()}@{TODAY.isoformat()}"
    assert info.excluded_parties == 1


def test_an_exclusions_party_snapshot_never_reverts_newer_particulars(
    app: ScreeningApplication,
) -> None:
    party_id = uuid4()
    app.save(*app.party_registered(party_id, organisation("Hongdark")))
    newer = organisation("Hongdark", aliases=("Hong Dark",))
    app.save(*app.party_registered(party_id, newer))
    older_snapshot = organisation("Hongdark")
    app.save(*app.exclusion_imposed(party_id, uuid4(), listing(), older_snapshot))
    assert app.screen(organisation("Hong Dark")).decision is Decision.MATCH


def test_a_former_or_trade_name_of_an_excluded_party_matches(app: ScreeningApplication) -> None:
    party_id = uuid4()
    details = organisation(
        "Hongdark Electronics", dba_names=("Hongdark Trading",), former_names=("Hong Xing Da",)
    )
    app.save(*app.party_registered(party_id, details))
    app.save(*app.exclusion_imposed(party_id, uuid4(), listing()))
    for name, field in (("Hongdark Trading", "dba_names[0]"), ("HONG XING DA", "former_names[0]")):
        [hit] = app.screen(organisation(name)).hits
        assert hit.evidence[0].listed_field == field
