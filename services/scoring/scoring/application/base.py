"""What scoring's use cases share: the store, the clock, and an index of the posts that
follows the log (posts by country, for mail items named by their S10 identifier)."""

import threading
from collections.abc import Callable, Set
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.persistence import Notification

from portcullis_kit.clock import today_utc
from portcullis_kit.eventstore import StoreApplication
from scoring.domain.guidance import Guidance, GuidanceVersion
from scoring.domain.metric import Factor, FactorWeights, Metric, MetricVersion, SeizureWeight
from scoring.domain.observations import Batch, Observations, PostQuarter, SeizureCount
from scoring.domain.post import Determination, InformationRequest, Post

SCORING = uuid5(NAMESPACE_URL, "https://portcullis.example/scoring")
# The one metric, the one guidance document, the one list of closed quarters.
METRIC_ID = uuid5(SCORING, "metric")
GUIDANCE_ID = uuid5(SCORING, "guidance")
CLOSED_QUARTERS_ID = uuid5(SCORING, "closed quarters")
# Days a post at 6 or more has to provide the additional information (§5(c)), by default.
INFORMATION_DAYS = 30


class ScoringBase(StoreApplication):
    name = "scoring"
    # A post's quarter may take hundreds of batches: a snapshot every 20 keeps recording the
    # next one from replaying them all. Snapshots only speed reading; the audit trail and
    # GetStateAsOf read the events themselves.
    snapshotting_intervals = {PostQuarter: 20}
    value_objects = (
        Observations,
        SeizureCount,
        Batch,
        FactorWeights,
        MetricVersion,
        SeizureWeight,
        Factor,
        Determination,
        InformationRequest,
        GuidanceVersion,
    )

    def __init__(
        self,
        env: dict[str, str],
        countries: Set[str],
        priority_trade_issues: Set[str] = frozenset(),
        clock: Callable[[], date] = today_utc,
        information_days: int = INFORMATION_DAYS,
    ) -> None:
        super().__init__(env)
        self.countries = countries
        self.priority_trade_issues = frozenset(priority_trade_issues)
        self.clock = clock
        self.information_days = information_days
        # Post ids by country and all of them, following the log (see `catch_up`).
        self.posts_by_country: dict[str, set[UUID]] = {}
        self.post_ids: set[UUID] = set()
        self._index_position = 0
        self._index_lock = threading.Lock()
        self.listeners.append(self.catch_up)
        self.catch_up()

    def catch_up(self) -> None:
        """Indexes the posts registered in the log beyond the index's position."""
        with self._index_lock:
            self._index_position = self.follow_log(self._index_position, self._index_post)

    def _index_post(self, notification: Notification) -> None:
        if notification.topic.endswith("Post.Registered"):
            post = self._required_post(UUID(str(notification.originator_id)))
            self.post_ids.add(post.id)
            self.posts_by_country.setdefault(post.country, set()).add(post.id)

    def post_id_list(self) -> list[UUID]:
        """The posts known, copied under the lock (another thread may be adding one)."""
        with self._index_lock:
            return sorted(self.post_ids)

    def posts_of_country(self, country: str) -> list[UUID]:
        with self._index_lock:
            return sorted(self.posts_by_country.get(country, ()))

    def _required_post(self, post_id: UUID, field: str = "post_id") -> Post:
        return self.get_aggregate(Post, post_id, field.removesuffix("_id") or "post")

    def _metric(self) -> Metric:
        return self.find_aggregate(Metric, METRIC_ID) or Metric(id=METRIC_ID)

    def _guidance(self) -> Guidance:
        return self.find_aggregate(Guidance, GUIDANCE_ID) or Guidance(id=GUIDANCE_ID)
