"""The published guidance on how a post is deemed non-compliant and how it leaves the list
(EO 13904 §5(e)), versioned: each determination names the version it followed."""

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument

DEFAULT_TEXT = (
    "A post is deemed non-compliant for a quarter when its International Mail"
    " Non-Compliance score is below the threshold set for that quarter. It is removed"
    " from the list of non-compliant posts after {n} consecutive compliant quarter(s);"
    " a compliant quarter ends its run of consecutive non-compliant quarters."
)


@dataclass(frozen=True)
class GuidanceVersion:
    version: int
    quarters_compliant_to_leave: int
    text: str


class Guidance(Aggregate):
    """One aggregate: there is one guidance document, in versions."""

    class Started(Aggregate.Created):
        pass

    class VersionPublished(Aggregate.Event):
        guidance: GuidanceVersion
        published_by: str

    @event(Started)
    def __init__(self, id: UUID) -> None:  # the library sets the aggregate id from it
        self.versions: tuple[GuidanceVersion, ...] = ()

    @property
    def current(self) -> GuidanceVersion:
        return self.numbered(len(self.versions))

    def numbered(self, number: int) -> GuidanceVersion:
        """A published version; 0 is the rule before any was published (leave the list
        after one compliant quarter)."""
        if number == 0:
            return GuidanceVersion(0, 1, DEFAULT_TEXT.format(n=1))
        return self.versions[number - 1]

    def publish(self, quarters_compliant_to_leave: int, text: str, published_by: str) -> int:
        if quarters_compliant_to_leave < 1:
            raise InvalidArgument("quarters_compliant_to_leave", "must be 1 or more")
        if not text.strip():
            raise InvalidArgument("text", "the guidance must say something")
        version = len(self.versions) + 1
        if self.versions and self.versions[-1].text == text.strip():
            raise FailedPrecondition("text: the same as the current version")
        self._version_published(
            GuidanceVersion(version, quarters_compliant_to_leave, text.strip()), published_by
        )
        return version

    @event(VersionPublished)
    def _version_published(self, guidance: GuidanceVersion, published_by: str) -> None:
        self.versions = (*self.versions, guidance)
