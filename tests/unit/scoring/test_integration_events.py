"""What scoring publishes: a post's whole standing after each change, read as of the event."""

from portcullis.scoring.events.v1 import scoring_events_pb2 as events
from scoring.adapters.integration_events import IntegrationEvents
from tests.unit.scoring.support import Clock, run_quarters, scoring_app


def test_each_determination_and_request_publishes_the_standing_after_it() -> None:
    clock = Clock(scoring_app().clock())
    app = scoring_app(clock=clock)
    post_id = run_quarters(app, {"J1TEST": "NNNNNNC"}, clock=clock)["J1TEST"]
    translate = IntegrationEvents(app).translate
    published = [m for e in app.events.get(post_id) if (m := translate(e)) is not None]
    standings = [m for m in published if isinstance(m, events.PostStandingChanged)]
    assert [m.consecutive_non_compliant_quarters for m in standings] == [1, 2, 3, 4, 5, 6, 6, 0]
    assert standings[5].information_deadline == ""  # determined; the request comes next
    assert standings[6].information_deadline != ""
    assert standings[-1].information_deadline == ""  # compliant again: nothing asked
    assert [m.listed for m in standings][-1] is False
