"""EO §3(a) notifications, their disposition, and §3(b) facilitation after notice."""

from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from portcullis.screening.events.v1 import screening_events_pb2 as events
from portcullis_kit.errors import FailedPrecondition, InvalidArgument, NotFound
from portcullis_kit.reference import country_codes
from screening.adapters.integration_events import IntegrationEvents
from screening.application.screening_app import ScreeningApplication, Shipment
from screening.domain.matching import Decision, Evidence
from screening.domain.notification import Attempt, Disposition, NotificationWindow, window_of
from screening.domain.watched_party import Link, Listing
from tests.support import name_reader, organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 28)


@pytest.fixture
def app() -> ScreeningApplication:
    return ScreeningApplication(MEMORY, country_codes(), name_reader(), clock=lambda: TODAY)


def excluded(app: ScreeningApplication, name: str, published: date | None) -> tuple[UUID, UUID]:
    party_id, exclusion_id = uuid4(), uuid4()
    app.save(*app.party_registered(party_id, organisation(name, source_ref=f"SAM-{name}")))
    listing = Listing("debarment", date(2026, 1, 5), None, True, sam_published_date=published)
    app.save(*app.exclusion_imposed(party_id, exclusion_id, listing))
    return party_id, exclusion_id


def facilitator(app: ScreeningApplication) -> UUID:
    facilitator_id = uuid4()
    app.save(*app.facilitator_registered(facilitator_id, "express_consignment_operator", "Swift"))
    return facilitator_id


def attempt(facilitator_id: UUID, party_id: UUID, **changes: object) -> Attempt:
    front = organisation("Hongdark Trading Limited", source_ref="customer-881")
    made = Attempt(facilitator_id, front, party_id, "", TODAY, shipment_ref="AWB-1")
    return replace(made, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("published", "window", "days"),
    [
        (TODAY - timedelta(days=60), NotificationWindow.WITHIN, 60),
        (TODAY - timedelta(days=61), NotificationWindow.LATE, 61),
        (None, NotificationWindow.NOT_PUBLISHED, 0),
        (TODAY + timedelta(days=3), NotificationWindow.NOT_PUBLISHED, 0),
    ],
)
def test_the_window_is_60_days_from_publication_in_sam(
    published: date | None, window: NotificationWindow, days: int
) -> None:
    assert window_of(TODAY, published) == (window, days)


def test_a_notification_records_the_publication_date_window_and_both_kinds_of_evidence(
    app: ScreeningApplication,
) -> None:
    party_id, exclusion_id = excluded(app, "Hongdark Electronics Co Ltd", date(2026, 10, 1))
    given = Evidence("phones[0]", "+86 755 1", "phones[0]", "+86 755 1", 0.8)
    notification = app.file_notification(attempt(facilitator(app), party_id), [given], "swift")
    assert notification.attempt.exclusion_id == str(exclusion_id)  # the one in force
    assert notification.sam_published_on == date(2026, 10, 1)
    assert (notification.window, notification.days_after_publication) == (
        NotificationWindow.WITHIN,
        58,
    )
    assert notification.evidence[0] == given
    assert any(e.listed_field == "name" for e in notification.evidence[1:])
    assert notification.disposition is Disposition.PENDING


def test_the_same_notification_filed_twice_is_recorded_once(app: ScreeningApplication) -> None:
    party_id, _ = excluded(app, "Hongdark Electronics Co Ltd", date(2026, 10, 1))
    facilitator_id = facilitator(app)
    first = app.file_notification(attempt(facilitator_id, party_id), [], "swift")
    again = app.file_notification(attempt(facilitator_id, party_id), [], "swift")
    assert again.id == first.id
    assert again.version == first.version
    assert app.facilitator_figures(facilitator_id).notifications == 1


def test_a_notification_needs_a_registered_facilitator_and_an_exclusion_in_force(
    app: ScreeningApplication,
) -> None:
    party_id, _ = excluded(app, "Hongdark Electronics Co Ltd", None)
    with pytest.raises(NotFound, match="facilitator"):
        app.file_notification(attempt(uuid4(), party_id), [], "swift")
    facilitator_id = facilitator(app)
    before = attempt(facilitator_id, party_id, attempt_on=date(2025, 12, 1))
    with pytest.raises(FailedPrecondition, match="no exclusion in force"):
        app.file_notification(before, [], "swift")
    with pytest.raises(InvalidArgument, match=r"^exclusion_id"):
        app.file_notification(attempt(facilitator_id, party_id, exclusion_id="nope"), [], "x")
    bad_country = organisation("Front", country="XX")
    with pytest.raises(InvalidArgument, match=r"^suspected_party\.addresses\[0\]\.country"):
        app.file_notification(
            attempt(facilitator_id, party_id, suspected_party=bad_country), [], "x"
        )


