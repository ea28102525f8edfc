"""Wires the registry from its settings. Nothing connects until `run_service` starts it."""

from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes
from portcullis_kit.runtime import Service
from registry.adapters.integration_events import IntegrationEvents
from registry.adapters.screening_events import screening_subscription
from registry.application.registry_app import RegistryApplication
from registry.entrypoints.grpc_servicer import registry_servicer
from registry.settings import RegistrySettings


def bootstrap(settings: RegistrySettings) -> Service:
    app = RegistryApplication(persistence_env("registry", settings), country_codes())
    return Service(
        name="registry",
        settings=settings,
        app=app,
        servicers=[registry_servicer(app)],
        translate=IntegrationEvents(app).translate,
        subscriptions=[screening_subscription(app, settings.consumer_name)],
        calendar=app.run_calendar,
    )
