"""Scoring's use cases. Methods take and return identifiers and plain values."""

from collections.abc import Set
from dataclasses import dataclass
from uuid import UUID

from portcullis_kit.errors import AlreadyExists, Conflict
from portcullis_kit.eventstore import StoreApplication
from scoring.domain.post import Post, check_post


@dataclass(frozen=True)
class PostStatus:
    post_id: UUID
    upu_code: str
    country: str
    name: str
    consecutive_non_compliant_quarters: int


class ScoringApplication(StoreApplication):
    name = "scoring"

    def __init__(self, env: dict[str, str], countries: Set[str]) -> None:
        super().__init__(env)
        self.countries = countries

    def register_post(self, upu_code: str, country: str, name: str) -> UUID:
        """Registers a post; the same post registered again returns the same id."""
        upu_code, country, name = upu_code.strip().upper(), country.strip().upper(), name.strip()
        check_post(upu_code, country, name, self.countries)
        post = Post(upu_code, country, name)
        try:
            self.save(post)
        except Conflict:  # the same natural key: registered before, or a concurrent twin
            existing = self.post_status(post.id)
            if (existing.country, existing.name) != (country, name):
                raise AlreadyExists(
                    f"upu_code: {upu_code!r} is already registered as"
                    f" {existing.name!r} ({existing.country})"
                ) from None
        return post.id

    def post_status(self, post_id: UUID) -> PostStatus:
        post = self.get_aggregate(Post, post_id, "post")
        return PostStatus(
            post_id=post.id,
            upu_code=post.upu_code,
            country=post.country,
            name=post.name,
            consecutive_non_compliant_quarters=post.consecutive_non_compliant_quarters,
        )
