"""Calendar quarters as the demos name them ("2026Q3")."""

from datetime import date


def quarters_before(today: date, count: int) -> list[str]:
    """The `count` quarters before today's, oldest first."""
    year, number = today.year, (today.month - 1) // 3 + 1
    quarters = []
    for _ in range(count):
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
        quarters.append(f"{year}Q{number}")
    return quarters[::-1]
