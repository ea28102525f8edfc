"""Referrals (EO 13904 §1): from referral, through review, to an outcome."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from portcullis_kit.errors import InvalidArgument
from registry.application.exclusions import ExclusionUseCases
from registry.domain.exclusion import ExclusionType
from registry.domain.party import Party
from registry.domain.referral import Referral, ReferralOutcome

# The exclusion an outcome must point to.
OUTCOME_TYPES = {
    ReferralOutcome.SUSPENDED: ExclusionType.SUSPENSION,
    ReferralOutcome.PROPOSED_DEBARMENT: ExclusionType.PROPOSED_DEBARMENT,
}


@dataclass(frozen=True)
class ReferralView:
    referral_id: UUID
    party_id: UUID
    referred_by: str
    grounds: str
    referred_on: date
    reviewer: str
    outcome: ReferralOutcome | None
    exclusion_id: str


class ReferralUseCases(ExclusionUseCases):
    def refer_party(
        self, party_id: UUID, referred_by: str, grounds: str, evidence_refs: tuple[str, ...]
    ) -> UUID:
        self.get_aggregate(Party, party_id, "party")
        if not referred_by.strip():
            raise InvalidArgument("referred_by", "must name the referring office")
        if not grounds.strip():
            raise InvalidArgument("grounds", "must say what the person is said to have done")
        referral = Referral(party_id, referred_by, grounds, evidence_refs, self.clock())
        self.save(referral)
        return referral.id

    def start_referral_review(self, referral_id: UUID, reviewer: str) -> None:
        referral = self.get_aggregate(Referral, referral_id, "referral")
        referral.start_review(reviewer, self.clock())
        self.save(referral)

    def decide_referral(
        self,
        referral_id: UUID,
        outcome: ReferralOutcome,
        exclusion_id: UUID | None,
        reason: str,
        decided_by: str,
    ) -> None:
        referral = self.get_aggregate(Referral, referral_id, "referral")
        expected = OUTCOME_TYPES.get(outcome)
        if expected is not None:
            if exclusion_id is None:
                raise InvalidArgument("exclusion_id", f"name the {expected} that was imposed")
            exclusion = self._exclusion(exclusion_id)
            if exclusion.party_id != referral.party_id or exclusion.exclusion_type is not expected:
                raise InvalidArgument("exclusion_id", f"must be a {expected} of the referred party")
        referral.decide(outcome, str(exclusion_id or ""), reason.strip(), self.clock(), decided_by)
        self.save(referral)

    def get_referral(self, referral_id: UUID, as_of: datetime | None = None) -> ReferralView:
        referral = self.get_aggregate(Referral, referral_id, "referral", as_of)
        return ReferralView(
            referral_id=referral.id,
            party_id=referral.party_id,
            referred_by=referral.referred_by,
            grounds=referral.grounds,
            referred_on=referral.referred_on,
            reviewer=referral.reviewer,
            outcome=referral.outcome,
            exclusion_id=referral.exclusion_id,
        )
