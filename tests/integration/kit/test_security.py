"""Mutual TLS, identities and roles, tokens and per-caller limits, over real TLS gRPC.

One server holds the registry and screening, configured as production is: TLS with a
client CA (every caller presents a certificate), an identities file giving roles, and a
token issuer's public key. Partners are real `grpc.aio` clients with their own
certificates, as a carrier's integration would be.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import grpc
import pytest
import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from grpc_health.v1 import health_pb2, health_pb2_grpc

from portcullis.audit.v1 import audit_service_pb2 as audit_pb
from portcullis.audit.v1 import audit_service_pb2_grpc as audit_grpc
from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.registry.v1 import registry_service_pb2_grpc as registry_grpc
from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis.screening.v1 import screening_service_pb2_grpc as screening_grpc
from portcullis_cli.certificates import CertificateAuthority, Issued, make_token_issuer
from portcullis_kit.audit import audit_servicer
from portcullis_kit.audit_log import CheckpointSigner
from portcullis_kit.checkpoints import Checkpointer
from portcullis_kit.grpc_server import GrpcServer
from portcullis_kit.limits import RateLimiter
from portcullis_kit.reference import country_codes
from portcullis_kit.security import Security
from portcullis_kit.settings import load_settings
from portcullis_kit.tokens import issue_token
from registry.application.registry_app import RegistryApplication
from registry.entrypoints.grpc_servicer import registry_servicer
from registry.settings import RegistrySettings
from screening.application.screening_app import ScreeningApplication
from screening.domain.watched_party import Listing
from screening.entrypoints.grpc_servicer import screening_servicer
from tests.support import debarment_action, name_reader, organisation, party_proto

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
LISTED = "Shenzhen Hongdark Electronics Co., Ltd."
DHL = str(uuid4())  # the registry's ids of two facilitators
UPS = str(uuid4())
IDENTITIES = f"""
[identities.dhl-express]
roles = ["facilitator"]
facilitator_id = "{DHL}"

[identities.ups]
roles = ["facilitator"]
facilitator_id = "{UPS}"

[identities.officer-jsmith]
roles = ["officer"]

[identities.auditor-gao]
roles = ["auditor"]
"""


@dataclass
class Deployment:
    port: int
    health_port: int
    authority: CertificateAuthority
    certificates: dict[str, Issued]
    token_key: Ed25519PrivateKey
    excluded_party_id: str
    server_files: Issued

    def channel(self, identity: str | None, trust: Path | None = None) -> grpc.aio.Channel:
        """A partner's channel: its certificate (none if `identity` is None), trusting
        the deployment's CA unless told otherwise."""
        issued = self.certificates.get(identity) if identity else None
        credentials = grpc.ssl_channel_credentials(
            root_certificates=(trust or self.authority.path).read_bytes(),
            private_key=issued.key.read_bytes() if issued else None,
            certificate_chain=issued.certificate.read_bytes() if issued else None,
        )
        return grpc.aio.secure_channel(f"127.0.0.1:{self.port}", credentials)


@pytest.fixture
async def deployment(tmp_path: Path) -> AsyncIterator[Deployment]:
    authority = CertificateAuthority(tmp_path / "pki")
    server_files = authority.issue_server(["127.0.0.1", "localhost"])
    certificates = {
        name: authority.issue_client(name)
        for name in ("dhl-express", "ups", "officer-jsmith", "auditor-gao", "stranger", "gateway")
    }
    token_key, token_public = make_token_issuer(tmp_path / "tokens")
    identities = tmp_path / "identities.toml"
    identities.write_text(IDENTITIES)
    settings = load_settings(
        RegistrySettings,
        {
            "REGISTRY_TLS_CERT_FILE": str(server_files.certificate),
            "REGISTRY_TLS_KEY_FILE": str(server_files.key),
            "REGISTRY_TLS_CLIENT_CA_FILE": str(authority.path),
            "REGISTRY_IDENTITIES_FILE": str(identities),
            "REGISTRY_TOKEN_PUBLIC_KEYS_FILE": str(token_public),
        },
    )
    registry = RegistryApplication(MEMORY, country_codes())
    screening = ScreeningApplication(
        MEMORY, country_codes(), name_reader(), clock=lambda: date(2026, 11, 28)
    )
    excluded = uuid4()
    screening.save(*screening.party_registered(excluded, organisation(LISTED)))
    listing = Listing("debarment", date(2026, 11, 2), None, trade_related=True)
    screening.save(*screening.exclusion_imposed(excluded, uuid4(), listing))
    for facilitator_id, name in ((DHL, "DHL Express"), (UPS, "UPS")):
        kind = "express_consignment_operator"
        screening.save(*screening.facilitator_registered(UUID(facilitator_id), kind, name))
    checkpointer = Checkpointer("registry", registry, CheckpointSigner.generate())
    server = GrpcServer(
        [
            registry_servicer(registry),
            screening_servicer(screening),
            audit_servicer(registry, checkpointer),
        ],
        RateLimiter(per_second=0.01, burst=20),
        Security.from_settings(settings),
    )
    port = await server.start("127.0.0.1", 0)
    health_port = await server.start_health("127.0.0.1", 0)
    await server.mark_serving()
    yield Deployment(
        port, health_port, authority, certificates, token_key, str(excluded), server_files
    )
    await server.stop(0)


