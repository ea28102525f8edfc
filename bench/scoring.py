"""`make bench`, part 6: scoring. Closing a quarter for 200 posts with 10,000 observation
batches (50 a post) in-process on SQLite, then status questions over gRPC to the scoring
process (GetPostStatus and GetMailItemTreatment), beside a health check in the same run.

    .venv/bin/python -m bench.scoring
"""

import asyncio
import random
import tempfile
import time
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from portcullis.scoring.v1 import scoring_service_pb2 as pb
from portcullis.scoring.v1 import scoring_service_pb2_grpc as pb_grpc
from portcullis_cli.cluster import ClusterConfig, LocalCluster
from portcullis_kit.eventstore import persistence_env
from portcullis_kit.reference import country_codes, priority_trade_issues
from portcullis_kit.settings import ServiceSettings
from scoring.application.scoring_app import ScoringApplication
from scoring.domain.metric import MetricVersion
from scoring.domain.observations import Observations, SeizureCategory, SeizureCount
from scoring.domain.quarter import Quarter
from tests.support import free_port

POSTS = 200
BATCHES = 50
QUARTER = Quarter(2026, 3)
QUERIES = 4_000


def codes() -> list[str]:
    return [f"J1B{i:03d}" for i in range(POSTS)]


def close_in_process(data_dir: Path) -> tuple[float, float, int]:
    env = persistence_env("scoring", ServiceSettings(data_dir=data_dir))
    app = ScoringApplication(env, country_codes(), frozenset(priority_trade_issues()))
    app.publish_metric(MetricVersion(1, str(QUARTER)), "bench", "bench")
    rng = random.Random(4)
    ids = [app.register_post(code, "CN", f"Bench Post {code}") for code in codes()]
    started = time.perf_counter()
    for post_id in ids:
        for batch in range(BATCHES):
            items = rng.randint(50, 500)
            observations = Observations(
                items_received=items,
                items_with_aed=round(items * rng.uniform(0.3, 1.0)),
                seizures=(SeizureCount(SeizureCategory.COUNTERFEIT, rng.randint(0, 2)),),
            )
            app.record_observations(post_id, QUARTER, f"b{batch}", observations, "bench", "b")
    recording = time.perf_counter() - started
    app.set_threshold(QUARTER, 60.0, "bench", "bench")
    started = time.perf_counter()
    closed = app.close_quarter(QUARTER, "bench")
    closing = time.perf_counter() - started
    app.close()
    return recording, closing, len(closed.results)


async def queries_per_second(address: str, in_flight: int, call: str) -> float:
    async with grpc.aio.insecure_channel(address) as channel:
        scoring = pb_grpc.ScoringServiceStub(channel)
        health = health_pb2_grpc.HealthStub(channel)
        posts = codes()

        async def one(i: int) -> None:
            if call == "GetPostStatus":
                await scoring.GetPostStatus(pb.GetPostStatusRequest(upu_code=posts[i % POSTS]))
            elif call == "GetMailItemTreatment":
                request = pb.GetMailItemTreatmentRequest(upu_code=posts[i % POSTS])
                await scoring.GetMailItemTreatment(request)
            else:
                await health.Check(health_pb2.HealthCheckRequest())

        async def worker(n: int) -> None:
            for i in range(n, QUERIES, in_flight):
                await one(i)

        await asyncio.gather(*(worker(n) for n in range(in_flight)))  # warm up
        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(in_flight)))
        return QUERIES / (time.perf_counter() - started)


def main() -> None:
    print(f"Scoring: {POSTS} posts, {POSTS * BATCHES:,} observation batches in {QUARTER}")
    print("  .venv/bin/python -m bench.scoring")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        recording, closing, scored = close_in_process(data_dir / "in-process")
        print(
            f"Recording the batches in-process on SQLite: {recording:.1f} s"
            f" ({POSTS * BATCHES / recording:,.0f} batches/s)"
        )
        print(f"CloseQuarter in-process: {closing:.2f} s for {scored} posts scored")
        # The same store, served: status questions over gRPC.
        config = ClusterConfig(
            data_dir=data_dir / "in-process",
            nats_port=free_port(),
            ports={"scoring": free_port()},
            environment={"SCORING_LOG_LEVEL": "warning"},
        )
        cluster = LocalCluster(config)
        cluster.log_dir.mkdir(parents=True, exist_ok=True)
        cluster.nats.start()
        cluster.start_service("scoring")
        cluster.wait_serving("scoring")
        try:
            address = cluster.address("scoring")
            for call in ("health Check", "GetPostStatus", "GetMailItemTreatment"):
                for in_flight in (1, 16):
                    rate = asyncio.run(queries_per_second(address, in_flight, call))
                    print(f"{call:<22} {in_flight:>2} in flight: {rate:8,.0f}/s")
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
