"""Running a quarter: observations in, the metric and guidance published, the threshold set
by an authorised officer, then the close that scores every post and determines compliance
and escalation (EO 13904 §5(a)-(e))."""

from dataclasses import dataclass, replace
from datetime import timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate

from portcullis_kit.errors import FailedPrecondition, InvalidArgument, NotFound
from portcullis_kit.mail_treatment import EscalationLevel
from scoring.application.base import CLOSED_QUARTERS_ID, ScoringBase
from scoring.domain.metric import MetricVersion, score_quarter
from scoring.domain.observations import Batch, Observations, PostQuarter, check_observations
from scoring.domain.post import Post, post_id_for
from scoring.domain.quarter import Quarter
from scoring.domain.quarter_book import ClosedQuarters, QuarterBook, quarter_book_id


@dataclass(frozen=True)
class QuarterResult:
    """One post's line in a closed quarter."""

    post_id: UUID
    upu_code: str
    name: str
    score: float
    compliant: bool
    consecutive_non_compliant: int
    level: EscalationLevel
    listed: bool


@dataclass(frozen=True)
class ClosedQuarter:
    quarter: str
    threshold: float
    metric_version: int
    guidance_version: int
    results: tuple[QuarterResult, ...]
    # UPU codes of registered posts with no observations that quarter: not determined,
    # their standing carried over unchanged.
    not_observed: tuple[str, ...]


