"""A rolling restart of screening under load drops no call.

Two screening processes share one store. Partner callers screen through one channel that
knows both, configured as `deploy/README.md` tells partners to configure it (round robin,
health checking, a retry on UNAVAILABLE). Each replica in turn is stopped with SIGTERM
(it reports NOT_SERVING, goes on serving for its drain, then finishes its calls) and
started again, while the callers keep calling: every call must succeed with the right
decision.
"""

import json
import re
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import grpc
import pytest

from portcullis.screening.v1 import screening_service_pb2 as screening_pb
from portcullis.screening.v1 import screening_service_pb2_grpc as screening_grpc
from portcullis_cli.cluster import LocalCluster
from tests.e2e.conftest import Clients, make_cluster, nats_violations
from tests.e2e.test_faults import register_and_debar
from tests.support import eventually, free_port, party_proto

ROOT = Path(__file__).resolve().parents[2]
REPLICA = "screening-2"
DEBARRED = "Rolling Restart Trading Co., Ltd."
CLEAR = "Quiet Meadow Orchard Cooperative"
CALLERS = 3
# Between two calls of one caller: the load stays modest on a small, shared machine.
PACE_SECONDS = 0.02


def partner_service_config() -> str:
    """The channel's service config given to partners in deploy/README.md."""
    text = (ROOT / "deploy" / "README.md").read_text()
    blocks: list[str] = re.findall(r"```json\n(.*?)```", text, re.S)
    [config] = [block for block in blocks if "retryPolicy" in block]
    json.loads(config)  # the README's JSON is valid
    return config


@dataclass
class Outcome:
    finished: float
    decision: int | None = None
    error: str | None = None


@dataclass
class Load:
    """Callers screening the two parties in turn through one channel, until stopped."""

    stub: screening_grpc.ScreeningServiceStub
    expected: dict[str, int]
    outcomes: list[Outcome] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, name: str) -> Outcome:
        request = screening_pb.ScreenPartyRequest(party=party_proto(name))
        try:
            response = self.stub.ScreenParty(request, timeout=10)
        except grpc.RpcError as error:
            return Outcome(time.monotonic(), error=f"{error.code()}: {error.details()}")
        return Outcome(time.monotonic(), decision=response.decision)

    def keep_calling(self, first: int) -> None:
        names = list(self.expected)
        i = first
        while not self.stopping.is_set():
            name = names[i % len(names)]
            outcome = self.call(name)
            if outcome.decision is not None and outcome.decision != self.expected[name]:
                outcome.error = f"{name}: decision {outcome.decision}"
            with self.lock:
                self.outcomes.append(outcome)
            i += 1
            self.stopping.wait(PACE_SECONDS)

    def served_between(self, start: float, end: float) -> int:
        with self.lock:
            return sum(1 for o in self.outcomes if o.error is None and start <= o.finished <= end)

    def errors(self) -> list[str]:
        with self.lock:
            return [o.error for o in self.outcomes if o.error is not None]


@pytest.fixture
def replicated(tmp_path: Path) -> Iterator[LocalCluster]:
    local = make_cluster(tmp_path, {"SCREENING_SHUTDOWN_DRAIN_SECONDS": "1"})
    local.start()
    try:
        local.start_replica(
            "screening",
            REPLICA,
            free_port(),
            {
                # Its own durable consumer, as each pod has on Kubernetes.
                "SCREENING_CONSUMER_NAME": REPLICA,
                "SCREENING_METRICS_PORT": str(free_port()),
            },
        )
        local.wait_serving(REPLICA)
        yield local
    finally:
        local.stop()


def metrics_port(cluster: LocalCluster, name: str) -> int:
    if name == REPLICA:
        return int(cluster.replicas[REPLICA].environment["SCREENING_METRICS_PORT"])
    return cluster.config.metrics_ports[name]


def screens_served(cluster: LocalCluster, name: str) -> float:
    """ScreenParty calls answered OK by this process since it started (its /metrics)."""
    url = f"http://{cluster.config.host}:{metrics_port(cluster, name)}/metrics"
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    found = re.search(
        r'grpc_server_handled_total\{grpc_code="OK",grpc_method="ScreenParty",[^}]*\} (\S+)', text
    )
    return float(found.group(1)) if found else 0.0


def decision_at(address: str, name: str) -> int:
    with grpc.insecure_channel(address) as channel:
        response = screening_grpc.ScreeningServiceStub(channel).ScreenParty(
            screening_pb.ScreenPartyRequest(party=party_proto(name)), timeout=5
        )
    return int(response.decision)


def matches_at(address: str) -> bool:
    return decision_at(address, DEBARRED) == screening_pb.DECISION_MATCH


def restart(cluster: LocalCluster, name: str) -> tuple[float, float]:
    """SIGTERM, wait for the exit, start again, wait until SERVING: (began, ended)."""
    began = time.monotonic()
    assert cluster.stop_service(name, timeout=30) == 0
    cluster.start_service(name)
    cluster.wait_serving(name, timeout=60)
    return began, time.monotonic()


def test_a_rolling_restart_of_screening_under_load_loses_no_call(
    replicated: LocalCluster,
) -> None:
    cluster = replicated
    clients = Clients(cluster)
    try:
        register_and_debar(clients, DEBARRED)
    finally:
        clients.close()
    replicas = ["screening", REPLICA]
    for name in replicas:
        address = cluster.address(name)
        eventually(partial(matches_at, address), 60)
        assert decision_at(address, CLEAR) == screening_pb.DECISION_CLEAR

    target = "ipv4:" + ",".join(cluster.address(name) for name in replicas)
    channel = grpc.insecure_channel(
        target,
        options=[
            ("grpc.service_config", partner_service_config()),
            # Reconnect soon to a replica that comes back (the default backoff grows to 2 min).
            ("grpc.initial_reconnect_backoff_ms", 200),
            ("grpc.max_reconnect_backoff_ms", 1000),
        ],
    )
    load = Load(
        screening_grpc.ScreeningServiceStub(channel),
        {DEBARRED: screening_pb.DECISION_MATCH, CLEAR: screening_pb.DECISION_CLEAR},
    )
    callers = [threading.Thread(target=load.keep_calling, args=(i,)) for i in range(CALLERS)]
    for caller in callers:
        caller.start()
    try:
        # Round robin: both replicas take calls before either restarts.
        eventually(lambda: all(screens_served(cluster, n) for n in replicas), 30)
        windows = []
        for name in replicas:
            windows.append(restart(cluster, name))
            # The callers' channel has found the new process before the next one stops,
            # as a rolling update waits for a new pod before stopping the next old one.
            eventually(partial(screens_served, cluster, name), 30)
    finally:
        load.stopping.set()
        for caller in callers:
            caller.join(30)
        channel.close()

    assert load.errors() == []
    for began, ended in windows:
        assert load.served_between(began, ended) > 0, "no call served during a restart"
    # A few calls a second from each caller over the whole run, far more than the
    # handful a broken channel would manage.
    assert len(load.outcomes) >= 100
    assert nats_violations(cluster) == []  # two replicas, one NATS user: within its rights
