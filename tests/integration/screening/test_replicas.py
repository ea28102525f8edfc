"""Two screening replicas sharing one store: what one records, the other's watchlist finds
once it follows the shared log (as it does every SCREENING_STORE_POLL_SECONDS)."""

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


def test_a_replica_follows_what_another_recorded(tmp_path: Path) -> None:
    env = persistence_env("screening", ServiceSettings(data_dir=tmp_path))
    first = ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)
    second = ScreeningApplication(env, country_codes(), name_reader(), clock=lambda: TODAY)
    party_id = uuid4()
    first.save(*first.party_registered(party_id, organisation("Shenzhen Hongdark Electronics")))
    listing = Listing("debarment", date(2026, 11, 2), None, True)
    first.save(*first.exclusion_imposed(party_id, uuid4(), listing))
    query = organisation("Hongdark Electronics")
    assert second.screen(query).decision is Decision.CLEAR  # not yet followed
    second.catch_up()
    assert second.screen(query).decision is Decision.MATCH
    first.close()
    second.close()
