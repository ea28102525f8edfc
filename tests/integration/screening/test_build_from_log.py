"""A start-up build makes an aggregate from a page of the log when the page holds its
first event, reading the store only for the others: the watchlist it gives is the one
reading every aggregate from the store gives, however a party's events fall on pages,
revised, re-excluded, ended, or covered by another party's exclusion."""

from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate

from bench.screening_speed import make_party
from portcullis_kit.eventstore import mutated, persistence_env
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from screening.application.screening_app import ScreeningApplication
from screening.domain.matching import Decision
from screening.domain.watched_party import Link, Listing
from screening.domain.watchlist import Watchlist
from tests.support import name_reader, organisation

TODAY = date(2026, 11, 28)
LISTING = Listing("debarment", date(2026, 11, 2), date(2029, 11, 1), trade_related=True)


def application(env: dict[str, str]) -> ScreeningApplication:
    return ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)


def write_store(app: ScreeningApplication) -> list[str]:
    """Histories of every shape, interleaved; returns the names to screen."""
    # Early, each on one page with its creation when pages are long enough: a party
    # that covers an affiliate from the start, and the affiliate.
    covered, covering, covering_exclusion = uuid4(), uuid4(), uuid4()
    app.save(*app.party_registered(covered, organisation("Quillon Brass Works")))
    app.save(*app.party_registered(covering, organisation("Vantorq Holdings")))
    app.save(*app.exclusion_imposed(covering, covering_exclusion, LISTING))
    app.save(*app.links_changed(covering, (Link(str(covered), "affiliate"),)))
    names = [make_party(i).details.name for i in range(40)]
    parties = [uuid4() for _ in names]
    exclusions = [uuid4() for _ in names]
    for party, exclusion, name in zip(parties, exclusions, names, strict=True):
        app.save(*app.party_registered(party, organisation(name)))
        app.save(*app.exclusion_imposed(party, exclusion, LISTING))
    # Later in the log: some renamed, some no longer excluded, one excluded again.
    for i in range(0, 40, 4):
        app.save(*app.party_registered(parties[i], organisation(f"{names[i]} Renamed Holdings")))
    for i in range(1, 40, 4):
        app.save(*app.exclusion_ended(parties[i], exclusions[i], date(2026, 11, 20)))
    app.save(*app.exclusion_imposed(parties[1], uuid4(), LISTING))
    # The covering party's exclusion ends: its affiliate is no longer excluded with it.
    app.save(*app.exclusion_ended(covering, covering_exclusion, date(2026, 11, 20)))
    # An affiliate registered long before the excluded party links it: covered by its
    # exclusion, so indexed again when the link comes.
    affiliate = uuid4()
    app.save(*app.party_registered(affiliate, organisation("Zephyrine Quartz Trading")))
    for party in parties[5:25]:
        app.save(*app.party_registered(uuid4(), organisation(f"Filler {party.int % 997} Tin")))
    app.save(*app.links_changed(parties[2], (Link(str(affiliate), "affiliate"),)))
    return [
        *names,
        *(f"{n} Renamed Holdings" for n in names[::4]),
        *("Zephyrine Quartz Trading", "Quillon Brass Works", "Vantorq Holdings"),
    ]


def watchlist_state(watchlist: Watchlist) -> dict[UUID, tuple[object, object]]:
    """Each party held, as what it keeps (unpacked) and its listings."""
    return {
        watchlist.party_id(slot): (watchlist._packer.unpack(packed), watchlist._listings[slot])
        for slot, packed in enumerate(watchlist._packed)
    }


@pytest.fixture(params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return persistence_env("screening", ServiceSettings(data_dir=tmp_path))
    dsn = request.getfixturevalue("postgres_dsn")
    return persistence_env("screening", ServiceSettings(persistence="postgres", postgres_dsn=dsn))


@pytest.mark.parametrize("page", [3, 7, 1000])
def test_a_build_from_pages_of_the_log_is_the_build_from_the_store(
    env: dict[str, str], page: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = application(env)
    writer.listeners.clear()
    names = write_store(writer)
    writer.close()

    from_pages = application(env)
    read_from_store: list[UUID] = []
    get = from_pages.repository.get

    def counted(aggregate_id: UUID, **kwargs: object) -> Aggregate:
        read_from_store.append(aggregate_id)
        return get(aggregate_id, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(from_pages.repository, "get", counted)
    from_pages.build_from_store(map, page)

    from_store = application(env)
    monkeypatch.setattr(
        from_store,
        "_aggregate_as_of",
        lambda aggregate_id, _: from_store.repository.get(aggregate_id, projector_func=mutated),
    )
    from_store.build_from_store(map, page)

    assert from_pages.watchlist.position == from_store.watchlist.position
    assert watchlist_state(from_pages.watchlist) == watchlist_state(from_store.watchlist)
    screened = [organisation(name) for name in names]
    assert [from_pages.screen(q) for q in screened] == [from_store.screen(q) for q in screened]
    # Made from the pages, mostly: of 64 parties, most have their first events together.
    assert 0 < len(set(read_from_store)) < 64 if page < 1000 else read_from_store == []
    # And as the histories say, whatever the pages: an affiliate is excluded with the
    # party that links it while that party's exclusion is in force, and no longer after.
    decisions = {name: from_pages.screen(organisation(name)).decision for name in names[-3:]}
    assert decisions == {
        "Zephyrine Quartz Trading": Decision.MATCH,
        "Quillon Brass Works": Decision.CLEAR,
        "Vantorq Holdings": Decision.CLEAR,
    }
