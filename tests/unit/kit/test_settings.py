import pytest

from portcullis_kit.settings import SettingsError, load_settings
from registry.settings import RegistrySettings
from screening.settings import ScreeningSettings


def test_settings_come_from_variables_prefixed_with_the_service_name() -> None:
    settings = load_settings(
        ScreeningSettings, {"SCREENING_GRPC_PORT": "6000", "REGISTRY_GRPC_PORT": "7000"}
    )
    assert settings.grpc_port == 6000


def test_each_service_has_its_default_port() -> None:
    assert load_settings(RegistrySettings, {}).grpc_port == 50051
    assert load_settings(ScreeningSettings, {}).grpc_port == 50052


def test_a_stop_drains_only_when_told_to() -> None:
    # `make run` stops at once; a replica behind a load balancer is given a drain.
    assert load_settings(ScreeningSettings, {}).shutdown_drain_seconds == 0
    drained = load_settings(ScreeningSettings, {"SCREENING_SHUTDOWN_DRAIN_SECONDS": "5"})
    assert drained.shutdown_drain_seconds == 5


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("REGISTRY_GRPC_PORT", "not-a-port"),
        ("REGISTRY_GRPC_PORT", "70000"),
        ("REGISTRY_PERSISTENCE", "mongodb"),
        ("REGISTRY_LOG_LEVEL", "loud"),
        ("REGISTRY_SHUTDOWN_DRAIN_SECONDS", "-1"),
    ],
)
def test_a_wrong_value_names_the_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings(RegistrySettings, {variable: value})


def test_the_service_refuses_to_start_with_a_wrong_value(monkeypatch: pytest.MonkeyPatch) -> None:
    from portcullis_kit.runtime import main
    from registry.bootstrap import bootstrap

    monkeypatch.setenv("REGISTRY_GRPC_PORT", "port")
    with pytest.raises(SystemExit) as exited:
        main(RegistrySettings, bootstrap)
    assert exited.value.code == 2


def test_postgres_persistence_needs_a_connection_uri() -> None:
    with pytest.raises(SettingsError, match="REGISTRY_POSTGRES_DSN"):
        load_settings(RegistrySettings, {"REGISTRY_PERSISTENCE": "postgres"})


def test_plaintext_grpc_off_loopback_is_refused_unless_said_explicitly() -> None:
    with pytest.raises(SettingsError, match=r"REGISTRY_GRPC_HOST: .*plaintext on 0\.0\.0\.0"):
        load_settings(RegistrySettings, {"REGISTRY_GRPC_HOST": "0.0.0.0"})
    allowed = load_settings(
        RegistrySettings, {"REGISTRY_GRPC_HOST": "0.0.0.0", "REGISTRY_ALLOW_PLAINTEXT": "true"}
    )
    assert allowed.grpc_host == "0.0.0.0"
    assert load_settings(RegistrySettings, {"REGISTRY_GRPC_HOST": "::1"}).grpc_host == "::1"
