from pydantic_settings import SettingsConfigDict

from portcullis_kit.settings import Port, ServiceSettings


class ScoringSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SCORING_", extra="ignore", frozen=True)

    grpc_port: Port = 50053
