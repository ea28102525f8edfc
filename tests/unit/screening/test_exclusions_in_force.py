"""Which of a party's exclusions a screen on a given day names: those in force that day,
in the order of their ids, whatever the number of exclusions."""

from datetime import date

from screening.domain.watched_party import Listing, exclusions_in_force

DAY = date(2026, 11, 28)
IN_FORCE = Listing("debarment", date(2025, 1, 1), None, trade_related=True)
ENDED = Listing("suspension", date(2024, 1, 1), date(2025, 1, 1), trade_related=True)
NOT_YET = Listing("debarment", date(2027, 1, 1), None, trade_related=True)


def test_a_single_exclusion_is_named_only_while_in_force() -> None:
    assert exclusions_in_force({"x": IN_FORCE}, DAY) == ("x",)
    assert exclusions_in_force({"x": ENDED}, DAY) == ()
    assert exclusions_in_force({"x": NOT_YET}, DAY) == ()
    assert exclusions_in_force({}, DAY) == ()


def test_of_several_exclusions_those_in_force_are_named_in_order() -> None:
    listings = {"c": IN_FORCE, "b": ENDED, "a": IN_FORCE, "d": NOT_YET}
    assert exclusions_in_force(listings, DAY) == ("a", "c")
    assert exclusions_in_force({"b": ENDED, "d": NOT_YET}, DAY) == ()
