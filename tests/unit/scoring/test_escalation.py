"""The order's escalation over runs of quarters (EO 13904 §5(b)-(d)), table-driven: runs
that reach 2, 6 and 8 consecutive non-compliant quarters, runs broken by a compliant
quarter, a quarter without observations, the additional information provided in time or
not, a threshold changed between quarters, and a metric version changed mid-year."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from portcullis_kit.errors import FailedPrecondition
from portcullis_kit.mail_treatment import EscalationLevel, Treatment, level_for
from scoring.domain.metric import FactorWeights, MetricVersion, score_quarter
from scoring.domain.observations import Observations
from scoring.domain.quarter import Quarter
from tests.unit.scoring.support import BAD, FIRST, GOOD, Clock, run_quarters, scoring_app

NONE, INSPECT, INFO, REFUSE = (
    EscalationLevel.NONE,
    EscalationLevel.TARGETED_INSPECTION,
    EscalationLevel.ADDITIONAL_INFORMATION,
    EscalationLevel.REFUSAL,
)


@pytest.mark.parametrize(
    ("sequence", "levels", "runs"),
    [
        # reaches 2, then a compliant quarter ends the run
        ("NNCCCCCCCCCC", "020000000000", "120000000000"),
        # reaches 6, then is broken; a new run starts from 1
        ("NNNNNNCNNCCC", "022226002000", "123456012000"),
        # reaches 8 and stays refused
        ("NNNNNNNNNNNN", "022226688888", "123456789ABC"),
        # broken just before 8
        ("NNNNNNNCNNNN", "022226600222", "123456701234"),
        # never non-compliant
        ("CCCCCCCCCCCC", "000000000000", "000000000000"),
        # a quarter without observations neither extends nor breaks the run
        ("NN-NNNN-NNNN", "022222666888", "12234566789A"),
    ],
)
def test_escalation_follows_the_run_of_consecutive_non_compliant_quarters(
    sequence: str, levels: str, runs: str
) -> None:
    app = scoring_app()
    post_id = run_quarters(app, {"J1TEST": sequence})["J1TEST"]
    quarter = FIRST
    seen_levels, seen_runs = "", ""
    for _ in sequence:
        view = app.post_status(post_id, quarter)
        seen_runs += "0123456789ABC"[view.consecutive_non_compliant]
        # A quarter without observations shows the standing carried over from before it.
        seen_levels += str(level_for(view.consecutive_non_compliant).value)
        quarter = quarter.next()
    assert (seen_levels, seen_runs) == (levels, runs)


def test_the_list_holds_the_posts_non_compliant_in_the_last_closed_quarter() -> None:
    app = scoring_app()
    run_quarters(app, {"J1AAAA": "NNNN", "J1BBBB": "NNNC", "J1CCCC": "CCCC", "J1DDDD": "NNNN"})
    quarter, listed = app.list_non_compliant()
    assert quarter == "2024Q4"
    assert [(v.upu_code, v.consecutive_non_compliant) for v in listed] == [
        ("J1AAAA", 4),
        ("J1DDDD", 4),
    ]
    _, earlier = app.list_non_compliant(Quarter(2024, 3))
    assert [v.upu_code for v in earlier] == ["J1AAAA", "J1BBBB", "J1DDDD"]


def test_the_guidance_can_keep_a_post_listed_for_more_compliant_quarters() -> None:
    app = scoring_app()
    app.publish_guidance(2, "Removed from the list after 2 compliant quarters in a row.", "cbp")
    ids = run_quarters(app, {"J1TEST": "NNCCC"})
    listed = [app.post_status(ids["J1TEST"], q).listed for q in _quarters(5)]
    assert listed == [True, True, True, False, False]
    # The run itself ends at the first compliant quarter, as the order says.
    assert app.post_status(ids["J1TEST"], Quarter(2025, 1)).consecutive_non_compliant == 0


def test_additional_information_in_time_or_not() -> None:
    clock = Clock(FIRST.last_day)
    app = scoring_app(clock=clock)
    ids = run_quarters(app, {"J1ONTIME": "NNNNNN", "J1LATE": "NNNNNN"}, clock=clock)
    closed_on = clock.today
    on_time, late = (app._required_post(ids[c]) for c in ("J1ONTIME", "J1LATE"))
    [request] = on_time.requests.values()
    assert request.deadline == closed_on + timedelta(days=30)

    def treatment(code: str, days: int) -> Treatment:
        [answer] = app.item_treatment(upu_code=code, on=closed_on + timedelta(days=days))
        return answer.treatment

    assert treatment("J1ONTIME", 5) is Treatment.INFORMATION_REQUIRED
    clock.today = closed_on + timedelta(days=10)
    app.record_information_provided(ids["J1ONTIME"], request.request_id, clock.today, "cbp")
    assert treatment("J1ONTIME", 40) is Treatment.INSPECT
    assert treatment("J1LATE", 30) is Treatment.INFORMATION_REQUIRED
    assert treatment("J1LATE", 31) is Treatment.REFUSE
    assert late.requests  # asked too, never answered


def test_eight_quarters_refuse_whatever_is_provided() -> None:
    app = scoring_app()
    run_quarters(app, {"J1TEST": "NNNNNNNN"})
    [answer] = app.item_treatment(upu_code="J1TEST")
    assert answer.treatment is Treatment.REFUSE
    assert "8 or more" in answer.reason


def test_a_threshold_changed_between_quarters_decides_the_same_figures_differently() -> None:
    app = scoring_app()
    # About 30 each quarter: non-compliant under 60, compliant under 25.
    ids = run_quarters(app, {"J1TEST": "NNN"}, thresholds={0: 60.0, 1: 25.0, 2: 60.0})
    views = [app.post_status(ids["J1TEST"], q) for q in _quarters(3)]
    assert [
        (v.determination.threshold, v.determination.compliant) for v in views if v.determination
    ] == [
        (60.0, False),
        (25.0, True),
        (60.0, False),
    ]
    assert [v.consecutive_non_compliant for v in views] == [1, 0, 1]


def test_a_threshold_cannot_change_once_its_quarter_is_closed() -> None:
    app = scoring_app()
    run_quarters(app, {"J1TEST": "N"})
    with pytest.raises(FailedPrecondition, match="closed"):
        app.set_threshold(FIRST, 50.0, "too late", "officer")


def test_quarters_close_in_order_without_gaps() -> None:
    app = scoring_app()
    run_quarters(app, {"J1TEST": "N"})
    app.set_threshold(Quarter(2024, 3), 60.0, "skip", "officer")
    with pytest.raises(FailedPrecondition, match="2024Q2 is the next"):
        app.close_quarter(Quarter(2024, 3), "officer")


def test_a_metric_version_published_mid_year_leaves_earlier_scores_as_they_were() -> None:
    app = scoring_app()
    ids = run_quarters(app, {"J1TEST": "CN"})
    before = [app.post_status(ids["J1TEST"], q).determination for q in _quarters(2)]
    heavier = FactorWeights(coverage=0.1, quality=0.1, seizures=0.6, cooperation=0.1, trend=0.1)
    app.publish_metric(MetricVersion(2, "2024Q3", heavier), "seizures weigh more", "cbp")
    post = app._required_post(ids["J1TEST"])
    for q in (Quarter(2024, 3), Quarter(2024, 4)):
        app.record_observations(post.id, q, "all", BAD, "test", "cbp")
        app.set_threshold(q, 60.0, "same", "officer")
        app.close_quarter(q, "officer")
    after = [app.post_status(ids["J1TEST"], q).determination for q in _quarters(4)]
    assert after[:2] == before
    assert [d.metric_version for d in after if d] == [1, 1, 2, 2]
    # The same figures under version 2 score otherwise than under version 1.
    v1 = score_quarter(BAD, MetricVersion(1, "2024Q1"), None).score
    v2 = score_quarter(BAD, MetricVersion(2, "2024Q3", heavier), None).score
    assert v1 != v2
    assert after[2] is not None
    assert after[0] is not None
    assert score_quarter(GOOD, MetricVersion(1, "2024Q1"), None).score == after[0].score


def _quarters(count: int) -> list[Quarter]:
    quarters = [FIRST]
    while len(quarters) < count:
        quarters.append(quarters[-1].next())
    return quarters


def test_a_quarter_is_closed_only_after_it_ends() -> None:
    clock = Clock(date(2024, 3, 31))
    app = scoring_app(clock=clock)
    app.set_threshold(FIRST, 60.0, "set early", "officer")
    with pytest.raises(FailedPrecondition, match="has not ended"):
        app.close_quarter(FIRST, "officer")
    clock.today = date(2024, 4, 1)
    app.close_quarter(FIRST, "officer")


def test_the_information_is_asked_once_a_run_and_its_answer_holds_at_seven() -> None:
    clock = Clock(FIRST.last_day)
    app = scoring_app(clock=clock)
    ids = run_quarters(app, {"J1ONTIME": "NNNNNN", "J1LATE": "NNNNNN"}, clock=clock)
    on_time = app._required_post(ids["J1ONTIME"])
    [request] = on_time.requests.values()
    app.record_information_provided(ids["J1ONTIME"], request.request_id, clock.today, "cbp")
    seventh = Quarter(2025, 3)
    clock.today = seventh.last_day + timedelta(days=45)  # past the first deadline
    for code in ("J1ONTIME", "J1LATE"):
        app.record_observations(ids[code], seventh, "all", BAD, "test", "cbp")
    app.set_threshold(seventh, 60.0, "same", "officer")
    app.close_quarter(seventh, "officer")
    assert len(app._required_post(ids["J1LATE"]).requests) == 1  # not asked again
    [late] = app.item_treatment(upu_code="J1LATE")
    [answered] = app.item_treatment(upu_code="J1ONTIME")
    assert (late.treatment, answered.treatment) == (Treatment.REFUSE, Treatment.INSPECT)


def test_a_batch_without_items_neither_extends_nor_ends_a_run() -> None:
    app = scoring_app()
    ids = run_quarters(app, {"J1TEST": "NN"})
    third = Quarter(2024, 3)
    app.record_observations(ids["J1TEST"], third, "empty", Observations(), "test", "cbp")
    app.set_threshold(third, 60.0, "same", "officer")
    closed = app.close_quarter(third, "officer")
    assert closed.not_observed == ("J1TEST",)
    assert app.post_status(ids["J1TEST"], third).consecutive_non_compliant == 2


def test_no_batch_is_recorded_into_a_closed_quarter() -> None:
    app = scoring_app()
    ids = run_quarters(app, {"J1TEST": "N"})
    with pytest.raises(FailedPrecondition, match="closed"):
        app.record_observations(ids["J1TEST"], FIRST, "late", GOOD, "test", "cbp")


def test_a_replica_sharing_the_store_closes_with_every_post(tmp_path: Path) -> None:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "s.db")}
    first = scoring_app(env)
    second = scoring_app(env)
    post_id = first.register_post("J1TEST", "CN", "Post")
    first.record_observations(post_id, FIRST, "all", BAD, "test", "cbp")
    first.set_threshold(FIRST, 60.0, "x", "officer")
    closed = second.close_quarter(FIRST, "officer")
    assert [r.upu_code for r in closed.results] == ["J1TEST"]
    first.close()
    second.close()