class QuarterUseCases(ScoringBase):
    def record_observations(
        self,
        post_id: UUID,
        quarter: Quarter,
        batch_id: str,
        observations: Observations,
        source: str,
        recorded_by: str,
        corrects: str = "",
        reason: str = "",
    ) -> bool:
        """Adds a batch of a post's quarter (or a correction of one); the same batch again
        changes nothing. Returns whether anything was recorded."""
        if not batch_id.strip():
            raise InvalidArgument("batch_id", "must name the batch (a file, a week, a feed)")
        check_observations(observations, self.priority_trade_issues, "observations")
        self.catch_up()  # posts another replica registered
        if post_id not in self.post_ids:  # the index follows the log: no store read
            raise NotFound("post", str(post_id))
        if self._book(quarter).closed:
            raise FailedPrecondition(f"quarter: {quarter} is closed; its scores stand")
        record = self._post_quarter(post_id, quarter)
        batch = Batch(batch_id.strip(), observations, source, recorded_by, corrects, reason)
        if not record.record(batch):
            return False
        self.save(record)
        return True

    def publish_metric(self, metric: MetricVersion, reason: str, published_by: str) -> int:
        effective = Quarter.parse(metric.effective_from, "metric.effective_from")
        metric = replace(metric, effective_from=str(effective))  # always written "2026Q3"
        last = self.last_closed()
        if last is not None and effective <= last:
            raise FailedPrecondition(
                f"metric.effective_from: {effective} is closed; a new version scores later quarters"
            )
        current = self._metric()
        current.publish(metric, reason, published_by)
        self.save(current)
        return metric.version

    def publish_guidance(self, quarters_compliant_to_leave: int, text: str, by: str) -> int:
        guidance = self._guidance()
        version = guidance.publish(quarters_compliant_to_leave, text, by)
        self.save(guidance)
        return version

    def set_threshold(self, quarter: Quarter, threshold: float, reason: str, set_by: str) -> None:
        book = self._book(quarter)
        if book.set_threshold(threshold, reason, set_by):
            self.save(book)

    def close_quarter(self, quarter: Quarter, closed_by: str) -> ClosedQuarter:
        """Scores every post with observations, determines compliance and escalation, and
        asks the posts at 6 or more for additional information, all in one transaction.
        Closing a closed quarter again returns what it decided."""
        book = self._book(quarter)
        if book.closed:
            return self._closed_quarter(book)
        if book.threshold is None:
            raise FailedPrecondition(f"quarter: set {quarter}'s threshold before closing it")
        if self.clock() <= quarter.last_day:
            raise FailedPrecondition(
                f"quarter: {quarter} has not ended (its last day is {quarter.last_day})"
            )
        calendar = self._closed_quarters()
        calendar.note_closed(quarter)  # in order, without gaps
        metric = self._metric().in_effect(str(quarter))
        if metric is None:
            raise FailedPrecondition(f"quarter: no metric version is in effect for {quarter}")
        guidance = self._guidance().current
        today = self.clock()
        changed: list[Aggregate] = []
        determined, not_observed = [], []
        self.catch_up()  # every post registered, by any replica
        for post in sorted((self._required_post(p) for p in self.post_id_list()), key=_code):
            record = self._post_quarter(post.id, quarter)
            # Sealed in this transaction: a batch racing the close fails with a conflict
            # instead of landing after the figures were scored.
            record.seal()
            changed.append(record)
            observed = record.total()
            if observed.items_received == 0:
                # No mail seen (or none recorded): nothing to score, the run unchanged.
                not_observed.append(post.upu_code)
                continue
            last = post.last_determination
            previous_rate = (
                last.seizure_rate if last and last.quarter == str(quarter.previous()) else None
            )
            score = score_quarter(observed, metric, previous_rate)
            determination = post.determine(
                quarter,
                score.score,
                score.factors,
                score.seizure_rate,
                metric.version,
                book.threshold,
                guidance.quarters_compliant_to_leave,
                guidance.version,
            )
            if determination.level is EscalationLevel.ADDITIONAL_INFORMATION:
                deadline = today + timedelta(days=self.information_days)
                post.request_information(quarter, today, deadline)
            determined.append(post.upu_code)
            changed.append(post)
        book.close(
            metric.version,
            guidance.version,
            today,
            tuple(determined),
            tuple(not_observed),
            closed_by,
        )
        self.save(calendar, book, *changed)
        return self._closed_quarter(book)

    def closed_quarter(self, quarter: Quarter) -> ClosedQuarter:
        book = self._book(quarter)
        if not book.closed:
            raise FailedPrecondition(f"quarter: {quarter} is not closed")
        return self._closed_quarter(book)

    def last_closed(self) -> Quarter | None:
        last = self._closed_quarters().last
        return Quarter.parse(last) if last else None

    def _closed_quarter(self, book: QuarterBook) -> ClosedQuarter:
        results = []
        for upu_code in book.determined:
            post = self._post_by_code(upu_code)
            d = post.determinations[book.quarter]
            results.append(
                QuarterResult(
                    post.id,
                    post.upu_code,
                    post.name,
                    d.score,
                    d.compliant,
                    d.consecutive_non_compliant,
                    d.level,
                    d.listed,
                )
            )
        assert book.threshold is not None  # a closed quarter has one
        return ClosedQuarter(
            book.quarter,
            book.threshold,
            book.metric_version,
            book.guidance_version,
            tuple(results),
            book.not_observed,
        )

    def _closed_quarters(self) -> ClosedQuarters:
        found = self.find_aggregate(ClosedQuarters, CLOSED_QUARTERS_ID)
        return found or ClosedQuarters(id=CLOSED_QUARTERS_ID)

    def _observed(self, post_id: UUID, quarter: Quarter) -> Observations | None:
        record = self.find_aggregate(PostQuarter, PostQuarter.create_id(post_id, str(quarter)))
        return record.total() if record else None

    def _post_quarter(self, post_id: UUID, quarter: Quarter) -> PostQuarter:
        record = self.find_aggregate(PostQuarter, PostQuarter.create_id(post_id, str(quarter)))
        return record or PostQuarter(post_id, str(quarter))

    def _book(self, quarter: Quarter) -> QuarterBook:
        return self._existing_book(quarter) or QuarterBook(str(quarter))

    def _existing_book(self, quarter: Quarter) -> QuarterBook | None:
        return self.find_aggregate(QuarterBook, quarter_book_id(quarter))

    def _post_by_code(self, upu_code: str) -> Post:
        return self._required_post(post_id_for(upu_code))


def _code(post: Post) -> str:
    return post.upu_code
