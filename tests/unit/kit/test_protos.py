"""buf lint (STANDARD) runs in the suite, with the buf binary from the buf-bin wheel."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BUF = str(Path(sys.executable).parent / "buf")


def test_protos_pass_buf_standard_lint() -> None:
    result = subprocess.run([BUF, "lint"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_protos_are_buf_formatted() -> None:
    result = subprocess.run(
        [BUF, "format", "--diff", "--exit-code"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
