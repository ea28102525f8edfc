"""What CBP observes of a post's mail in a quarter (EO 13904 §5(a); STOP Act, 19 CFR 145.74).

Observations arrive in batches (a port's week, a data feed's file); a quarter's figures
are their sum. A correction is a new batch that names the batch it replaces and why: the
first stays in the history, and only the correction counts.
"""

from dataclasses import dataclass
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument

OBSERVATIONS_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/scoring/observations")


class SeizureCategory(StrEnum):
    """What was seized: the order names counterfeits, narcotics (synthetic opioids such as
    fentanyl among them) and other contraband."""

    COUNTERFEIT = "counterfeit"
    SYNTHETIC_OPIOIDS = "synthetic_opioids"
    OTHER_NARCOTICS = "other_narcotics"
    OTHER_CONTRABAND = "other_contraband"


@dataclass(frozen=True)
class SeizureCount:
    category: SeizureCategory
    count: int
    # The priority trade issue it touches (19 U.S.C. 4322: "PTI-4"), or "" for none.
    priority_trade_issue: str = ""


@dataclass(frozen=True)
class Observations:
    """One batch of a post's quarter, or the quarter's sum."""

    items_received: int = 0
    # Items whose advance electronic data arrived before loading (19 CFR 145.74).
    items_with_aed: int = 0
    # Items whose advance data missed or garbled a mandatory element.
    aed_errors: int = 0
    seizures: tuple[SeizureCount, ...] = ()
    information_requests: int = 0
    timely_responses: int = 0
    holds_presented: int = 0

    def __add__(self, other: "Observations") -> "Observations":
        return Observations(
            self.items_received + other.items_received,
            self.items_with_aed + other.items_with_aed,
            self.aed_errors + other.aed_errors,
            self.seizures + other.seizures,
            self.information_requests + other.information_requests,
            self.timely_responses + other.timely_responses,
            self.holds_presented + other.holds_presented,
        )

    def seizure_total(self) -> int:
        return sum(s.count for s in self.seizures)


def check_observations(
    observations: Observations, priority_trade_issues: frozenset[str], field_name: str
) -> Observations:
    """Refuses figures that cannot be, naming the field; returns them unchanged."""
    counts = {
        "items_received": observations.items_received,
        "items_with_aed": observations.items_with_aed,
        "aed_errors": observations.aed_errors,
        "information_requests": observations.information_requests,
        "timely_responses": observations.timely_responses,
        "holds_presented": observations.holds_presented,
    }
    for name, value in counts.items():
        if value < 0:
            raise InvalidArgument(f"{field_name}.{name}", "must not be negative")
    if observations.items_with_aed > observations.items_received:
        raise InvalidArgument(f"{field_name}.items_with_aed", "must not exceed items_received")
    if observations.aed_errors > observations.items_with_aed:
        raise InvalidArgument(f"{field_name}.aed_errors", "must not exceed items_with_aed")
    if observations.timely_responses > observations.information_requests:
        raise InvalidArgument(
            f"{field_name}.timely_responses", "must not exceed information_requests"
        )
    for i, seizure in enumerate(observations.seizures):
        where = f"{field_name}.seizures[{i}]"
        if seizure.count < 0:
            raise InvalidArgument(f"{where}.count", "must not be negative")
        pti = seizure.priority_trade_issue
        if pti and pti not in priority_trade_issues:
            raise InvalidArgument(f"{where}.priority_trade_issue", f"{pti!r} is not listed")
    return observations


def observations_id(post_id: UUID, quarter: str) -> UUID:
    return uuid5(OBSERVATIONS_NAMESPACE, f"{post_id}/{quarter}")


@dataclass(frozen=True)
class Batch:
    batch_id: str
    observations: Observations
    source: str
    recorded_by: str
    # For a correction: the batch it replaces, and why.
    corrects: str = ""
    reason: str = ""


class PostQuarter(Aggregate):
    """A post's observations in one quarter: its batches, in the order recorded."""

    class Opened(Aggregate.Created):
        post_id: UUID
        quarter: str

    class BatchRecorded(Aggregate.Event):
        batch: Batch

    class Sealed(Aggregate.Event):
        pass

    @staticmethod
    def create_id(post_id: UUID, quarter: str) -> UUID:
        return observations_id(post_id, quarter)

    @event(Opened)
    def __init__(self, post_id: UUID, quarter: str) -> None:
        self.post_id = post_id
        self.quarter = quarter
        self.batches: dict[str, Batch] = {}
        # Batches replaced by a correction -> the batch that corrects it.
        self.replaced: dict[str, str] = {}
        # Sealed by the quarter's close, in its transaction: no batch comes after.
        self.sealed = False

    def record(self, batch: Batch) -> bool:
        """Adds a batch; the same batch again (a retried call) changes nothing, another
        with a batch id already used is refused. Returns whether anything was recorded."""
        if self.sealed:
            raise FailedPrecondition(f"quarter: {self.quarter} is closed; its scores stand")
        existing = self.batches.get(batch.batch_id)
        if existing is not None:
            # The same figures again, from whoever: a retry.
            same = (existing.observations, existing.corrects, existing.reason)
            if same == (batch.observations, batch.corrects, batch.reason):
                return False
            raise FailedPrecondition(
                f"batch_id: {batch.batch_id!r} was recorded with other figures"
            )
        if batch.corrects:
            if batch.corrects not in self.batches:
                raise InvalidArgument("corrects", f"no batch {batch.corrects!r} in {self.quarter}")
            if batch.corrects in self.replaced:
                raise FailedPrecondition(f"corrects: batch {batch.corrects!r} is already corrected")
            if not batch.reason.strip():
                raise InvalidArgument("reason", "a correction must say why")
        self._batch_recorded(batch)
        return True

    @event(BatchRecorded)
    def _batch_recorded(self, batch: Batch) -> None:
        self.batches[batch.batch_id] = batch
        if batch.corrects:
            self.replaced[batch.corrects] = batch.batch_id

    def seal(self) -> None:
        if not self.sealed:
            self._sealed()

    @event(Sealed)
    def _sealed(self) -> None:
        self.sealed = True

    def total(self) -> Observations:
        """The quarter's figures: every batch not replaced by a correction."""
        total = Observations()
        for batch_id, batch in self.batches.items():
            if batch_id not in self.replaced:
                total = total + batch.observations
        return total
