"""Screening's hot path compiled to C by mypyc, where it has been built and is current.

A screen, and the start-up build of a million parties, spend most of their time in five
modules of the domain: reading names (`names`, `chinese_names`) and contacts
(`contacts`), comparing them (`matching`) and the watchlist itself (`watchlist`). `make`
compiles them with mypyc, part of the mypy the project already pins for its type
checks, when the machine has a C compiler (`python -m screening.compile_domain`). They
then run faster (BENCHMARKS.md, "Screening's speed"), as the same code: mypyc compiles
the Python as written, using its type annotations.

Where nothing was compiled (no C compiler), where a source it was checked against changed
since (an edit not yet built: any module of the domain, or of the kit the domain
imports), or with SCREENING_COMPILED=0, screening runs the modules as written: slower,
with the same results (tests/integration/screening/test_compiled.py compares the two).
So a compiled module never runs older code than its sources.

The compiled modules are kept apart from the sources, in build/screening-compiled, with
the hashes of the sources they were built from (`screening.compile_domain`);
`screening/__init__.py` puts them first on the domain package's path when those hashes
are the sources' own.

What compiling changes, which the code keeps in mind where it says so:
- a class is a C type with a slot for each field: nothing can be kept in an instance's
  dict (`derived` values: such a class is marked to stay a Python class), nor its
  methods patched (tests that do are run on the code as written: `make test-unit`);
- a frozen class cannot be pickled or copied field by field: what is sent to another
  process says how it is made again (`__reduce__`: `LegalForms`, `NameReader`,
  `Indexer`);
- a class keeps the outer type of each field only ("tuple"), where MessagePack needs the
  whole (`profile`);
- a number is an object again each time it is stored: never tell two apart by identity.
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


# The kit's modules the domain may import (tests/unit/kit/test_layering.py): compiled
# code checks the types of their classes' fields (a `PartyDetails`'s addresses a tuple).
KIT_MODULES = ("errors", "mail_treatment", "party", "s10")


def sources() -> list[Path]:
    """What the compiled modules were type-checked against: a change to any makes them
    out of date."""
    kit = ROOT / "libs" / "portcullis_kit"
    return [*sorted(DOMAIN.glob("*.py")), *(kit / f"{module}.py" for module in KIT_MODULES)]


def source_hashes() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sources()
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


def domain_code() -> str:
    """How the domain runs, as the benchmarks print it."""
    return "compiled by mypyc" if running_compiled() else "run as written"
