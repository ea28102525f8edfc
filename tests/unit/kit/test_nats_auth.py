"""The NATS permissions of each service (`portcullis_kit.nats_auth`), as data: what they
let a service do against a real nats-server is in tests/integration/kit."""

from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest

from portcullis_kit import nats_auth
from portcullis_kit.runtime import Service
from portcullis_kit.settings import load_settings


def bootstrapped(service: str) -> Service:
    """The service as `python -m <service>` wires it, on memory persistence (nothing
    connects until it runs)."""
    settings_class = getattr(import_module(f"{service}.settings"), f"{service.title()}Settings")
    settings = load_settings(settings_class, {f"{service.upper()}_PERSISTENCE": "memory"})
    wire: Callable[[Any], Service] = import_module(f"{service}.bootstrap").bootstrap
    return wire(settings)


@pytest.mark.parametrize("service", nats_auth.SERVICES)
def test_the_streams_a_service_may_read_are_those_its_bootstrap_subscribes_to(
    service: str,
) -> None:
    wired = bootstrapped(service)
    try:
        subscribed = sorted(s.upstream for s in wired.subscriptions)
    finally:
        wired.app.close()
    assert sorted(nats_auth.UPSTREAMS[service]) == subscribed


@pytest.mark.parametrize("service", nats_auth.SERVICES)
def test_a_service_publishes_only_on_its_own_subjects_and_reads_only_its_own_inbox(
    service: str,
) -> None:
    granted = nats_auth.portcullis_permissions()[service]
    messages = [s for s in granted.publish if not s.startswith("$JS.")]
    assert messages == [f"portcullis.{service}.v1.>", f"portcullis.{service}_checkpoints.v1.>"]
    created = [s for s in granted.publish if ".STREAM.CREATE." in s]
    own = f"PORTCULLIS_{service.upper()}"
    assert created == [f"$JS.API.STREAM.CREATE.{own}", f"$JS.API.STREAM.CREATE.{own}_CHECKPOINTS"]
    assert not [s for s in granted.publish if s.endswith(">") and s.startswith("$JS.API")]
    assert granted.subscribe == (f"_INBOX.{service}.>",)


def test_a_password_from_the_environment_is_left_to_nats_server_and_a_literal_is_quoted() -> None:
    block = nats_auth.authorization_conf(
        {}, {"admin": "$ADMIN_NATS_PASSWORD", "other": "$not a variable"}, admins=["admin", "other"]
    )
    assert "password: $ADMIN_NATS_PASSWORD\n" in block
    assert 'password: "$not a variable"\n' in block
