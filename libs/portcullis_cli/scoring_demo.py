"""A demo of the order's escalation for `make run`: a post per country observed over the
last 12 closed quarters, with figures drawn (from a fixed seed) so that a new user finds
posts at every level: compliant throughout, a single bad quarter, targeted inspection,
additional information asked (some provided in time, some not), refusal, and runs broken
by a compliant quarter. Loading it again changes nothing.

The figures are generated, not CBP's: no real post's record is shown.
"""

import random
from collections import Counter
from datetime import date

import grpc

from portcullis.scoring.v1 import scoring_service_pb2 as pb
from portcullis.scoring.v1 import scoring_service_pb2_grpc as pb_grpc
from portcullis_cli.connect import open_channel
from portcullis_cli.quarters import quarters_before
from portcullis_kit.reference import country_codes, postal_operators

QUARTERS = 12
THRESHOLD = 60.0
SEED = 13904
GUIDANCE = (
    "A post is deemed non-compliant for a quarter when its International Mail Non-Compliance"
    " score is below the threshold CBP set for that quarter. It leaves the list of"
    " non-compliant posts with its first compliant quarter, which also ends its run."
)


def demo_quarters(today: date) -> list[str]:
    return quarters_before(today, QUARTERS)


def sequences(codes: list[str], rng: random.Random) -> dict[str, str]:
    """Per post, 12 marks: C compliant, N non-compliant. Most posts are compliant."""
    plans: dict[str, str] = {}
    for code in codes:
        draw = rng.random()
        if draw < 0.55:
            plan = "C" * QUARTERS
        elif draw < 0.67:
            blip = rng.randrange(QUARTERS)
            plan = "".join("N" if i == blip else "C" for i in range(QUARTERS))
        elif draw < 0.79:
            run = rng.randint(2, 5)  # targeted inspection now
            plan = "C" * (QUARTERS - run) + "N" * run
        elif draw < 0.88:
            run = rng.randint(6, 7)  # additional information now
            plan = "C" * (QUARTERS - run) + "N" * run
        elif draw < 0.95:
            run = rng.randint(8, QUARTERS)  # refusal now
            plan = "C" * (QUARTERS - run) + "N" * run
        else:
            plan = "CCNNNNNNCCNC"  # reached 6, then broken
        plans[code] = plan
    return plans


def figures(compliant: bool, items: int, rng: random.Random) -> pb.Observations:
    if compliant:
        with_aed = round(items * rng.uniform(0.9, 0.99))
        requests = rng.randint(0, 6)
        return pb.Observations(
            items_received=items,
            items_with_aed=with_aed,
            aed_errors=round(with_aed * rng.uniform(0.002, 0.02)),
            seizures=[
                pb.SeizureCount(
                    category=pb.SEIZURE_CATEGORY_COUNTERFEIT,
                    count=round(items * rng.uniform(0, 2) / 10_000),
                    priority_trade_issue="PTI-4",
                )
            ],
            information_requests=requests,
            timely_responses=requests,
        )
    with_aed = round(items * rng.uniform(0.15, 0.5))
    requests = rng.randint(5, 15)
    return pb.Observations(
        items_received=items,
        items_with_aed=with_aed,
        aed_errors=round(with_aed * rng.uniform(0.1, 0.3)),
        seizures=[
            pb.SeizureCount(
                category=pb.SEIZURE_CATEGORY_COUNTERFEIT,
                count=round(items * rng.uniform(30, 80) / 10_000),
                priority_trade_issue="PTI-4",
            ),
            pb.SeizureCount(
                category=pb.SEIZURE_CATEGORY_SYNTHETIC_OPIOIDS,
                count=round(items * rng.uniform(1, 4) / 10_000),
                priority_trade_issue="PTI-3",
            ),
        ],
        information_requests=requests,
        timely_responses=round(requests * rng.uniform(0, 0.4)),
    )


def demo_codes() -> list[str]:
    """One post per country, as UPU designates one operator a country: of the registered
    operators, the one with the most exchange offices (IMPCs). Not the United States'."""
    countries = country_codes()
    best: dict[str, tuple[int, str]] = {}
    for o in postal_operators():
        country = o["inferred_iso2"]
        if country not in countries or country == "US" or not o["short_name"].strip():
            continue
        rank = (int(o["impc_count"] or 0), o["operator_code"])
        if country not in best or rank[0] > best[country][0]:
            best[country] = rank
    return sorted(code for _, code in best.values())


def load_scoring_demo(address: str, today: date) -> Counter[str]:
    """Loads the demo (once) and returns how many posts stand at each measure now."""
    quarters = demo_quarters(today)
    with open_channel(address) as channel:
        stub = pb_grpc.ScoringServiceStub(channel)
        listed = stub.ListNonCompliantPosts(pb.ListNonCompliantPostsRequest(), timeout=30)
        # Only into a scoring that never closed a quarter: quarters close in order, so a
        # store kept from an earlier run (or real data) is left as it is.
        if not listed.quarter:
            _load(stub, quarters, today)
            listed = stub.ListNonCompliantPosts(pb.ListNonCompliantPostsRequest(), timeout=30)
    return Counter(pb.EscalationLevel.Name(p.level) for p in listed.posts)


def _load(stub: pb_grpc.ScoringServiceStub, quarters: list[str], today: date) -> None:
    rng = random.Random(SEED)
    codes = demo_codes()
    # Large posts only escalate, so that their figures, not the smoothing, decide.
    sizes = {code: rng.choice([3_000, 20_000, 60_000, 150_000]) for code in codes}
    plans = sequences([c for c in codes if sizes[c] >= 20_000], rng)
    plans.update({c: "C" * QUARTERS for c in codes if c not in plans})
    try:
        stub.PublishMetricVersion(
            pb.PublishMetricVersionRequest(
                metric=pb.MetricVersion(version=1, effective_from=quarters[0]),
                reason="first version of the International Mail Non-Compliance metric (demo)",
            ),
            timeout=30,
        )
        stub.PublishGuidance(
            pb.PublishGuidanceRequest(quarters_compliant_to_leave=1, text=GUIDANCE), timeout=30
        )
    except grpc.RpcError as error:
        if error.code() is not grpc.StatusCode.FAILED_PRECONDITION:  # published before
            raise
    for index, quarter in enumerate(quarters):
        for code in codes:
            observations = figures(plans[code][index] == "C", sizes[code], rng)
            stub.RecordObservations(
                pb.RecordObservationsRequest(
                    upu_code=code,
                    quarter=quarter,
                    batch_id="demo",
                    observations=observations,
                    source="generated demo figures",
                ),
                timeout=30,
            )
        stub.SetThreshold(
            pb.SetThresholdRequest(quarter=quarter, threshold=THRESHOLD, reason="demo threshold"),
            timeout=30,
        )
        stub.CloseQuarter(pb.CloseQuarterRequest(quarter=quarter), timeout=300)
    # Half the posts asked for additional information provide it in time.
    listed = stub.ListNonCompliantPosts(pb.ListNonCompliantPostsRequest(), timeout=30)
    asked = [p for p in listed.posts if p.information_request.request_id]
    for status in asked[::2]:
        stub.RecordInformationProvided(
            pb.RecordInformationProvidedRequest(
                upu_code=status.post.upu_code,
                request_id=status.information_request.request_id,
                provided_date=today.isoformat(),
            ),
            timeout=30,
        )