async def code_of(call: object) -> grpc.StatusCode:
    try:
        await call  # type: ignore[misc]
    except grpc.aio.AioRpcError as error:
        return error.code()
    return grpc.StatusCode.OK


def screen_listed() -> screening_pb.ScreenPartyRequest:
    return screening_pb.ScreenPartyRequest(party=party_proto(LISTED))


async def test_a_partner_without_a_certificate_is_refused_and_probes_still_see_health(
    deployment: Deployment,
) -> None:
    async with deployment.channel(None) as channel:
        stub = screening_grpc.ScreeningServiceStub(channel)
        assert await code_of(stub.ScreenParty(screen_listed(), timeout=5)) == (
            grpc.StatusCode.UNAVAILABLE  # the handshake fails: no call is made
        )
    # The kubelet's probe, on the plaintext health-only port.
    async with grpc.aio.insecure_channel(f"127.0.0.1:{deployment.health_port}") as channel:
        reply = await health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(), timeout=5
        )
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
        # Nothing but health is served there.
        stub = screening_grpc.ScreeningServiceStub(channel)
        assert await code_of(stub.ScreenParty(screen_listed(), timeout=5)) == (
            grpc.StatusCode.UNIMPLEMENTED
        )


async def test_clients_verify_the_server_certificate(
    deployment: Deployment, tmp_path: Path
) -> None:
    impostor_ca = CertificateAuthority(tmp_path / "other", name="Someone else's CA")
    async with deployment.channel("dhl-express", trust=impostor_ca.path) as channel:
        stub = screening_grpc.ScreeningServiceStub(channel)
        assert await code_of(stub.ScreenParty(screen_listed(), timeout=5)) == (
            grpc.StatusCode.UNAVAILABLE
        )


