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
    # Worker processes that index the watchlist when a large store is rebuilt at start,
    # while this process reads the store (0: this process does both). On 2 cores, 1 or 2
    # (`bench/screening_start.py`); the Kubernetes manifest sets 0, its pods' CPU limit
    # being 1.
    build_workers: int = Field(default=1, ge=0)

    @model_validator(mode="after")
    def _review_below_match(self) -> "ScreeningSettings":
        if self.review_threshold > self.match_threshold:
            raise ValueError("SCREENING_REVIEW_THRESHOLD must not exceed SCREENING_MATCH_THRESHOLD")
        return self
