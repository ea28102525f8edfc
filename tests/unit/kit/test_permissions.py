"""The permission table names every RPC the protos declare, and says what the issue says:
a carrier may screen and file notifications, only a CBP officer changes anything, and
auditors read."""

from google.protobuf.descriptor import FileDescriptor

from portcullis.audit.v1 import audit_service_pb2
from portcullis.publication.v1 import publication_service_pb2
from portcullis.registry.v1 import registry_service_pb2
from portcullis.scoring.v1 import scoring_service_pb2
from portcullis.screening.v1 import screening_service_pb2
from portcullis_kit.identity import AUDITOR, FACILITATOR, OFFICER
from portcullis_kit.permissions import PERMISSIONS, is_open, roles_for

FILES: list[FileDescriptor] = [
    registry_service_pb2.DESCRIPTOR,
    screening_service_pb2.DESCRIPTOR,
    scoring_service_pb2.DESCRIPTOR,
    publication_service_pb2.DESCRIPTOR,
    audit_service_pb2.DESCRIPTOR,
]


def declared() -> set[str]:
    return {
        f"/{service.full_name}/{method.name}"
        for file in FILES
        for service in file.services_by_name.values()
        for method in service.methods
    }


def permitted(role: str) -> set[str]:
    return {method for method in declared() if role in roles_for(method)}


def test_the_table_names_exactly_the_rpcs_the_protos_declare() -> None:
    in_table = {f"/{s}/{m}" for s, methods in PERMISSIONS.items() for m in methods}
    assert in_table == declared()
    assert all(roles_for(method) for method in declared())


def test_a_facilitator_screens_files_notifications_and_reads_what_is_public_or_its_own() -> None:
    assert {m.rsplit("/", 1)[1] for m in permitted(FACILITATOR)} == {
        "ScreenParty", "ScreenParties", "ScreenShipment", "FileNotification",
        "GetNotification", "ListNotifications", "GetFacilitatorFigures", "GetWatchlistInfo",
        "ApplyForIorNumber", "GetIorStatus", "GetFacilitatorStatus",
        "GetPostStatus", "ListNonCompliantPosts", "ExplainScore", "GetMailItemTreatment",
        "GetWitnessedCheckpoint", "ListExcludedPersons", "ListPublicNonCompliantPosts",
        "GetGuidance",
    }  # fmt: skip
    assert "/portcullis.registry.v1.RegistryService/Debar" not in permitted(FACILITATOR)


def test_only_an_officer_changes_anything_and_an_auditor_only_reads() -> None:
    reads = ("Get", "List", "Export", "Stream", "Explain")
    auditor = {m.rsplit("/", 1)[1] for m in permitted(AUDITOR)}
    assert all(name.startswith(reads) for name in auditor)
    assert {m for m in declared() if m.rsplit("/", 1)[1].startswith("Get")} <= permitted(OFFICER)
    writes = {m for m in declared() if not m.rsplit("/", 1)[1].startswith(reads)}
    partner_writes = {"ScreenParty", "ScreenParties", "ScreenShipment", "FileNotification"}
    partner_writes.add("ApplyForIorNumber")
    for method in writes:
        others = roles_for(method) - {OFFICER}
        assert not others or method.rsplit("/", 1)[1] in partner_writes, method
    assert permitted(OFFICER) >= writes


def test_probes_and_reflection_need_no_identity() -> None:
    assert is_open("/grpc.health.v1.Health/Check")
    assert is_open("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")
    assert not is_open("/portcullis.registry.v1.RegistryService/Debar")
    assert roles_for("/portcullis.registry.v1.RegistryService/NoSuchMethod") == frozenset()
