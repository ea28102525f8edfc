"""What screening finds, recorded in the registry: a confirmed attempt becomes an affiliate
and a referral; facilitation after notice becomes a proposed §3(b) measure."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.application.screening_findings import ConfirmedAttempt
from registry.domain.facilitator import FacilitatorKind, MeasureKind
from registry.domain.party import LinkKind, Party
from registry.domain.referral import Referral
from tests.support import organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 28)


@pytest.fixture
def app() -> RegistryApplication:
    return RegistryApplication(MEMORY, country_codes(), clock=lambda: TODAY)


def confirmed(excluded_party_id: UUID, source_ref: str = "") -> ConfirmedAttempt:
    return ConfirmedAttempt(
        notification_id="n-1",
        facilitator_id=str(uuid4()),
        suspected_party=organisation("Ostravex Trading", source_ref=source_ref),
        excluded_party_id=excluded_party_id,
        exclusion_id="e-1",
        evidence=("phones[0] '+86 755 1' = listed phones[0] '+86 755 1', weight 0.8",),
        decided_by="cbp-7",
        reason="same phone",
    )


def test_a_confirmed_attempt_makes_an_affiliate_and_a_referral(app: RegistryApplication) -> None:
    excluded_id = app.register_party(organisation("Hongdark"), "officer")
    changed = app.record_confirmed_attempt(confirmed(excluded_id))
    app.save(*changed)
    [front] = [a for a in changed if isinstance(a, Party) and a.id != excluded_id]
    assert front.details.source_ref == "screening/notification/n-1"
    [link] = app.party_links(excluded_id)
    assert (link.other_party_id, link.kind) == (str(front.id), LinkKind.AFFILIATE)
    assert "cbp-7" in link.detail
    assert "same phone" in link.detail
    [referral] = [a for a in changed if isinstance(a, Referral)]
    view = app.get_referral(referral.id)
    assert (view.party_id, view.referred_by) == (front.id, "screening")
    assert "Hongdark" in view.grounds


def test_a_suspect_already_registered_under_its_source_record_is_reused(
    app: RegistryApplication,
) -> None:
    excluded_id = app.register_party(organisation("Hongdark"), "officer")
    attempt = confirmed(excluded_id, source_ref="cust-9")
    ref = f"facilitator/{attempt.facilitator_id}/cust-9"  # the facilitator's customer 9
    known = app.register_party(organisation("Ostravex Trading", source_ref=ref), "o")
    changed = app.record_confirmed_attempt(attempt)
    assert not [a for a in changed if isinstance(a, Party) and a.id not in (excluded_id,)]
    app.save(*changed)
    assert app.party_links(excluded_id)[0].other_party_id == str(known)


def test_an_attempt_about_an_unknown_party_records_nothing(app: RegistryApplication) -> None:
    assert app.record_confirmed_attempt(confirmed(uuid4())) == ()


def test_facilitation_after_notice_is_a_proposed_measure_noted_once(
    app: RegistryApplication,
) -> None:
    carrier = app.register_facilitator(FacilitatorKind.CARRIER, "Swift Air", (), None, "o")
    for _ in range(2):
        app.save(*app.record_facilitation_after_notice(carrier, "p-1", "n-1", "AWB-7", TODAY))
    status = app.facilitator_status(carrier)
    [proposal] = status.proposed.values()
    assert proposal.kind is MeasureKind.OPERATING_PRIVILEGES_RESTRICTED
    assert proposal.basis_refs == ("screening/notification/n-1", "shipment/AWB-7")
    assert status.measures == {}  # an official decides
    assert app.record_facilitation_after_notice(uuid4(), "p", "n", "s", TODAY) == ()


def test_a_confirmation_received_again_adds_no_second_link_or_referral(
    app: RegistryApplication,
) -> None:
    excluded_id = app.register_party(organisation("Hongdark"), "officer")
    attempt = confirmed(excluded_id, source_ref="cust-9")
    first = app.record_confirmed_attempt(attempt)
    app.save(*first)
    again = app.record_confirmed_attempt(attempt)
    assert not [a for a in again if isinstance(a, Referral)]
    app.save(*again)
    assert len(app.party_links(excluded_id)) == 1
    # Another confirmed notification about the same party: its own referral, no new link.
    second = app.record_confirmed_attempt(
        ConfirmedAttempt(**{**attempt.__dict__, "notification_id": "n-2", "reason": "same UEI"})
    )
    assert len([a for a in second if isinstance(a, Referral)]) == 1
    app.save(*second)
    assert len(app.party_links(excluded_id)) == 1
