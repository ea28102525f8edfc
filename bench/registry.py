"""`make bench`, part 2: the registry alone (its relay publishing to NATS, nothing consuming).

In one run, the same command (RegisterParty) called in-process on SQLite and over gRPC to
the registry process, and the SAM import rate in-process and over ImportExclusions.
"""

import asyncio
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import grpc

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis.registry.v1 import registry_service_pb2_grpc as pb_grpc
from portcullis_cli.cluster import ClusterConfig, LocalCluster
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.party_proto import party_to_proto
from portcullis_kit.reference import REFERENCE_DIR, country_codes
from portcullis_kit.settings import ServiceSettings
from registry.adapters.exclusion_proto import TYPE_TO_PROTO, sam_to_proto
from registry.adapters.sam_csv import SamRow, read_sam_csv
from registry.application.registry_app import RegistryApplication
from registry.entrypoints.sam_interchange import Item
from tests.support import free_port, organisation, party_proto

COMMANDS = 2000
IMPORT_COPIES = 80  # 63 sample rows x 80 = 5,040 records


def sam_records() -> list[Item]:
    """SAM's sample extract copied with distinct source ids, so every copy is new."""
    path = REFERENCE_DIR / "sam_exclusions_api_sample_v2layout.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = [r for r in read_sam_csv(f) if isinstance(r, SamRow)]
    return [
        (
            row.row,
            replace(row.record.details, source_ref=f"{row.record.details.source_ref}#{copy}"),
            row.record.exclusion_type,
            row.record.action,
        )
        for copy in range(IMPORT_COPIES)
        for row in rows
    ]


def in_process(data_dir: Path) -> tuple[float, float]:
    app = RegistryApplication(
        persistence_env("registry", ServiceSettings(data_dir=data_dir)), country_codes()
    )
    started = time.perf_counter()
    for i in range(COMMANDS):
        app.register_party(organisation(f"In-process Importer {i}"), "bench")
    commands = COMMANDS / (time.perf_counter() - started)
    records = sam_records()
    started = time.perf_counter()
    report = app.import_records(records, "bench")
    imports = len(records) / (time.perf_counter() - started)
    app.close()
    if report.errors:
        raise RuntimeError(report.errors[:3])
    return commands, imports


async def commands_over_grpc(address: str, in_flight: int) -> float:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = pb_grpc.RegistryServiceStub(channel)

        async def worker(n: int) -> None:
            for i in range(COMMANDS // in_flight):
                name = f"Importer {in_flight}-{n}-{i}"
                await stub.RegisterParty(pb.RegisterPartyRequest(party=party_proto(name)))

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(in_flight)))
        return COMMANDS / (time.perf_counter() - started)


async def import_over_grpc(address: str) -> float:
    records = [
        pb.ImportExclusionsRequest(
            row=row,
            record=pb.ImportRecord(
                party=party_to_proto(replace(details, source_ref=f"grpc-{details.source_ref}")),
                exclusion=pb.ImportedExclusion(
                    type=TYPE_TO_PROTO[kind],
                    cause=action.cause,
                    official=action.official,
                    sam=sam_to_proto(action.sam) if action.sam else None,
                ),
            ),
        )
        for row, details, kind, action in sam_records()
    ]

    async def stream() -> AsyncIterator[pb.ImportExclusionsRequest]:
        for request in records:
            yield request

    async with grpc.aio.insecure_channel(address) as channel:
        stub = pb_grpc.RegistryServiceStub(channel)
        started = time.perf_counter()
        response = await stub.ImportExclusions(stream(), timeout=600)
        elapsed = time.perf_counter() - started
    if response.errors:
        raise RuntimeError(response.errors[:3])
    return len(records) / elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        commands, imports = in_process(data_dir / "in-process")
        config = ClusterConfig(
            data_dir=data_dir / "cluster",
            nats_port=free_port(),
            ports={"registry": free_port()},
            environment={"REGISTRY_LOG_LEVEL": "warning"},
        )
        cluster = LocalCluster(config)
        cluster.log_dir.mkdir(parents=True, exist_ok=True)
        cluster.nats.start()
        cluster.start_service("registry")
        cluster.wait_serving("registry")
        try:
            address = cluster.address("registry")
            sequential = asyncio.run(commands_over_grpc(address, 1))
            concurrent = asyncio.run(commands_over_grpc(address, 16))
            imports_grpc = asyncio.run(import_over_grpc(address))
        finally:
            cluster.stop()
    print(f"RegisterParty in-process on SQLite:     {commands:,.0f} commands/s")
    print(
        f"RegisterParty over gRPC, 1 in flight:   {sequential:,.0f} commands/s"
        f" ({sequential / commands:.0%} of in-process)"
    )
    print(
        f"RegisterParty over gRPC, 16 in flight:  {concurrent:,.0f} commands/s"
        f" ({concurrent / commands:.0%} of in-process)"
    )
    print(f"SAM import in-process on SQLite:        {imports:,.0f} records/s")
    print(f"SAM import over ImportExclusions:       {imports_grpc:,.0f} records/s")


if __name__ == "__main__":
    main()
