from pydantic import Field
from pydantic_settings import SettingsConfigDict

from portcullis_kit.settings import Port, ServiceSettings


class ScoringSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SCORING_", extra="ignore", frozen=True)

    grpc_port: Port = 50053
    # Days a post at 6 or more non-compliant quarters has to provide the additional
    # information asked of it (EO 13904 §5(c)).
    information_days: int = Field(default=30, ge=1)
