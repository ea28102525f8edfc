"""The same event-store contract on every backend: SQLite files and a real PostgreSQL."""

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from portcullis_kit import postgres_store
from portcullis_kit.audit_log import CheckpointSigner
from portcullis_kit.checkpoints import Checkpointer
from portcullis_kit.errors import Conflict
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import Exclusion, ExclusionAction, ExclusionType
from registry.domain.party import Party
from tests.support import organisation


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> ServiceSettings:
    if request.param == "sqlite":
        return ServiceSettings(persistence="sqlite", data_dir=tmp_path)
    dsn = request.getfixturevalue("postgres_dsn")
    return ServiceSettings(persistence="postgres", postgres_dsn=dsn)


@pytest.fixture
def app(settings: ServiceSettings) -> Iterator[RegistryApplication]:
    application = RegistryApplication(persistence_env("registry", settings), country_codes())
    yield application
    application.close()


ACTION = ExclusionAction(
    cause="counterfeits",
    trade_related=True,
    official="SDO",
    effective_date=date(2026, 11, 2),
    end_date=date(2029, 11, 1),
    sam_published_date=date(2026, 11, 3),
    evidence_refs=("case-1",),
)


def test_value_objects_and_dates_survive_the_store(app: RegistryApplication) -> None:
    details = organisation("Hongdark", source_ref="SAM-1", emails=("a@b.example",))
    party_id = app.register_party(details, "officer")
    exclusion_id = app.impose_exclusion(party_id, ExclusionType.DEBARMENT, ACTION, "sdo")
    assert app.get_party(party_id) == details
    assert app.get_exclusion(exclusion_id).action == ACTION


def test_a_reopened_store_has_the_same_events(settings: ServiceSettings) -> None:
    env = persistence_env("registry", settings)
    first = RegistryApplication(env, country_codes())
    party_id = first.register_party(organisation("Hongdark"), "officer")
    first.close()
    second = RegistryApplication(env, country_codes())
    assert second.get_party(party_id).name == "Hongdark"
    second.close()


def test_the_log_lists_events_in_commit_order(app: RegistryApplication) -> None:
    ids = [app.register_party(organisation(f"Party {i}"), "officer") for i in range(5)]
    notifications = app.read_log(after=0, limit=100)
    assert [n.originator_id for n in notifications] == ids
    assert [n.id for n in app.read_log(after=notifications[1].id, limit=2)] == [
        notifications[2].id,
        notifications[3].id,
    ]


def test_events_and_their_tracking_position_commit_together(app: RegistryApplication) -> None:
    app.record_with_tracking(Tracking("upstream", 7), Party(organisation("A"), "consumer"))
    assert app.last_tracked("upstream") == 7
    assert app.log_position() == 1


def test_a_position_already_tracked_writes_nothing(app: RegistryApplication) -> None:
    app.record_with_tracking(Tracking("upstream", 7), Party(organisation("A"), "consumer"))
    for stale in (7, 3):
        with pytest.raises(IntegrityError):
            app.record_with_tracking(Tracking("upstream", stale), Party(organisation("B"), "c"))
    assert app.log_position() == 1
    assert app.last_tracked("upstream") == 7


def test_a_position_with_no_events_still_advances_tracking(app: RegistryApplication) -> None:
    app.record_with_tracking(Tracking("upstream", 9))
    assert app.last_tracked("upstream") == 9
    assert app.log_position() == 0


def large_party(number: int, aliases: int = 120) -> Party:
    """A party of some 6 KB, as a record with many aliases makes."""
    details = organisation(f"Party {number}", source_ref=f"SAM-{number}")
    names = tuple(f"Party {number} Alias {k} Trading Company Limited" for k in range(aliases))
    return Party(replace(details, aliases=names), "importer")


def test_a_commit_of_megabytes_of_events_is_written_not_hung(app: RegistryApplication) -> None:
    """One commit of 200 large parties (about 3 MB as PostgreSQL is sent it), as a large
    import batch makes: psycopg's pipeline mode hung on it, holding the events table
    locked (`portcullis_kit.postgres_store`)."""
    parties = [large_party(i) for i in range(200)]
    recorded: list[Any] = []
    saved = threading.Thread(target=lambda: recorded.extend(app.save(*parties)), daemon=True)
    saved.start()
    saved.join(timeout=60)
    assert not saved.is_alive(), "the commit hung"
    logged = app.read_log(after=0, limit=500)
    assert [n.originator_id for n in logged] == [p.id for p in parties]
    assert [r.notification.id for r in recorded] == [n.id for n in logged]
    assert len(app.get_party(parties[-1].id).aliases) == 120


