from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from portcullis_kit.settings import Port, ServiceSettings


class PublicationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PUBLICATION_", extra="ignore", frozen=True)

    grpc_port: Port = 50054
    # The public web pages (published reports, public lists), plain HTTP.
    http_host: str = "127.0.0.1"
    http_port: Port = 8080
    # Prefix of this service's durable consumers; replicas share them.
    consumer_name: str = "publication"
    # Each service's checkpoint public key, pinned: "registry=<base64>,screening=<base64>".
    # A checkpoint signed by another key is refused. Unpinned, the key a checkpoint comes
    # with is used (it came on the service's own subject, on which NATS lets only the
    # service's user publish), and a change of key is recorded as a finding.
    witness_keys: str = ""
    # Reports are of one kind only: a month's report beside its quarter's would let anyone
    # subtract one from the other and recover a hidden cell.
    report_period: Literal["quarterly", "monthly"] = "quarterly"
    # Disclosure control of published tables: a cell needs this many contributors, and
    # its largest `dominance_contributors` may make up at most `dominance_percent` of it.
    min_contributors: int = Field(default=3, ge=1)
    dominance_contributors: int = Field(default=2, ge=1)
    dominance_percent: float = Field(default=85.0, gt=0, le=100)