def test_figures_count_each_facilitators_notifications_by_window_and_disposition(
    app: ScreeningApplication,
) -> None:
    early, _ = excluded(app, "Hongdark Electronics Co Ltd", date(2026, 10, 1))
    late, _ = excluded(app, "Quanlux Toys Co Ltd", date(2026, 6, 1))
    facilitator_id = facilitator(app)
    first = app.file_notification(attempt(facilitator_id, early), [], "swift")
    second = app.file_notification(attempt(facilitator_id, late, shipment_ref="AWB-2"), [], "s")
    app.disposition_hit(first.id, Disposition.CONFIRMED_ATTEMPT, "same phone and UEI", "cbp-7")
    app.disposition_hit(second.id, Disposition.FALSE_POSITIVE, "another firm", "cbp-7")
    figures = app.facilitator_figures(facilitator_id)
    assert (figures.notifications, figures.within_window, figures.late) == (2, 1, 1)
    assert (figures.confirmed_attempts, figures.false_positives, figures.pending) == (1, 1, 0)
    page = app.list_notifications(facilitator_id, Disposition.FALSE_POSITIVE, 0, 10)
    assert [n.id for n in page.notifications] == [second.id]
    assert page.next_start is None


def test_a_disposition_is_final_but_repeating_it_is_harmless(app: ScreeningApplication) -> None:
    party_id, _ = excluded(app, "Hongdark Electronics Co Ltd", date(2026, 10, 1))
    notification = app.file_notification(attempt(facilitator(app), party_id), [], "swift")
    app.disposition_hit(notification.id, Disposition.CONFIRMED_ATTEMPT, "same UEI", "cbp-7")
    again = app.disposition_hit(notification.id, Disposition.CONFIRMED_ATTEMPT, "same", "cbp-7")
    assert again.version == 2
    with pytest.raises(FailedPrecondition, match="already disposed"):
        app.disposition_hit(notification.id, Disposition.FALSE_POSITIVE, "changed mind", "x")
    with pytest.raises(InvalidArgument, match=r"^reason"):
        app.disposition_hit(notification.id, Disposition.FALSE_POSITIVE, " ", "x")


def test_a_confirmed_attempt_is_published_for_the_registry_with_its_evidence(
    app: ScreeningApplication,
) -> None:
    party_id, exclusion_id = excluded(app, "Hongdark Electronics Co Ltd", date(2026, 10, 1))
    notification = app.file_notification(attempt(facilitator(app), party_id), [], "swift")
    app.disposition_hit(notification.id, Disposition.CONFIRMED_ATTEMPT, "same UEI", "cbp-7")
    translate = IntegrationEvents(app).translate
    published = [translate(e) for e in app.events.get(notification.id)]
    [message] = [m for m in published if m is not None]
    assert isinstance(message, events.AttemptConfirmed)
    assert message.excluded_party_id == str(party_id)
    assert message.exclusion_id == str(exclusion_id)
    assert message.suspected_party.source_ref == "customer-881"
    assert message.decided_by == "cbp-7"
    assert message.reason == "same UEI"
    assert any("listed name" in line for line in message.evidence)


def test_a_shipment_for_a_party_after_a_confirmed_notification_is_facilitation_after_notice(
    app: ScreeningApplication,
) -> None:
    party_id, _ = excluded(app, "Hongdark Electronics Co Ltd", date(2026, 10, 1))
    facilitator_id = facilitator(app)
    importer = organisation("Hongdark Electronics Company Limited")

    def ship(ref: str) -> tuple[Decision, int]:
        shipment = Shipment(
            ref, facilitator_id, {"importer": importer, "consignee": organisation("Acme")}
        )
        result = app.screen_shipment(shipment, "swift")
        return result.decision, len(result.after_notice)

    assert ship("AWB-10") == (Decision.MATCH, 0)  # not told yet
    notification = app.file_notification(attempt(facilitator_id, party_id), [], "swift")
    app.disposition_hit(notification.id, Disposition.CONFIRMED_ATTEMPT, "same UEI", "cbp-7")
    assert ship("AWB-11") == (Decision.MATCH, 1)
    assert ship("AWB-11") == (Decision.MATCH, 1)  # reported again, recorded once
    assert app.facilitator_figures(facilitator_id).shipments_after_notice == 1
    translate = IntegrationEvents(app).translate
    found = [m for e in app.events.get(facilitator_id) if (m := translate(e)) is not None]
    assert [(m.shipment_ref, m.excluded_party_id) for m in found] == [("AWB-11", str(party_id))]  # type: ignore[attr-defined]


