"""The International Mail Non-Compliance metric (EO 13904 §5(a)), versioned.

A version fixes the factors' weights, how much each kind of seizure weighs, and the
smoothing. Publishing one is an event; every score names the version it used and keeps
its components, so it can be recomputed and explained, and a later version never
changes an earlier score.

The factors, each from 0 (worst) to 1 (best):
- coverage: the share of items with advance electronic data before loading;
- quality: the share of that data without errors in a mandatory element;
- seizures: weighted seizures per 10,000 items (the order's counterfeits, narcotics and
  synthetic opioids, other contraband; more where a priority trade issue is touched), as
  scale / (scale + rate), so the rate at `seizure_rate_scale` scores 0.5;
- cooperation: CBP's information requests answered in time;
- trend: the seizure rate against the post's previous quarter (0.5 when unchanged or
  unknown).
Volume-aware smoothing: each share is counted as if `prior_items` items (or
`prior_requests` requests) at the prior's value were added, so a post with 200 items a
quarter is not condemned by one seizure, while a large post's own figures dominate.
The score is 100 x the weighted mean of the factors, rounded to 2 decimals.
"""

import math
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from scoring.domain.observations import Observations, SeizureCategory

PER_ITEMS = 10_000
FACTORS = ("coverage", "quality", "seizures", "cooperation", "trend")


@dataclass(frozen=True)
class FactorWeights:
    coverage: float = 0.25
    quality: float = 0.10
    seizures: float = 0.40
    cooperation: float = 0.15
    trend: float = 0.10

    def of(self, factor: str) -> float:
        return float(getattr(self, factor))


@dataclass(frozen=True)
class SeizureWeight:
    """How much one seizure of a category weighs."""

    category: str
    weight: float


@dataclass(frozen=True)
class MetricVersion:
    version: int
    # The first quarter it scores; the latest version in effect for a quarter scores it.
    effective_from: str
    weights: FactorWeights = FactorWeights()
    # Weight of one seizure by category.
    severity: tuple[SeizureWeight, ...] = (
        SeizureWeight(SeizureCategory.COUNTERFEIT.value, 1.0),
        SeizureWeight(SeizureCategory.OTHER_CONTRABAND.value, 2.0),
        SeizureWeight(SeizureCategory.OTHER_NARCOTICS.value, 4.0),
        SeizureWeight(SeizureCategory.SYNTHETIC_OPIOIDS.value, 8.0),
    )
    priority_trade_issue_factor: float = 1.5
    seizure_rate_scale: float = 5.0
    prior_items: int = 5_000
    prior_coverage: float = 0.8
    prior_quality: float = 0.95
    prior_seizure_rate: float = 2.0
    prior_requests: int = 5
    prior_cooperation: float = 0.9
    notes: str = ""

    def severity_of(self, category: str) -> float:
        return next((s.weight for s in self.severity if s.category == category), 1.0)


def check_metric(metric: MetricVersion) -> None:
    weights = [metric.weights.of(f) for f in FACTORS]
    if not all(math.isfinite(w) for w in weights):
        raise InvalidArgument("metric.weights", "must be finite numbers")
    for name in (
        "priority_trade_issue_factor",
        "seizure_rate_scale",
        "prior_seizure_rate",
        "prior_coverage",
        "prior_quality",
        "prior_cooperation",
    ):
        if not math.isfinite(getattr(metric, name)):
            raise InvalidArgument(f"metric.{name}", "must be a finite number")
    if not all(math.isfinite(s.weight) for s in metric.severity):
        raise InvalidArgument("metric.severity", "weights must be finite numbers")
    if any(w < 0 for w in weights) or sum(weights) <= 0:
        raise InvalidArgument("metric.weights", "must not be negative and must not all be 0")
    categories = {s.category for s in metric.severity}
    unknown = categories - {c.value for c in SeizureCategory}
    if unknown:
        raise InvalidArgument("metric.severity", f"unknown categories {sorted(unknown)}")
    if any(s.weight < 0 for s in metric.severity) or metric.priority_trade_issue_factor < 1:
        raise InvalidArgument("metric.severity", "weights must not be negative; factor >= 1")
    if metric.seizure_rate_scale <= 0:
        raise InvalidArgument("metric.seizure_rate_scale", "must be more than 0")
    if metric.prior_items < 0:
        raise InvalidArgument("metric.prior_items", "must not be negative")
    if metric.prior_requests < 0:
        raise InvalidArgument("metric.prior_requests", "must not be negative")
    if metric.prior_seizure_rate < 0:
        raise InvalidArgument("metric.prior_seizure_rate", "must not be negative")
    for name in ("prior_coverage", "prior_quality", "prior_cooperation"):
        if not 0 <= getattr(metric, name) <= 1:
            raise InvalidArgument(f"metric.{name}", "must be from 0 to 1")


