"""The Kubernetes manifests, checked offline: every resource against the Kubernetes 1.30
schemas (strictly: no unknown fields), and the production rendering for what an operator
relies on: gRPC probes, resources, non-root and read-only, a disruption budget and a
network policy for every workload, no dropped call on a rolling update, and NATS letting
in each service as its own user with its own permissions."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from portcullis_cli.certificates import CertificateAuthority
from portcullis_kit import nats_auth
from portcullis_kit.nats_local import nats_server_binary
from portcullis_kit.settings import ServiceSettings, load_settings
from publication.settings import PublicationSettings
from registry.settings import RegistrySettings
from scoring.settings import ScoringSettings
from screening.settings import ScreeningSettings

SETTINGS: dict[str, type[ServiceSettings]] = {
    "registry": RegistrySettings,
    "screening": ScreeningSettings,
    "scoring": ScoringSettings,
    "publication": PublicationSettings,
}

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
VERSION = "1.30.0"
# Custom resources of operators installed beside Portcullis: no bundled schema to check.
OPERATOR_KINDS = {("postgresql.cnpg.io/v1", "Cluster"), ("cert-manager.io/v1", "Certificate")}
KUBECTL = shutil.which("kubectl")


def resources(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if doc]


def rendered(overlay: str) -> list[dict[str, Any]]:
    assert KUBECTL is not None
    output = subprocess.run(
        [KUBECTL, "kustomize", str(DEPLOY / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return resources(output)


def validate(resource: dict[str, Any]) -> None:
    if (resource["apiVersion"], resource["kind"]) in OPERATOR_KINDS:
        return
    kubernetes_validate.validate(resource, VERSION, strict=True)


@pytest.mark.parametrize("path", sorted((DEPLOY / "base").glob("*.yaml")), ids=lambda p: p.name)
def test_every_base_resource_is_valid(path: Path) -> None:
    if path.name == "kustomization.yaml":
        return
    found = resources(path.read_text())
    assert found
    for resource in found:
        validate(resource)


needs_kubectl = pytest.mark.skipif(KUBECTL is None, reason="kubectl (kustomize) not installed")


@needs_kubectl
@pytest.mark.parametrize("overlay", ["dev", "production"])
def test_every_rendered_resource_is_valid(overlay: str) -> None:
    for resource in rendered(overlay):
        validate(resource)


@needs_kubectl
def test_production_workloads_are_probed_limited_non_root_and_fenced() -> None:
    found = rendered("production")
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for resource in found:
        by_kind.setdefault(resource["kind"], []).append(resource)
    budgets = {
        p["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]
        for p in by_kind["PodDisruptionBudget"]
    }
    fenced = {
        n["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
        for n in by_kind["NetworkPolicy"]
    }
    workloads = by_kind["Deployment"] + by_kind["StatefulSet"]
    assert {w["metadata"]["name"] for w in by_kind["Deployment"]} == {
        "registry",
        "screening",
        "scoring",
        "publication",
    }
    for workload in workloads:
        name = workload["metadata"]["name"]
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert name in budgets, f"{name} has no PodDisruptionBudget"
        assert name in fenced, f"{name} has no NetworkPolicy"
        for container in pod["containers"]:
            assert container["resources"]["limits"], name
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
            assert "readinessProbe" in container, name
            assert "livenessProbe" in container, name
    for deployment in by_kind["Deployment"]:
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert "grpc" in container["readinessProbe"], "native gRPC readiness"
        assert "grpc" in container["livenessProbe"], "native gRPC liveness"
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
        env = {e["name"]: e for e in container["env"]}
        dsn = next(e for n, e in env.items() if n.endswith("_POSTGRES_DSN"))
        assert dsn["valueFrom"]["secretKeyRef"]["name"].endswith("-db-app")
    [autoscaler] = by_kind["HorizontalPodAutoscaler"]
    assert autoscaler["spec"]["scaleTargetRef"]["name"] == "screening"
    [nats] = [s for s in by_kind["StatefulSet"] if s["metadata"]["name"] == "nats"]
    assert nats["spec"]["replicas"] == 3


def environment(container: dict[str, Any]) -> dict[str, str]:
    """A container's plain environment; values from Secrets or the pod stand in as "x"."""
    return {e["name"]: e.get("value", "x") for e in container["env"]}