def test_a_shipment_is_screened_party_by_party_and_checked_field_by_field(
    app: ScreeningApplication,
) -> None:
    excluded(app, "Hongdark Electronics Co Ltd", None)
    shipment = Shipment(
        "",
        None,
        {"shipper": organisation("Hongdark Electronics"), "consignee": organisation("Acme")},
    )
    result = app.screen_shipment(shipment, "x")
    assert [(role, r.decision) for role, r in result.parties] == [
        ("shipper", Decision.MATCH),
        ("consignee", Decision.CLEAR),
    ]
    with pytest.raises(InvalidArgument, match=r"^shipment\.consignee\.addresses\[0\]\.country"):
        app.screen_shipment(
            Shipment("", None, {"consignee": organisation("Acme", country="ZZ")}), "x"
        )
    with pytest.raises(InvalidArgument, match=r"^shipment\.shipment_ref"):
        app.screen_shipment(Shipment("", uuid4(), {"consignee": organisation("Acme")}), "x")
    with pytest.raises(InvalidArgument, match=r"^shipment\.origin_country"):
        app.screen_shipment(Shipment("", None, {"consignee": organisation("A")}, "QQ"), "x")


def test_a_named_exclusion_not_in_force_on_the_attempt_date_is_refused(
    app: ScreeningApplication,
) -> None:
    party_id, exclusion_id = excluded(app, "Hongdark Electronics Co Ltd", None)
    early = attempt(
        facilitator(app), party_id, exclusion_id=str(exclusion_id), attempt_on=date(2025, 12, 1)
    )
    with pytest.raises(FailedPrecondition, match="not in force"):
        app.file_notification(early, [], "swift")


def test_a_retry_without_attempt_date_or_exclusion_is_the_same_notification_next_day() -> None:
    days = iter([TODAY, TODAY + timedelta(days=1)])
    clock_today = [TODAY]
    app = ScreeningApplication(MEMORY, country_codes(), name_reader(), clock=lambda: clock_today[0])
    party_id, exclusion_id = excluded(app, "Hongdark Electronics Co Ltd", date(2026, 10, 1))
    facilitator_id = facilitator(app)
    sent = attempt(facilitator_id, party_id, attempt_on=None)
    clock_today[0] = next(days)
    first = app.file_notification(sent, [], "swift")
    assert (first.attempt.attempt_on, first.attempt.exclusion_id) == (TODAY, str(exclusion_id))
    # A second exclusion in force by the retry does not make it another report either.
    listing = Listing("suspension", date(2026, 11, 1), None, True)
    app.save(*app.exclusion_imposed(party_id, uuid4(), listing))
    clock_today[0] = next(days)
    again = app.file_notification(sent, [], "swift")
    assert (again.id, again.version) == (first.id, first.version)
    assert app.facilitator_figures(facilitator_id).notifications == 1


def test_a_hit_on_an_affiliate_is_notified_under_the_exclusion_that_covers_it(
    app: ScreeningApplication,
) -> None:
    party_id, exclusion_id = excluded(app, "Hongdark Electronics Co Ltd", date(2026, 10, 1))
    front_id = uuid4()
    app.save(*app.party_registered(front_id, organisation("Ostrava Lux Trading")))
    app.save(*app.links_changed(party_id, (Link(str(front_id), "affiliate", "confirmed"),)))
    [hit] = app.screen(organisation("Ostrava Lux Trading")).hits
    assert hit.party_id == front_id
    notified = attempt(
        facilitator(app), hit.party_id, exclusion_id=hit.exclusion_ids[0], shipment_ref="AWB-5"
    )
    notification = app.file_notification(notified, [], "swift")
    assert notification.attempt.exclusion_id == str(exclusion_id)
    assert notification.sam_published_on == date(2026, 10, 1)
    # Left to screening, the exclusion is the one covering it.
    unnamed = app.file_notification(replace(notified, shipment_ref="AWB-6"), [], "swift")
    assert unnamed.attempt.exclusion_id == str(exclusion_id)


def test_after_a_confirmed_attempt_a_shipment_for_the_new_affiliate_is_after_notice(
    app: ScreeningApplication,
) -> None:
    party_id, _ = excluded(app, "Hongdark Electronics Co Ltd", date(2026, 10, 1))
    facilitator_id = facilitator(app)
    front = organisation("Ostrava Lux Trading", source_ref="customer-881")
    reported = attempt(facilitator_id, party_id, suspected_party=front, shipment_ref="AWB-1")
    notification = app.file_notification(reported, [], "swift")
    app.disposition_hit(notification.id, Disposition.CONFIRMED_ATTEMPT, "same UEI", "cbp-7")
    # The registry makes the front an affiliate; screening hears of it.
    front_id = uuid4()
    app.save(*app.party_registered(front_id, front))
    app.save(*app.links_changed(party_id, (Link(str(front_id), "affiliate", "confirmed"),)))

    def ship(ref: str) -> list[tuple[str, UUID, str]]:
        result = app.screen_shipment(Shipment(ref, facilitator_id, {"importer": front}), "swift")
        return [(a.role, a.excluded_party_id, a.notification_id) for a in result.after_notice]

    # The shipment it reported was the attempt itself, not facilitation after notice.
    assert ship("AWB-1") == []
    assert ship("AWB-2") == [("importer", party_id, str(notification.id))]
    assert app.facilitator_figures(facilitator_id).shipments_after_notice == 1