@dataclass(frozen=True)
class Factor:
    """One factor of a score: its value, weight, the points it contributed, and how it
    was worked out from the figures."""

    name: str
    value: float
    weight: float
    points: float
    working: str


@dataclass(frozen=True)
class Score:
    score: float
    factors: tuple[Factor, ...]
    # Smoothed weighted seizures per 10,000 items: the next quarter's trend compares it.
    seizure_rate: float
    metric_version: int


def score_quarter(
    observed: Observations, metric: MetricVersion, previous_rate: float | None
) -> Score:
    """The post's score for a quarter. Pure: the same figures, version and previous rate
    give the same score to the last digit."""
    items = observed.items_received
    prior = metric.prior_items
    coverage = (observed.items_with_aed + metric.prior_coverage * prior) / (items + prior or 1)
    with_aed = observed.items_with_aed
    quality = (with_aed - observed.aed_errors + metric.prior_quality * prior) / (
        with_aed + prior or 1
    )
    weighted = sum(
        s.count
        * metric.severity_of(s.category)
        * (metric.priority_trade_issue_factor if s.priority_trade_issue else 1.0)
        for s in observed.seizures
    )
    rate = (weighted * PER_ITEMS + metric.prior_seizure_rate * prior) / (items + prior or 1)
    seizures = metric.seizure_rate_scale / (metric.seizure_rate_scale + rate)
    requests = observed.information_requests
    cooperation = (observed.timely_responses + metric.prior_cooperation * metric.prior_requests) / (
        requests + metric.prior_requests or 1
    )
    if previous_rate is None or previous_rate + rate == 0:
        trend = 0.5
    else:
        trend = 0.5 + 0.5 * (previous_rate - rate) / (previous_rate + rate)
    values = {
        "coverage": (
            coverage,
            f"({with_aed} items with AED + {metric.prior_coverage} x {prior})"
            f" / ({items} + {prior})",
        ),
        "quality": (
            quality,
            f"({with_aed} - {observed.aed_errors} errors + {metric.prior_quality} x {prior})"
            f" / ({with_aed} + {prior})",
        ),
        "seizures": (
            seizures,
            f"rate {rate:.4f} weighted seizures per 10,000 items (weighted {weighted:g},"
            f" prior {metric.prior_seizure_rate} over {prior}); "
            f"{metric.seizure_rate_scale} / ({metric.seizure_rate_scale} + rate)",
        ),
        "cooperation": (
            cooperation,
            f"({observed.timely_responses} timely + {metric.prior_cooperation} x"
            f" {metric.prior_requests}) / ({requests} requests + {metric.prior_requests})",
        ),
        "trend": (
            trend,
            "no previous quarter: neutral"
            if previous_rate is None
            else f"seizure rate {previous_rate:.4f} last quarter, {rate:.4f} now",
        ),
    }
    total_weight = sum(metric.weights.of(f) for f in FACTORS)
    factors = tuple(
        Factor(
            name,
            round(value, 6),
            metric.weights.of(name),
            round(100 * metric.weights.of(name) * round(value, 6) / total_weight, 4),
            working,
        )
        for name, (value, working) in values.items()
    )
    score = round(sum(f.points for f in factors), 2)
    return Score(score, factors, round(rate, 6), metric.version)


class Metric(Aggregate):
    """The metric's published versions, in order (one aggregate: there is one metric)."""

    class Started(Aggregate.Created):
        pass

    class VersionPublished(Aggregate.Event):
        metric: MetricVersion
        reason: str
        published_by: str

    @event(Started)
    def __init__(self, id: UUID) -> None:  # the library sets the aggregate id from it
        self.versions: tuple[MetricVersion, ...] = ()

    def publish(self, metric: MetricVersion, reason: str, published_by: str) -> None:
        check_metric(metric)
        expected = len(self.versions) + 1
        if metric.version != expected:
            raise FailedPrecondition(f"metric.version: the next version is {expected}")
        if self.versions and _key(metric.effective_from) < _key(self.versions[-1].effective_from):
            raise FailedPrecondition(
                "metric.effective_from: must not be before the latest version's"
                f" ({self.versions[-1].effective_from})"
            )
        if not reason.strip():
            raise InvalidArgument("reason", "say why the metric changes")
        self._version_published(metric, reason, published_by)

    @event(VersionPublished)
    def _version_published(self, metric: MetricVersion, reason: str, published_by: str) -> None:
        self.versions = (*self.versions, metric)

    def in_effect(self, quarter: str) -> MetricVersion | None:
        """The latest version whose effective_from is not after the quarter."""
        found = None
        for metric in self.versions:
            if _key(metric.effective_from) <= _key(quarter):
                found = metric
        return found


def _key(quarter: str) -> tuple[int, int]:
    year, _, number = quarter.partition("Q")
    return int(year), int(number)
