"""Scoring's use cases: posts (`ScoringApplication`), quarters and their close
(`quarters`), and the answers partners and officers ask for (`answers`)."""

from uuid import UUID

from portcullis_kit.errors import AlreadyExists, Conflict
from scoring.application.answers import AnswerUseCases
from scoring.domain.post import Post, check_post


class ScoringApplication(AnswerUseCases):
    def register_post(self, upu_code: str, country: str, name: str) -> UUID:
        """Registers a post; the same post registered again returns the same id."""
        upu_code, country, name = upu_code.strip().upper(), country.strip().upper(), name.strip()
        check_post(upu_code, country, name, self.countries)
        post = Post(upu_code, country, name)
        try:
            self.save(post)
        except Conflict:  # the same natural key: registered before, or a concurrent twin
            existing = self._required_post(post.id)
            if (existing.country, existing.name) != (country, name):
                raise AlreadyExists(
                    f"upu_code: {upu_code!r} is already registered as"
                    f" {existing.name!r} ({existing.country})"
                ) from None
        return post.id