@needs_kubectl
def test_production_serves_grpc_only_under_mutual_tls_and_probes_health_in_plaintext(
    tmp_path: Path,
) -> None:
    # The files the Secret and ConfigMap mount, made here, so that each service's own
    # settings judge the rendered environment as they would at start.
    authority = CertificateAuthority(tmp_path)
    server = authority.issue_server(["registry.portcullis.svc"])
    mounted = {
        "/tls/tls.crt": server.certificate,
        "/tls/tls.key": server.key,
        "/partner-ca/ca.crt": authority.path,
        "/tls/ca.crt": authority.path,
        "/identities/identities.toml": DEPLOY / "overlays/production/identities.toml",
    }
    deployments = [r for r in rendered("production") if r["kind"] == "Deployment"]
    for deployment in deployments:
        name = deployment["metadata"]["name"]
        pod = deployment["spec"]["template"]["spec"]
        [container] = pod["containers"]
        env = environment(container)
        prefix = f"{name.upper()}_"
        assert env[f"{prefix}ALLOW_PLAINTEXT"] == "false"
        assert env[f"{prefix}ALLOW_UNAUTHENTICATED"] == "false"
        assert float(env[f"{prefix}RATE_LIMIT_PER_SECOND"]) > 0
        # Partners' certificates are signed by a CA kept out of the cluster, not by the
        # issuer that makes the server's certificate in it.
        assert env[f"{prefix}TLS_CLIENT_CA_FILE"] == "/partner-ca/ca.crt"
        for variable in ("TLS_CERT_FILE", "TLS_KEY_FILE", "TLS_CLIENT_CA_FILE", "IDENTITIES_FILE"):
            path = env[prefix + variable]
            mount = next(m for m in container["volumeMounts"] if path.startswith(m["mountPath"]))
            assert any(v["name"] == mount["name"] for v in pod["volumes"]), path
        health = next(p for p in container["ports"] if p["name"] == "health")["containerPort"]
        assert int(env[f"{prefix}HEALTH_PORT"]) == health
        assert container["readinessProbe"]["grpc"]["port"] == health
        assert container["livenessProbe"]["grpc"]["port"] == health
        if name == "screening":
            # Liveness waits for the start-up build of the watchlist: a million parties
            # on PostgreSQL would take up to some 270 s (268 µs a party at 100,000 when
            # each is read from the store, in BENCHMARKS.md); allow twice that and more.
            startup = container["startupProbe"]
            assert startup["grpc"]["port"] == health
            assert startup["periodSeconds"] * startup["failureThreshold"] >= 600
        given = {k: str(mounted.get(v, v)) for k, v in env.items()}
        given[f"{prefix}POSTGRES_DSN"] = "postgresql://u:p@db:5432/x"
        settings = load_settings(SETTINGS[name], given)
        assert settings.tls_client_ca_file == authority.path
        assert settings.rate_limit_per_second > 0
    assert len(deployments) == 4


@needs_kubectl
def test_the_dev_rendering_is_accepted_by_each_services_settings() -> None:
    for deployment in (r for r in rendered("dev") if r["kind"] == "Deployment"):
        name = deployment["metadata"]["name"]
        env = environment(deployment["spec"]["template"]["spec"]["containers"][0])
        env[f"{name.upper()}_POSTGRES_DSN"] = "postgresql://u:p@db:5432/x"
        settings = load_settings(SETTINGS[name], env)
        assert settings.grpc_host == "0.0.0.0"


@needs_kubectl
def test_a_rolling_update_drains_each_pod_before_it_stops_within_its_grace_period() -> None:
    deployments = [r for r in rendered("production") if r["kind"] == "Deployment"]
    for deployment in deployments:
        name = deployment["metadata"]["name"]
        pod = deployment["spec"]["template"]["spec"]
        [container] = pod["containers"]
        env = {e["name"]: e.get("value") for e in container["env"]}
        drain = float(env[f"{name.upper()}_SHUTDOWN_DRAIN_SECONDS"])
        grace = float(env[f"{name.upper()}_SHUTDOWN_GRACE_SECONDS"])
        # The drain keeps serving while the pod leaves the endpoints; Kubernetes kills
        # the pod only after the drain and the in-flight calls' grace have both passed.
        assert drain >= 5, name
        assert "preStop" not in container.get("lifecycle", {}), f"{name}: the drain does it"
        assert pod["terminationGracePeriodSeconds"] > drain + grace, name
    [screening] = [d for d in deployments if d["metadata"]["name"] == "screening"]
    assert screening["spec"]["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1},
    }


def nats_configmap(where: str) -> dict[str, str]:
    """The NATS ConfigMap's files, in the base or as the production overlay patches it."""
    source = resources((DEPLOY / "base" / "nats.yaml").read_text())
    if where == "production":
        source = rendered("production")
    [config] = [r for r in source if r["kind"] == "ConfigMap" and r["metadata"]["name"] == "nats"]
    data: dict[str, str] = config["data"]
    return data


