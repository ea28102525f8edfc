"""Reference data shipped with Portcullis under `data/reference/` (see its SOURCES.md)."""

import csv
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes."""
    with (REFERENCE_DIR / "iso3166_countries.csv").open(newline="", encoding="utf-8") as f:
        return frozenset(row["alpha_2"] for row in csv.DictReader(f))


@cache
def alpha2_by_alpha3() -> dict[str, str]:
    """ISO 3166-1 alpha-3 to alpha-2 (SAM writes countries as alpha-3: USA, CHN)."""
    with (REFERENCE_DIR / "iso3166_countries.csv").open(newline="", encoding="utf-8") as f:
        return {row["alpha_3"]: row["alpha_2"] for row in csv.DictReader(f)}


def postal_operators() -> list[dict[str, str]]:
    """UPU designated operators: operator_code, short_name, inferred_iso2, ..."""
    with (REFERENCE_DIR / "upu_postal_operators.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
