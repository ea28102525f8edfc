"""Wires screening from its settings. Nothing connects until `run_service` starts it."""

from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes
from portcullis_kit.runtime import Service
from screening.adapters.integration_events import translate
from screening.adapters.registry_events import registry_subscription
from screening.application.screening_app import ScreeningApplication
from screening.entrypoints.grpc_servicer import screening_servicer
from screening.settings import ScreeningSettings


def bootstrap(settings: ScreeningSettings) -> Service:
    app = ScreeningApplication(persistence_env("screening", settings), country_codes())
    return Service(
        name="screening",
        settings=settings,
        app=app,
        servicers=[screening_servicer(app)],
        translate=translate,
        subscriptions=[registry_subscription(app, settings.consumer_name)],
        prepare=app.catch_up,
    )
