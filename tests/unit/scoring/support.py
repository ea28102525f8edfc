"""Posts run through quarters of chosen compliance, for scoring's tests."""

from datetime import date, timedelta
from uuid import UUID

from portcullis_kit.reference import country_codes, priority_trade_issues
from scoring.application.scoring_app import ScoringApplication
from scoring.domain.metric import MetricVersion
from scoring.domain.observations import Observations, SeizureCategory, SeizureCount
from scoring.domain.quarter import Quarter

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
FIRST = Quarter(2024, 1)
THRESHOLD = 60.0

# About 90 and about 30 with the first metric version.
GOOD = Observations(
    items_received=10_000,
    items_with_aed=9_900,
    aed_errors=10,
    information_requests=4,
    timely_responses=4,
)
BAD = Observations(
    items_received=10_000,
    items_with_aed=3_000,
    aed_errors=900,
    seizures=(SeizureCount(SeizureCategory.SYNTHETIC_OPIOIDS, 60, "PTI-3"),),
    information_requests=10,
    timely_responses=2,
)


class Clock:
    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


def scoring_app(
    env: dict[str, str] | None = None, clock: Clock | None = None
) -> ScoringApplication:
    app = ScoringApplication(
        env or MEMORY,
        country_codes(),
        frozenset(priority_trade_issues()),
        clock=clock or Clock(date(2027, 1, 15)),
    )
    if not app._metric().versions:
        app.publish_metric(MetricVersion(1, str(FIRST)), "first version", "cbp")
    return app


def run_quarters(
    app: ScoringApplication,
    posts: dict[str, str],
    thresholds: dict[int, float] | None = None,
    clock: Clock | None = None,
) -> dict[str, UUID]:
    """Registers each post and runs it through quarters from FIRST: "N" a non-compliant
    quarter (BAD figures), "C" a compliant one (GOOD), "-" no observations."""
    ids = {code: app.register_post(code, "CN", f"Post {code}") for code in posts}
    quarters = max(len(s) for s in posts.values())
    quarter = FIRST
    for index in range(quarters):
        if clock is not None:
            clock.today = quarter.last_day + timedelta(days=15)
        for code, sequence in posts.items():
            mark = sequence[index] if index < len(sequence) else "-"
            if mark != "-":
                figures = BAD if mark == "N" else GOOD
                app.record_observations(ids[code], quarter, "all", figures, "test", "cbp")
        threshold = (thresholds or {}).get(index, THRESHOLD)
        app.set_threshold(quarter, threshold, "set for the test", "officer")
        app.close_quarter(quarter, "officer")
        quarter = quarter.next()
    return ids


def tested_priority_trade_issues() -> frozenset[str]:
    return frozenset(priority_trade_issues())
