"""A quarter as CBP runs it: the threshold an authorised officer sets, then the close that
scores every post and determines compliance (EO 13904 §5(a))."""

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from scoring.domain.quarter import Quarter

QUARTER_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/scoring/quarter")


def quarter_book_id(quarter: Quarter) -> UUID:
    return uuid5(QUARTER_NAMESPACE, str(quarter))


class QuarterBook(Aggregate):
    class Opened(Aggregate.Created):
        quarter: str

    class ThresholdSet(Aggregate.Event):
        threshold: float
        reason: str
        set_by: str

    class Closed(Aggregate.Event):
        metric_version: int
        guidance_version: int
        threshold: float
        closed_on: date
        determined: tuple[str, ...]
        not_observed: tuple[str, ...]
        closed_by: str

    @staticmethod
    def create_id(quarter: str) -> UUID:
        return quarter_book_id(Quarter.parse(quarter))

    @event(Opened)
    def __init__(self, quarter: str) -> None:
        self.quarter = quarter
        self.threshold: float | None = None
        self.closed = False
        self.closed_on: date | None = None
        self.metric_version = 0
        self.guidance_version = 0
        # UPU codes of the posts scored, and of those with no observations that quarter.
        self.determined: tuple[str, ...] = ()
        self.not_observed: tuple[str, ...] = ()

    def set_threshold(self, threshold: float, reason: str, set_by: str) -> bool:
        if not 0 <= threshold <= 100:
            raise InvalidArgument("threshold", "must be from 0 to 100")
        if self.closed:
            raise FailedPrecondition(f"quarter: {self.quarter} is closed; its threshold stays")
        if threshold == self.threshold:
            return False
        if not reason.strip():
            raise InvalidArgument("reason", "say why this threshold")
        self._threshold_set(threshold, reason.strip(), set_by)
        return True

    @event(ThresholdSet)
    def _threshold_set(self, threshold: float, reason: str, set_by: str) -> None:
        self.threshold = threshold

    def close(
        self,
        metric_version: int,
        guidance_version: int,
        on: date,
        determined: tuple[str, ...],
        not_observed: tuple[str, ...],
        closed_by: str,
    ) -> None:
        if self.threshold is None:
            raise FailedPrecondition(f"quarter: no threshold set for {self.quarter}")
        self._closed(
            metric_version,
            guidance_version,
            self.threshold,
            on,
            determined,
            not_observed,
            closed_by,
        )

    @event(Closed)
    def _closed(
        self,
        metric_version: int,
        guidance_version: int,
        threshold: float,
        closed_on: date,
        determined: tuple[str, ...],
        not_observed: tuple[str, ...],
        closed_by: str,
    ) -> None:
        self.closed = True
        self.closed_on = closed_on
        self.metric_version = metric_version
        self.guidance_version = guidance_version
        self.determined = tuple(determined)
        self.not_observed = tuple(not_observed)


class ClosedQuarters(Aggregate):
    """The quarters closed so far, in order (one aggregate): quarters close one after
    another without gaps, so that a run of non-compliant quarters is a run."""

    class Started(Aggregate.Created):
        pass

    class QuarterClosed(Aggregate.Event):
        quarter: str

    @event(Started)
    def __init__(self, id: UUID) -> None:  # the library sets the aggregate id from it
        self.last: str | None = None

    def note_closed(self, quarter: Quarter) -> None:
        if self.last is not None and Quarter.parse(self.last).next() != quarter:
            raise FailedPrecondition(
                f"quarter: {Quarter.parse(self.last).next()} is the next to close, not {quarter}"
            )
        self._quarter_closed(str(quarter))

    @event(QuarterClosed)
    def _quarter_closed(self, quarter: str) -> None:
        self.last = quarter
