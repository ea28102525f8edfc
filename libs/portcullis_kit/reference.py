"""Reference data shipped with Portcullis under `data/reference/` (see its SOURCES.md)."""

import csv
from functools import cache
from pathlib import Path

import yaml

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


@cache
def place_names() -> frozenset[str]:
    """Countries whose English name is one word ("china", "mexico"), and the continents:
    words that place a company rather than name it."""
    with (REFERENCE_DIR / "iso3166_countries.csv").open(newline="", encoding="utf-8") as f:
        countries = {row["name"].casefold() for row in csv.DictReader(f)}
    continents = {"africa", "america", "americas", "asia", "europe", "oceania", "pacific"}
    return frozenset(c for c in countries if c.isalpha()) | continents


def postal_operators() -> list[dict[str, str]]:
    """UPU designated operators: operator_code, short_name, inferred_iso2, ..."""
    with (REFERENCE_DIR / "upu_postal_operators.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def priority_trade_issues() -> dict[str, str]:
    """Priority trade issues (19 U.S.C. 4322) by code: "PTI-4" -> "Intellectual property rights"."""
    path = REFERENCE_DIR / "priority_trade_issues_19usc4322.csv"
    with path.open(newline="", encoding="utf-8") as f:
        return {row["code"]: row["priority_trade_issue"] for row in csv.DictReader(f)}


def cobra_fees() -> list[dict[str, str]]:
    """CBP's COBRA user fees for FY2026 (19 U.S.C. 58c): fee, authority, unit, amounts."""
    with (REFERENCE_DIR / "cbp_cobra_fees_fy2026.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# Common English forms rigour's list leaves out, with the kind of company each is.
# "" where the form does not say ("Company" alone may be of any kind).
EXTRA_LEGAL_FORMS = (
    ("Co.", ""),
    ("Company", ""),
    ("Corp.", ""),
    ("Corporation", ""),
    ("Company Limited", "LLC"),
    ("LLC", "LLC"),
    ("Private Limited", "LLC"),
    ("Pvt. Ltd.", "LLC"),
    ("Sdn. Bhd.", "LLC"),
    ("S.A.", "JSC"),
)


@cache
def legal_form_aliases() -> tuple[tuple[str, str], ...]:
    """(alias as written, the kind of company it makes): "Aktiengesellschaft" -> "JSC",
    "CO.,LTD" -> "LLC", "GmbH" -> "LLC", "ООО" -> "LLC"; "" where the source gives no
    kind. From rigour's org_types.yml (its `generic` tag), plus a few."""
    with (REFERENCE_DIR / "rigour_org_types.yml").open(encoding="utf-8") as f:
        types = yaml.safe_load(f)["types"]
    # A display form in another script is an alias too: it is the abbreviation as written
    # ("АНО"). Latin ones are left out: some are words or numerals ("II", "NA").
    aliases = [
        (str(alias), str(kind.get("generic") or ""))
        for kind in types
        for alias in dict.fromkeys([kind.get("display", ""), *kind.get("aliases", ())])
        if alias and (alias != kind.get("display") or not str(alias).isascii())
    ]
    return (*aliases, *EXTRA_LEGAL_FORMS)
