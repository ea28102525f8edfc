"""Mail from international posts (EO 13904 §5): scoring's word on each post's standing,
kept here, and what it means for an item in a shipment screened today."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from portcullis_kit.errors import InvalidArgument, NotFound
from portcullis_kit.mail_treatment import Standing, Treatment, mail_treatment
from portcullis_kit.s10 import parse_s10
from screening.application.base import ScreeningBase
from screening.domain.mail_post import MailPost

STRICTNESS = {
    Treatment.RELEASE: 0,
    Treatment.INSPECT: 1,
    Treatment.INFORMATION_REQUIRED: 2,
    Treatment.REFUSE: 3,
}


@dataclass(frozen=True)
class MailAnswer:
    """What must happen to the item, by the standing of a post that may have accepted it."""

    upu_code: str
    country: str
    name: str
    # The last quarter scoring determined for the post; "" if none yet.
    quarter: str
    treatment: Treatment
    reason: str


class MailUseCases(ScreeningBase):
    # Scoring's events (called by the consumer; it stores the result with the position).

    def post_registered(
        self, post_id: UUID, upu_code: str, country: str, name: str
    ) -> Sequence[Aggregate]:
        if self._mail_post(post_id) is not None:
            return ()
        return (MailPost(post_id, upu_code, country, name),)

    def post_standing_changed(
        self,
        post_id: UUID,
        upu_code: str,
        country: str,
        quarter: str,
        standing: Standing,
        listed: bool,
    ) -> Sequence[Aggregate]:
        post = self._mail_post(post_id) or MailPost(post_id, upu_code, country, upu_code)
        if not post.change_standing(quarter, standing, listed):
            return ()
        return (post,)

    # Screening a shipment's mail.

    def mail_answers(self, item_id: str, origin_post: str, on: date) -> tuple[MailAnswer, ...]:
        """For an item named by its S10 identifier (its country names the posts that may
        have accepted it) or by its origin post's UPU code: each post's answer, strictest
        first. A post scoring never found non-compliant releases."""
        if not item_id and not origin_post:
            return ()
        if item_id:
            country = parse_s10(item_id, "shipment.mail_item_id").country
            with self._watchlist_lock:
                post_ids = sorted(self.mail_posts_by_country.get(country, ()))
            if not post_ids:
                reason = f"no international post of {country} is known to scoring"
                return (MailAnswer("", country, "", "", Treatment.RELEASE, reason),)
        else:
            with self._watchlist_lock:
                found = self.mail_posts_by_code.get(origin_post.strip().upper())
            if found is None:
                raise InvalidArgument(
                    "shipment.origin_post", f"{origin_post!r} is not a known UPU post code"
                )
            post_ids = [found]
        answers = []
        for post_id in post_ids:
            post = self._mail_post(post_id)
            if post is None:
                raise NotFound("international post", str(post_id))
            treatment, reason = mail_treatment(post.standing, on)
            answers.append(
                MailAnswer(post.upu_code, post.country, post.name, post.quarter, treatment, reason)
            )
        answers.sort(key=lambda a: (-STRICTNESS[a.treatment], a.upu_code))
        return tuple(answers)
