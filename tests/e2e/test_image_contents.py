"""What the container image holds is enough to run each service: the runtime lock alone
(no tools or tests), the sources and stubs where `deploy/Dockerfile` puts them, and its
PYTHONPATH. Built here as a virtual environment and a directory, since this machine has no
container daemon; the Dockerfile's own lines are read so that the two cannot drift."""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text()
DEV_ONLY = ("pytest", "mypy", "ruff", "grpcio-tools", "pgserver", "buf-bin", "kubernetes-validate")


def pins(lock: Path) -> dict[str, str]:
    found = re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^\s\\]+)", lock.read_text(), re.M)
    return {name.lower(): version for name, version in found}


def test_the_runtime_lock_is_the_full_locks_versions_without_the_tools() -> None:
    runtime, full = pins(ROOT / "requirements-runtime.lock"), pins(ROOT / "requirements.lock")
    assert runtime
    assert all(full.get(name) == version for name, version in runtime.items())
    assert not set(DEV_ONLY) & set(runtime)
    final_stage = DOCKERFILE.rsplit("\nFROM ", 1)[1]
    assert re.search(r"^USER 10001$", final_stage, re.M)  # not root
    assert "COPY --from=build /opt/venv /opt/venv" in final_stage
    assert "/opt/tools" not in final_stage


def test_each_service_starts_from_what_the_image_holds(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--require-hashes", "--no-deps", "-r",
         str(ROOT / "requirements-runtime.lock")],
        check=True,
        timeout=600,
    )  # fmt: skip
    app = tmp_path / "app"
    for part in ("libs", "services", "data"):
        shutil.copytree(ROOT / part, app / part, ignore=shutil.ignore_patterns("__pycache__"))
    # Screening's compiled modules, where `make` could build them, as the build stage does:
    # they must load beside the runtime lock alone (no mypy).
    compiled = (ROOT / "build" / "screening-compiled" / "sources.json").exists()
    assert "COPY --from=build /src/build/screening-compiled /app/build/screening-compiled" in (
        DOCKERFILE
    )
    if compiled:
        shutil.copytree(ROOT / "build" / "screening-compiled", app / "build" / "screening-compiled")
    # The stubs as the build stage makes them (with its full-lock tools: ours).
    shutil.rmtree(app / "libs" / "gen")
    (app / "libs" / "gen").mkdir()
    protos = [str(p) for p in (ROOT / "protos").rglob("*.proto")]
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", "-I", str(ROOT / "protos"),
         f"--python_out={app / 'libs/gen'}", f"--grpc_python_out={app / 'libs/gen'}", *protos],
        check=True,
        timeout=120,
    )  # fmt: skip
    # The final stage's (the build stage sets its own for compiling).
    image_path = re.search(r"PYTHONPATH=(\S+)", DOCKERFILE.rsplit("\nFROM ", 1)[1])
    assert image_path is not None
    python_path = image_path.group(1).replace("/app", str(app))
    for service in ("registry", "screening", "scoring", "publication"):
        prefix = service.upper()
        environment = {
            "PATH": os.environ["PATH"],
            "PYTHONPATH": python_path,
            f"{prefix}_PERSISTENCE": "memory",
            f"{prefix}_GRPC_PORT": "0",
            f"{prefix}_NATS_URL": "nats://127.0.0.1:9",  # nobody: serving does not wait for it
            "PUBLICATION_HTTP_PORT": "0",
        }
        process = subprocess.Popen(
            [python, "-m", service],
            env=environment,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert process.stdout is not None
        try:
            deadline = time.monotonic() + 60
            lines = []
            for line in process.stdout:
                lines.append(line)
                if '"service.serving"' in line or time.monotonic() > deadline:
                    break
            assert any('"service.serving"' in line for line in lines), "".join(lines)
            if service == "screening":
                assert any(f'"compiled": {str(compiled).lower()}' in line for line in lines), (
                    "".join(lines)
                )
        finally:
            process.terminate()
            process.wait(30)
