"""Publication's public lists follow the other services: a debarment in the registry, and
a post's standing and the §5(e) guidance in scoring, appear in publication."""

from portcullis.publication.v1 import publication_service_pb2 as publication_pb
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.scoring.v1 import scoring_service_pb2 as scoring_pb
from tests.e2e.conftest import Clients
from tests.support import debarment_action, eventually, party_proto

BAD = scoring_pb.Observations(
    items_received=10_000,
    items_with_aed=3_000,
    aed_errors=900,
    seizures=[
        scoring_pb.SeizureCount(category=scoring_pb.SEIZURE_CATEGORY_SYNTHETIC_OPIOIDS, count=60)
    ],
)
GUIDANCE = "A post leaves the list with its first compliant quarter."


def test_exclusions_post_standings_and_guidance_reach_the_public_lists(clients: Clients) -> None:
    party = clients.registry.RegisterParty(
        registry_pb.RegisterPartyRequest(party=party_proto("Shenzhen Hongdark Electronics")),
        timeout=5,
    )
    clients.registry.Debar(
        registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action()), timeout=5
    )
    scoring = clients.scoring
    scoring.RegisterPost(
        scoring_pb.RegisterPostRequest(upu_code="J1CCNA", country="CN", name="CHINA POST"),
        timeout=5,
    )
    scoring.PublishMetricVersion(
        scoring_pb.PublishMetricVersionRequest(
            metric=scoring_pb.MetricVersion(version=1, effective_from="2026Q1"), reason="first"
        ),
        timeout=5,
    )
    scoring.PublishGuidance(
        scoring_pb.PublishGuidanceRequest(quarters_compliant_to_leave=1, text=GUIDANCE), timeout=5
    )
    for quarter in ("2026Q1", "2026Q2"):
        scoring.RecordObservations(
            scoring_pb.RecordObservationsRequest(
                upu_code="J1CCNA", quarter=quarter, batch_id="b", observations=BAD
            ),
            timeout=5,
        )
        scoring.SetThreshold(
            scoring_pb.SetThresholdRequest(quarter=quarter, threshold=60, reason="memo"), timeout=5
        )
        scoring.CloseQuarter(scoring_pb.CloseQuarterRequest(quarter=quarter), timeout=30)
    publication = clients.publication

    def listed_person() -> publication_pb.ExcludedPerson | None:
        persons = publication.ListExcludedPersons(
            publication_pb.ListExcludedPersonsRequest(on_date="2027-01-01"), timeout=5
        ).persons
        return persons[0] if persons else None

    person = eventually(listed_person)
    assert (person.name, person.exclusion_type) == ("Shenzhen Hongdark Electronics", "debarment")

    def listed_post() -> publication_pb.PublicPost | None:
        posts = publication.ListPublicNonCompliantPosts(
            publication_pb.ListPublicNonCompliantPostsRequest(), timeout=5
        ).posts
        return posts[0] if posts and posts[0].consecutive_non_compliant_quarters == 2 else None

    post = eventually(listed_post)
    assert (post.upu_code, post.quarter, post.measure) == (
        "J1CCNA",
        "2026Q2",
        "targeted inspection",
    )
    guidance = eventually(
        lambda: (
            publication.GetGuidance(publication_pb.GetGuidanceRequest(), timeout=5)
            if _has_guidance(clients)
            else None
        )
    )
    assert (guidance.version, guidance.text) == (1, GUIDANCE)


def _has_guidance(clients: Clients) -> bool:
    try:
        clients.publication.GetGuidance(publication_pb.GetGuidanceRequest(), timeout=5)
    except Exception:
        return False
    return True
