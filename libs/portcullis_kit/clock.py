"""Today, as the services count days: in UTC, the same on every replica whatever its zone."""

from datetime import UTC, date, datetime


def today_utc() -> date:
    return datetime.now(UTC).date()
