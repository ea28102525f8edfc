"""SAM interchange over gRPC against a real SQLite store: import, idempotency, export."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import json_format

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis.registry.v1 import registry_service_pb2_grpc as pb_grpc
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.grpc_server import GrpcServer
from portcullis_kit.reference import REFERENCE_DIR, country_codes
from portcullis_kit.settings import ServiceSettings
from registry.application.registry_app import RegistryApplication
from registry.entrypoints.grpc_servicer import registry_servicer

V2 = REFERENCE_DIR / "sam_exclusions_api_sample_v2layout.csv"
V4 = REFERENCE_DIR / "sam_exclusions_api_sample_v4layout.csv"


@pytest.fixture
def app(tmp_path: Path) -> RegistryApplication:
    settings = ServiceSettings(data_dir=tmp_path)
    return RegistryApplication(persistence_env("registry", settings), country_codes())


@pytest.fixture
async def stub(app: RegistryApplication) -> AsyncIterator[pb_grpc.RegistryServiceAsyncStub]:
    server = GrpcServer([registry_servicer(app)])
    port = await server.start("127.0.0.1", 0)
    await server.mark_serving()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield pb_grpc.RegistryServiceStub(channel)
    await server.stop(0)


def csv_requests(path: Path) -> Iterable[pb.ImportExclusionsRequest]:
    with path.open(newline="", encoding="utf-8") as f:
        return [pb.ImportExclusionsRequest(sam_csv_line=line) for line in f]


async def import_file(
    stub: pb_grpc.RegistryServiceAsyncStub, requests: Iterable[pb.ImportExclusionsRequest]
) -> pb.ImportExclusionsResponse:
    async def stream() -> AsyncIterator[pb.ImportExclusionsRequest]:
        for request in requests:
            yield request

    response: pb.ImportExclusionsResponse = await stub.ImportExclusions(stream(), timeout=60)
    return response


async def test_all_63_real_v2_records_and_the_v4_record_import_without_error(
    stub: pb_grpc.RegistryServiceAsyncStub,
) -> None:
    v2 = await import_file(stub, csv_requests(V2))
    v4 = await import_file(stub, csv_requests(V4))
    assert list(v2.errors) == []
    assert list(v4.errors) == []
    # 8 of the 63 rows repeat a record of the same party, agency and type, adding
    # nothing to what the first of them said.
    assert (v2.imported, v2.parties_revised, v2.unchanged) == (55, 0, 8)
    assert v4.imported == 1


async def test_importing_the_same_file_twice_changes_nothing(
    app: RegistryApplication, stub: pb_grpc.RegistryServiceAsyncStub
) -> None:
    await import_file(stub, csv_requests(V2))
    position = app.log_position()
    again = await import_file(stub, csv_requests(V2))
    assert (again.imported, again.parties_revised, again.unchanged) == (0, 0, 63)
    assert app.log_position() == position


async def test_bad_rows_are_reported_with_their_row_while_good_rows_import(
    stub: pb_grpc.RegistryServiceAsyncStub,
) -> None:
    lines = list(V2.read_text(encoding="utf-8").splitlines(keepends=True))[:4]
    lines[2] = lines[2].replace("Ineligible (Proceedings Completed)", "Banished")
    lines[3] = lines[3].replace(",CHN,", ",XYZ,")
    response = await import_file(stub, [pb.ImportExclusionsRequest(sam_csv_line=x) for x in lines])
    assert response.imported == 1
    assert [(e.row, e.reason.split(":")[0]) for e in response.errors] == [
        (3, "exclusionType"),
        (4, "exclusionPrimaryAddress"),
    ]


async def test_json_lines_records_import_and_name_the_bad_field(
    stub: pb_grpc.RegistryServiceAsyncStub,
) -> None:
    good: dict[str, Any] = {
        "party": {
            "kind": "PARTY_KIND_ORGANIZATION",
            "name": "Shenzhen Hongdark Electronics Co., Ltd.",
            "addresses": [{"city": "Shenzhen", "country": "CN"}],
            "sourceRef": "jsonl-1",
        },
        "exclusion": {
            "type": "EXCLUSION_TYPE_DEBARMENT",
            "tradeRelated": True,
            "effectiveDate": "2026-11-02",
            "endDate": "2029-11-01",
            "samPublishedDate": "2026-11-02",
            "cause": "counterfeit goods",
        },
    }
    bad = {
        **good,
        "party": {**good["party"], "sourceRef": "jsonl-2", "addresses": [{"country": "XX"}]},
    }
    requests = [
        pb.ImportExclusionsRequest(row=row, record=json_format.ParseDict(line, pb.ImportRecord()))
        for row, line in ((1, good), (2, bad))
    ]
    response = await import_file(stub, requests)
    assert response.imported == 1
    [error] = response.errors
    assert error.row == 2
    assert error.reason.startswith("party.addresses[0].country:")


async def test_export_then_import_round_trips(
    tmp_path: Path, stub: pb_grpc.RegistryServiceAsyncStub
) -> None:
    await import_file(stub, csv_requests(V2))
    lines = [r.line async for r in stub.ExportExclusions(pb.ExportExclusionsRequest())]
    assert len(lines) == 1 + 55

    other = RegistryApplication(
        persistence_env("registry", ServiceSettings(data_dir=tmp_path / "other")), country_codes()
    )
    server = GrpcServer([registry_servicer(other)])
    port = await server.start("127.0.0.1", 0)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        other_stub = pb_grpc.RegistryServiceStub(channel)
        response = await import_file(
            other_stub, [pb.ImportExclusionsRequest(sam_csv_line=line) for line in lines]
        )
        assert (list(response.errors), response.imported) == ([], 55)
        again = [r.line async for r in other_stub.ExportExclusions(pb.ExportExclusionsRequest())]
    await server.stop(0)
    assert sorted(again) == sorted(lines)


async def test_sams_pending_proceedings_record_stays_in_force_until_sam_ends_it(
    app: RegistryApplication, stub: pb_grpc.RegistryServiceAsyncStub
) -> None:
    """CBP's 12-month suspension limit is CBP's rule, not another agency's record's."""
    await import_file(stub, csv_requests(V4))
    [listed] = (await stub.ListExclusions(pb.ListExclusionsRequest())).exclusions
    assert listed.action.sam.exclusion_type == "Ineligible (Proceedings Pending)"
    assert listed.in_force
    assert listed.last_day == ""


async def test_a_record_changed_at_its_source_is_updated_not_ignored(
    stub: pb_grpc.RegistryServiceAsyncStub,
) -> None:
    await import_file(stub, csv_requests(V4))
    lines = V4.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",2012-12-12,null,Indefinite,", ",2012-12-12,2025-06-01,Definite,")
    response = await import_file(stub, [pb.ImportExclusionsRequest(sam_csv_line=x) for x in lines])
    assert (response.imported, response.exclusions_updated) == (0, 1)
    listed = (await stub.ListExclusions(pb.ListExclusionsRequest())).exclusions
    assert list(listed) == []  # SAM ended it on 2025-06-01
