"""Wires screening from its settings. Nothing connects until `run_service` starts it."""

from functools import partial

import structlog

from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes, legal_form_aliases, place_names
from portcullis_kit.runtime import Service
from screening.adapters.indexing_processes import build_watchlist
from screening.adapters.integration_events import IntegrationEvents
from screening.adapters.registry_events import registry_subscription
from screening.adapters.scoring_events import scoring_subscription
from screening.application.screening_app import ScreeningApplication
from screening.compiled import running_compiled
from screening.domain.matching import Thresholds
from screening.domain.names import LegalForms, NameReader
from screening.entrypoints.grpc_servicer import screening_servicer
from screening.settings import ScreeningSettings

log = structlog.get_logger("screening")


def bootstrap(settings: ScreeningSettings) -> Service:
    # Compiled or as written (`screening.compiled`): for whoever asks why one replica
    # screens slower than another.
    log.info("screening.domain_code", compiled=running_compiled())
    app = ScreeningApplication(
        persistence_env("screening", settings),
        country_codes(),
        NameReader(LegalForms.from_aliases(legal_form_aliases()), place_names()),
        thresholds=Thresholds(settings.match_threshold, settings.review_threshold),
    )
    return Service(
        name="screening",
        settings=settings,
        app=app,
        servicers=[screening_servicer(app)],
        translate=IntegrationEvents(app).translate,
        subscriptions=[
            registry_subscription(app, settings.consumer_name),
            scoring_subscription(app, settings.consumer_name),
        ],
        prepare=partial(build_watchlist, app, settings.build_workers),
        follow_store=app.catch_up,
    )
