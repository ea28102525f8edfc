"""Helpers for the tests of the relay and the consumers against a real nats-server."""

import asyncio
from collections.abc import Callable
from typing import Any
from uuid import UUID

from nats.js import JetStreamContext
from opentelemetry.trace import Tracer

from portcullis_kit import streams
from portcullis_kit.relay import OutboxRelay
from portcullis_kit.tracing import NO_TRACER
from registry.adapters.integration_events import IntegrationEvents
from registry.application.registry_app import RegistryApplication
from tests.support import organisation

STREAM = streams.stream_name("registry")


async def until(check: Callable[[], Any], within: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


class Running:
    """Background tasks started by a test, cancelled when it ends."""

    def __init__(self) -> None:
        self.tasks: list[asyncio.Task[None]] = []

    def start(self, coroutine: Any) -> asyncio.Task[None]:
        task = asyncio.create_task(coroutine)
        self.tasks.append(task)
        return task

    async def stop(self, task: asyncio.Task[None]) -> None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def registry_relay(app: RegistryApplication, tracer: Tracer = NO_TRACER) -> OutboxRelay:
    """The registry's relay, as the service wires it, polling briskly for the tests."""
    return OutboxRelay(
        "registry", app, IntegrationEvents(app).translate, poll_seconds=0.05, tracer=tracer
    )


async def stream_messages(js: JetStreamContext) -> list[dict[str, str]]:
    info = await js.stream_info(STREAM)
    headers = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        message = await js.get_msg(STREAM, seq=seq)
        headers.append(dict(message.headers or {}))
    return headers


def register(app: RegistryApplication, *names: str) -> list[UUID]:
    return [app.register_party(organisation(name), "officer") for name in names]
