"""Compiles screening's hot path with mypyc (`screening.compiled` says what and why):
`python -m screening.compile_domain`, which `make` runs when a source changed."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from screening.compiled import BUILT, COMPILED, PACKAGE, ROOT, SHARED, SOURCES, source_hashes


def build() -> int:
    """Compiles COMPILED into BUILT; on failure (no C compiler, say) says why, and
    screening runs as written (what BUILT held before stays, used only where built from
    the sources as they are). Returns 0 either way: screening works without, slower."""
    # Before the copy: a source edited meanwhile leaves the build out of date, not wrong.
    hashes = source_hashes()
    with tempfile.TemporaryDirectory() as work:
        # A copy of the whole package, for mypyc to read what the compiled modules import.
        shutil.copytree(PACKAGE, Path(work) / "screening", ignore=shutil.ignore_patterns("*.so"))
        paths = [f"screening/domain/{module}.py" for module in COMPILED]
        search_path = os.pathsep.join(str(ROOT / part) for part in ("libs", "libs/gen"))
        done = subprocess.run(
            [sys.executable, "-m", "mypyc", "--ignore-missing-imports", *paths],
            cwd=work,
            env={**os.environ, "MYPYPATH": search_path},
            capture_output=True,
            text=True,
        )
        built = sorted(Path(work).glob("screening/domain/*.so"))
        if done.returncode or len(built) != len(COMPILED):
            last_lines = "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])
            print(
                "screening: not compiled, so it runs as written (slower; see"
                f" BENCHMARKS.md). mypyc said:\n{last_lines}",
                file=sys.stderr,
            )
            return 0
        # Made whole beside BUILT, then put in its place (the old one moved aside first):
        # a process starting meanwhile finds one build whole, or none and runs as written.
        BUILT.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{BUILT.name}-", dir=BUILT.parent))
        old = staged.with_name(f"{staged.name}-old")
        try:
            staged.chmod(0o755)  # as any build directory: for the service's own user too
            (staged / "screening" / "domain").mkdir(parents=True)
            (staged / SHARED).mkdir()
            for module in built:
                shutil.move(module, staged / "screening" / "domain" / module.name)
            for shared in Path(work).glob("*.so"):
                shutil.move(shared, staged / SHARED / shared.name)
            (staged / SOURCES).write_text(json.dumps(hashes, indent=1))
            if BUILT.exists():
                BUILT.rename(old)
            staged.rename(BUILT)
        except OSError as error:  # another build put its own there first, say
            print(f"screening: compiled, not put in place: {error}", file=sys.stderr)
            return 0
        finally:
            shutil.rmtree(staged, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)
    print(f"screening: {', '.join(COMPILED)} compiled by mypyc into {BUILT}")
    return 0


if __name__ == "__main__":
    sys.exit(build())
