from datetime import date
from pathlib import Path
from uuid import uuid4

from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from screening.application.screening_app import ScreeningApplication
from screening.domain.matching import Decision
from screening.domain.watched_party import Listing
from tests.support import name_reader, organisation

TODAY = date(2026, 11, 28)


def test_a_restarted_screening_rebuilds_its_watchlist_from_its_sqlite_store(
    tmp_path: Path,
) -> None:
    env = persistence_env("screening", ServiceSettings(data_dir=tmp_path))
    first = ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)
    party_id = uuid4()
    first.save(*first.party_registered(party_id, organisation("Hongdark")))
    first.save(
        *first.exclusion_imposed(
            party_id, uuid4(), Listing("debarment", date(2026, 11, 2), date(2029, 11, 1), True)
        )
    )
    version = first.watchlist_info().version
    first.close()

    restarted = ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)
    assert (
        restarted.screen(organisation("Hongdark")).decision is Decision.CLEAR
    )  # not yet caught up
    restarted.catch_up()
    assert restarted.screen(organisation("Hongdark")).decision is Decision.MATCH
    assert restarted.watchlist_info().version == version
