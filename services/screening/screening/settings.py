from pydantic_settings import SettingsConfigDict

from portcullis_kit.settings import Port, ServiceSettings


class ScreeningSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SCREENING_", extra="ignore", frozen=True)

    grpc_port: Port = 50052
    # Each replica holds its own watchlist, so each needs its own durable consumer.
    consumer_name: str = "screening"
