"""Screening's hot path compiled to C by mypyc, where it has been built and is current.

A screen, and the start-up build of a million parties, spend most of their time in five
modules of the domain: reading names (`names`, `chinese_names`) and contacts
(`contacts`), comparing them (`matching`) and the watchlist itself (`watchlist`). `make`
compiles them with mypyc, part of the mypy the project already pins for its type
checks, when the machine has a C compiler (`python -m screening.compile_domain`). They
then run faster (BENCHMARKS.md, "Screening's speed"), as the same code: mypyc compiles
the Python as written, using its type annotations.

Where nothing was compiled (no C compiler), where a source of the domain changed since
it was (an edit not yet built), or with SCREENING_COMPILED=0, screening runs the modules
as written: slower, with the same results (tests/integration/screening/test_compiled.py
compares the two). So a compiled module never runs older code than its source.

The compiled modules are kept apart from the sources, in build/screening-compiled, with
the hashes of the domain's sources they were built from (`screening.compile_domain`);
`screening/__init__.py` puts them first on the domain package's path when those hashes
are the sources' own.
"""

import hashlib
import json
import os
import sys
from pathlib import Path

# The modules compiled. `profile` never is: MessagePack reads its classes' annotations,
# which a compiled class keeps only in part.
COMPILED = ("names", "chinese_names", "contacts", "matching", "watchlist")
PACKAGE = Path(__file__).resolve().parent
DOMAIN = PACKAGE / "domain"
ROOT = PACKAGE.parents[2]
BUILT = Path(os.environ.get("SCREENING_COMPILED_DIR", ROOT / "build" / "screening-compiled"))
SOURCES = "sources.json"
# mypyc's modules of shared code, imported by the compiled modules by their own names.
SHARED = "lib"


def source_hashes() -> dict[str, str]:
    """Every source of the domain by its hash: compiled code was type-checked against
    them all, so a change to any makes it out of date."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(DOMAIN.glob("*.py"))
    }


def current() -> bool:
    """Whether compiled modules were built, from the sources as they are now."""
    try:
        built_from = json.loads((BUILT / SOURCES).read_text())
    except (OSError, ValueError):
        return False
    return bool(built_from == source_hashes())


def use_compiled_domain() -> bool:
    """Puts the compiled modules first on the domain package's path, when current and not
    turned off; True if it did. Called before anything of the domain is imported."""
    if os.environ.get("SCREENING_COMPILED", "1") == "0" or not current():
        return False
    import screening.domain  # only its package: the modules are found by the path set here

    sys.path.append(str(BUILT / SHARED))
    screening.domain.__path__.insert(0, str(BUILT / "screening" / "domain"))
    return True


def running_compiled() -> bool:
    """Whether the domain's modules in use are the compiled ones."""
    from screening.domain import names

    return not names.__file__.endswith(".py") if names.__file__ else False
