from datetime import date
from uuid import uuid4

import pytest

from registry.domain.exclusion import (
    Exclusion,
    ExclusionAction,
    ExclusionType,
    anniversary,
    last_day_within,
)

TODAY = date(2026, 11, 28)


def exclusion(kind: ExclusionType, end: date | None = date(2029, 11, 1)) -> Exclusion:
    action = ExclusionAction(
        cause="c", trade_related=True, official="o", effective_date=date(2026, 11, 2), end_date=end
    )
    return Exclusion.impose(uuid4(), kind, action, "sdo", date(2026, 11, 2))


def test_debarment_is_in_force_from_effective_date_through_end_date() -> None:
    debarment = exclusion(ExclusionType.DEBARMENT)
    assert not debarment.is_in_force(date(2026, 11, 1))
    assert debarment.is_in_force(date(2026, 11, 2))
    assert debarment.is_in_force(date(2029, 11, 1))  # the end date is the last day excluded
    assert not debarment.is_in_force(date(2029, 11, 2))


def test_proposed_debarment_does_not_exclude() -> None:
    proposal = exclusion(ExclusionType.PROPOSED_DEBARMENT, end=None)
    assert not proposal.is_in_force(date(2027, 1, 1))
    assert proposal.contest_by == date(2026, 12, 2)


def test_termination_ends_the_exclusion_early() -> None:
    debarment = exclusion(ExclusionType.DEBARMENT)
    debarment.terminate(date(2027, 1, 1), "settled", "sdo", TODAY)
    assert debarment.is_in_force(date(2026, 12, 31))
    assert not debarment.is_in_force(date(2027, 1, 1))


def test_replaying_the_events_gives_the_same_exclusion() -> None:
    debarment = exclusion(ExclusionType.DEBARMENT)
    debarment.change_period(date(2028, 6, 30), "cooperation", "sdo", TODAY)
    debarment.terminate(date(2027, 1, 1), "settled", "sdo", TODAY)
    replayed = None
    for e in debarment.collect_events():
        replayed = e.mutate(replayed)
    assert replayed is not None
    assert vars(replayed) == vars(debarment)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 12, date(2027, 1, 31)),
        (date(2026, 8, 31), 6, date(2027, 3, 1)),  # no 31 February: the day after the month
        (date(2027, 8, 31), 6, date(2028, 3, 1)),
        (date(2024, 2, 29), 36, date(2027, 3, 1)),
        (date(2026, 12, 31), 2, date(2027, 3, 1)),
    ],
)
def test_anniversary_keeps_to_the_calendar(start: date, months: int, expected: date) -> None:
    assert anniversary(start, months) == expected


def test_a_period_from_a_month_end_keeps_its_last_days() -> None:
    assert last_day_within(date(2025, 8, 31), 18) == date(2027, 2, 28)
    assert last_day_within(date(2025, 8, 28), 18) == date(2027, 2, 27)
    assert last_day_within(date(2024, 2, 29), 36) == date(2027, 2, 28)


def test_a_period_of_twelve_months_ends_the_day_before_the_anniversary() -> None:
    assert last_day_within(date(2026, 1, 31), 12) == date(2027, 1, 30)
