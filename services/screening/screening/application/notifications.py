"""Facilitators' notifications of attempts to re-establish business (EO 13904 §3(a)), and
CBP's disposition of them.

A notification names the facilitator (as registered in the registry), the party that
tried, the excluded party it is said to be and the exclusion. Screening adds its own
comparison of the two as evidence and the exclusion's SAM publication date, from which
the 60-day window is judged. A confirmed attempt is published for the registry, which
records the party as an affiliate of the excluded party and refers it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from uuid import UUID

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from portcullis_kit.party import check_party
from screening.application.base import ScreeningBase
from screening.domain.facilitator_file import FacilitatorFigures
from screening.domain.matching import Evidence, compare, read_profile, read_query
from screening.domain.notification import Attempt, Disposition, Notification
from screening.domain.watched_party import exclusions_in_force

# Notifications listed per page, by default and at most.
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class NotificationPage:
    notifications: tuple[Notification, ...]
    # Where the next page starts; None on the last.
    next_start: int | None


class NotificationUseCases(ScreeningBase):
    def file_notification(
        self, attempt: Attempt, facilitator_evidence: Sequence[Evidence], filed_by: str
    ) -> Notification:
        """Records a notification; the same one filed again returns the first.

        Its id comes from what the facilitator sent, before the attempt date and the
        exclusion are filled in: a retry on another day, or after the excluded party's
        exclusions changed, is still the same report."""
        check_party(attempt.suspected_party, self.countries, "suspected_party")
        notification_id = attempt.notification_id()
        existing = self._notification(notification_id)
        if existing is not None:
            return existing
        file = self._required_facilitator_file(attempt.facilitator_id, "facilitator_id")
        excluded = self._watched_party(attempt.excluded_party_id)
        if excluded is None:
            raise InvalidArgument(
                "excluded_party_id", f"{attempt.excluded_party_id} is not an excluded party"
            )
        today = self.clock()
        attempt_on = attempt.attempt_on or today
        if attempt_on > today:
            raise InvalidArgument("attempt_date", "must not be in the future")
        # A party covered by another's exclusion (an affiliate, a principal named in the
        # action) is notified under that exclusion, as screening found it.
        listings = self._listings(excluded, {})
        exclusion_id = attempt.exclusion_id
        if not exclusion_id:
            in_force = exclusions_in_force(listings, attempt_on)
            if not in_force:
                raise FailedPrecondition(
                    f"excluded_party_id: {attempt.excluded_party_id} had no exclusion in force"
                    f" on {attempt_on}"
                )
            exclusion_id = in_force[0]
        listing = listings.get(exclusion_id)
        if listing is None:
            raise InvalidArgument(
                "exclusion_id", f"{exclusion_id!r} is not an exclusion of the excluded party"
            )
        if not listing.is_in_force(attempt_on):
            raise FailedPrecondition(
                f"exclusion_id: {exclusion_id} was not in force on {attempt_on}"
            )
        attempt = replace(attempt, exclusion_id=exclusion_id, attempt_on=attempt_on)
        score, found = compare(
            read_query(attempt.suspected_party, self.watchlist.reader),
            read_profile(excluded.details, self.watchlist.reader),
        )
        notification = Notification(
            attempt,
            tuple(facilitator_evidence) + tuple(found),
            round(score, 4),
            today,
            listing.sam_published_date,
            filed_by,
            id=notification_id,
        )
        file.note_filed(notification.id, notification.window, attempt.shipment_ref)
        self.save(notification, file)
        return notification

    def disposition_hit(
        self, notification_id: UUID, disposition: Disposition, reason: str, decided_by: str
    ) -> Notification:
        notification = self._required_notification(notification_id)
        if notification.dispose(disposition, reason, self.clock(), decided_by):
            file = self._required_facilitator_file(
                notification.attempt.facilitator_id, "facilitator_id"
            )
            file.note_disposed(notification.id, notification.attempt.excluded_party_id, disposition)
            self.save(notification, file)
        return notification

    def get_notification(self, notification_id: UUID) -> Notification:
        return self._required_notification(notification_id)

    def list_notifications(
        self,
        facilitator_id: UUID | None,
        disposition: Disposition | None,
        start: int,
        page_size: int,
    ) -> NotificationPage:
        """Newest first. `start` counts from the newest, over the notifications of the one
        facilitator if one is named (so that a facilitator's pages say nothing of others'),
        else over all."""
        if page_size < 0 or page_size > MAX_PAGE_SIZE:
            raise InvalidArgument("page_size", f"must be from 0 to {MAX_PAGE_SIZE}")
        page_size = page_size or PAGE_SIZE
        if facilitator_id is not None:
            file = self._facilitator_file(facilitator_id)
            listed = [UUID(n) for n in file.windows] if file is not None else []
        else:
            listed = list(self.notification_ids)
        newest_first = listed[::-1]
        found: list[Notification] = []
        position = start
        while position < len(newest_first) and len(found) < page_size:
            notification = self._required_notification(newest_first[position])
            position += 1
            if disposition and notification.disposition is not disposition:
                continue
            found.append(notification)
        next_start = position if position < len(newest_first) else None
        return NotificationPage(tuple(found), next_start)

    def facilitator_figures(self, facilitator_id: UUID) -> FacilitatorFigures:
        return self._required_facilitator_file(facilitator_id, "facilitator_id").figures()

    def _notification(self, notification_id: UUID) -> Notification | None:
        return self.find_aggregate(Notification, notification_id)

    def _required_notification(self, notification_id: UUID) -> Notification:
        return self.get_aggregate(Notification, notification_id, "notification")
