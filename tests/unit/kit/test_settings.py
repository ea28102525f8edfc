from pathlib import Path

import pytest

from portcullis_cli.certificates import CertificateAuthority
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
    with pytest.raises(SettingsError, match=r"REGISTRY_GRPC_HOST: .*every caller would have"):
        load_settings(
            RegistrySettings, {"REGISTRY_GRPC_HOST": "0.0.0.0", "REGISTRY_ALLOW_PLAINTEXT": "true"}
        )
    allowed = load_settings(
        RegistrySettings,
        {
            "REGISTRY_GRPC_HOST": "0.0.0.0",
            "REGISTRY_ALLOW_PLAINTEXT": "true",
            "REGISTRY_ALLOW_UNAUTHENTICATED": "true",
        },
    )
    assert allowed.grpc_host == "0.0.0.0"
    assert load_settings(RegistrySettings, {"REGISTRY_GRPC_HOST": "::1"}).grpc_host == "::1"


def test_off_loopback_with_mutual_tls_needs_nothing_explicit(tmp_path: Path) -> None:
    authority = CertificateAuthority(tmp_path)
    server = authority.issue_server(["registry.portcullis.svc"])
    identities = tmp_path / "identities.toml"
    identities.write_text('[identities.cbp-officer]\nroles = ["officer"]\n')
    settings = load_settings(
        RegistrySettings,
        {
            "REGISTRY_GRPC_HOST": "0.0.0.0",
            "REGISTRY_TLS_CERT_FILE": str(server.certificate),
            "REGISTRY_TLS_KEY_FILE": str(server.key),
            "REGISTRY_TLS_CLIENT_CA_FILE": str(authority.path),
            "REGISTRY_IDENTITIES_FILE": str(identities),
        },
    )
    assert settings.tls_client_ca_file == authority.path


@pytest.mark.parametrize(
    ("given", "complaint"),
    [
        ({"TLS_CERT_FILE": "cert"}, r"REGISTRY_TLS_KEY_FILE: .*both"),
        ({"TLS_CLIENT_CA_FILE": "ca"}, r"REGISTRY_TLS_CLIENT_CA_FILE: .*need TLS"),
        ({"TLS_CERT_FILE": "missing.pem", "TLS_KEY_FILE": "key"}, r"REGISTRY_TLS_CERT_FILE"),
        ({"TOKEN_PUBLIC_KEYS_FILE": "ca"}, r"REGISTRY_TOKEN_PUBLIC_KEYS_FILE: .*no public key"),
        (
            {"TLS_CERT_FILE": "cert", "TLS_KEY_FILE": "key", "TLS_CLIENT_CA_FILE": "ca"},
            r"REGISTRY_IDENTITIES_FILE: .*every caller would have no role",
        ),
        (
            {
                "TLS_CERT_FILE": "cert",
                "TLS_KEY_FILE": "key",
                "TLS_CLIENT_CA_FILE": "ca",
                "IDENTITIES_FILE": "bad_roles",
            },
            r"REGISTRY_IDENTITIES_FILE: .*unknown roles \['admin'\]",
        ),
    ],
)
def test_security_settings_that_do_not_fit_are_refused_by_name(
    tmp_path: Path, given: dict[str, str], complaint: str
) -> None:
    authority = CertificateAuthority(tmp_path)
    server = authority.issue_server(["localhost"])
    (tmp_path / "bad_roles").write_text('[identities.x]\nroles = ["admin"]\n')
    files = {
        "cert": server.certificate,
        "key": server.key,
        "ca": authority.path,
        "bad_roles": tmp_path / "bad_roles",
    }
    environ = {
        f"REGISTRY_{name}": str(files.get(value, tmp_path / value)) for name, value in given.items()
    }
    with pytest.raises(SettingsError, match=complaint):
        load_settings(RegistrySettings, environ)


def test_one_missing_file_is_one_complaint() -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(
            RegistrySettings,
            {
                "REGISTRY_GRPC_HOST": "0.0.0.0",
                "REGISTRY_TLS_CERT_FILE": "/nowhere/cert.pem",
                "REGISTRY_TLS_KEY_FILE": "/nowhere/key.pem",
            },
        )
    complaints = str(raised.value).split("; ")
    assert [c.split(":")[0] for c in complaints] == [
        "REGISTRY_TLS_CERT_FILE",
        "REGISTRY_TLS_KEY_FILE",
    ]


def test_the_health_port_is_not_the_grpc_port() -> None:
    with pytest.raises(SettingsError, match="REGISTRY_HEALTH_PORT: must differ"):
        load_settings(RegistrySettings, {"REGISTRY_HEALTH_PORT": "50051"})