async def test_a_carrier_may_screen_but_not_debar_and_the_refusal_is_logged(
    deployment: Deployment,
) -> None:
    async with deployment.channel("dhl-express") as channel:
        screening = screening_grpc.ScreeningServiceStub(channel)
        screened = await screening.ScreenParty(screen_listed(), timeout=5)
        assert screened.decision == screening_pb.DECISION_MATCH
        registry = registry_grpc.RegistryServiceStub(channel)
        debar = registry_pb.DebarRequest(party_id=str(uuid4()), action=debarment_action())
        with (
            structlog.testing.capture_logs() as logs,
            pytest.raises(grpc.aio.AioRpcError) as raised,
        ):
            await registry.Debar(debar, timeout=5)
        assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
        refusal = "dhl-express (roles ['facilitator']) may not call"
        assert f"{refusal} /portcullis.registry.v1.RegistryService/Debar" in (
            raised.value.details() or ""
        )
    denied = [entry for entry in logs if entry["event"] == "rpc.permission_denied"]
    assert denied[0]["caller"] == "dhl-express"
    assert denied[0]["reason"].startswith(refusal)
    # An officer gets past the check (and is told what is wrong with the request instead).
    async with deployment.channel("officer-jsmith") as channel:
        registry = registry_grpc.RegistryServiceStub(channel)
        assert await code_of(registry.Debar(debar, timeout=5)) == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    ("identity", "may_screen", "may_read_records"),
    [
        ("officer-jsmith", True, True),
        ("auditor-gao", False, True),
        ("ups", True, False),
        ("stranger", False, False),  # a valid certificate, but no roles in the identities
    ],
)
async def test_each_role_reaches_only_what_it_may(
    deployment: Deployment, identity: str, may_screen: bool, may_read_records: bool
) -> None:
    async with deployment.channel(identity) as channel:
        screening = screening_grpc.ScreeningServiceStub(channel)
        registry = registry_grpc.RegistryServiceStub(channel)
        audit = audit_grpc.AuditServiceStub(channel)
        screened = await code_of(screening.ScreenParty(screen_listed(), timeout=5))
        listed = await code_of(registry.ListExclusions(registry_pb.ListExclusionsRequest()))
        history = audit.GetHistory(audit_pb.GetHistoryRequest(aggregate_id=str(uuid4())))
        audited = await code_of(history)
    denied = grpc.StatusCode.PERMISSION_DENIED
    assert (screened == grpc.StatusCode.OK) is may_screen
    assert (screened == denied) is not may_screen
    assert (listed == grpc.StatusCode.OK) is may_read_records
    assert (listed == denied) is not may_read_records
    # The audit service: past the roles, an unknown aggregate is simply not found.
    assert (audited == grpc.StatusCode.NOT_FOUND) is may_read_records
    assert (audited == denied) is not may_read_records


async def test_a_partner_sees_only_its_own_notifications(deployment: Deployment) -> None:
    filing = screening_pb.FileNotificationRequest(
        facilitator_id=DHL,
        excluded_party_id=deployment.excluded_party_id,
        suspected_party=party_proto("Hongdark Trading Limited"),
        narrative="same address, new name",
    )
    async with deployment.channel("dhl-express") as channel:
        dhl = screening_grpc.ScreeningServiceStub(channel)
        notification = (await dhl.FileNotification(filing, timeout=5)).notification
        mine = await dhl.ListNotifications(screening_pb.ListNotificationsRequest(), timeout=5)
        assert [n.notification_id for n in mine.notifications] == [notification.notification_id]
    async with deployment.channel("ups") as channel:
        ups = screening_grpc.ScreeningServiceStub(channel)
        # Its own list has nothing of DHL's in it...
        listed = await ups.ListNotifications(screening_pb.ListNotificationsRequest(), timeout=5)
        assert list(listed.notifications) == []
        # ...nor is one of DHL's to be found by its id, not even that it exists...
        one = screening_pb.GetNotificationRequest(notification_id=notification.notification_id)
        assert await code_of(ups.GetNotification(one)) == grpc.StatusCode.NOT_FOUND
        # ...and asking for DHL's, one way or another, is refused.
        shipment = screening_pb.Shipment(
            shipment_ref="AWB 1", facilitator_id=DHL, consignee=party_proto("Acme Toys")
        )
        for call in (
            ups.ListNotifications(screening_pb.ListNotificationsRequest(facilitator_id=DHL)),
            ups.ScreenShipment(screening_pb.ScreenShipmentRequest(shipment=shipment)),
            ups.GetFacilitatorFigures(
                screening_pb.GetFacilitatorFiguresRequest(facilitator_id=DHL)
            ),
            ups.FileNotification(filing),  # nor may it file in DHL's name
        ):
            assert await code_of(call) == grpc.StatusCode.PERMISSION_DENIED
        registry = registry_grpc.RegistryServiceStub(channel)
        status = registry.GetFacilitatorStatus(
            registry_pb.GetFacilitatorStatusRequest(facilitator_id=DHL)
        )
        assert await code_of(status) == grpc.StatusCode.PERMISSION_DENIED
        # Its pages count only its own notifications.
        own_filing = filing.__deepcopy__()
        own_filing.facilitator_id = UPS
        for suspect in ("Hongdark Trading Limited", "Hong Dark Trade Co"):
            own_filing.suspected_party.CopyFrom(party_proto(suspect))
            await ups.FileNotification(own_filing, timeout=5)
        page = await ups.ListNotifications(screening_pb.ListNotificationsRequest(page_size=1))
        assert page.next_page_token == "1"
        last = await ups.ListNotifications(
            screening_pb.ListNotificationsRequest(page_size=1, page_token="1")
        )
        assert last.next_page_token == ""
    async with deployment.channel("officer-jsmith") as channel:
        officer = screening_grpc.ScreeningServiceStub(channel)
        every = await officer.ListNotifications(screening_pb.ListNotificationsRequest())
        assert len(every.notifications) == 3
        assert notification.notification_id in {n.notification_id for n in every.notifications}
        assert notification.filed_by == "dhl-express"  # the certificate's name, recorded


