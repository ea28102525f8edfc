"""Disclosure control: a reader holding every published cell and total tries to recover the
hidden cells and fails; one offender's cell, or one dominated by two offenders, is hidden.

The attack here is independent of the code under test: in a table with its margins, a
hidden cell can be solved for exactly when it lies on no cycle of hidden cells (rows and
columns as the nodes of a graph, hidden cells as its edges), since any cycle can be
changed by +d, -d around it without changing a published value."""

import random
from collections import defaultdict

import pytest

from publication.domain.disclosure import (
    TOTAL,
    Contribution,
    DisclosureRules,
    Table,
    build_table,
)

RULES = DisclosureRules()


def recoverable(table: Table) -> list[tuple[str, str]]:
    """Hidden positions a reader can compute from what is published."""
    found = []
    hidden = list(table.suppressed)
    # 1-way tables: the rows and the total make one equation.
    if "All" in table.columns:
        return hidden if len(hidden) == 1 and len(table.rows) > 1 else []
    for edge in hidden:
        graph: dict[str, set[str]] = defaultdict(set)
        for row, column in hidden:
            if (row, column) != edge:
                graph["r:" + row].add("c:" + column)
                graph["c:" + column].add("r:" + row)
        start, goal = "r:" + edge[0], "c:" + edge[1]
        seen, frontier = {start}, [start]
        while frontier:
            node = frontier.pop()
            for other in graph[node]:
                if other not in seen:
                    seen.add(other)
                    frontier.append(other)
        if goal not in seen:
            found.append(edge)
    return found


def contribution(n: int, contributor: str, row: str, column: str, value: int) -> Contribution:
    return Contribution(f"s{n}", contributor, row, column, 1, value)


def spread(rng: random.Random, rows: int, columns: int, seizures: int) -> list[Contribution]:
    """Seizures concentrated in a few cells, as real ones are, leaving thin cells."""
    weights = [rng.random() ** 3 for _ in range(rows * columns)]
    cells = [(f"R{i // columns}", f"C{i % columns}") for i in range(rows * columns)]
    return [
        contribution(
            n,
            f"org{rng.randrange(seizures // 3 + 1)}",
            *rng.choices(cells, weights)[0],
            rng.randint(100, 90_000),
        )
        for n in range(seizures)
    ]


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_can_be_recovered_from_the_totals(seed: int) -> None:
    rng = random.Random(seed)
    table = build_table(
        "t", spread(rng, rng.randint(2, 7), rng.randint(2, 5), rng.randint(10, 120)), True, RULES
    )
    assert recoverable(table) == []
    assert (TOTAL, TOTAL) not in table.suppressed or table.cells[(TOTAL, TOTAL)].lines < 3


@pytest.mark.parametrize("seed", range(20))
def test_no_hidden_row_of_a_one_way_table_can_be_recovered(seed: int) -> None:
    rng = random.Random(seed)
    items = [
        contribution(
            n, f"org{rng.randrange(12)}", f"CN{rng.randrange(8)}", "", rng.randint(100, 9_000)
        )
        for n in range(rng.randint(5, 60))
    ]
    table = build_table("origin", items, False, RULES)
    assert recoverable(table) == []


def test_a_cell_with_one_offender_is_hidden_and_so_is_a_complement() -> None:
    items = [contribution(n, f"org{n}", "IPR", "Express", 1_000) for n in range(6)]
    items += [contribution(10 + n, f"org{10 + n}", "Drugs", "Express", 1_000) for n in range(5)]
    items += [contribution(20 + n, f"org{20 + n}", "IPR", "Mail", 1_000) for n in range(4)]
    items += [contribution(30, "lone-offender", "Drugs", "Mail", 50_000)]
    table = build_table("category by environment", items, True, RULES)
    assert table.suppressed[("Drugs", "Mail")] == "fewer than 3 contributors"
    assert len(table.suppressed) >= 4  # a rectangle at least: rows and columns both hold
    assert recoverable(table) == []
    # The grand total still counts everything.
    assert table.cells[(TOTAL, TOTAL)].lines == 16


def test_a_cell_two_offenders_dominate_is_hidden() -> None:
    items = [
        contribution(1, "big", "IPR", "", 80_000),
        contribution(2, "bigger", "IPR", "", 15_000),
        contribution(3, "small", "IPR", "", 1_000),
        contribution(4, "small2", "IPR", "", 1_000),
    ]
    items += [contribution(10 + n, f"o{n}", "Drugs", "", 5_000) for n in range(5)]
    items += [contribution(20 + n, f"p{n}", "Other", "", 5_000) for n in range(5)]
    table = build_table("category", items, False, RULES)
    assert table.suppressed[("IPR", "All")].startswith("dominance")
    assert recoverable(table) == []
