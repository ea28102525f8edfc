"""The start-up build spread over worker processes gives the watchlist one process would."""

import gc
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import pytest

import screening.adapters.indexing_processes as indexing
from bench.screening_speed import make_party, party_id, queries
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.party import PartyDetails
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from screening.application.screening_app import ScreeningApplication
from screening.domain.matching import Decision, ScreeningResult
from screening.domain.watched_party import Listing
from screening.domain.watchlist import Indexed, Indexer, MapEach, Watchlist, WatchlistEntry
from tests.support import name_reader, organisation

TODAY = date(2026, 11, 28)
LISTING = Listing("debarment", date(2026, 11, 2), date(2029, 11, 1), trade_related=True)


def test_parties_indexed_in_worker_processes_screen_as_those_indexed_here() -> None:
    """The speed benchmark's parties and queries, and some parties put again with another
    name (so their old keys must come out of the index)."""
    parties = 2_000
    entries = [
        WatchlistEntry(party_id(i), make_party(i).details, {"x": LISTING}) for i in range(parties)
    ]
    renamed = [
        replace(entry, details=replace(entry.details, name=f"Renamed Number {i} Trading"))
        for i, entry in enumerate(entries[:100])
    ]
    here = Watchlist(name_reader())
    for entry in [*entries, *renamed]:
        here.put(entry)
    spread = Watchlist(name_reader())
    with indexing.indexing_processes(spread.indexer, 2) as map_each:
        spread.put_many(entries, map_each)
        spread.put_many(renamed, map_each)

    screened = [query.details for query in queries(parties)[:400]]
    screened += [organisation(entry.details.name) for entry in entries[:100]]
    screened += [organisation(entry.details.name) for entry in renamed[:20]]
    results = [spread.screen(query, TODAY) for query in screened]
    assert results == [here.screen(query, TODAY) for query in screened]
    flagged = [r for r in results if r.decision is not Decision.CLEAR]
    assert len(flagged) > 150
    # The renamed parties' old keys are gone: the index is the one their new names alone
    # make.
    only_new = Watchlist(name_reader())
    for entry in [*renamed, *entries[100:]]:
        only_new.put(entry)
    assert holders(spread) == holders(only_new)


def holders(watchlist: Watchlist) -> dict[int, list[UUID]]:
    """Each key's holders, as party ids (slots depend on the order parties came in)."""
    return {
        code: sorted(map(watchlist.party_id, [held] if isinstance(held, int) else held))
        for code, held in watchlist._index._holders.items()
    }


def application(env: dict[str, str]) -> ScreeningApplication:
    return ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)


def store_of_excluded(
    tmp_path: Path, names: list[str]
) -> tuple[dict[str, str], list[ScreeningResult]]:
    """A SQLite store where each name is a party registered, then excluded (two
    notifications each); and how each name screens once the store is followed."""
    env = persistence_env("screening", ServiceSettings(data_dir=tmp_path))
    first = application(env)
    for name in names:
        party = uuid4()
        first.save(*first.party_registered(party, organisation(name)))
        first.save(*first.exclusion_imposed(party, uuid4(), LISTING))
    screened = [first.screen(organisation(name)) for name in names]
    first.close()
    return env, screened


def test_a_large_store_is_rebuilt_at_start_by_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [make_party(i).details.name for i in range(30)]
    env, expected = store_of_excluded(tmp_path, names)

    used: list[int] = []
    spread_over = indexing.indexing_processes

    def counted(indexer: Indexer, workers: int) -> AbstractContextManager[MapEach]:
        used.append(workers)
        return spread_over(indexer, workers)

    monkeypatch.setattr(indexing, "indexing_processes", counted)
    monkeypatch.setattr(indexing, "LARGE_BUILD", 10)  # 60 notifications in the log
    # Pages read while the one before is indexed; some split a party's two events.
    monkeypatch.setattr(indexing, "PAGE", 7)
    restarted = application(env)
    collecting: list[bool] = []
    build_from_store = restarted.build_from_store

    def watched(map_each: MapEach, page: int) -> None:
        collecting.append(gc.isenabled())
        build_from_store(map_each, page)

    monkeypatch.setattr(restarted, "build_from_store", watched)
    indexing.build_watchlist(restarted, workers=2)
    assert used == [2]
    assert collecting == [False]  # paused for the build...
    assert gc.isenabled()  # ...and only for the build
    assert [restarted.screen(organisation(name)) for name in names] == expected
    assert all(result.decision is Decision.MATCH for result in expected)

    alone = application(env)
    indexing.build_watchlist(alone, workers=0)
    assert used == [2]
    assert [alone.screen(organisation(name)) for name in names] == expected


def test_a_build_whose_workers_die_goes_on_here_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [make_party(i).details.name for i in range(30)]
    env, expected = store_of_excluded(tmp_path, names)

    pages: list[int] = []

    @contextmanager
    def dying(indexer: Indexer, workers: int) -> Iterator[MapEach]:
        def map_each(
            indexer: Indexer, details: list[PartyDetails], excluded: list[bool]
        ) -> Iterable[Indexed]:
            pages.append(len(details))
            if len(pages) == 2:  # the workers die on the second page
                raise BrokenProcessPool("a worker was killed")
            return map(indexer, details, excluded)

        yield map_each

    monkeypatch.setattr(indexing, "indexing_processes", dying)
    monkeypatch.setattr(indexing, "LARGE_BUILD", 10)
    monkeypatch.setattr(indexing, "PAGE", 25)
    restarted = application(env)
    indexing.build_watchlist(restarted, workers=2)
    assert len(pages) == 2
    assert [restarted.screen(organisation(name)) for name in names] == expected
    assert restarted.watchlist.position == 60


def test_a_build_whose_workers_die_in_the_middle_of_a_page_goes_on_here_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [make_party(i).details.name for i in range(30)]
    env, expected = store_of_excluded(tmp_path, names)

    @contextmanager
    def dying(indexer: Indexer, workers: int) -> Iterator[MapEach]:
        def map_each(
            indexer: Indexer, details: list[PartyDetails], excluded: list[bool]
        ) -> Iterator[Indexed]:
            # As a pool's map: results come in order, until the pool breaks.
            for n, result in enumerate(map(indexer, details, excluded)):
                if n == 3:
                    raise BrokenProcessPool("a worker was killed")
                yield result

        yield map_each

    monkeypatch.setattr(indexing, "indexing_processes", dying)
    monkeypatch.setattr(indexing, "LARGE_BUILD", 10)
    restarted = application(env)
    indexing.build_watchlist(restarted, workers=1)
    assert [restarted.screen(organisation(name)) for name in names] == expected
    assert restarted.watchlist.position == 60


def test_a_small_store_is_rebuilt_here_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env, _ = store_of_excluded(tmp_path, ["Hongdark"])

    def refused(indexer: Indexer, workers: int) -> AbstractContextManager[MapEach]:
        raise AssertionError("no worker processes for two notifications")

    monkeypatch.setattr(indexing, "indexing_processes", refused)
    restarted = application(env)
    indexing.build_watchlist(restarted, workers=2)
    assert restarted.screen(organisation("Hongdark")).decision is Decision.MATCH
