"""What screening finds, recorded in the registry (EO 13904 §3).

A re-establishment attempt CBP confirmed makes the party that tried an affiliate of the
excluded party (2 CFR 180.905: "a business set up after an exclusion") and refers it for
a present-responsibility determination. Facilitation after notice (a facilitator moving
a shipment for a party it was told is excluded) becomes a proposed §3(b) measure against
the facilitator, for an official to take or leave.

These are called by the consumer of screening's events, which stores what they return
together with the event's position: they return aggregates and never save.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

import structlog
from eventsourcing.domain import Aggregate

from portcullis_kit.errors import NotFound
from portcullis_kit.party import PartyDetails
from registry.application.base import RegistryBase
from registry.domain.facilitator import Facilitator, ProposedMeasure
from registry.domain.party import LinkKind, Party, PartyLink, party_id_for
from registry.domain.referral import Referral

log = structlog.get_logger("registry.screening_findings")
PROPOSAL_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/registry/proposed-measure")
REFERRAL_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/registry/screening-referral")
# Who records what screening finds, in the events.
SCREENING = "screening"


@dataclass(frozen=True)
class ConfirmedAttempt:
    notification_id: str
    facilitator_id: str
    suspected_party: PartyDetails
    excluded_party_id: UUID
    exclusion_id: str
    evidence: tuple[str, ...]
    decided_by: str
    reason: str


class ScreeningFindingUseCases(RegistryBase):
    def record_confirmed_attempt(self, attempt: ConfirmedAttempt) -> Sequence[Aggregate]:
        """The party that tried becomes the excluded party's affiliate and is referred."""
        try:
            excluded = self.get_aggregate(Party, attempt.excluded_party_id, "party")
        except NotFound:
            log.error("attempt.unknown_party", excluded_party_id=str(attempt.excluded_party_id))
            return ()
        notification_ref = f"screening/notification/{attempt.notification_id}"
        # Where the record came from: the facilitator's own record of the party if it
        # named one (under the facilitator, as two facilitators' customer numbers may
        # clash), else the notification.
        details = attempt.suspected_party
        if details.source_ref:
            source_ref = f"facilitator/{attempt.facilitator_id}/{details.source_ref}"
        else:
            source_ref = notification_ref
        details = replace(details, source_ref=source_ref)
        changed: list[Aggregate] = []
        try:
            suspect = self.get_aggregate(Party, party_id_for(details.source_ref), "party")
        except NotFound:
            suspect = Party(details, SCREENING)
            changed.append(suspect)
        already_affiliate = any(
            link.kind is LinkKind.AFFILIATE and link.other_party_id == str(suspect.id)
            for link in excluded.links
        )
        # A second confirmed attempt by the same party adds its own referral, not a
        # second link saying the same thing with another basis.
        if suspect.id != excluded.id and not already_affiliate:
            basis = (
                f"re-establishment attempt confirmed by {attempt.decided_by}"
                f" ({notification_ref}): {attempt.reason}"
            )
            excluded.link(PartyLink(str(suspect.id), LinkKind.AFFILIATE, basis), SCREENING)
            changed.append(excluded)
        grounds = (
            f"Attempted to re-establish business as excluded party {excluded.details.name}"
            f" ({excluded.id}, exclusion {attempt.exclusion_id}) under a different name or"
            f" address, reported by facilitator {attempt.facilitator_id} and confirmed by"
            f" {attempt.decided_by}: {attempt.reason}"
        )
        # One referral per confirmed notification, however often its confirmation arrives.
        referral_id = uuid5(REFERRAL_NAMESPACE, attempt.notification_id)
        if self.find_aggregate(Referral, referral_id) is not None:
            return tuple(changed)
        referral = Referral(
            suspect.id,
            SCREENING,
            grounds,
            (notification_ref, *attempt.evidence),
            self.clock(),
            id=referral_id,
        )
        return (*changed, referral)

    def record_facilitation_after_notice(
        self,
        facilitator_id: UUID,
        excluded_party_id: str,
        notification_id: str,
        shipment_ref: str,
        detected_on: date,
    ) -> Sequence[Aggregate]:
        try:
            facilitator = self.get_aggregate(Facilitator, facilitator_id, "facilitator")
        except NotFound:
            log.error("after_notice.unknown_facilitator", facilitator_id=str(facilitator_id))
            return ()
        finding = f"{notification_id}/{shipment_ref}/{excluded_party_id}"
        proposal = ProposedMeasure(
            kind=facilitator.proposed_measure_kind(),
            reason=(
                f"Filed shipment {shipment_ref} for excluded party {excluded_party_id} after"
                f" CBP confirmed the facilitator's own notification {notification_id}"
                " (EO 13904 §3(b))"
            ),
            proposed_on=detected_on,
            basis_refs=(f"screening/notification/{notification_id}", f"shipment/{shipment_ref}"),
            proposed_by=SCREENING,
        )
        facilitator.propose_measure(str(uuid5(PROPOSAL_NAMESPACE, finding)), proposal)
        return (facilitator,)
