"""`make bench`: the first path measured over real processes, as `make run` starts them.

Prints, for a local cluster (nats-server + four services on SQLite in a temporary dir):
- RegisterParty in-process on SQLite (the store and domain alone, no gRPC), for comparison;
- RegisterParty + Debar over gRPC: commands per second, one client, sequential;
- RegisterParty over gRPC with 16 calls in flight;
- propagation: from Debar acknowledged to ScreenParty answering MATCH (p50, p95);
- ScreenParty: calls per second and latency, sequential and with 16 in flight.
"""

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import grpc

from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.registry.v1 import registry_service_pb2_grpc as registry_grpc
from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis.screening.v1 import screening_service_pb2_grpc as screening_grpc
from portcullis_cli.cluster import SERVICES, ClusterConfig, LocalCluster
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes
from portcullis_kit.settings import ServiceSettings
from registry.application.registry_app import RegistryApplication
from tests.support import debarment_action, free_port, organisation, party_proto

COMMANDS = 300
PROPAGATIONS = 50
SCREENS = 2000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_in_process(data_dir: Path) -> None:
    app = RegistryApplication(
        persistence_env("registry", ServiceSettings(data_dir=data_dir / "in-process")),
        country_codes(),
    )
    started = time.perf_counter()
    for i in range(COMMANDS):
        app.register_party(organisation(f"In-process Importer {i}"), "bench")
    elapsed = time.perf_counter() - started
    app.close()
    print(f"RegisterParty in-process on SQLite: {COMMANDS / elapsed:,.0f} commands/s")


async def bench_concurrent_commands(address: str, in_flight: int) -> None:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = registry_grpc.RegistryServiceStub(channel)

        async def worker(offset: int) -> None:
            for i in range(COMMANDS // in_flight):
                name = f"Concurrent Importer {offset}-{i}"
                await stub.RegisterParty(
                    registry_pb.RegisterPartyRequest(party=party_proto(name)), timeout=10
                )

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(in_flight)))
        elapsed = time.perf_counter() - started
    print(f"RegisterParty over gRPC, {in_flight} in flight: {COMMANDS / elapsed:,.0f} commands/s")


def bench_commands(registry: registry_grpc.RegistryServiceStub) -> None:
    started = time.perf_counter()
    for i in range(COMMANDS):
        party = registry.RegisterParty(
            registry_pb.RegisterPartyRequest(party=party_proto(f"Bench Importer {i}")), timeout=10
        )
        registry.Debar(
            registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action()),
            timeout=10,
        )
    elapsed = time.perf_counter() - started
    print(f"RegisterParty+Debar over gRPC, sequential: {2 * COMMANDS / elapsed:,.0f} commands/s")


def bench_propagation(
    registry: registry_grpc.RegistryServiceStub, screening: screening_grpc.ScreeningServiceStub
) -> None:
    delays = []
    for i in range(PROPAGATIONS):
        name = f"Propagation Trading {i}"
        party = registry.RegisterParty(
            registry_pb.RegisterPartyRequest(party=party_proto(name)), timeout=10
        )
        registry.Debar(
            registry_pb.DebarRequest(party_id=party.party_id, action=debarment_action()),
            timeout=10,
        )
        acknowledged = time.perf_counter()
        while True:
            reply = screening.ScreenParty(
                screening_pb.ScreenPartyRequest(party=party_proto(name)), timeout=10
            )
            if reply.decision == screening_pb.DECISION_MATCH:
                break
        delays.append((time.perf_counter() - acknowledged) * 1000)
    print(
        f"Debar acknowledged -> ScreenParty MATCH: p50 {statistics.median(delays):.1f} ms,"
        f" p95 {percentile(delays, 0.95):.1f} ms ({PROPAGATIONS} runs)"
    )


async def bench_screening(address: str, in_flight: int) -> None:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = screening_grpc.ScreeningServiceStub(channel)
        request = screening_pb.ScreenPartyRequest(party=party_proto("Bench Importer 7"))
        latencies: list[float] = []

        async def worker(count: int) -> None:
            for _ in range(count):
                started = time.perf_counter()
                await stub.ScreenParty(request, timeout=10)
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker(SCREENS // in_flight) for _ in range(in_flight)))
        elapsed = time.perf_counter() - started
    print(
        f"ScreenParty, {in_flight:>2} in flight: {len(latencies) / elapsed:,.0f} calls/s,"
        f" p50 {statistics.median(latencies):.2f} ms, p95 {percentile(latencies, 0.95):.2f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        config = ClusterConfig(
            data_dir=Path(data_dir),
            nats_port=free_port(),
            ports={s: free_port() for s in SERVICES},
            environment={f"{s.upper()}_LOG_LEVEL": "warning" for s in SERVICES},
        )
        bench_in_process(Path(data_dir))
        cluster = LocalCluster(config)
        cluster.start()
        try:
            with (
                grpc.insecure_channel(cluster.address("registry")) as registry_channel,
                grpc.insecure_channel(cluster.address("screening")) as screening_channel,
            ):
                registry = registry_grpc.RegistryServiceStub(registry_channel)
                screening = screening_grpc.ScreeningServiceStub(screening_channel)
                bench_commands(registry)
                bench_propagation(registry, screening)
            asyncio.run(bench_concurrent_commands(cluster.address("registry"), 16))
            for in_flight in (1, 16):
                asyncio.run(bench_screening(cluster.address("screening"), in_flight))
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
