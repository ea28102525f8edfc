"""Statistical disclosure control for published seizure tables (EO 13904 §6(a): publish
"without disclosing sensitive information").

A table's cells and its margins (row, column and grand totals) are published together, so
every row and column is an equation a reader can solve: `cells = total`. Three rules:
- primary suppression: a cell with fewer than `min_contributors` contributors (offenders;
  a seizure with no named party is its own contributor), or whose `dominance_contributors`
  largest contributors make up more than `dominance_percent` of its retail value, is not
  shown;
- complementary suppression: no equation may be left with a single hidden cell, so another
  cell of it (the smallest by value, margins last) is hidden too;
- audit: the hidden cells are then checked exactly (Gaussian elimination over the
  equations, in fractions): any hidden cell the published values still determine gets a
  further complement, until none is determined.
A zero cell is published as zero: it tells nothing about anyone, and a reader knows it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

TOTAL = "Total"
# The grand total of a two-way table, and of a one-way one.
GRAND_TOTAL = (TOTAL, TOTAL)
GRAND_TOTALS = frozenset({GRAND_TOTAL, (TOTAL, "All")})


@dataclass(frozen=True)
class DisclosureRules:
    min_contributors: int = 3
    # The n largest contributors may not make up more than k% of a cell's retail value.
    dominance_contributors: int = 2
    dominance_percent: float = 85.0


@dataclass(frozen=True)
class Contribution:
    """One seizure line, as a table counts it."""

    seizure_id: str
    contributor: str
    row: str
    column: str
    quantity: int
    msrp_cents: int


@dataclass
class Cell:
    seizures: set[str] = field(default_factory=set)
    lines: int = 0
    quantity: int = 0
    msrp_cents: int = 0
    by_contributor: dict[str, int] = field(default_factory=dict)

    def add(self, c: Contribution) -> None:
        self.seizures.add(c.seizure_id)
        self.lines += 1
        self.quantity += c.quantity
        self.msrp_cents += c.msrp_cents
        self.by_contributor[c.contributor] = (
            self.by_contributor.get(c.contributor, 0) + c.msrp_cents
        )

    @property
    def empty(self) -> bool:
        return self.lines == 0


Position = tuple[str, str]


@dataclass
class Table:
    """Rows by columns with their margins; `suppressed` says which positions are hidden and why."""

    title: str
    rows: list[str]
    columns: list[str]
    cells: dict[Position, Cell]
    suppressed: dict[Position, str] = field(default_factory=dict)

    def positions(self) -> list[Position]:
        return list(self.cells)

    def equations(self) -> list[list[tuple[Position, int]]]:
        """Each published relation as (position, coefficient) with sum 0: cells - total."""
        found: list[list[tuple[Position, int]]] = []
        inner_rows = [r for r in self.rows if r != TOTAL]
        inner_columns = [c for c in self.columns if c != TOTAL]
        if TOTAL in self.columns:
            for row in self.rows:
                found.append([((row, c), 1) for c in inner_columns] + [((row, TOTAL), -1)])
        if TOTAL in self.rows:
            for column in self.columns:
                found.append([((r, column), 1) for r in inner_rows] + [((TOTAL, column), -1)])
        return found


def build_table(
    title: str, contributions: Iterable[Contribution], two_way: bool, rules: DisclosureRules
) -> Table:
    """A table of the contributions with margins, suppressed by the rules. One-way tables
    have a single column of values and a total row."""
    contributions = list(contributions)
    rows = sorted({c.row for c in contributions})
    columns = sorted({c.column for c in contributions}) if two_way else ["All"]
    all_rows = [*rows, TOTAL] if len(rows) > 1 else rows
    all_columns = [*columns, TOTAL] if two_way and len(columns) > 1 else columns
    cells: dict[Position, Cell] = {(r, c): Cell() for r in all_rows for c in all_columns}
    for item in contributions:
        column = item.column if two_way else "All"
        targets = [(item.row, column)]
        if TOTAL in all_columns:
            targets.append((item.row, TOTAL))
        if TOTAL in all_rows:
            targets.append((TOTAL, column))
            if TOTAL in all_columns:
                targets.append((TOTAL, TOTAL))
        for target in targets:
            cells[target].add(item)
    table = Table(title, all_rows, all_columns, cells)
    suppress(table, rules)
    return table


def suppress(table: Table, rules: DisclosureRules) -> None:
    for position, cell in table.cells.items():
        reason = primary_reason(cell, rules)
        if reason:
            table.suppressed[position] = reason
    while True:
        _complete_equations(table)
        determined = determined_cells(table)
        if not determined:
            return
        reason = "complement: the totals would determine " + "/".join(determined[0])
        # Failing that, nothing is left to hide beside it: hide the smallest cell shown.
        if not _complement(table, determined[0], reason) and not _hide_another(
            table, table.positions(), reason
        ):
            return  # everything is hidden


def primary_reason(cell: Cell, rules: DisclosureRules) -> str:
    if cell.empty:
        return ""
    contributors = len(cell.by_contributor)
    if contributors < rules.min_contributors:
        return f"fewer than {rules.min_contributors} contributors"
    largest = sorted(cell.by_contributor.values(), reverse=True)[: rules.dominance_contributors]
    if cell.msrp_cents and 100 * sum(largest) > rules.dominance_percent * cell.msrp_cents:
        return (
            f"dominance: {rules.dominance_contributors} contributors make up more than"
            f" {rules.dominance_percent:g}% of the value"
        )
    return ""


def _complete_equations(table: Table) -> None:
    """Hides another cell of every equation left with a single hidden one."""
    changed = True
    while changed:
        changed = False
        for equation in table.equations():
            hidden = [p for p, _ in equation if p in table.suppressed]
            if len(hidden) == 1:
                reason = "complement of " + "/".join(hidden[0])
                changed = _hide_another(table, [p for p, _ in equation], reason) or changed


def _complement(table: Table, position: Position, reason: str) -> bool:
    for equation in table.equations():
        members = [p for p, _ in equation]
        if position in members and _hide_another(table, members, reason):
            return True
    return False


def _hide_another(table: Table, members: Sequence[Position], reason: str) -> bool:
    """Hides the smallest visible member: a non-zero inner cell, else a non-zero margin,
    else a zero (hidden, a reader cannot tell it is zero). Never the grand total: every
    table of a report publishes the same one, so hiding it here would hide nothing."""
    candidates = [p for p in members if p not in table.suppressed and p not in GRAND_TOTALS]
    if not candidates:
        return False
    candidates.sort(key=lambda p: (table.cells[p].empty, TOTAL in p, table.cells[p].msrp_cents, p))
    table.suppressed[candidates[0]] = reason
    return True


def determined_cells(table: Table) -> list[Position]:
    """Hidden positions whose value the published cells and equations fix exactly."""
    unknowns = sorted(table.suppressed)
    if not unknowns:
        return []
    index = {p: i for i, p in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for equation in table.equations():
        row = [Fraction(0)] * len(unknowns)
        for position, coefficient in equation:
            if position in index:
                row[index[position]] += coefficient
        if any(row):
            rows.append(row)
    basis = _row_reduce(rows)
    return [p for p in unknowns if _in_row_space(basis, index[p], len(unknowns))]


def _row_reduce(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon form as (pivot column, row) pairs."""
    basis: list[tuple[int, list[Fraction]]] = []
    for original in rows:
        row = list(original)
        for pivot, reduced in basis:
            if row[pivot]:
                factor = row[pivot]
                row = [a - factor * b for a, b in zip(row, reduced, strict=True)]
        found = next((i for i, v in enumerate(row) if v), None)
        if found is None:
            continue
        pivot = found
        row = [v / row[pivot] for v in row]
        basis = [
            (p, [a - r[pivot] * b for a, b in zip(r, row, strict=True)] if r[pivot] else r)
            for p, r in basis
        ]
        basis.append((pivot, row))
    return basis


def _in_row_space(basis: list[tuple[int, list[Fraction]]], column: int, size: int) -> bool:
    vector = [Fraction(0)] * size
    vector[column] = Fraction(1)
    for pivot, row in basis:
        if vector[pivot]:
            factor = vector[pivot]
            vector = [a - factor * b for a, b in zip(vector, row, strict=True)]
    return not any(vector)
