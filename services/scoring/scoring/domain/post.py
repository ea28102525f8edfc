"""An international post (a UPU designated operator) and its standing under the order:
each closed quarter's determination, the run of non-compliant quarters, its place on the
list of non-compliant posts, and the additional information asked of it (EO 13904 §5)."""

from collections.abc import Set
from dataclasses import dataclass
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument
from portcullis_kit.mail_treatment import EscalationLevel, Standing, level_for
from scoring.domain.metric import Factor
from scoring.domain.quarter import Quarter

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


@dataclass(frozen=True)
class Determination:
    """What closing a quarter decided for the post, with all that went into it."""

    quarter: str
    score: float
    factors: tuple[Factor, ...]
    seizure_rate: float
    metric_version: int
    threshold: float
    compliant: bool
    # The run of consecutive non-compliant quarters after this one, and its level.
    consecutive_non_compliant: int
    level: EscalationLevel
    # On the list of non-compliant posts after this quarter (§5(e) guidance).
    listed: bool
    guidance_version: int


@dataclass(frozen=True)
class InformationRequest:
    """Additional information required for the post's shipments (§5(c))."""

    request_id: str
    quarter: str
    requested_on: date
    deadline: date
    provided_on: date | None = None


class Post(Aggregate):
    class Registered(Aggregate.Created):
        upu_code: str
        country: str
        name: str

    class QuarterDetermined(Aggregate.Event):
        determination: Determination

    class InformationRequested(Aggregate.Event):
        request: InformationRequest

    class InformationProvided(Aggregate.Event):
        request_id: str
        provided_on: date
        recorded_by: str

    @staticmethod
    def create_id(upu_code: str, country: str, name: str) -> UUID:
        return post_id_for(upu_code)

    @event(Registered)
    def __init__(self, upu_code: str, country: str, name: str) -> None:
        self.upu_code = upu_code
        self.country = country
        self.name = name
        self.determinations: dict[str, Determination] = {}
        self.consecutive_non_compliant_quarters = 0
        self.compliant_run = 0
        self.listed = False
        self.requests: dict[str, InformationRequest] = {}
        # The quarter the current run of non-compliant quarters began; "" with no run.
        self.run_started = ""

    # Queries.

    @property
    def last_determination(self) -> Determination | None:
        return next(reversed(self.determinations.values()), None)

    @property
    def open_request(self) -> InformationRequest | None:
        """The latest request, while the post is still at the level that asks for it."""
        latest = next(reversed(self.requests.values()), None)
        if latest is None or level_for(self.consecutive_non_compliant_quarters) is not (
            EscalationLevel.ADDITIONAL_INFORMATION
        ):
            return None
        return latest

    def standing(self) -> Standing:
        request = self.open_request
        return Standing(
            self.consecutive_non_compliant_quarters,
            request.deadline if request else None,
            request.provided_on if request else None,
        )

    def valid_on(self, day: date) -> dict[str, object]:
        """What the post's determinations, as recorded, say about a date (the audit's valid
        time): the standing from the last quarter closed before that date's quarter."""
        before = [d for q, d in self.determinations.items() if Quarter.parse(q) < Quarter.of(day)]
        last = before[-1] if before else None
        return {
            "last_closed_quarter": last.quarter if last else None,
            "consecutive_non_compliant": last.consecutive_non_compliant if last else 0,
            "level": last.level.name if last else EscalationLevel.NONE.name,
            "listed": last.listed if last else False,
        }

    # Commands.

    def determine(
        self,
        quarter: Quarter,
        score: float,
        factors: tuple[Factor, ...],
        seizure_rate: float,
        metric_version: int,
        threshold: float,
        quarters_compliant_to_leave: int,
        guidance_version: int,
    ) -> Determination:
        last = self.last_determination
        if last is not None and Quarter.parse(last.quarter) >= quarter:
            raise FailedPrecondition(f"quarter: {self.upu_code} was determined for {last.quarter}")
        compliant = score >= threshold
        consecutive = 0 if compliant else self.consecutive_non_compliant_quarters + 1
        compliant_run = self.compliant_run + 1 if compliant else 0
        # A post leaves the list as the published guidance says: after so many compliant
        # quarters in a row (1: the first compliant quarter).
        listed = not compliant or (self.listed and compliant_run < quarters_compliant_to_leave)
        determination = Determination(
            str(quarter),
            score,
            factors,
            seizure_rate,
            metric_version,
            threshold,
            compliant,
            consecutive,
            level_for(consecutive),
            listed,
            guidance_version,
        )
        self._quarter_determined(determination)
        return determination

    @event(QuarterDetermined)
    def _quarter_determined(self, determination: Determination) -> None:
        self.determinations[determination.quarter] = determination
        if determination.consecutive_non_compliant == 1:
            self.run_started = determination.quarter
        elif determination.consecutive_non_compliant == 0:
            self.run_started = ""
        self.consecutive_non_compliant_quarters = determination.consecutive_non_compliant
        self.compliant_run = self.compliant_run + 1 if determination.compliant else 0
        self.listed = determination.listed

    def request_information(self, quarter: Quarter, on: date, deadline: date) -> None:
        """Asks for the additional information once a run: a post that answered in time
        stays answered, and one that missed its deadline stays refused, until the run ends."""
        current = self.open_request
        if (
            current is not None
            and self.run_started
            and Quarter.parse(current.quarter) >= Quarter.parse(self.run_started)
        ):
            return
        request_id = f"{self.upu_code}/{quarter}"
        if request_id not in self.requests:
            self._information_requested(InformationRequest(request_id, str(quarter), on, deadline))

    @event(InformationRequested)
    def _information_requested(self, request: InformationRequest) -> None:
        self.requests[request.request_id] = request

    def record_information(self, request_id: str, provided_on: date, recorded_by: str) -> bool:
        request = self.requests.get(request_id)
        if request is None:
            raise InvalidArgument("request_id", f"no request {request_id!r} for {self.upu_code}")
        if request.provided_on == provided_on:
            return False
        if request.provided_on is not None:
            raise FailedPrecondition(f"request_id: provided already on {request.provided_on}")
        if provided_on < request.requested_on:
            raise InvalidArgument(
                "provided_date", f"is before the request ({request.requested_on})"
            )
        self._information_provided(request_id, provided_on, recorded_by)
        return True

    @event(InformationProvided)
    def _information_provided(self, request_id: str, provided_on: date, recorded_by: str) -> None:
        request = self.requests[request_id]
        self.requests[request_id] = InformationRequest(
            request.request_id, request.quarter, request.requested_on, request.deadline, provided_on
        )
