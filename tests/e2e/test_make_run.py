"""`portcullis run`, the command behind `make run`: up, Ctrl-C, nothing left behind, data kept."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.scoring.v1 import scoring_service_pb2 as scoring_pb
from portcullis_cli.cluster import SERVICES, LocalCluster
from tests.e2e.conftest import Clients, make_cluster
from tests.support import eventually, free_port, party_proto

PORTCULLIS = str(Path(sys.executable).parent / "portcullis")


def start_portcullis_run(
    data_dir: Path, ports: dict[str, int], nats_port: int, web_port: int = 0
) -> subprocess.Popen[str]:
    web_port = web_port or free_port()
    command = [PORTCULLIS, "run", "--data-dir", str(data_dir), "--nats-port", str(nats_port)]
    command += ["--web-port", str(web_port)]
    for service, port in ports.items():
        command += [f"--{service}-port", str(port)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_until_up(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "Ctrl-C stops everything" in line:
            return "".join(seen)
    raise AssertionError("portcullis run ended before it was up:\n" + "".join(seen))


def children_of(pid: int) -> list[int]:
    result = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
    )
    return [int(p) for p in result.stdout.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is not alive
        return stat.read().split()[2] != "Z"


def test_portcullis_run_starts_everything_and_ctrl_c_stops_it_all_keeping_the_data(
    tmp_path: Path,
) -> None:
    ports = {s: free_port() for s in SERVICES}
    nats_port = free_port()
    first = start_portcullis_run(tmp_path, ports, nats_port)
    banner = wait_until_up(first)
    for service in SERVICES:
        assert f"127.0.0.1:{ports[service]}" in banner
    assert "grpcurl -plaintext" in banner
    started = children_of(first.pid)
    assert len(started) == 5  # nats-server and four services

    cluster = make_cluster(tmp_path)  # not started: it only names the addresses
    cluster.config.ports = ports
    clients = Clients(cluster)
    party = clients.registry.RegisterParty(
        registry_pb.RegisterPartyRequest(party=party_proto("Kept Across Restarts Ltd")), timeout=5
    )
    # The scoring demo: posts at every measure of the order's escalation.
    listed = clients.scoring.ListNonCompliantPosts(
        scoring_pb.ListNonCompliantPostsRequest(), timeout=5
    )
    assert {p.level for p in listed.posts} >= {
        scoring_pb.ESCALATION_LEVEL_TARGETED_INSPECTION,
        scoring_pb.ESCALATION_LEVEL_ADDITIONAL_INFORMATION,
        scoring_pb.ESCALATION_LEVEL_REFUSAL,
    }
    assert "Scoring demo" in banner
    assert "Publication demo" in banner  # and the URL of a published report
    clients.close()

    first.send_signal(signal.SIGINT)
    assert first.wait(30) == 0
    eventually(lambda: not any(alive(pid) for pid in started), timeout=10)

    second = start_portcullis_run(tmp_path, ports, nats_port)
    try:
        wait_until_up(second)
        clients = Clients(cluster)
        reply = clients.registry.GetParty(
            registry_pb.GetPartyRequest(party_id=party.party_id), timeout=5
        )
        assert reply.party.name == "Kept Across Restarts Ltd"
        clients.close()
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(30)


def test_sigterm_stops_each_service_cleanly(cluster: LocalCluster) -> None:
    for service in SERVICES:
        assert cluster.stop_service(service) == 0
        assert '"event": "service.stopped"' in cluster.log_path(service).read_text()


def test_a_second_portcullis_run_on_busy_ports_says_so(cluster: LocalCluster) -> None:
    process = start_portcullis_run(
        cluster.config.data_dir / "second", cluster.config.ports, free_port()
    )
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "is in use: is Portcullis already running?" in output