def nats_conf() -> str:
    return nats_configmap("base")["nats.conf"]


def test_nats_lets_in_a_user_per_service_each_with_the_kits_permissions() -> None:
    conf = nats_conf()
    # What `python -m portcullis_kit.nats_auth` prints, word for word.
    assert nats_auth.kubernetes_authorization() in conf
    users = re.findall(r'^\s+user: "([^"]+)"$', conf, re.M)
    assert users == [*nats_auth.SERVICES, nats_auth.ADMIN]
    assert "no_auth_user" not in conf


def test_nats_server_reads_the_configuration_with_the_passwords_from_its_environment(
    tmp_path: Path,
) -> None:
    config = tmp_path / "nats.conf"
    config.write_text(nats_conf())
    (tmp_path / "tls.conf").write_text(nats_configmap("base")["tls.conf"])
    env = {f"{u.upper()}_NATS_PASSWORD": "x" for u in [*nats_auth.SERVICES, nats_auth.ADMIN]}
    env["POD_NAME"] = "nats-0"
    check = [nats_server_binary(), "-c", str(config), "-t"]
    valid = subprocess.run(check, env=env, capture_output=True, text=True, timeout=30)
    assert valid.returncode == 0, valid.stderr
    del env["SCREENING_NATS_PASSWORD"]
    invalid = subprocess.run(check, env=env, capture_output=True, text=True, timeout=30)
    assert "SCREENING_NATS_PASSWORD" in invalid.stderr


@needs_kubectl
def test_each_service_logs_in_to_nats_as_itself_with_the_password_nats_expects() -> None:
    found = rendered("production")
    [nats] = [r for r in found if r["kind"] == "StatefulSet" and r["metadata"]["name"] == "nats"]
    nats_env = {e["name"]: e for e in nats["spec"]["template"]["spec"]["containers"][0]["env"]}
    for deployment in (r for r in found if r["kind"] == "Deployment"):
        service = deployment["metadata"]["name"]
        prefix = service.upper()
        env = deployment["spec"]["template"]["spec"]["containers"][0]["env"]
        names = [e["name"] for e in env]
        by_name = {e["name"]: e for e in env}
        url = by_name[f"{prefix}_NATS_URL"]["value"]
        assert url == f"nats://{service}:$({prefix}_NATS_PASSWORD)@nats:4222"
        # Kubernetes fills $(VAR) only from a variable listed before it.
        assert names.index(f"{prefix}_NATS_PASSWORD") < names.index(f"{prefix}_NATS_URL")
        secret = by_name[f"{prefix}_NATS_PASSWORD"]["valueFrom"]["secretKeyRef"]
        variable = nats_auth.password_variable(service).removeprefix("$")
        assert (
            nats_env[variable]["valueFrom"]["secretKeyRef"]
            == secret
            == {
                "name": f"{service}-nats",
                "key": "password",
            }
        )


@needs_kubectl
def test_in_production_nats_speaks_tls_and_the_services_verify_it(tmp_path: Path) -> None:
    files = nats_configmap("production")
    assert files["nats.conf"] == nats_conf()  # the same configuration, TLS included
    authority = CertificateAuthority(tmp_path)
    issued = authority.issue_server(["nats"])
    tls = files["tls.conf"]
    assert 'cert_file: "/etc/nats-tls/tls.crt"' in tls
    # nats-server reads it, with the certificate where the Secret is mounted.
    (tmp_path / "nats.conf").write_text(files["nats.conf"])
    (tmp_path / "tls.conf").write_text(
        tls.replace("/etc/nats-tls/tls.crt", str(issued.certificate)).replace(
            "/etc/nats-tls/tls.key", str(issued.key)
        )
    )
    env = {f"{u.upper()}_NATS_PASSWORD": "x" for u in [*nats_auth.SERVICES, nats_auth.ADMIN]}
    env["POD_NAME"] = "nats-0"
    check = [nats_server_binary(), "-c", str(tmp_path / "nats.conf"), "-t"]
    valid = subprocess.run(check, env=env, capture_output=True, text=True, timeout=30)
    assert valid.returncode == 0, valid.stderr
    found = rendered("production")
    [nats] = [r for r in found if r["kind"] == "StatefulSet" and r["metadata"]["name"] == "nats"]
    mounts = nats["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
    assert {"name": "nats-tls", "mountPath": "/etc/nats-tls", "readOnly": True} in mounts
    for deployment in (r for r in found if r["kind"] == "Deployment"):
        env_of = environment(deployment["spec"]["template"]["spec"]["containers"][0])
        name = deployment["metadata"]["name"].upper()
        assert env_of[f"{name}_NATS_TLS_CA_FILE"] == "/tls/ca.crt"
