"""What partners and CBP officers ask of scoring: a post's status as of a quarter, the list
of non-compliant posts, why a post scored what it did, and what must happen to a mail
item today (EO 13904 §5)."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from portcullis_kit.errors import InvalidArgument, NotFound
from portcullis_kit.mail_treatment import Treatment, mail_treatment
from portcullis_kit.s10 import parse_s10
from scoring.application.quarters import ClosedQuarter, QuarterUseCases
from scoring.domain.guidance import GuidanceVersion
from scoring.domain.metric import MetricVersion
from scoring.domain.post import Determination, InformationRequest, Post, post_id_for
from scoring.domain.quarter import Quarter


@dataclass(frozen=True)
class PostView:
    post_id: UUID
    upu_code: str
    country: str
    name: str
    # The quarter asked about (or the last closed), and what it decided for the post;
    # None where the post was not determined that quarter.
    quarter: str
    determination: Determination | None
    consecutive_non_compliant: int
    listed: bool
    information_request: InformationRequest | None


@dataclass(frozen=True)
class Explanation:
    post: PostView
    determination: Determination
    metric: MetricVersion
    guidance: GuidanceVersion

    def text(self) -> str:
        """The score in words: each factor's value, weight and working, and what followed."""
        d = self.determination
        lines = [
            f"{self.post.upu_code} scored {d.score} in {d.quarter} under metric"
            f" version {d.metric_version}; the threshold was {d.threshold}:"
            f" {'compliant' if d.compliant else 'non-compliant'}.",
            *(
                f"{f.name}: {f.value} x weight {f.weight} = {f.points} points ({f.working})"
                for f in d.factors
            ),
            f"Consecutive non-compliant quarters after it: {d.consecutive_non_compliant}"
            f" ({d.level.name}); {'on' if d.listed else 'not on'} the list under guidance"
            f" version {d.guidance_version}.",
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class ItemTreatment:
    """What must happen to an item from a post, and why."""

    post_id: UUID
    upu_code: str
    country: str
    name: str
    treatment: Treatment
    reason: str


class AnswerUseCases(QuarterUseCases):
    def post_status(self, post_id: UUID, quarter: Quarter | None = None) -> PostView:
        post = self._required_post(post_id)
        asked = quarter or self.last_closed()
        if asked is None:
            return PostView(
                post.id, post.upu_code, post.country, post.name, "", None, 0, False, None
            )
        # The standing after the last determination up to the quarter asked.
        standing = [d for q, d in post.determinations.items() if Quarter.parse(q) <= asked]
        last = standing[-1] if standing else None
        requests = [r for r in post.requests.values() if Quarter.parse(r.quarter) <= asked]
        request = (
            requests[-1] if requests and last and last.quarter == requests[-1].quarter else None
        )
        return PostView(
            post.id,
            post.upu_code,
            post.country,
            post.name,
            str(asked),
            post.determinations.get(str(asked)),
            last.consecutive_non_compliant if last else 0,
            last.listed if last else False,
            request,
        )

    def list_non_compliant(self, quarter: Quarter | None = None) -> tuple[str, list[PostView]]:
        """The posts on the list after a closed quarter (the last by default), the longest
        runs first."""
        asked = quarter or self.last_closed()
        if asked is None:
            return "", []
        views = [self.post_status(post_id, asked) for post_id in self.post_id_list()]
        listed = [v for v in views if v.listed]
        listed.sort(key=lambda v: (-v.consecutive_non_compliant, v.upu_code))
        return str(asked), listed

    def explain_score(self, post_id: UUID, quarter: Quarter) -> Explanation:
        view = self.post_status(post_id, quarter)
        if view.determination is None:
            raise NotFound(f"score of {view.upu_code} for quarter", str(quarter))
        determination = view.determination
        metric = self._metric().versions[determination.metric_version - 1]
        guidance = self._guidance().numbered(determination.guidance_version)
        return Explanation(view, determination, metric, guidance)

    def quarter_statuses(self, closed: ClosedQuarter) -> list[PostView]:
        quarter = Quarter.parse(closed.quarter)
        return [self.post_status(result.post_id, quarter) for result in closed.results]

    def record_information_provided(
        self, post_id: UUID, request_id: str, provided_on: date, recorded_by: str
    ) -> InformationRequest:
        post = self._required_post(post_id)
        if provided_on > self.clock():
            raise InvalidArgument("provided_date", "must not be in the future")
        if post.record_information(request_id, provided_on, recorded_by):
            self.save(post)
        return post.requests[request_id]

    def item_treatment(
        self, item_id: str = "", upu_code: str = "", on: date | None = None
    ) -> list[ItemTreatment]:
        """The treatment of an item from the post that accepted it: named by its S10
        identifier (whose country names the posts that may have) or by the post's UPU
        code. Where a country has several posts, each one's answer, strictest first."""
        day = on or self.clock()
        if bool(item_id) == bool(upu_code):
            raise InvalidArgument(
                "item_id", "give an S10 item identifier or a UPU code, one of them"
            )
        if item_id:
            country = parse_s10(item_id).country
            # (The index follows other replicas' writes every second: no log read here.)
            posts = [self._required_post(p) for p in self.posts_of_country(country)]
            if not posts:
                raise NotFound("international post of country", country)
        else:
            posts = [self._required_post(post_id_for(upu_code.strip().upper()), "upu_code")]
        answers = [self._treatment(post, day) for post in posts]
        answers.sort(key=lambda a: (-_STRICTNESS[a.treatment], a.upu_code))
        return answers

    def _treatment(self, post: Post, on: date) -> ItemTreatment:
        treatment, reason = mail_treatment(post.standing(), on)
        return ItemTreatment(post.id, post.upu_code, post.country, post.name, treatment, reason)


_STRICTNESS = {
    Treatment.RELEASE: 0,
    Treatment.INSPECT: 1,
    Treatment.INFORMATION_REQUIRED: 2,
    Treatment.REFUSE: 3,
}
