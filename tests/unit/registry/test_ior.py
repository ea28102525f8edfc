"""EO §2: who may hold an importer of record number, decided with reasons, by the calendar."""

from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID

import pytest

from portcullis_kit.errors import AlreadyExists, InvalidArgument
from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import ExclusionAction, ExclusionType
from registry.domain.ior import IorApplicationForm, IorStatus
from tests.support import organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 2)
FORM = IorApplicationForm(ior_number="12-345678900", business_structure="corporation")


class Clock:
    def __init__(self) -> None:
        self.today = TODAY

    def __call__(self) -> date:
        return self.today


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(clock: Clock) -> RegistryApplication:
    return RegistryApplication(MEMORY, country_codes(), clock=clock)


def party(app: RegistryApplication, name: str) -> UUID:
    return app.register_party(organisation(name), "officer")


def debar(
    app: RegistryApplication,
    party_id: UUID,
    trade_related: bool = True,
    end: date = date(2027, 11, 1),
    principals: tuple[str, ...] = (),
    affiliates: tuple[str, ...] = (),
    effective: date = TODAY,
) -> UUID:
    action = ExclusionAction(
        cause="counterfeits", trade_related=trade_related, official="SDO",
        effective_date=effective, end_date=end,
        principals_named=principals, affiliates_named=affiliates,
    )  # fmt: skip
    return app.impose_exclusion(party_id, ExclusionType.DEBARMENT, action, "sdo")


def test_a_party_with_no_exclusion_gets_an_active_number(app: RegistryApplication) -> None:
    importer = party(app, "Clean Importer")
    view = app.apply_for_ior_number(importer, FORM, "officer")
    assert view.status is IorStatus.ACTIVE
    assert view.ior_number == "12-345678900"


def test_a_debarred_party_is_refused_with_the_exclusion_as_reason(
    app: RegistryApplication,
) -> None:
    importer = party(app, "Debarred Importer")
    exclusion = debar(app, importer)
    view = app.apply_for_ior_number(importer, FORM, "officer")
    assert view.status is IorStatus.REFUSED
    assert view.decisions[-1].reasons == (f"trade-related exclusion {exclusion} names the party",)


def test_a_principal_or_affiliate_named_in_a_trade_related_exclusion_is_refused(
    app: RegistryApplication,
) -> None:
    excluded = party(app, "Hongdark Electronics")
    officer = party(app, "Li Wei Trading")
    affiliate = party(app, "Hong Dark Trade Company")
    debar(app, excluded, principals=(str(officer),), affiliates=(str(affiliate),))
    assert app.apply_for_ior_number(officer, FORM, "o").status is IorStatus.REFUSED
    second = replace(FORM, ior_number="98-765432100")
    assert app.apply_for_ior_number(affiliate, second, "o").status is IorStatus.REFUSED


def test_an_exclusion_that_is_not_trade_related_does_not_bar(app: RegistryApplication) -> None:
    importer = party(app, "Procurement Fraud Co")
    debar(app, importer, trade_related=False)
    assert app.apply_for_ior_number(importer, FORM, "o").status is IorStatus.ACTIVE


def test_a_proposed_debarment_leaves_the_party_eligible(app: RegistryApplication) -> None:
    importer = party(app, "Proposed Co")
    action = ExclusionAction("counterfeits", True, "SDO", TODAY)
    app.impose_exclusion(importer, ExclusionType.PROPOSED_DEBARMENT, action, "sdo")
    assert app.apply_for_ior_number(importer, FORM, "o").status is IorStatus.ACTIVE


def test_numbers_are_suspended_when_a_debarment_takes_effect_and_restored_when_it_ends(
    app: RegistryApplication, clock: Clock
) -> None:
    importer = party(app, "Soon Debarred Co")
    app.apply_for_ior_number(importer, FORM, "o")
    debar(app, importer, end=TODAY + timedelta(days=30))
    assert app.ior_status(importer).status is IorStatus.SUSPENDED

    clock.today = TODAY + timedelta(days=31)
    app.run_calendar()
    view = app.ior_status(importer)
    assert view.status is IorStatus.ACTIVE
    # Restored by a new decision; the suspension stays in the history.
    assert [d.status for d in view.decisions] == [
        IorStatus.ACTIVE,
        IorStatus.SUSPENDED,
        IorStatus.ACTIVE,
    ]


def test_numbers_are_suspended_on_the_day_a_debarment_dated_later_takes_effect(
    app: RegistryApplication, clock: Clock
) -> None:
    importer = party(app, "Later Debarred Co")
    app.apply_for_ior_number(importer, FORM, "o")
    debar(app, importer, effective=TODAY + timedelta(days=10))
    assert app.ior_status(importer).status is IorStatus.ACTIVE

    clock.today = TODAY + timedelta(days=10)
    app.run_calendar()
    assert app.ior_status(importer).status is IorStatus.SUSPENDED


def test_terminating_the_exclusion_restores_the_number_at_once(app: RegistryApplication) -> None:
    importer = party(app, "Reinstated Co")
    app.apply_for_ior_number(importer, FORM, "o")
    exclusion = debar(app, importer)
    app.terminate_exclusion(exclusion, TODAY, "reversed on appeal", "sdo")
    assert app.ior_status(importer).status is IorStatus.ACTIVE


def test_a_party_applies_once(app: RegistryApplication) -> None:
    importer = party(app, "Twice Co")
    app.apply_for_ior_number(importer, FORM, "o")
    with pytest.raises(AlreadyExists):
        app.apply_for_ior_number(importer, FORM, "o")


@pytest.mark.parametrize("number", ["12345678", "12-3456789", "123-45-6789", "261231-12345"])
def test_valid_ior_number_shapes(app: RegistryApplication, number: str) -> None:
    importer = party(app, f"Shape {number}")
    form = replace(FORM, ior_number=number)
    if number == "12345678":
        with pytest.raises(InvalidArgument) as raised:
            app.apply_for_ior_number(importer, form, "o")
        assert raised.value.field == "form.ior_number"
    else:
        assert app.apply_for_ior_number(importer, form, "o").status is IorStatus.ACTIVE


def test_a_named_principal_bars_however_its_id_is_written(app: RegistryApplication) -> None:
    excluded = party(app, "Hongdark Electronics")
    officer = party(app, "Li Wei Trading")
    debar(app, excluded, principals=(str(officer).upper(),))
    assert app.apply_for_ior_number(officer, FORM, "o").status is IorStatus.REFUSED


def test_an_imported_trade_related_debarment_suspends_the_number_at_once(
    app: RegistryApplication,
) -> None:
    details = organisation("Imported Importer", source_ref="jsonl-9")
    importer = app.register_party(details, "officer")
    app.apply_for_ior_number(importer, FORM, "o")
    action = ExclusionAction("counterfeits", True, "SDO", TODAY, date(2027, 11, 1))
    report = app.import_records([(1, details, ExclusionType.DEBARMENT, action)], "import")
    assert report.imported == 1
    assert app.ior_status(importer).status is IorStatus.SUSPENDED


def test_the_reasons_follow_the_bars_that_remain(app: RegistryApplication) -> None:
    importer = party(app, "Twice Barred Co")
    app.apply_for_ior_number(importer, FORM, "o")
    first = debar(app, importer)
    second = debar(app, importer, end=date(2028, 11, 1))
    assert len(app.ior_status(importer).decisions[-1].reasons) == 2
    app.terminate_exclusion(first, TODAY, "reversed", "sdo")
    view = app.ior_status(importer)
    assert view.status is IorStatus.SUSPENDED
    assert view.decisions[-1].reasons == (f"trade-related exclusion {second} names the party",)
