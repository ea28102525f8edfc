from pydantic_settings import SettingsConfigDict

from portcullis_kit.settings import Port, ServiceSettings


class ScreeningSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SCREENING_", extra="ignore", frozen=True)

    grpc_port: Port = 50052
    # The durable consumer of registry events. One screening process per name: two
    # processes sharing it would split the stream between them. (Running several
    # replicas, each with its own watchlist and consumer, is not supported yet.)
    consumer_name: str = "screening"
