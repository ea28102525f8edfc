from pydantic_settings import SettingsConfigDict

from portcullis_kit.settings import Port, ServiceSettings


class PublicationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PUBLICATION_", extra="ignore", frozen=True)

    grpc_port: Port = 50054
    # Prefix of this service's durable consumers; replicas share them.
    consumer_name: str = "publication"
