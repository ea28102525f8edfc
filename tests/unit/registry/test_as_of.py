"""Recorded time and valid time kept apart: what did the registry know at T about date V."""

import time
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from portcullis_kit.errors import NotFound
from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import ExclusionAction, ExclusionType
from registry.domain.ior import IorApplicationForm, IorStatus
from tests.support import organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 2)


@pytest.fixture
def app() -> RegistryApplication:
    return RegistryApplication(MEMORY, country_codes(), clock=lambda: TODAY)


def moment() -> datetime:
    """A recorded time strictly between the events before and after it."""
    time.sleep(0.002)
    now = datetime.now(UTC)
    time.sleep(0.002)
    return now


def debarment(end: date) -> ExclusionAction:
    return ExclusionAction("counterfeits", True, "SDO", TODAY, end)


def test_a_party_as_of_a_time_has_the_particulars_known_then(app: RegistryApplication) -> None:
    before = moment()
    party_id = app.register_party(organisation("Hongdark"), "officer")
    first = moment()
    app.update_party(party_id, organisation("Hongdark Electronics Co., Ltd."), "officer")
    assert app.get_party(party_id, first).name == "Hongdark"
    assert app.get_party(party_id).name == "Hongdark Electronics Co., Ltd."
    with pytest.raises(NotFound):
        app.get_party(party_id, before)


def test_an_exclusion_as_of_a_time_survives_a_later_correction(app: RegistryApplication) -> None:
    party_id = app.register_party(organisation("Hongdark"), "officer")
    exclusion_id = app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, debarment(date(2029, 11, 1)), "sdo"
    )
    known = moment()
    app.change_debarment_period(exclusion_id, date(2027, 11, 1), "corrected: 1 year", "sdo")
    assert app.get_exclusion(exclusion_id, known).last_day == date(2029, 11, 1)
    assert app.get_exclusion(exclusion_id).last_day == date(2027, 11, 1)


def test_what_was_known_at_one_time_about_another_date(app: RegistryApplication) -> None:
    party_id = app.register_party(organisation("Hongdark"), "officer")
    nothing_known = moment()
    exclusion_id = app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, debarment(date(2029, 11, 1)), "sdo"
    )
    known_long = moment()
    app.change_debarment_period(exclusion_id, date(2027, 11, 1), "corrected", "sdo")
    in_2028 = date(2028, 6, 1)
    # Before the debarment was recorded, nobody was listed for 2028.
    assert app.list_exclusions(in_2028, as_of=nothing_known) == []
    # Once recorded, 2028 was covered...
    [listed] = app.list_exclusions(in_2028, as_of=known_long)
    assert listed.exclusion_id == exclusion_id
    # ...until the correction: now the registry knows it ends in 2027.
    assert app.list_exclusions(in_2028) == []


def test_ior_status_as_of_a_time(app: RegistryApplication) -> None:
    party_id = app.register_party(organisation("Importer"), "officer")
    app.apply_for_ior_number(party_id, IorApplicationForm("12-3456789", "corporation"), "officer")
    active = moment()
    app.impose_exclusion(party_id, ExclusionType.DEBARMENT, debarment(date(2027, 1, 1)), "sdo")
    then = app.ior_status(party_id, active)
    assert then.status is IorStatus.ACTIVE
    assert len(then.decisions) == 1
    assert app.ior_status(party_id).status is IorStatus.SUSPENDED


def test_state_as_of_uses_the_events_alone(app: RegistryApplication) -> None:
    party_id = app.register_party(organisation("Hongdark"), "officer")
    app.update_party(party_id, replace(organisation("Hongdark"), aliases=("Hong Dark",)), "officer")
    now = datetime.now(UTC)
    assert app.get_party(party_id, now) == app.get_party(party_id)
