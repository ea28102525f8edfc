"""At most CANDIDATES parties found by name are compared in full: those sharing the
rarest keys with the query, and of those sharing them equally, the lowest party ids,
whatever order the parties were listed in."""

import random
from datetime import date
from uuid import UUID

from screening.domain.matching import read_profile
from screening.domain.watched_party import Listing
from screening.domain.watchlist import CANDIDATES, Watchlist, WatchlistEntry
from tests.support import name_reader, organisation

DEBARRED = {"x": Listing("debarment", date(2025, 1, 1), None, trade_related=True)}
# Words that share no key with "Hongdark" or with each other's letters left out.
OTHER_WORDS = ("valve", "copper", "lumber", "quartz", "nickel", "ribbon", "saddle")


def test_of_candidates_sharing_a_name_key_equally_the_lowest_ids_are_compared() -> None:
    watchlist = Watchlist(name_reader())
    numbers = list(range(1, 3 * CANDIDATES + 1))
    random.Random(4).shuffle(numbers)  # listed in no order of their ids
    for number in numbers:
        word = OTHER_WORDS[number % len(OTHER_WORDS)]
        details = organisation(f"Hongdark {word} {number} Ltd")
        watchlist.put(WatchlistEntry(UUID(int=number), details, DEBARRED))
    # The highest id, but sharing two rare words with the query: ranked first.
    closest = UUID(int=10_000)
    watchlist.put(WatchlistEntry(closest, organisation("Hongdark Zephyrine Ltd"), DEBARRED))

    query = read_profile(organisation("Hongdark Zephyrine Trading"), name_reader())
    candidates = watchlist._candidates(query)

    found = {watchlist.party_id(slot) for slot in candidates.slots}
    assert len(found) == CANDIDATES
    assert closest in found
    assert found - {closest} == {UUID(int=n) for n in range(1, CANDIDATES)}
