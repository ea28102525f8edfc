"""2 CFR 180's rules as the registry enforces them, with the clock moved by the test."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from portcullis.registry.events.v1 import registry_events_pb2 as events
from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from portcullis_kit.reference import country_codes
from registry.adapters.integration_events import IntegrationEvents
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import Exclusion, ExclusionAction, ExclusionType
from tests.support import organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
SIGNED = date(2026, 3, 2)


class Clock:
    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today

    def advance(self, days: int) -> None:
        self.today += timedelta(days=days)


@pytest.fixture
def clock() -> Clock:
    return Clock(SIGNED)


@pytest.fixture
def app(clock: Clock) -> RegistryApplication:
    return RegistryApplication(MEMORY, country_codes(), clock=clock)


@pytest.fixture
def party_id(app: RegistryApplication) -> UUID:
    return app.register_party(organisation("Hongdark Electronics"), "officer")


def action(effective: date = SIGNED, end: date | None = None, **changes: object) -> ExclusionAction:
    base = ExclusionAction(
        cause="2 CFR 180.700(b): adequate evidence of counterfeit imports",
        trade_related=True,
        official="CBP Suspension and Debarment Official",
        effective_date=effective,
        end_date=end,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def events_of(app: RegistryApplication, exclusion_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.repository.event_store.get(exclusion_id)]


# Suspension (2 CFR 180.700-760).


def test_a_suspension_is_effective_when_signed_not_later(
    app: RegistryApplication, party_id: UUID
) -> None:
    with pytest.raises(InvalidArgument) as raised:
        app.impose_exclusion(
            party_id, ExclusionType.SUSPENSION, action(SIGNED + timedelta(1)), "sdo"
        )
    assert raised.value.field == "action.effective_date"


def test_a_suspension_past_twelve_months_without_proceedings_is_refused(
    app: RegistryApplication, party_id: UUID
) -> None:
    with pytest.raises(InvalidArgument, match="12 months") as raised:
        app.impose_exclusion(
            party_id, ExclusionType.SUSPENSION, action(end=date(2027, 3, 2)), "sdo"
        )
    assert raised.value.field == "action.end_date"
    app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(end=date(2027, 3, 1)), "sdo")


def test_a_suspension_without_proceedings_ends_by_itself_at_twelve_months(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    assert app.get_exclusion(suspension).last_day == date(2027, 3, 1)
    clock.today = date(2027, 3, 1)
    assert app.get_exclusion(suspension).in_force
    clock.today = date(2027, 3, 2)
    assert not app.get_exclusion(suspension).in_force
    assert app.list_exclusions() == []


def test_a_warning_is_recorded_thirty_days_before_the_twelve_months_end(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    clock.today = date(2027, 1, 29)  # 31 days before the limit
    app.run_calendar()
    assert "SuspensionLimitNear" not in events_of(app, suspension)
    clock.today = date(2027, 1, 30)
    app.run_calendar()
    app.run_calendar()
    assert events_of(app, suspension).count("SuspensionLimitNear") == 1


def test_proceedings_let_a_suspension_run_past_twelve_months(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    clock.advance(60)
    app.initiate_proceedings(suspension, clock.today, "E.D.N.Y. 1:26-cr-00042", "sdo")
    clock.today = date(2027, 9, 1)
    assert app.get_exclusion(suspension).in_force
    app.run_calendar()
    assert "SuspensionLimitNear" not in events_of(app, suspension)


def test_a_prosecutors_request_extends_a_suspension_up_to_eighteen_months_never_past(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    clock.today = date(2027, 2, 15)
    with pytest.raises(InvalidArgument, match="18 months"):
        app.extend_suspension(suspension, date(2027, 9, 2), "AUSA letter 2027-02-10", "sdo")
    with pytest.raises(InvalidArgument) as raised:
        app.extend_suspension(suspension, date(2027, 9, 1), "", "sdo")
    assert raised.value.field == "request_reference"
    app.extend_suspension(suspension, date(2027, 9, 1), "AUSA letter 2027-02-10", "sdo")
    clock.today = date(2027, 9, 1)
    assert app.get_exclusion(suspension).in_force
    clock.today = date(2027, 9, 2)
    assert not app.get_exclusion(suspension).in_force


# Proposed debarment (2 CFR 180.805).


def test_a_proposed_debarment_leaves_the_party_eligible(
    app: RegistryApplication, party_id: UUID
) -> None:
    proposal = app.impose_exclusion(party_id, ExclusionType.PROPOSED_DEBARMENT, action(), "sdo")
    record = app.get_exclusion(proposal)
    assert not record.in_force
    assert record.contest_by == SIGNED + timedelta(days=30)
    assert app.list_exclusions() == []


# Debarment (2 CFR 180.800-880).


def test_a_debarment_over_three_years_needs_a_stated_reason(
    app: RegistryApplication, party_id: UUID
) -> None:
    three_years = action(end=date(2029, 3, 1))
    over = action(end=date(2029, 3, 2))
    app.impose_exclusion(party_id, ExclusionType.DEBARMENT, three_years, "sdo")
    with pytest.raises(InvalidArgument) as raised:
        app.impose_exclusion(party_id, ExclusionType.DEBARMENT, over, "sdo")
    assert raised.value.field == "action.period_reason"
    app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, replace(over, period_reason="repeat offender"), "sdo"
    )


def test_time_suspended_counts_toward_the_three_years(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    clock.today = SIGNED + timedelta(days=100)
    app.terminate_exclusion(suspension, clock.today, "debarment follows", "sdo")
    debarment = action(
        effective=clock.today,
        end=clock.today + timedelta(days=3 * 365),
        preceding_suspension_id=str(suspension),
    )
    with pytest.raises(InvalidArgument, match="including 100 suspended"):
        app.impose_exclusion(party_id, ExclusionType.DEBARMENT, debarment, "sdo")
    shorter = replace(debarment, end_date=clock.today + timedelta(days=3 * 365 - 101))
    app.impose_exclusion(party_id, ExclusionType.DEBARMENT, shorter, "sdo")


def test_an_expired_debarment_ends_by_itself_and_the_calendar_records_it(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    debarment = app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, action(end=date(2027, 3, 1)), "sdo"
    )
    clock.today = date(2027, 3, 2)
    assert not app.get_exclusion(debarment).in_force  # by the calendar, before any event
    assert app.run_calendar() == 1
    assert app.run_calendar() == 0
    assert events_of(app, debarment)[-1] == "Expired"
    with pytest.raises(FailedPrecondition):
        app.change_debarment_period(debarment, date(2028, 1, 1), "new facts", "sdo")


def test_a_debarment_dated_later_takes_effect_by_the_calendar_on_its_date(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    starts = SIGNED + timedelta(days=20)
    debarment = app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, action(effective=starts, end=date(2027, 3, 1)), "sdo"
    )
    assert not app.get_exclusion(debarment).in_force
    assert app.run_calendar() == 0
    clock.today = starts - timedelta(days=1)
    assert app.run_calendar() == 0
    clock.today = starts
    assert app.get_exclusion(debarment).in_force  # by the date, before any event
    assert app.run_calendar() == 1
    assert app.run_calendar() == 0
    assert events_of(app, debarment) == ["Imposed", "TookEffect"]

    published = [
        IntegrationEvents(app).translate(e) for e in app.repository.event_store.get(debarment)
    ]
    assert isinstance(published[1], events.ExclusionTookEffect)
    assert published[1].effective_date == starts.isoformat()
    assert published[1].party_id == str(party_id)


def test_an_exclusion_in_force_when_recorded_has_no_took_effect_event(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    debarment = app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, action(end=date(2027, 3, 1)), "sdo"
    )
    clock.advance(10)
    assert app.run_calendar() == 0
    assert events_of(app, debarment) == ["Imposed"]


def test_an_exclusion_terminated_before_its_date_never_takes_effect(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    starts = SIGNED + timedelta(days=20)
    debarment = app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, action(effective=starts, end=date(2027, 3, 1)), "sdo"
    )
    app.terminate_exclusion(debarment, starts, "settled before it began", "sdo")
    clock.today = starts + timedelta(days=5)
    app.run_calendar()
    assert events_of(app, debarment) == ["Imposed", "Terminated"]


def test_a_debarment_can_be_reduced_or_extended_with_a_reason(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    debarment = app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, action(end=date(2028, 3, 1)), "sdo"
    )
    with pytest.raises(InvalidArgument) as raised:
        app.change_debarment_period(debarment, date(2027, 3, 1), "", "sdo")
    assert raised.value.field == "reason"
    app.change_debarment_period(debarment, date(2027, 3, 1), "cooperation (180.875)", "sdo")
    assert app.get_exclusion(debarment).last_day == date(2027, 3, 1)
    app.change_debarment_period(debarment, date(2029, 3, 1), "new facts: further seizures", "sdo")
    assert app.get_exclusion(debarment).last_day == date(2029, 3, 1)


def test_a_back_dated_action_that_already_ended_is_recorded_as_ended(
    app: RegistryApplication, party_id: UUID
) -> None:
    old = action(effective=date(2020, 1, 1), end=date(2022, 12, 31))
    exclusion_id = app.impose_exclusion(party_id, ExclusionType.DEBARMENT, old, "sdo")
    assert events_of(app, exclusion_id) == ["Imposed", "Expired"]


def test_the_named_principals_and_affiliates_must_be_registered_parties(
    app: RegistryApplication, party_id: UUID
) -> None:
    with pytest.raises(InvalidArgument) as raised:
        app.impose_exclusion(
            party_id, ExclusionType.SUSPENSION, action(affiliates_named=("not-a-uuid",)), "sdo"
        )
    assert raised.value.field == "action.affiliates_named[0]"


def test_listing_filters_by_type_and_trade_relation(
    app: RegistryApplication, party_id: UUID
) -> None:
    app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    app.impose_exclusion(
        party_id,
        ExclusionType.VOLUNTARY_EXCLUSION,
        action(end=date(2027, 3, 1), trade_related=False),
        "sdo",
    )
    assert len(app.list_exclusions()) == 2
    assert len(app.list_exclusions(trade_related_only=True)) == 1
    [voluntary] = app.list_exclusions(types={ExclusionType.VOLUNTARY_EXCLUSION})
    assert voluntary.exclusion_type is ExclusionType.VOLUNTARY_EXCLUSION


def test_exclusion_state_replays_from_its_events(app: RegistryApplication, party_id: UUID) -> None:
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    app.initiate_proceedings(suspension, SIGNED, "case 1", "sdo")
    stored: Exclusion = app.repository.get(suspension)
    replayed = app.state_as_of(suspension, datetime.now(UTC))
    assert vars(replayed) == vars(stored)


def test_proceedings_are_initiated_during_the_suspension_not_after_or_in_future(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    clock.advance(30)
    for wrong in (SIGNED - timedelta(days=1), clock.today + timedelta(days=1)):
        with pytest.raises(InvalidArgument) as raised:
            app.initiate_proceedings(suspension, wrong, "case 1", "sdo")
        assert raised.value.field == "initiated_date"
    app.initiate_proceedings(suspension, clock.today, "case 1", "sdo")


def test_extending_a_debarment_past_three_years_needs_its_own_stated_reason(
    app: RegistryApplication, party_id: UUID
) -> None:
    debarment = app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, action(end=date(2028, 3, 1)), "sdo"
    )
    with pytest.raises(InvalidArgument) as raised:
        app.change_debarment_period(debarment, date(2046, 3, 1), "new facts", "sdo")
    assert raised.value.field == "period_reason"
    app.change_debarment_period(
        debarment, date(2030, 3, 1), "new facts", "sdo", period_reason="repeat trafficking"
    )


def test_a_sam_publication_before_the_effective_date_is_refused(
    app: RegistryApplication, party_id: UUID
) -> None:
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    with pytest.raises(InvalidArgument) as raised:
        app.record_sam_publication(suspension, SIGNED - timedelta(days=1))
    assert raised.value.field == "published_date"


def test_the_exclusion_index_holds_what_the_store_holds(
    app: RegistryApplication, party_id: UUID, clock: Clock
) -> None:
    suspension = app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action(), "sdo")
    debarment = app.impose_exclusion(
        party_id, ExclusionType.DEBARMENT, action(end=date(2027, 3, 1)), "sdo"
    )
    app.initiate_proceedings(suspension, SIGNED, "case 1", "sdo")
    app.change_debarment_period(debarment, date(2026, 12, 1), "cooperation", "sdo")
    clock.today = date(2026, 12, 2)
    app.run_calendar()
    app.index.exclusion_ids()  # catch up
    for exclusion_id in (suspension, debarment):
        stored: Exclusion = app.repository.get(exclusion_id)
        assert vars(app.index.current[exclusion_id]) == vars(stored)
    assert [e.id for e in app.index.in_force(clock.today)] == [suspension]
