"""Wires scoring from its settings. Nothing connects until `run_service` starts it."""

from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes, priority_trade_issues
from portcullis_kit.runtime import Service
from scoring.adapters.integration_events import IntegrationEvents
from scoring.application.scoring_app import ScoringApplication
from scoring.entrypoints.grpc_servicer import scoring_servicer
from scoring.settings import ScoringSettings


def bootstrap(settings: ScoringSettings) -> Service:
    app = ScoringApplication(
        persistence_env("scoring", settings),
        country_codes(),
        frozenset(priority_trade_issues()),
        information_days=settings.information_days,
    )
    return Service(
        name="scoring",
        settings=settings,
        app=app,
        servicers=[scoring_servicer(app)],
        translate=IntegrationEvents(app).translate,
        follow_store=app.catch_up,
    )
