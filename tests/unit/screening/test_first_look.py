"""A candidate found only by its name is cleared on its names alone when they are too
unlike the query's; one that shares a contact with the query never is, even when that
contact is too common to find candidates by."""

from dataclasses import replace
from datetime import date
from uuid import UUID

import pytest

from bench.screening_speed import make_party, party_id, queries
from portcullis_kit.party import Principal
from screening.domain.matching import Decision
from screening.domain.profile import Profile
from screening.domain.watched_party import Listing
from screening.domain.watchlist import COMMON_KEY, Candidates, Watchlist, WatchlistEntry
from tests.support import name_reader, organisation, patches_the_domain

TODAY = date(2026, 11, 28)
DEBARRED = {"x": Listing("debarment", date(2025, 1, 1), None, trade_related=True)}
PHONE = "+86 755 8888 1234"


def listed(watchlist: Watchlist, number: int, name: str, **kwargs: object) -> UUID:
    party_id = UUID(int=number)
    details = replace(organisation(name), **kwargs)  # type: ignore[arg-type]
    watchlist.put(WatchlistEntry(party_id, details, DEBARRED))
    return party_id


def test_a_name_only_somewhat_alike_is_cleared_without_a_shared_contact() -> None:
    watchlist = Watchlist(name_reader())
    listed(watchlist, 1, "Hongdark Valve Ltd", phones=(PHONE,))
    result = watchlist.screen(organisation("Hongdark Trading Ltd"), TODAY)
    assert result.decision is Decision.CLEAR


def test_a_shared_phone_with_a_somewhat_alike_name_is_a_match() -> None:
    watchlist = Watchlist(name_reader())
    party_id = listed(watchlist, 1, "Hongdark Valve Ltd", phones=(PHONE,))
    result = watchlist.screen(organisation("Hongdark Trading Ltd", phones=(PHONE,)), TODAY)
    assert [hit.party_id for hit in result.hits] == [party_id]
    assert result.decision is Decision.MATCH


def test_a_phone_too_common_to_find_candidates_by_still_counts_for_a_candidate_found_by_name() -> (
    None
):
    watchlist = Watchlist(name_reader())
    party_id = listed(watchlist, 1, "Hongdark Valve Ltd", phones=(PHONE,))
    # The phone of a switchboard: held by too many parties to look them all at.
    for number in range(2, COMMON_KEY + 2):
        listed(watchlist, number, f"Filler {number} Metal Works", phones=(PHONE,))
    query = organisation("Hongdark Trading Ltd", phones=(PHONE,))
    result = watchlist.screen(query, TODAY)
    assert [hit.party_id for hit in result.hits] == [party_id]
    assert result.decision is Decision.MATCH
    assert {e.listed_field for e in result.hits[0].evidence} == {"name", "phones[0]"}
    # The same query without the phone: the name alone is not enough.
    assert watchlist.screen(replace(query, phones=()), TODAY).decision is Decision.CLEAR


def test_a_shared_principal_with_a_somewhat_alike_name_goes_to_review() -> None:
    # A principal named alike, with no birth date, finds no candidate by itself: the
    # party is a candidate by its name, and must not be cleared by its name alone.
    watchlist = Watchlist(name_reader())
    owner = (Principal("Wei Zhang", "owner"),)
    party_id = listed(watchlist, 1, "Hongdark Valve Ltd", principals=owner)
    query = organisation("Hongdark Trading Ltd", principals=owner)
    result = watchlist.screen(query, TODAY)
    assert [hit.party_id for hit in result.hits] == [party_id]
    assert result.decision is Decision.REVIEW
    assert watchlist.screen(replace(query, principals=()), TODAY).decision is Decision.CLEAR


@patches_the_domain
def test_the_first_look_changes_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same hits, scores and evidence with the first look as without it, for the
    speed benchmark's parties and queries (variants of listed parties, new parties
    sharing their words): any evidence the first look cannot see would show here."""
    parties = 3_000
    watchlist = Watchlist(name_reader())
    for index in range(parties):
        watchlist.put(WatchlistEntry(party_id(index), make_party(index).details, DEBARRED))
    screened = queries(parties)[:600]
    with_first_look = [watchlist.screen(query.details, TODAY) for query in screened]

    every_candidate_in_full = watchlist._candidates

    def without_first_look(profile: Profile) -> Candidates:
        return replace(every_candidate_in_full(profile), all_contacts_looked_up=False)

    monkeypatch.setattr(watchlist, "_candidates", without_first_look)
    assert [watchlist.screen(query.details, TODAY) for query in screened] == with_first_look
    assert sum(len(result.hits) for result in with_first_look) > 200
