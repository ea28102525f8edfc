"""An international post: a UPU designated operator."""

from collections.abc import Set
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import InvalidArgument

POST_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/scoring/post")


def post_id_for(upu_code: str) -> UUID:
    """A post is named by its UPU code, so loading the operator list twice adds nothing."""
    return uuid5(POST_NAMESPACE, upu_code)


def check_post(upu_code: str, country: str, name: str, countries: Set[str]) -> None:
    if not upu_code.strip():
        raise InvalidArgument("upu_code", "must not be empty")
    if country not in countries:
        raise InvalidArgument("country", f"{country!r} is not an ISO 3166-1 alpha-2 code")
    if not name.strip():
        raise InvalidArgument("name", "must not be empty")


class Post(Aggregate):
    class Registered(Aggregate.Created):
        upu_code: str
        country: str
        name: str

    @staticmethod
    def create_id(upu_code: str, country: str, name: str) -> UUID:
        return post_id_for(upu_code)

    @event(Registered)
    def __init__(self, upu_code: str, country: str, name: str) -> None:
        self.upu_code = upu_code
        self.country = country
        self.name = name
        # Until CloseQuarter exists (issue 6) no quarter has been determined.
        self.consecutive_non_compliant_quarters = 0
