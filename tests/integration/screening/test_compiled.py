"""Screening's domain compiled by mypyc (`screening.compiled`) screens as the code as
written does, and is used only when built from the sources as they are."""

import ast
import json
import os
import random
import shutil
import subprocess
import sys
import sysconfig
from datetime import date
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_OID, uuid5

import pytest

from bench import screening_quality as quality
from bench.screening_speed import LISTING, LISTING_ID, make_party, party_id, queries
from portcullis_kit.party import PartyDetails, PartyKind
from screening import compiled
from screening.domain.matching import ScreeningResult
from screening.domain.watchlist import Watchlist, WatchlistEntry

ROOT = Path(__file__).resolve().parents[3]


def test_make_compiled_the_domain_where_there_is_a_c_compiler() -> None:
    python_headers = Path(sysconfig.get_paths()["include"], "Python.h")
    if shutil.which("cc") is None or not python_headers.exists():
        pytest.skip("no C compiler, or no Python headers, here: screening runs as written")
    # Built by `make` before the tests: not built, or not used, it would be silently slower.
    assert compiled.current(), "run make: the compiled domain is missing or out of date"
    assert compiled.running_compiled() is (os.environ.get("SCREENING_COMPILED") != "0")


def test_compiled_code_is_used_only_when_built_from_the_sources_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compiled, "BUILT", tmp_path)
    assert not compiled.current()  # nothing built
    hashes = compiled.source_hashes()
    domain = "services/screening/screening/domain"
    assert {f"{domain}/{module}.py" for module in compiled.COMPILED} <= hashes.keys()
    (tmp_path / compiled.SOURCES).write_text(json.dumps(hashes))
    assert compiled.current()
    # One source edited since: any of the domain's, or of the kit's it imports.
    for edited in (f"{domain}/profile.py", "libs/portcullis_kit/party.py"):
        (tmp_path / compiled.SOURCES).write_text(json.dumps({**hashes, edited: "0" * 64}))
        assert not compiled.current()


def test_every_module_of_the_kit_the_domain_imports_is_a_source_of_the_compiled_code() -> None:
    imported = set()
    for path in compiled.DOMAIN.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "portcullis_kit."
            ):
                imported.add(node.module)
    assert imported
    assert {f"portcullis_kit.{module}" for module in compiled.KIT_MODULES} >= imported
    makefile = (ROOT / "Makefile").read_text()
    assert all(f"{module}.py" in makefile for module in compiled.KIT_MODULES)


# A screen's result as JSON has it: its decision, and each hit's party, score, decision and
# evidence.
Canonical = list[Any]


def canonical(result: ScreeningResult) -> Canonical:
    return [
        result.decision.name,
        [
            [
                str(hit.party_id),
                hit.score,
                hit.decision.name,
                [list(vars(e).values()) for e in hit.evidence],
            ]
            for hit in result.hits
        ],
    ]


def screened_sample() -> list[Canonical]:
    """The quality benchmark's first set (every case, for its first 100 listed parties),
    persons' names in characters and Cyrillic against their Latin spellings, and the
    speed benchmark's queries against 20,000 of its parties, screened."""
    out: list[Canonical] = []
    g = quality.Generator(random.Random(quality.SEED))
    watchlist = Watchlist(quality.reader())
    organisations = [g.organisation() for _ in range(quality.LISTED)]
    people = [g.person() for _ in range(quality.LISTED // 3)]
    for i, details in enumerate(organisations + people):
        watchlist.put(WatchlistEntry(party_id(i), details, {f"x{i}": quality.LISTING}))
    another_hand = quality.Generator(random.Random(quality.SEED + 1))
    another_hand.used = set(g.used)
    for n in range(100):
        listed = organisations[n]
        cases = [
            *quality.positives(g, listed),
            *quality.written_otherwise(another_hand, listed),
            *quality.negatives(g, listed, people[n]),
        ]
        for _, details in cases:
            out.append(canonical(watchlist.screen(details, quality.TODAY)))
    # Persons' names in other scripts, against their Latin spellings, with and without a
    # birth date (the sets above have none).
    watchlist = Watchlist(quality.reader())
    latin = ["Wang Xiaoming", "Xiao Ming Wang", "Nana Ouyang", "Zeng Zhiwei", "Yevgeny Popov"]
    born = date(1971, 5, 3)
    for i, name in enumerate(latin):
        for birth_date in (born, None):
            details = PartyDetails(kind=PartyKind.INDIVIDUAL, name=name, birth_date=birth_date)
            watchlist.put(
                WatchlistEntry(
                    uuid5(NAMESPACE_OID, f"{i}{birth_date}"), details, {"x": quality.LISTING}
                )
            )
    for written in (
        "王小明",
        "王小红",
        "欧阳娜娜",
        "曾志伟",
        "Евгений Попов",
        "Ева Попова",
        "田中一郎",
    ):
        for birth_date in (born, None):
            person = PartyDetails(kind=PartyKind.INDIVIDUAL, name=written, birth_date=birth_date)
            out.append(canonical(watchlist.screen(person, quality.TODAY)))
    parties = 20_000
    watchlist = Watchlist(quality.reader())
    for index in range(parties):
        watchlist.put(
            WatchlistEntry(party_id(index), make_party(index).details, {LISTING_ID: LISTING})
        )
    for bench_query in queries(parties)[:1_000]:
        out.append(canonical(watchlist.screen(bench_query.details, quality.TODAY)))
    return out


def screened_in_a_process(compiled_domain: bool) -> list[Canonical]:
    code = (
        "import json; from tests.integration.screening.test_compiled import screened_sample;"
        " from screening.compiled import running_compiled;"
        " print(json.dumps([running_compiled(), screened_sample()]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "SCREENING_COMPILED": "1" if compiled_domain else "0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    was_compiled, results = json.loads(done.stdout)
    assert was_compiled is compiled_domain
    assert isinstance(results, list)
    return results


def test_the_compiled_domain_screens_as_the_code_as_written() -> None:
    if not compiled.current():
        pytest.skip("not compiled here (no C compiler, or not built): nothing to compare")
    as_written = screened_in_a_process(compiled_domain=False)
    assert len(as_written) > 3_000
    assert sum(len(result[1]) for result in as_written) > 2_000  # hits, with their evidence
    assert screened_in_a_process(compiled_domain=True) == as_written
