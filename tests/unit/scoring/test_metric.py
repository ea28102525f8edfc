"""The metric's arithmetic: volume-aware smoothing, seizure severity, explainable factors,
and scores that replay to the last digit."""

from pathlib import Path

import pytest

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from scoring.domain.metric import FactorWeights, MetricVersion, SeizureWeight, score_quarter
from scoring.domain.observations import Observations, SeizureCategory, SeizureCount
from scoring.domain.quarter import Quarter
from tests.unit.scoring.support import FIRST, THRESHOLD, run_quarters, scoring_app

V1 = MetricVersion(1, "2024Q1")


def post(
    items: int, seizures: int, category: SeizureCategory = SeizureCategory.COUNTERFEIT
) -> Observations:
    return Observations(
        items_received=items,
        items_with_aed=items,
        seizures=(SeizureCount(category, seizures),),
    )


def test_a_small_post_is_not_condemned_by_one_seizure() -> None:
    small = score_quarter(post(200, 1), V1, None).score
    large_same_rate = score_quarter(post(20_000, 100), V1, None).score
    # At the same rate, 50 in 10,000, the large post falls below a threshold of 60.
    assert large_same_rate < THRESHOLD < small


def test_synthetic_opioids_weigh_more_than_counterfeits_and_priority_trade_issues_more() -> None:
    counterfeit = score_quarter(post(10_000, 10), V1, None).score
    opioids = score_quarter(post(10_000, 10, SeizureCategory.SYNTHETIC_OPIOIDS), V1, None).score
    flagged = Observations(
        items_received=10_000,
        items_with_aed=10_000,
        seizures=(SeizureCount(SeizureCategory.COUNTERFEIT, 10, "PTI-4"),),
    )
    assert opioids < counterfeit
    assert score_quarter(flagged, V1, None).score < counterfeit


def test_a_falling_seizure_rate_improves_the_trend() -> None:
    steady = score_quarter(post(10_000, 10), V1, None)
    improving = score_quarter(post(10_000, 10), V1, previous_rate=steady.seizure_rate * 3)
    assert improving.score > steady.score
    [trend] = [f for f in improving.factors if f.name == "trend"]
    assert "last quarter" in trend.working


def test_factors_add_up_to_the_score_and_say_how_they_were_worked_out() -> None:
    score = score_quarter(post(5_000, 3), V1, None)
    assert [f.name for f in score.factors] == [
        "coverage",
        "quality",
        "seizures",
        "cooperation",
        "trend",
    ]
    assert round(sum(f.points for f in score.factors), 2) == score.score
    assert all(f.working for f in score.factors)


def test_scores_replay_to_the_last_digit(tmp_path: Path) -> None:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "s.db")}
    first = scoring_app(env)
    ids = run_quarters(first, {"J1AAAA": "NCNN", "J1BBBB": "CCNC"})
    recorded = {
        code: [first.post_status(post_id, q).determination for q in _four()]
        for code, post_id in ids.items()
    }
    first.close()
    again = scoring_app(env)
    for code, post_id in ids.items():
        replayed = [again.post_status(post_id, q).determination for q in _four()]
        assert replayed == recorded[code]
        # And the score recomputed from the recorded figures and version is the same.
        previous = None
        for quarter, determination in zip(_four(), replayed, strict=True):
            assert determination is not None
            figures = again._observed(post_id, quarter)
            assert figures is not None
            metric = again._metric().versions[determination.metric_version - 1]
            score = score_quarter(figures, metric, previous)
            assert (score.score, score.factors) == (determination.score, determination.factors)
            previous = score.seizure_rate
    again.close()


@pytest.mark.parametrize(
    ("metric", "field"),
    [
        (MetricVersion(2, "2024Q1", FactorWeights(0, 0, 0, 0, 0)), "metric.weights"),
        (MetricVersion(2, "2024Q1", severity=(SeizureWeight("kittens", 1.0),)), "metric.severity"),
        (MetricVersion(2, "2024Q1", seizure_rate_scale=0), "metric.seizure_rate_scale"),
        (MetricVersion(2, "2024Q1", prior_coverage=2), "metric.prior_coverage"),
        (MetricVersion(2, "2024Q1", seizure_rate_scale=float("inf")), "metric.seizure_rate_scale"),
        (MetricVersion(2, "2024Q1", prior_seizure_rate=-1), "metric.prior_seizure_rate"),
        (MetricVersion(2, "2024Q1", prior_requests=-1), "metric.prior_requests"),
    ],
)
def test_a_bad_metric_is_refused_naming_the_field(metric: MetricVersion, field: str) -> None:
    app = scoring_app()
    with pytest.raises(InvalidArgument, match=rf"^{field}"):
        app.publish_metric(metric, "try", "cbp")


def test_metric_versions_are_numbered_in_order_and_never_back_in_time() -> None:
    app = scoring_app()
    with pytest.raises(FailedPrecondition, match="next version is 2"):
        app.publish_metric(MetricVersion(3, "2025Q1"), "skip", "cbp")
    app.publish_metric(MetricVersion(2, "2025Q1"), "new weights", "cbp")
    with pytest.raises(FailedPrecondition, match="effective_from"):
        app.publish_metric(MetricVersion(3, "2024Q4"), "back", "cbp")
    assert app._metric().in_effect("2024Q4") == V1


def _four() -> list[Quarter]:
    return [FIRST, FIRST.next(), FIRST.next().next(), FIRST.next().next().next()]


def test_an_effective_quarter_is_stored_as_written_canonically() -> None:
    app = scoring_app()
    app.publish_metric(MetricVersion(2, "2025-q1"), "new", "cbp")
    assert app._metric().versions[-1].effective_from == "2025Q1"
    assert app._metric().in_effect("2025Q2") == app._metric().versions[-1]
