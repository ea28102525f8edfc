"""The public lists: persons currently suspended or debarred (from the registry's events),
international posts on the non-compliant list with their measure (from scoring's), and the
§5(e) guidance. Kept in publication's own store, so the lists answer when the others are
down, and are as of what publication has heard."""

from collections.abc import Sequence
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from portcullis_kit.errors import NotFound
from portcullis_kit.eventstore import LogIndex, StoreApplication
from publication.domain.public_lists import PublicGuidance, PublicListing, PublicPost

GUIDANCE_ID = uuid5(NAMESPACE_URL, "https://portcullis.example/publication/guidance")


class PublicListUseCases(StoreApplication):
    # The ids of what publication recorded, following its log (see PublicationApplication).
    log_index: LogIndex

    # What the consumers call (they store the result with the message's position).

    def exclusion_listed(
        self,
        exclusion_id: UUID,
        party_id: str,
        name: str,
        kind: str,
        country: str,
        exclusion_type: str,
        effective_date: date | None,
        last_day: date | None,
    ) -> Sequence[Aggregate]:
        if self.find_aggregate(PublicListing, exclusion_id) is not None:
            return ()
        listing = PublicListing(
            exclusion_id, party_id, name, kind, country, exclusion_type, effective_date, last_day
        )
        return (listing,)

    def exclusion_last_day(self, exclusion_id: UUID, last_day: date | None) -> Sequence[Aggregate]:
        listing = self.find_aggregate(PublicListing, exclusion_id)
        if listing is None or not listing.change_last_day(last_day):
            return ()
        return (listing,)

    def exclusion_ended(self, exclusion_id: UUID, on: date) -> Sequence[Aggregate]:
        listing = self.find_aggregate(PublicListing, exclusion_id)
        if listing is None or not listing.end(on):
            return ()
        return (listing,)

    def post_standing(
        self,
        post_id: UUID,
        upu_code: str,
        country: str,
        quarter: str,
        consecutive: int,
        listed: bool,
    ) -> Sequence[Aggregate]:
        known = self.find_aggregate(PublicPost, post_id)
        post = known or PublicPost(post_id, upu_code, country)
        changed = post.change_standing(quarter, consecutive, listed)
        return (post,) if changed or known is None else ()

    def guidance_published(
        self, version: int, text: str, quarters_compliant_to_leave: int
    ) -> Sequence[Aggregate]:
        guidance = self.find_aggregate(PublicGuidance, GUIDANCE_ID) or PublicGuidance(
            id=GUIDANCE_ID
        )
        if not guidance.receive(version, text, quarters_compliant_to_leave):
            return ()
        return (guidance,)

    # The lists.

    def excluded_persons(self, on: date) -> list[PublicListing]:
        ids = self.log_index.ids("PublicListing.Listed")
        listings = [self.get_aggregate(PublicListing, i, "listing") for i in ids]
        current = [x for x in listings if x.in_force(on)]
        current.sort(key=lambda x: (x.name.casefold(), str(x.id)))
        return current

    def public_non_compliant_posts(self) -> list[PublicPost]:
        ids = self.log_index.ids("PublicPost.Recorded")
        posts = [self.get_aggregate(PublicPost, i, "post") for i in ids]
        listed = [p for p in posts if p.listed]
        listed.sort(key=lambda p: (-p.consecutive_non_compliant, p.upu_code))
        return listed

    def public_guidance(self) -> tuple[int, str]:
        guidance = self.find_aggregate(PublicGuidance, GUIDANCE_ID)
        if guidance is None or not guidance.versions:
            raise NotFound("published guidance", "(none yet)")
        version = max(guidance.versions)
        return version, guidance.versions[version]
