from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from portcullis_kit.settings import Port, ServiceSettings


class ScreeningSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SCREENING_", extra="ignore", frozen=True)

    grpc_port: Port = 50052
    # The durable consumer of registry events (and, on its own stream, of scoring's).
    # One screening process per name: two processes sharing it would split the stream
    # between them. Replicas sharing a store each need their own (on Kubernetes, the pod's
    # name); the store's tracking applies each event once, and every replica's watchlist
    # follows the shared log (every STORE_POLL_SECONDS).
    consumer_name: str = "screening"
    # Scores (0 to 1) from which a candidate is a MATCH, or goes to REVIEW.
    match_threshold: float = Field(default=0.9, gt=0, le=1)
    review_threshold: float = Field(default=0.7, gt=0, le=1)
    # Processes that index the watchlist when a large store is rebuilt at start (1: this
    # process alone). No more than the CPUs the process may use: 2 fits the 2-core machine
    # `make run` is made for; the Kubernetes manifest sets its pods' CPU limit, 1.
    build_workers: int = Field(default=2, ge=1)

    @model_validator(mode="after")
    def _review_below_match(self) -> "ScreeningSettings":
        if self.review_threshold > self.match_threshold:
            raise ValueError("SCREENING_REVIEW_THRESHOLD must not exceed SCREENING_MATCH_THRESHOLD")
        return self
