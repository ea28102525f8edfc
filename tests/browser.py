"""Headless Chromium for page tests, driven over the DevTools protocol on a pipe.

Chromium's `--remote-debugging-pipe` reads commands on file descriptor 3 and writes
replies on 4, each a JSON object ended by a NUL byte (what Puppeteer's `pipe: true` does),
so the test needs no WebDriver nor websocket library: only Debian's `chromium`, which
`make test` installs when it is missing.
"""

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Run as `python -c TRAMPOLINE reading writing program args...`.
TRAMPOLINE = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4);"
    " os.execv(sys.argv[3], sys.argv[3:])"
)
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
# A phone: what the issue asks the page to be readable on.
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}


def chromium_binary() -> str:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "no Chromium: `make test` installs Debian's chromium package (apt-get install chromium)"
    )


class Browser:
    """One headless Chromium and one page in it."""

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.TemporaryDirectory(prefix="portcullis-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # The child's ends, numbered 10 or more so that neither is 3 or 4 already; a small
        # Python trampoline then puts them at 3 and 4 and becomes Chromium (no preexec_fn:
        # the test process has gRPC's threads, and Python must not run between fork and
        # exec there; nor a shell: dash takes only one-digit descriptors).
        reading = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD_CLOEXEC, 10)
        writing = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.log = Path(self.profile.name) / "chromium.log"
        command = [
            chromium_binary(),
            "--headless=new",
            "--remote-debugging-pipe",
            "--no-sandbox",  # tests run as root in CI containers
            "--disable-gpu",
            "--disable-dev-shm-usage",  # a container's /dev/shm is small
            "--no-first-run",
            f"--user-data-dir={self.profile.name}",
            "about:blank",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", TRAMPOLINE, str(reading), str(writing), *command],
                stdout=subprocess.DEVNULL,
                stderr=log,
                pass_fds=(reading, writing),
            )
        os.close(reading)
        os.close(writing)
        self._buffer = b""
        self._next_id = 0
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send("Emulation.setDeviceMetricsOverride", session=True, **PHONE)

    def send(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        try:
            os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            self.process.wait(10)
            raise RuntimeError(
                f"chromium is gone (code {self.process.returncode}): {self._log_tail()}"
            ) from None
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result
            # Anything else is an event, which nothing here listens to.

    def open(self, url: str) -> None:
        """Navigates and waits until that page has loaded (a load event alone could be
        the previous page's, arriving late)."""
        self.send("Page.navigate", session=True, url=url)
        loaded = f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
        deadline = time.monotonic() + self.timeout
        while not self.evaluate(loaded):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load in {self.timeout}s")
            time.sleep(0.05)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-serialisable)."""
        result = self.send(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        data = self.send("Page.captureScreenshot", session=True, format="png")["data"]
        return base64.b64decode(data)

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"chromium exited with code {self.process.returncode}: {self._log_tail()}"
                )
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select([self._from_browser], [], [], max(remaining, 0))
            if not readable:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError(f"chromium closed its pipe: {self._log_tail()}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self.profile.cleanup()

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
