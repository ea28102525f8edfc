"""Fixtures of the relay and consumer tests: the two applications, a NATS client, tasks."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from nats.aio.client import Client as NatsClient

from portcullis_kit.eventstore import persistence_env
from portcullis_kit.nats_local import LocalNatsServer
from portcullis_kit.reference import country_codes
from portcullis_kit.runtime import connect_nats
from portcullis_kit.settings import ServiceSettings
from registry.application.registry_app import RegistryApplication
from screening.application.screening_app import ScreeningApplication
from tests.integration.kit.messaging import Running
from tests.support import name_reader


@pytest.fixture
def registry(tmp_path: Path) -> RegistryApplication:
    settings = ServiceSettings(data_dir=tmp_path / "registry")
    return RegistryApplication(persistence_env("registry", settings), country_codes())


@pytest.fixture
def screening(tmp_path: Path) -> ScreeningApplication:
    settings = ServiceSettings(data_dir=tmp_path / "screening")
    return ScreeningApplication(
        persistence_env("screening", settings), country_codes(), name_reader()
    )


@pytest.fixture
async def nats_client(nats_server: LocalNatsServer) -> AsyncIterator[NatsClient]:
    client = await connect_nats(nats_server.url, "test")
    yield client
    await client.close()


@pytest.fixture
async def running() -> AsyncIterator[Running]:
    tasks = Running()
    yield tasks
    for task in tasks.tasks:
        task.cancel()
    await asyncio.gather(*tasks.tasks, return_exceptions=True)