def test_a_large_commit_keeps_its_tracking_position_and_its_conflicts(
    app: RegistryApplication,
) -> None:
    """What a commit written outside the pipeline must do as one written in it: record
    its tracking position with its events, refuse a position already tracked, refuse a
    stale version, each time writing nothing."""
    parties = [large_party(i) for i in range(40)]
    stored = [app.mapper.to_stored_event(e) for p in parties for e in p.pending_events]
    assert not postgres_store._fits_a_pipeline(stored)
    app.record_with_tracking(Tracking("upstream", 7), *parties)
    assert app.last_tracked("upstream") == 7
    assert len(app.read_log(after=0, limit=500)) == 40
    with pytest.raises(IntegrityError):
        app.record_with_tracking(Tracking("upstream", 7), *[large_party(i) for i in range(40, 80)])
    first: Party = app.repository.get(parties[0].id)
    second: Party = app.repository.get(parties[0].id)
    first.revise(organisation("Party 0 Renamed", source_ref="SAM-0"), "officer")
    second.revise(organisation("Party 0 Renamed Again", source_ref="SAM-0"), "officer")
    app.save(first, *[large_party(i) for i in range(80, 120)])
    with pytest.raises(Conflict):
        app.save(second, *[large_party(i) for i in range(120, 160)])
    assert len(app.read_log(after=0, limit=500)) == 81  # then the renaming and 40 more
    assert app.get_party(parties[0].id).name == "Party 0 Renamed"
    assert app.last_tracked("upstream") == 7


def test_only_large_commits_leave_the_pipeline(
    settings: ServiceSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    if settings.persistence != "postgres":
        pytest.skip("the pipeline is PostgreSQL's")
    unpipelined: list[int] = []
    write = postgres_store._insert_in_one_transaction

    def counted(recorder: Any, stored_events: Any, **kwargs: Any) -> Any:
        unpipelined.append(len(stored_events))
        return write(recorder, stored_events, **kwargs)

    monkeypatch.setattr(postgres_store, "_insert_in_one_transaction", counted)
    app = RegistryApplication(persistence_env("registry", settings), country_codes())
    try:
        app.register_party(organisation("Hongdark"), "officer")
        app.save(large_party(1, aliases=3))
        assert unpipelined == []
        app.save(*[large_party(i) for i in range(2, 42)])
        assert unpipelined == [40]
    finally:
        app.close()


def test_two_writers_of_one_aggregate_cannot_both_win(app: RegistryApplication) -> None:
    party_id = app.register_party(organisation("Hongdark"), "officer")
    exclusion_id = app.impose_exclusion(party_id, ExclusionType.DEBARMENT, ACTION, "sdo")
    first: Exclusion = app.repository.get(exclusion_id)
    second: Exclusion = app.repository.get(exclusion_id)
    first.terminate(date(2027, 1, 1), "appeal", "sdo", today=date(2026, 12, 1))
    second.terminate(date(2027, 2, 1), "appeal", "sdo", today=date(2026, 12, 1))
    app.save(first)
    with pytest.raises(Conflict):
        app.save(second)
    assert app.get_exclusion(exclusion_id).terminated_date == date(2027, 1, 1)


def test_checkpoints_are_kept_beside_the_log(
    settings: ServiceSettings,
) -> None:
    env = persistence_env("registry", settings)
    signer = CheckpointSigner.generate()
    first = RegistryApplication(env, country_codes())
    first.register_party(organisation("Hongdark"), "officer")
    first.register_party(organisation("Quanlux"), "officer")
    made = Checkpointer("registry", first, signer).make_checkpoint()
    assert made is not None
    first.close()

    second = RegistryApplication(env, country_codes())
    checkpointer = Checkpointer("registry", second, signer)
    assert checkpointer.catch_up() == made.size
    assert checkpointer.latest() == made
    assert checkpointer.disagreements == []
    # A checkpoint is not an event: the log it signs did not grow.
    assert second.log_position() == 2
    second.register_party(organisation("Vexmar"), "officer")
    grown = checkpointer.make_checkpoint()
    assert grown is not None
    assert grown.size == 3
    second.close()
