"""A demo for `make run`: a year of generated seizures shaped like CBP's published IPR
statistics (mostly express and mail, most from a few origins, counterfeits far ahead of the
rest), and each quarter's report drafted, reviewed and published, so a new user can open
one in a browser. Loading it again changes nothing. The figures are generated, not CBP's.
"""

import random
from datetime import date, timedelta

from portcullis.common.v1 import types_pb2
from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis.publication.v1 import publication_service_pb2_grpc as pb_grpc
from portcullis_cli.connect import open_channel
from portcullis_cli.quarters import quarters_before

SEED = 6
SEIZURES = 4_000
ORIGINS = (("CN", 50), ("HK", 30), ("TR", 4), ("VN", 3), ("IN", 3), ("SG", 2), ("TH", 2))
POSTS = {"CN": "J1CCNA", "HK": "J1CHKA", "TR": "J1CTRA", "VN": "J1CVNA", "IN": "J1CINA"}
CARRIERS = ("DHL", "FEDEX", "UPS")
CATEGORIES = (
    (pb.VIOLATION_CATEGORY_INTELLECTUAL_PROPERTY, 85, "PTI-4", "handbags"),
    (pb.VIOLATION_CATEGORY_ILLEGAL_DRUGS, 5, "PTI-3", "pills"),
    (pb.VIOLATION_CATEGORY_OTHER_CONTRABAND, 4, "PTI-3", "e-cigarettes"),
    (pb.VIOLATION_CATEGORY_INCORRECT_COUNTRY_OF_ORIGIN, 3, "PTI-7", "garments"),
    (pb.VIOLATION_CATEGORY_UNDERVALUATION, 2, "PTI-5", "electronics"),
    (pb.VIOLATION_CATEGORY_OTHER, 1, "", "assorted"),
)
AS_DEMO = (("x-portcullis-caller", "demo loader"),)
AS_REVIEWER = (("x-portcullis-caller", "demo reviewer"),)


def demo_quarters(today: date) -> list[str]:
    return quarters_before(today, 4)


def seizures(first_day: date, days: int) -> list[pb.Seizure]:
    rng = random.Random(SEED)
    # A few hundred traders; a handful seized again and again.
    traders = [f"Demo Trading {i:03d} Co., Ltd." for i in range(300)]
    weights = [1 / (i + 1) for i in range(len(traders))]
    made = []
    for _ in range(SEIZURES):
        origin = rng.choices([o for o, _ in ORIGINS], [w for _, w in ORIGINS])[0]
        mail = rng.random() < 0.4
        lines = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            category, _, pti, what = rng.choices(CATEGORIES, [c[1] for c in CATEGORIES])[0]
            quantity = rng.randint(1, 200)
            lines.append(
                pb.SeizureLine(
                    description=what,
                    quantity=quantity,
                    msrp=types_pb2.Money(
                        currency_code="USD", minor_units=quantity * rng.randint(500, 40_000)
                    ),
                    category=category,
                    priority_trade_issue=pti,
                )
            )
        parties = [
            pb.SeizedParty(
                kind=pb.SEIZED_PARTY_KIND_ORGANIZATION, name=rng.choices(traders, weights)[0]
            )
        ]
        if rng.random() < 0.2:  # a person named on the waybill: counted, never published
            parties.append(pb.SeizedParty(kind=pb.SEIZED_PARTY_KIND_INDIVIDUAL, name="A. Person"))
        made.append(
            pb.Seizure(
                seized_date=(first_day + timedelta(days=rng.randrange(days))).isoformat(),
                environment=pb.ENVIRONMENT_INTERNATIONAL_MAIL if mail else pb.ENVIRONMENT_EXPRESS,
                origin_country=origin,
                lines=lines,
                sensitive=rng.random() < 0.02,
                post_or_carrier=POSTS.get(origin, "") if mail else rng.choice(CARRIERS),
                parties=parties,
            )
        )
    return made


def load_publication_demo(address: str, today: date) -> list[str]:
    """Loads the demo once; returns the ids of the published reports, newest last."""
    quarters = demo_quarters(today)
    with open_channel(address) as channel:
        stub = pb_grpc.PublicationServiceStub(channel)
        existing = stub.ListReportVersions(
            pb.ListReportVersionsRequest(period=quarters[-1]), timeout=30
        ).reports
        if existing:
            return [r.report_id for r in existing]
        first_year, first_quarter = int(quarters[0][:4]), int(quarters[0][-1])
        first_day = date(first_year, 3 * first_quarter - 2, 1)
        days = (date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - first_day).days
        for seizure in seizures(first_day, days):
            stub.RecordSeizure(
                pb.RecordSeizureRequest(seizure=seizure), metadata=AS_DEMO, timeout=30
            )
        published = []
        for quarter in quarters:
            draft = stub.DraftReport(
                pb.DraftReportRequest(period=quarter), metadata=AS_DEMO, timeout=300
            ).report
            stub.ReviewReport(
                pb.ReviewReportRequest(report_id=draft.report_id, note="demo"),
                metadata=AS_REVIEWER,
                timeout=30,
            )
            stub.PublishReport(
                pb.PublishReportRequest(report_id=draft.report_id), metadata=AS_REVIEWER, timeout=30
            )
            published.append(draft.report_id)
        return published
