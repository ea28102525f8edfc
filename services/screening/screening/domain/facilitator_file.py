"""Screening's file on a facilitator: the notifications it filed, what came of them, and
the shipments it moved for a party after it was told (EO 13904 §3(a), §3(b)).

A facilitator that filed a notification CBP confirmed knows that party is excluded. A
shipment it files afterwards for that party is facilitation after notice: the finding
goes to the registry as a proposed §3(b) measure.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from screening.domain.notification import Disposition, NotificationWindow


@dataclass(frozen=True)
class FacilitatorFigures:
    notifications: int
    within_window: int
    late: int
    not_published: int
    pending: int
    confirmed_attempts: int
    false_positives: int
    shipments_after_notice: int


class FacilitatorFile(Aggregate):
    """Identified by the registry's facilitator id."""

    class Opened(Aggregate.Created):
        facilitator_id: UUID
        kind: str
        name: str

    class NotificationFiled(Aggregate.Event):
        notification_id: str
        window: NotificationWindow
        shipment_ref: str

    class NotificationDisposed(Aggregate.Event):
        notification_id: str
        excluded_party_id: str
        disposition: Disposition

    class ShipmentAfterNotice(Aggregate.Event):
        shipment_ref: str
        excluded_party_id: str
        notification_id: str
        on: date

    @staticmethod
    def create_id(facilitator_id: UUID, kind: str, name: str) -> UUID:
        return facilitator_id

    @event(Opened)
    def __init__(self, facilitator_id: UUID, kind: str, name: str) -> None:
        self.kind = kind
        self.name = name
        self.windows: dict[str, NotificationWindow] = {}
        self.dispositions: dict[str, Disposition] = {}
        # Excluded party id -> the first confirmed notification that told the facilitator.
        self.told_about: dict[str, str] = {}
        # (shipment_ref, excluded party id) already found moved after notice.
        self.after_notice: set[tuple[str, str]] = set()
        # Shipments the facilitator itself reported in a notification: moving one was the
        # attempt it told CBP about, before it was told anything back.
        self.reported_shipments: set[str] = set()

    def note_filed(
        self, notification_id: UUID, window: NotificationWindow, shipment_ref: str = ""
    ) -> None:
        if str(notification_id) not in self.windows:
            self._notification_filed(str(notification_id), window, shipment_ref)

    @event(NotificationFiled)
    def _notification_filed(
        self,
        notification_id: str,
        window: NotificationWindow,
        # Absent from notifications filed before it was recorded here.
        shipment_ref: str = "",
    ) -> None:
        self.windows[notification_id] = NotificationWindow(window)
        if shipment_ref:
            self.reported_shipments.add(shipment_ref)

    def note_disposed(
        self, notification_id: UUID, excluded_party_id: UUID, disposition: Disposition
    ) -> None:
        self._notification_disposed(str(notification_id), str(excluded_party_id), disposition)

    @event(NotificationDisposed)
    def _notification_disposed(
        self, notification_id: str, excluded_party_id: str, disposition: Disposition
    ) -> None:
        # Read back from the store, an enum is a plain string: compare as the enum.
        disposition = Disposition(disposition)
        self.dispositions[notification_id] = disposition
        if disposition is Disposition.CONFIRMED_ATTEMPT:
            self.told_about.setdefault(excluded_party_id, notification_id)

    def check_shipment(
        self, shipment_ref: str, party_ids: Iterable[UUID], on: date
    ) -> tuple[UUID, str] | None:
        """Of the excluded parties a shipment's party was found to be (the party matched
        and those whose exclusions cover it), the first the facilitator was told about,
        with the notification that told it. The shipment is then recorded as moved after
        notice (once per shipment and party); the shipment it reported itself is not."""
        if shipment_ref in self.reported_shipments:
            return None
        for party_id in party_ids:
            notification_id = self.told_about.get(str(party_id))
            if notification_id is None:
                continue
            if (shipment_ref, str(party_id)) not in self.after_notice:
                self._shipment_after_notice(shipment_ref, str(party_id), notification_id, on)
            return party_id, notification_id
        return None

    @event(ShipmentAfterNotice)
    def _shipment_after_notice(
        self, shipment_ref: str, excluded_party_id: str, notification_id: str, on: date
    ) -> None:
        self.after_notice.add((shipment_ref, excluded_party_id))

    def figures(self) -> FacilitatorFigures:
        windows = list(self.windows.values())
        decided = list(self.dispositions.values())
        return FacilitatorFigures(
            notifications=len(windows),
            within_window=windows.count(NotificationWindow.WITHIN),
            late=windows.count(NotificationWindow.LATE),
            not_published=windows.count(NotificationWindow.NOT_PUBLISHED),
            pending=len(windows) - len(decided),
            confirmed_attempts=decided.count(Disposition.CONFIRMED_ATTEMPT),
            false_positives=decided.count(Disposition.FALSE_POSITIVE),
            shipments_after_notice=len(self.after_notice),
        )
