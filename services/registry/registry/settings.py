from pydantic_settings import SettingsConfigDict

from portcullis_kit.settings import Port, ServiceSettings


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="ignore", frozen=True)

    grpc_port: Port = 50051
    # The durable consumer of screening's events (confirmed attempts, facilitation after
    # notice). One registry process per name.
    consumer_name: str = "registry"
