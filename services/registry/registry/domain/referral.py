"""Referrals (EO 13904 §1): a person referred to CBP for a present-responsibility
determination, reviewed, and decided: suspended, proposed for debarment, or declined."""

from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument


class ReferralOutcome(StrEnum):
    SUSPENDED = "suspended"
    PROPOSED_DEBARMENT = "proposed_debarment"
    DECLINED = "declined"


class Referral(Aggregate):
    class Referred(Aggregate.Created):
        party_id: UUID
        referred_by: str
        grounds: str
        evidence_refs: tuple[str, ...]
        on: date

    class ReviewStarted(Aggregate.Event):
        reviewer: str
        on: date

    class Decided(Aggregate.Event):
        outcome: ReferralOutcome
        exclusion_id: str
        reason: str
        on: date
        decided_by: str

    @event(Referred)
    def __init__(
        self,
        party_id: UUID,
        referred_by: str,
        grounds: str,
        evidence_refs: tuple[str, ...],
        on: date,
        id: UUID | None = None,  # the library sets the aggregate id from it; None: a new one
    ) -> None:
        self.party_id = party_id
        self.referred_by = referred_by
        self.grounds = grounds
        self.evidence_refs = tuple(evidence_refs)
        self.referred_on = on
        self.reviewer = ""
        self.outcome: ReferralOutcome | None = None
        self.exclusion_id = ""

    def start_review(self, reviewer: str, on: date) -> None:
        if self.reviewer:
            raise FailedPrecondition(f"already under review by {self.reviewer}")
        if not reviewer.strip():
            raise InvalidArgument("reviewer", "must name the reviewing official")
        self._review_started(reviewer, on)

    @event(ReviewStarted)
    def _review_started(self, reviewer: str, on: date) -> None:
        self.reviewer = reviewer

    def decide(
        self, outcome: ReferralOutcome, exclusion_id: str, reason: str, on: date, decided_by: str
    ) -> None:
        """Closes the referral. `exclusion_id` names the suspension or proposed debarment
        the application checked belongs to this party; a declination needs its reason."""
        if self.outcome is not None:
            raise FailedPrecondition(f"already decided: {self.outcome}")
        if not self.reviewer:
            raise FailedPrecondition("a referral is reviewed before it is decided")
        if outcome is ReferralOutcome.DECLINED and not reason.strip():
            raise InvalidArgument("reason", "a declination must say why")
        self._decided(outcome, exclusion_id, reason, on, decided_by)

    @event(Decided)
    def _decided(
        self, outcome: ReferralOutcome, exclusion_id: str, reason: str, on: date, decided_by: str
    ) -> None:
        self.outcome = ReferralOutcome(outcome)
        self.exclusion_id = exclusion_id
