"""Calendar quarters, the period the order scores posts by (EO 13904 §5(a))."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from portcullis_kit.errors import InvalidArgument

_WRITTEN = re.compile(r"^(\d{4})-?Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @classmethod
    def parse(cls, text: str, field: str = "quarter") -> "Quarter":
        """ "2026Q3" or "2026-Q3"."""
        found = _WRITTEN.match(text.strip().upper())
        if found is None:
            raise InvalidArgument(field, f"{text!r} is not a quarter like 2026Q3")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )
