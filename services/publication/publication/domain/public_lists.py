"""What publication keeps of other services' news for the public lists: the persons
excluded (from the registry), the international posts and their standing (from scoring),
and the §5(e) guidance (EO 13904 §5(e); 2 CFR 180 exclusions are public, as in SAM)."""

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

# Exclusion types that exclude; a notice of proposed debarment does not (2 CFR 180).
EXCLUDING = frozenset({"suspension", "debarment", "voluntary_exclusion", "prohibition_restriction"})


class PublicListing(Aggregate):
    """One exclusion as the public list shows it; identified by the exclusion's id."""

    class Listed(Aggregate.Created):
        exclusion_id: UUID
        party_id: str
        name: str
        kind: str
        country: str
        exclusion_type: str
        effective_date: date | None
        last_day: date | None

    class LastDayChanged(Aggregate.Event):
        last_day: date | None

    class Ended(Aggregate.Event):
        on: date

    @staticmethod
    def create_id(
        exclusion_id: UUID,
        party_id: str,
        name: str,
        kind: str,
        country: str,
        exclusion_type: str,
        effective_date: date | None,
        last_day: date | None,
    ) -> UUID:
        return exclusion_id

    @event(Listed)
    def __init__(
        self,
        exclusion_id: UUID,
        party_id: str,
        name: str,
        kind: str,
        country: str,
        exclusion_type: str,
        effective_date: date | None,
        last_day: date | None,
    ) -> None:
        self.party_id = party_id
        self.name = name
        self.kind = kind
        self.country = country
        self.exclusion_type = exclusion_type
        self.effective_date = effective_date
        self.last_day = last_day
        self.ended_on: date | None = None

    def change_last_day(self, last_day: date | None) -> bool:
        if last_day == self.last_day:
            return False
        self._last_day_changed(last_day)
        return True

    @event(LastDayChanged)
    def _last_day_changed(self, last_day: date | None) -> None:
        self.last_day = last_day

    def end(self, on: date) -> bool:
        if self.ended_on is not None:
            return False
        self._ended(on)
        return True

    @event(Ended)
    def _ended(self, on: date) -> None:
        self.ended_on = on

    def in_force(self, on: date) -> bool:
        if self.exclusion_type not in EXCLUDING:
            return False
        if self.effective_date is not None and on < self.effective_date:
            return False
        if self.ended_on is not None and on >= self.ended_on:
            return False
        return self.last_day is None or on <= self.last_day


class PublicPost(Aggregate):
    """An international post and its standing as scoring last published it."""

    class Recorded(Aggregate.Created):
        post_id: UUID
        upu_code: str
        country: str

    class StandingChanged(Aggregate.Event):
        quarter: str
        consecutive_non_compliant: int
        listed: bool

    @staticmethod
    def create_id(post_id: UUID, upu_code: str, country: str) -> UUID:
        return post_id

    @event(Recorded)
    def __init__(self, post_id: UUID, upu_code: str, country: str) -> None:
        self.upu_code = upu_code
        self.country = country
        self.name = upu_code
        self.quarter = ""
        self.consecutive_non_compliant = 0
        self.listed = False

    def change_standing(self, quarter: str, consecutive: int, listed: bool) -> bool:
        if (quarter, consecutive, listed) == (
            self.quarter,
            self.consecutive_non_compliant,
            self.listed,
        ):
            return False
        self._standing_changed(quarter, consecutive, listed)
        return True

    @event(StandingChanged)
    def _standing_changed(self, quarter: str, consecutive_non_compliant: int, listed: bool) -> None:
        self.quarter = quarter
        self.consecutive_non_compliant = consecutive_non_compliant
        self.listed = listed


class PublicGuidance(Aggregate):
    """The §5(e) guidance's versions, as scoring published them (one aggregate)."""

    class Started(Aggregate.Created):
        pass

    class VersionReceived(Aggregate.Event):
        version: int
        text: str
        quarters_compliant_to_leave: int

    @event(Started)
    def __init__(self, id: UUID) -> None:  # the library sets the aggregate id from it
        self.versions: dict[int, str] = {}

    def receive(self, version: int, text: str, quarters_compliant_to_leave: int) -> bool:
        if version in self.versions:
            return False
        self._version_received(version, text, quarters_compliant_to_leave)
        return True

    @event(VersionReceived)
    def _version_received(self, version: int, text: str, quarters_compliant_to_leave: int) -> None:
        self.versions = {**self.versions, version: text}
