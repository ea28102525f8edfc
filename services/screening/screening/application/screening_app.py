"""Screening's use cases: screen parties and shipments (`ScreeningApplication`), take
facilitators' notifications (`notifications`), and keep the watchlist current from
registry events (`base`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from portcullis_kit.errors import InvalidArgument
from portcullis_kit.party import PartyDetails, check_party
from screening.application.mail import MailAnswer, MailUseCases
from screening.application.notifications import NotificationUseCases
from screening.domain.matching import Decision, ScreeningResult

# The roles a party plays in a shipment, in the order they are screened.
SHIPMENT_ROLES = ("importer", "consignee", "shipper", "facilitator")


@dataclass(frozen=True)
class WatchlistInfo:
    version: str
    excluded_parties: int
    registry_position: int


@dataclass(frozen=True)
class Shipment:
    shipment_ref: str
    facilitator_id: UUID | None
    # Role -> the party in that role, for the roles the shipment names.
    parties: Mapping[str, PartyDetails]
    origin_country: str = ""
    # Mail: the item's UPU S10 identifier, or the origin post's UPU code.
    mail_item_id: str = ""
    origin_post: str = ""


@dataclass(frozen=True)
class AfterNotice:
    """A party to the shipment that the facilitator was told is excluded (EO §3(b))."""

    role: str
    excluded_party_id: UUID
    notification_id: str


@dataclass(frozen=True)
class ShipmentResult:
    decision: Decision
    watchlist_version: str
    parties: tuple[tuple[str, ScreeningResult], ...]
    after_notice: tuple[AfterNotice, ...]
    # For mail: what the origin post's standing means for the item (EO §5), strictest first.
    mail: tuple[MailAnswer, ...] = ()


class ScreeningApplication(NotificationUseCases, MailUseCases):
    # Screening.

    def screen(self, query: PartyDetails, field: str = "party") -> ScreeningResult:
        check_party(query, self.countries, field, name_required=False)
        with self._watchlist_lock:
            return self.watchlist.screen(query, self.clock())

    def screen_shipment(self, shipment: Shipment, screened_by: str) -> ShipmentResult:
        """Screens every party to the shipment. When the facilitator filing it was told a
        party is excluded (a notification CBP confirmed), the shipment is recorded as
        facilitation after notice, which the registry receives as a proposed measure."""
        if not shipment.parties:
            raise InvalidArgument("shipment", "names no party (importer, consignee, shipper)")
        if shipment.mail_item_id and shipment.origin_post:
            raise InvalidArgument("shipment.mail_item_id", "give it or origin_post, not both")
        mail = self.mail_answers(shipment.mail_item_id, shipment.origin_post, self.clock())
        if shipment.origin_country and shipment.origin_country not in self.countries:
            raise InvalidArgument(
                "shipment.origin_country",
                f"{shipment.origin_country!r} is not an ISO 3166-1 alpha-2 code",
            )
        file = None
        if shipment.facilitator_id is not None:
            if not shipment.shipment_ref.strip():
                raise InvalidArgument("shipment.shipment_ref", "is required with a facilitator_id")
            file = self._required_facilitator_file(
                shipment.facilitator_id, "shipment.facilitator_id"
            )
        results = tuple(
            (role, self.screen(party, f"shipment.{role}"))
            for role, party in shipment.parties.items()
        )
        after_notice = []
        if file is not None:
            for role, result in results:
                for hit in result.hits:
                    if hit.decision is not Decision.MATCH:
                        continue
                    # A confirmed attempt makes the party an affiliate of the excluded
                    # one: a match on it is a match on the party the facilitator was told of.
                    with self._watchlist_lock:
                        covering = sorted(self.coverage.pointing_at(hit.party_id))
                    found_as = (hit.party_id, *covering)
                    told = file.check_shipment(shipment.shipment_ref, found_as, self.clock())
                    if told is not None:
                        after_notice.append(AfterNotice(role, *told))
            if after_notice:
                self.save(file)
        decision = max((r.decision for _, r in results), default=Decision.CLEAR)
        version = results[0][1].watchlist_version
        return ShipmentResult(decision, version, results, tuple(after_notice), mail)

    def watchlist_info(self) -> WatchlistInfo:
        on = self.clock()
        registry_position = self.last_tracked("registry")  # a store read: not under the lock
        with self._watchlist_lock:
            return WatchlistInfo(
                version=self.watchlist.version(on),
                excluded_parties=self.watchlist.excluded_count(on),
                registry_position=registry_position,
            )
