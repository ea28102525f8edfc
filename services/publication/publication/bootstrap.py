"""Wires publication from its settings. Nothing connects until `run_service` starts it."""

import base64

from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes, priority_trade_issues
from portcullis_kit.runtime import Service
from publication.adapters.checkpoint_events import checkpoint_subscriptions
from publication.adapters.integration_events import translate
from publication.adapters.registry_events import registry_subscription
from publication.adapters.scoring_events import scoring_subscription
from publication.application.publication_app import PublicationApplication
from publication.domain.disclosure import DisclosureRules
from publication.entrypoints.grpc_servicer import publication_servicer
from publication.entrypoints.web import PublicationWeb
from publication.settings import PublicationSettings


def bootstrap(settings: PublicationSettings) -> Service:
    app = PublicationApplication(
        persistence_env("publication", settings),
        country_codes(),
        frozenset(priority_trade_issues()),
        DisclosureRules(
            settings.min_contributors,
            settings.dominance_contributors,
            settings.dominance_percent,
        ),
        report_period=settings.report_period,
    )
    app.pinned_keys = {
        service.strip(): base64.b64decode(key.strip())
        for service, _, key in (
            pair.partition("=") for pair in settings.witness_keys.split(",") if pair.strip()
        )
    }
    return Service(
        name="publication",
        settings=settings,
        app=app,
        servicers=[publication_servicer(app)],
        translate=translate,
        servers=[lambda: PublicationWeb(app).serve(settings.http_host, settings.http_port)],
        follow_store=app.log_index.follow,
        subscriptions=[
            registry_subscription(app, settings.consumer_name),
            scoring_subscription(app, settings.consumer_name),
            *checkpoint_subscriptions(app, settings.consumer_name),
        ],
    )
