"""UPU S10 item identifiers, and the rule that turns a post's standing into what happens
to its mail (shared with screening)."""

from datetime import date

import pytest

from portcullis_kit.errors import InvalidArgument
from portcullis_kit.mail_treatment import Standing, Treatment, level_for, mail_treatment
from portcullis_kit.s10 import check_digit, parse_s10

DEADLINE = date(2026, 12, 31)


def test_an_s10_identifier_is_read_with_its_check_digit() -> None:
    item = parse_s10(" rr 123456785 cn ")
    assert (item.item_id, item.service, item.country) == ("RR123456785CN", "RR", "CN")
    assert check_digit("47312482") == 9  # the example in UPU S10: EE 473 124 829 GB


@pytest.mark.parametrize("text", ["RR123456784CN", "R123456785CN", "RR12345678CN", "RR123456785C1"])
def test_a_malformed_s10_identifier_is_invalid(text: str) -> None:
    with pytest.raises(InvalidArgument, match=r"^item_id"):
        parse_s10(text)


@pytest.mark.parametrize(
    ("run", "deadline", "provided", "on", "treatment"),
    [
        (0, None, None, date(2027, 1, 5), Treatment.RELEASE),
        (1, None, None, date(2027, 1, 5), Treatment.RELEASE),
        (2, None, None, date(2027, 1, 5), Treatment.INSPECT),
        (5, None, None, date(2027, 1, 5), Treatment.INSPECT),
        (6, DEADLINE, None, date(2026, 12, 31), Treatment.INFORMATION_REQUIRED),
        (6, DEADLINE, None, date(2027, 1, 1), Treatment.REFUSE),
        (7, DEADLINE, date(2026, 12, 20), date(2027, 1, 5), Treatment.INSPECT),
        (7, DEADLINE, date(2027, 1, 2), date(2027, 1, 5), Treatment.REFUSE),
        (8, DEADLINE, date(2026, 12, 20), date(2027, 1, 5), Treatment.REFUSE),
        (12, None, None, date(2027, 1, 5), Treatment.REFUSE),
    ],
)
def test_mail_treatment_follows_the_level_and_the_deadline(
    run: int, deadline: date | None, provided: date | None, on: date, treatment: Treatment
) -> None:
    got, reason = mail_treatment(Standing(run, deadline, provided), on)
    assert got is treatment
    assert reason
    assert level_for(run).value <= run
