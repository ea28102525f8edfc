"""The watchlist's index of candidate keys."""

import pytest

from screening.domain import watchlist
from screening.domain.watchlist import KeyIndex, key_code
from tests.support import patches_the_domain


def test_a_key_has_the_same_code_in_every_process() -> None:
    # XXH3-64 of the text, as any process computes it (Python's own hash of text is
    # seeded per process, so worker processes could not index for this one).
    assert key_code("t:hongdark") == 0x303BE923D530F259


def test_a_key_held_by_one_party_is_held_once() -> None:
    # Held once however often the party is indexed with it: the count of its holders
    # decides whether a key is too common to find candidates by.
    index = KeyIndex()
    index.add_all([key_code("t:hongdark")], 100_000)
    index.add_all([key_code("t:hongdark")], 100_000)
    assert list(index.holders("t:hongdark")) == [100_000]
    index.add_all([key_code("t:hongdark")], 100_001)
    assert list(index.holders("t:hongdark")) == [100_000, 100_001]


def test_a_partys_keys_hold_one_object_for_it() -> None:
    # Not one each: a million parties have some 20 million keys, most held by one party.
    index = KeyIndex()
    codes = [key_code("t:hongdark"), key_code("t:valve"), key_code("p:HNKTRK")]
    index.add_all(codes, 100_000)
    assert len({id(index._holders[code]) for code in codes}) == 1


@patches_the_domain
def test_keys_sharing_a_code_are_each_let_go_without_touching_another_holder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(watchlist, "key_code", lambda key: 7)  # every key the same code
    index = KeyIndex()
    index.add_all([7, 7], 1)  # two keys of party 1
    index.add_all([7], 2)
    assert list(index.holders("any")) == [1, 2]
    index.remove("t:first", 1)
    index.remove("t:second", 1)  # already gone with the first
    assert list(index.holders("any")) == [2]
    index.remove("t:other", 1)
    assert list(index.holders("any")) == [2]
    index.remove("t:its own", 2)
    assert list(index.holders("any")) == []
    assert len(index) == 0