async def test_a_token_names_the_caller_and_a_bad_signature_is_refused(
    deployment: Deployment,
) -> None:
    good = issue_token(deployment.token_key, "platform-42", ["facilitator"], UPS)
    forged = issue_token(Ed25519PrivateKey.generate(), "platform-42", ["officer"], UPS)
    expired = issue_token(
        deployment.token_key, "platform-42", ["facilitator"], UPS, lifetime=timedelta(seconds=-1)
    )
    # The gateway's certificate has no roles of its own: the token decides.
    async with deployment.channel("gateway") as channel:
        stub = screening_grpc.ScreeningServiceStub(channel)

        def bearing(token: str) -> tuple[tuple[str, str]]:
            return (("authorization", f"Bearer {token}"),)

        screened = await stub.ScreenParty(screen_listed(), metadata=bearing(good), timeout=5)
        assert screened.decision == screening_pb.DECISION_MATCH
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await stub.ScreenParty(screen_listed(), metadata=bearing(forged), timeout=5)
        assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert "signature does not verify" in (raised.value.details() or "")
        for token in (expired, "not-a-token"):
            call = stub.ScreenParty(screen_listed(), metadata=bearing(token), timeout=5)
            assert await code_of(call) == grpc.StatusCode.UNAUTHENTICATED
        # Without a token, the gateway is itself: no roles.
        assert await code_of(stub.ScreenParty(screen_listed(), timeout=5)) == (
            grpc.StatusCode.PERMISSION_DENIED
        )


async def test_an_over_limit_caller_is_told_to_slow_down_and_others_are_not(
    deployment: Deployment,
) -> None:
    async with deployment.channel("dhl-express") as channel:
        stub = screening_grpc.ScreeningServiceStub(channel)
        codes = [await code_of(stub.ScreenParty(screen_listed(), timeout=5)) for _ in range(25)]
    assert codes[:20] == [grpc.StatusCode.OK] * 20  # the burst
    assert grpc.StatusCode.RESOURCE_EXHAUSTED in codes[20:]
    async with deployment.channel("ups") as channel:
        stub = screening_grpc.ScreeningServiceStub(channel)
        assert await code_of(stub.ScreenParty(screen_listed(), timeout=5)) == grpc.StatusCode.OK


async def test_a_rotated_server_certificate_is_served_without_a_restart(
    deployment: Deployment, tmp_path: Path
) -> None:
    successor = CertificateAuthority(tmp_path / "next", name="Portcullis CA 2027")
    renewed = successor.issue_server(["127.0.0.1"], stem="renewed")

    async def served_by(authority: CertificateAuthority) -> bool:
        async with deployment.channel("dhl-express", trust=authority.path) as channel:
            stub = screening_grpc.ScreeningServiceStub(channel)
            return await code_of(stub.ScreenParty(screen_listed(), timeout=5)) == (
                grpc.StatusCode.OK
            )

    assert await served_by(deployment.authority)
    assert not await served_by(successor)

    def swap(target: Path, source: Path) -> None:
        """As a Secret's update lands: the new file replaces the old in one step."""
        staged = target.with_suffix(".new")
        staged.write_bytes(source.read_bytes())
        staged.replace(target)

    # Half-way through: the new key beside the old certificate is no pair; the old pair
    # goes on serving until the certificate follows.
    swap(deployment.server_files.key, renewed.key)
    assert await served_by(deployment.authority)
    swap(deployment.server_files.certificate, renewed.certificate)
    assert await served_by(successor)
    assert not await served_by(deployment.authority)
