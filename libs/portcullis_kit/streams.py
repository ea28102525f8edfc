"""The JetStream streams: one per service, subjects `portcullis.<service>.v1.<event>`.

The owning service creates its streams (its relay the events', its checkpoint publisher
the checkpoints'), at start; a consumer waits for the upstream's stream to exist, so
start-up order does not matter, and no service may create (and so shape) another's
stream (see `nats_auth`).
"""

import re

from google.protobuf.message import Message
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

# JetStream drops a publish whose Nats-Msg-Id it saw within this window.
DUPLICATE_WINDOW_SECONDS = 120.0

HEADER_MSG_ID = "Nats-Msg-Id"
HEADER_POSITION = "Portcullis-Position"
HEADER_TYPE = "Portcullis-Type"


def stream_name(service: str) -> str:
    return f"PORTCULLIS_{service.upper()}"


def subject_prefix(service: str) -> str:
    return f"portcullis.{service}.v1"


def subject_for(service: str, message: Message) -> str:
    """`PartyRegistered` from the registry goes on `portcullis.registry.v1.party_registered`."""
    name = message.DESCRIPTOR.name
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return f"{subject_prefix(service)}.{snake}"


def checkpoints_upstream(service: str) -> str:
    """Each service's signed checkpoints have a stream of their own, in order of size."""
    return f"{service}_checkpoints"


def stream_config(service: str) -> StreamConfig:
    return StreamConfig(
        name=stream_name(service),
        subjects=[f"{subject_prefix(service)}.>"],
        storage=StorageType.FILE,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
    )


async def ensure_stream(js: JetStreamContext, service: str) -> None:
    config = stream_config(service)
    try:
        await js.stream_info(config.name or "")
    except NotFoundError:
        await js.add_stream(config)
