"""EO §1 referrals and EO §3(b) measures against facilitators."""

import time
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import ExclusionAction, ExclusionType
from registry.domain.facilitator import FacilitatorKind, Licence, MeasureKind
from registry.domain.referral import ReferralOutcome
from tests.support import organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 2)


@pytest.fixture
def app() -> RegistryApplication:
    return RegistryApplication(MEMORY, country_codes(), clock=lambda: TODAY)


@pytest.fixture
def party_id(app: RegistryApplication) -> UUID:
    return app.register_party(organisation("Hongdark"), "officer")


def broker(app: RegistryApplication) -> UUID:
    return app.register_facilitator(
        FacilitatorKind.CUSTOMS_BROKER,
        "Quick Clear Brokers",
        (Licence("broker", "12345"),),
        None,
        "o",
    )


# Referrals.


def test_a_referral_is_reviewed_then_decided_as_a_suspension(
    app: RegistryApplication, party_id: UUID
) -> None:
    referral = app.refer_party(party_id, "HSI Los Angeles", "counterfeit imports", ("case-7",))
    with pytest.raises(FailedPrecondition, match="reviewed before"):
        app.decide_referral(referral, ReferralOutcome.DECLINED, None, "no evidence", "sdo")
    app.start_referral_review(referral, "SDO Smith")
    action = ExclusionAction("adequate evidence", True, "SDO", TODAY)
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action, "sdo")
    app.decide_referral(referral, ReferralOutcome.SUSPENDED, suspension, "", "sdo")
    view = app.get_referral(referral)
    assert view.outcome is ReferralOutcome.SUSPENDED
    assert view.exclusion_id == str(suspension)


def test_a_referral_outcome_must_point_to_the_right_exclusion(
    app: RegistryApplication, party_id: UUID
) -> None:
    referral = app.refer_party(party_id, "Port of Newark", "undervaluation", ())
    app.start_referral_review(referral, "SDO Smith")
    with pytest.raises(InvalidArgument) as raised:
        app.decide_referral(referral, ReferralOutcome.SUSPENDED, None, "", "sdo")
    assert raised.value.field == "exclusion_id"
    proposal = app.impose_exclusion(
        party_id, ExclusionType.PROPOSED_DEBARMENT, ExclusionAction("c", True, "SDO", TODAY), "sdo"
    )
    with pytest.raises(InvalidArgument, match="suspension of the referred party"):
        app.decide_referral(referral, ReferralOutcome.SUSPENDED, proposal, "", "sdo")
    app.decide_referral(referral, ReferralOutcome.PROPOSED_DEBARMENT, proposal, "", "sdo")


def test_a_declination_needs_its_reason(app: RegistryApplication, party_id: UUID) -> None:
    referral = app.refer_party(party_id, "Port of Newark", "undervaluation", ())
    app.start_referral_review(referral, "SDO Smith")
    with pytest.raises(InvalidArgument) as raised:
        app.decide_referral(referral, ReferralOutcome.DECLINED, None, " ", "sdo")
    assert raised.value.field == "reason"
    app.decide_referral(referral, ReferralOutcome.DECLINED, None, "presently responsible", "sdo")
    with pytest.raises(FailedPrecondition):
        app.decide_referral(referral, ReferralOutcome.DECLINED, None, "again", "sdo")


# Facilitators and §3(b) measures.


def test_a_measure_is_in_force_until_lifted_and_the_history_stays(
    app: RegistryApplication,
) -> None:
    carrier = app.register_facilitator(FacilitatorKind.CARRIER, "Fast Air Cargo", (), None, "o")
    measure = app.impose_facilitator_measure(
        carrier, MeasureKind.OPERATING_PRIVILEGES_RESTRICTED, "kept carrying for a debarred party",
        ("notification-42",), "cbp",
    )  # fmt: skip
    assert app.facilitator_status(carrier).in_force == (measure,)
    restricted = datetime.now(UTC)
    time.sleep(0.002)
    app.lift_facilitator_measure(carrier, measure, "compliance plan accepted", "cbp")
    status = app.facilitator_status(carrier)
    assert status.in_force == ()
    assert status.measures[measure].lift_reason == "compliance plan accepted"
    assert app.facilitator_status(carrier, restricted).in_force == (measure,)


def test_only_a_customs_brokers_licence_can_be_suspended_or_revoked(
    app: RegistryApplication,
) -> None:
    platform = app.register_facilitator(
        FacilitatorKind.ECOMMERCE_PLATFORM, "Shop Everything", (), None, "o"
    )
    with pytest.raises(FailedPrecondition, match="customs broker"):
        app.impose_facilitator_measure(
            platform, MeasureKind.BROKER_LICENCE_SUSPENDED, "facilitation after notice", (), "cbp"
        )
    app.impose_facilitator_measure(
        broker(app), MeasureKind.BROKER_LICENCE_SUSPENDED, "facilitation after notice", (), "cbp"
    )


def test_a_revoked_broker_licence_is_not_lifted(app: RegistryApplication) -> None:
    facilitator = broker(app)
    revoked = app.impose_facilitator_measure(
        facilitator, MeasureKind.BROKER_LICENCE_REVOKED, "repeated facilitation", (), "cbp"
    )
    with pytest.raises(FailedPrecondition, match="revoked"):
        app.lift_facilitator_measure(facilitator, revoked, "please", "cbp")
    with pytest.raises(FailedPrecondition, match="revoked"):
        app.impose_facilitator_measure(
            facilitator, MeasureKind.TRUSTED_TRADER_LIMITED, "more", (), "cbp"
        )


def test_a_measure_needs_its_reason(app: RegistryApplication) -> None:
    with pytest.raises(InvalidArgument) as raised:
        app.impose_facilitator_measure(
            broker(app), MeasureKind.TRUSTED_TRADER_LIMITED, "", (), "cbp"
        )
    assert raised.value.field == "reason"
