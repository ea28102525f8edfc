"""EO §3 across the services: a facilitator's notification, CBP's confirmation reaching the
registry as an affiliate, and a facilitator that keeps shipping after notice reaching the
registry as a proposed measure."""

import grpc

from portcullis.common.v1 import types_pb2
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis_cli.cluster import LocalCluster
from tests.e2e.conftest import Clients
from tests.support import debarment_action, eventually, party_proto

EXCLUDED = "Shenzhen Hongdark Electronics Co., Ltd."
FRONT = "Ostravex Lumar Trading Limited"


def test_a_confirmed_attempt_and_facilitation_after_notice_reach_the_registry(
    clients: Clients,
) -> None:
    registry, screening = clients.registry, clients.screening
    party = registry.RegisterParty(registry_pb.RegisterPartyRequest(party=party_proto(EXCLUDED)))
    action = debarment_action()
    action.sam_published_date = "2026-11-03"
    registry.Debar(registry_pb.DebarRequest(party_id=party.party_id, action=action), timeout=5)
    facilitator = registry.RegisterFacilitator(
        registry_pb.RegisterFacilitatorRequest(
            kind=registry_pb.FACILITATOR_KIND_CUSTOMS_BROKER, name="Harbour Customs Brokers"
        ),
        timeout=5,
    )

    # The broker reports a front company with the debarred party's phone.
    front = party_proto(FRONT)
    front.phones.append("+86 755 8888 1234")
    file = screening_pb.FileNotificationRequest(
        facilitator_id=facilitator.facilitator_id,
        suspected_party=front,
        excluded_party_id=party.party_id,
        evidence=[
            screening_pb.Evidence(
                query_field="phones[0]",
                query_value="+86 755 8888 1234",
                listed_field="phones[0]",
                listed_value="+86 755 8888 1234",
                weight=0.8,
            )
        ],
        shipment_ref="ENTRY-001",
    )

    def filed() -> screening_pb.Notification | None:
        try:
            return screening.FileNotification(file, timeout=5).notification
        except Exception:  # screening has not heard of the facilitator yet
            return None

    notification = eventually(filed)
    assert notification.window == screening_pb.NOTIFICATION_WINDOW_WITHIN
    assert notification.sam_published_date == "2026-11-03"
    screening.DispositionHit(
        screening_pb.DispositionHitRequest(
            notification_id=notification.notification_id,
            disposition=screening_pb.DISPOSITION_CONFIRMED_ATTEMPT,
            reason="same phone, same owner per HSI",
        ),
        metadata=(("x-portcullis-caller", "cbp-officer-7"),),
        timeout=5,
    )

    # The registry records the front as the debarred party's affiliate...
    def affiliate() -> registry_pb.PartyLink | None:
        links = registry.GetParty(registry_pb.GetPartyRequest(party_id=party.party_id)).links
        return next((x for x in links if x.kind == registry_pb.LINK_KIND_AFFILIATE), None)

    link = eventually(affiliate)
    assert notification.notification_id in link.detail
    front_record = registry.GetParty(registry_pb.GetPartyRequest(party_id=link.other_party_id))
    assert front_record.party.name == FRONT

    # ...and screening, hearing of the link, screens the front as the debarred party.
    def front_matches() -> screening_pb.ScreenPartyResponse | None:
        result = screening.ScreenParty(screening_pb.ScreenPartyRequest(party=party_proto(FRONT)))
        return result if result.decision == screening_pb.DECISION_MATCH else None

    [hit] = eventually(front_matches).hits
    assert hit.party_id == link.other_party_id

    # The broker files another shipment for the debarred party: facilitation after notice.
    shipment = screening_pb.Shipment(
        shipment_ref="ENTRY-002",
        facilitator_id=facilitator.facilitator_id,
        importer=party_proto(EXCLUDED),
        consignee=types_pb2.Party(kind=types_pb2.PARTY_KIND_INDIVIDUAL, name="Mary Smith"),
        origin_country="CN",
    )
    screened = screening.ScreenShipment(
        screening_pb.ScreenShipmentRequest(shipment=shipment), timeout=5
    )
    assert screened.decision == screening_pb.DECISION_MATCH
    [after] = screened.after_notice
    assert (after.role, after.excluded_party_id) == ("importer", party.party_id)

    def proposed() -> list[registry_pb.ProposedMeasure]:
        status = registry.GetFacilitatorStatus(
            registry_pb.GetFacilitatorStatusRequest(facilitator_id=facilitator.facilitator_id)
        )
        return list(status.proposed_measures)

    [measure] = eventually(proposed)
    assert measure.kind == registry_pb.MEASURE_KIND_BROKER_LICENCE_SUSPENDED
    assert "shipment/ENTRY-002" in measure.basis_refs
    figures = screening.GetFacilitatorFigures(
        screening_pb.GetFacilitatorFiguresRequest(facilitator_id=facilitator.facilitator_id)
    )
    assert (figures.notifications, figures.within_window, figures.confirmed_attempts) == (1, 1, 1)
    assert figures.shipments_after_notice == 1


def test_a_confirmation_made_while_the_registry_is_down_reaches_it_when_it_is_back(
    cluster: LocalCluster, clients: Clients
) -> None:
    registry, screening = clients.registry, clients.screening
    party = registry.RegisterParty(registry_pb.RegisterPartyRequest(party=party_proto(EXCLUDED)))
    registry.Debar(
        registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action()), timeout=5
    )
    facilitator = registry.RegisterFacilitator(
        registry_pb.RegisterFacilitatorRequest(
            kind=registry_pb.FACILITATOR_KIND_CARRIER, name="Swift Air Express"
        ),
        timeout=5,
    )
    file = screening_pb.FileNotificationRequest(
        facilitator_id=facilitator.facilitator_id,
        suspected_party=party_proto(FRONT),
        excluded_party_id=party.party_id,
    )

    def filed() -> screening_pb.Notification | None:
        try:
            return screening.FileNotification(file, timeout=5).notification
        except Exception:  # screening has not heard of the facilitator yet
            return None

    notification = eventually(filed)
    cluster.stop_service("registry", kill=True)
    screening.DispositionHit(
        screening_pb.DispositionHitRequest(
            notification_id=notification.notification_id,
            disposition=screening_pb.DISPOSITION_CONFIRMED_ATTEMPT,
            reason="same owner",
        ),
        timeout=5,
    )  # acknowledged while the registry is down
    cluster.start_service("registry")

    def affiliate() -> list[registry_pb.PartyLink]:
        try:
            request = registry_pb.GetPartyRequest(party_id=party.party_id)
            links = registry.GetParty(request, wait_for_ready=True, timeout=5).links
        except grpc.RpcError:  # the channel still backing off from the restart
            return []
        return [x for x in links if x.kind == registry_pb.LINK_KIND_AFFILIATE]

    [link] = eventually(affiliate, timeout=30)
    assert notification.notification_id in link.detail
