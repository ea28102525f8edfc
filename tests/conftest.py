"""Fixtures for every tier: a real nats-server and a real PostgreSQL when a test asks."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portcullis_kit.nats_local import LocalNatsServer
from tests.support import free_port


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[LocalNatsServer]:
    server = LocalNatsServer(free_port(), tmp_path / "nats", tmp_path / "nats.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    import pgserver  # a locked dependency: a missing one must fail, not skip

    server = pgserver.get_server(tmp_path_factory.mktemp("pgdata"), cleanup_mode="stop")
    yield server
    server.cleanup()


@pytest.fixture
def postgres_dsn(postgres_server: Any) -> str:
    """A fresh database per test, so each starts with empty tables."""
    name = f"test_{free_port()}"
    postgres_server.psql(f"CREATE DATABASE {name};")
    dsn: str = postgres_server.get_uri(name)
    return dsn
