"""A facilitator's notification of an attempt to re-establish business (EO 13904 §3(a)).

Express consignment operators, carriers, hub facilities and customs brokers must notify
CBP, within 60 days of a person's publication in SAM, of any attempt by that person to
re-establish business through a different name or address. A notification records the
matched exclusion's publication date and where the filing falls against that window, so
the figures per facilitator can be counted. CBP then disposes of it: a confirmed attempt
goes to the registry (an affiliate of the excluded party, and a referral); a false
positive ends there.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from portcullis_kit.party import PartyDetails
from screening.domain.matching import Evidence

WINDOW = timedelta(days=60)
NOTIFICATION_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/screening/notification")


class NotificationWindow(StrEnum):
    WITHIN = "within"
    LATE = "late"
    # The exclusion was not published in SAM when the notification was filed: the
    # 60 days had not started.
    NOT_PUBLISHED = "not_published"


class Disposition(StrEnum):
    PENDING = "pending"
    CONFIRMED_ATTEMPT = "confirmed_attempt"
    FALSE_POSITIVE = "false_positive"


def window_of(filed_on: date, sam_published_on: date | None) -> tuple[NotificationWindow, int]:
    """Where a filing falls against the §3(a) window, and the days since publication."""
    if sam_published_on is None or filed_on < sam_published_on:
        return NotificationWindow.NOT_PUBLISHED, 0
    days = (filed_on - sam_published_on).days
    if filed_on - sam_published_on <= WINDOW:
        return NotificationWindow.WITHIN, days
    return NotificationWindow.LATE, days


@dataclass(frozen=True)
class Attempt:
    """What the facilitator reports: who tried, as whom, when, on which shipment."""

    facilitator_id: UUID
    suspected_party: PartyDetails
    excluded_party_id: UUID
    # Empty when the facilitator leaves it to screening: the exclusion in force.
    exclusion_id: str
    # None when the facilitator leaves it out: the day it is filed.
    attempt_on: date | None
    shipment_ref: str = ""
    narrative: str = ""

    def notification_id(self) -> UUID:
        """The same report filed twice (a retried call) is one notification."""
        parts = (
            str(self.facilitator_id),
            str(self.excluded_party_id),
            self.exclusion_id,
            self.suspected_party.source_ref or self.suspected_party.name,
            self.attempt_on.isoformat() if self.attempt_on else "",
            self.shipment_ref,
        )
        return uuid5(NOTIFICATION_NAMESPACE, "\x1f".join(parts))


class Notification(Aggregate):
    class Filed(Aggregate.Created):
        attempt: Attempt
        # The facilitator's evidence followed by screening's own comparison.
        evidence: tuple[Evidence, ...]
        score: float
        filed_on: date
        sam_published_on: date | None
        filed_by: str

    class Disposed(Aggregate.Event):
        disposition: Disposition
        reason: str
        on: date
        decided_by: str

    @event(Filed)
    def __init__(
        self,
        attempt: Attempt,
        evidence: tuple[Evidence, ...],
        score: float,
        filed_on: date,
        sam_published_on: date | None,
        filed_by: str,
        id: UUID,  # the library sets the aggregate id from it: the notification_id as sent
    ) -> None:
        self.attempt = attempt
        self.evidence = tuple(evidence)
        self.score = score
        self.filed_on = filed_on
        self.sam_published_on = sam_published_on
        self.filed_by = filed_by
        self.window, self.days_after_publication = window_of(filed_on, sam_published_on)
        self.disposition = Disposition.PENDING
        self.disposition_reason = ""
        self.disposed_on: date | None = None
        self.disposed_by = ""

    def dispose(self, disposition: Disposition, reason: str, on: date, decided_by: str) -> bool:
        """Records CBP's decision; the same decision again changes nothing (a retried
        call), another one after it is refused. Returns whether anything was recorded."""
        if disposition is Disposition.PENDING:
            raise InvalidArgument(
                "disposition", "must be DISPOSITION_CONFIRMED_ATTEMPT or DISPOSITION_FALSE_POSITIVE"
            )
        if not reason.strip():
            raise InvalidArgument("reason", "must say why")
        if self.disposition is disposition:
            return False
        if self.disposition is not Disposition.PENDING:
            raise FailedPrecondition(
                f"already disposed of as {self.disposition} on {self.disposed_on}"
            )
        self._disposed(disposition, reason.strip(), on, decided_by)
        return True

    @event(Disposed)
    def _disposed(self, disposition: Disposition, reason: str, on: date, decided_by: str) -> None:
        self.disposition = Disposition(disposition)
        self.disposition_reason = reason
        self.disposed_on = on
        self.disposed_by = decided_by
