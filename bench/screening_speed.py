"""`make bench`, part 3: screening's speed and size with a large watchlist (issue 4).

One run: first one server process holding a generated watchlist (default 1,000,000 parties,
each with a debarment in force), driven over gRPC by this process:
- the watchlist's build time (the index alone, the parties being in memory; indexed by
  worker processes, as a replica's start-up build is) and the server's resident memory;
- ScreenParty: latency one call at a time (p50, p99), and throughput with 16 and 64
  calls in flight;
- ScreenParties: one stream, parties pushed with backpressure, parties per second;
- beside them, the same figures for the cheapest call the server answers (the standard
  grpc health Check) and a ScreenParties stream whose every request the server refuses
  at once (it holds no party), so the cost of screening can be told from the cost of
  gRPC, and `Watchlist.screen` timed inside the server, without gRPC;
- the CPU each process used meanwhile (100% is one core), to see which one limits;
- then (`--replicas`, 2 by default) the same calls spread by the client over that many
  servers, each its own process with its own watchlist, as screening scales on
  Kubernetes: one Python process uses one core at most.

The server runs in a process of its own so that the load generator does not share its
GIL; on a 2-core machine the two processes have a core each. Queries are generated before
any timing starts: a third are variants of listed parties (a typo, another legal form,
words reordered, or a new name with one of the listed party's contacts), two thirds are
new parties from the same vocabulary. Many of those share a two-syllable name with some
listed party, as real trade names do, and are flagged; the run prints how many.

    .venv/bin/python -m bench.screening_speed [--parties N] [--replicas N]
"""

import argparse
import asyncio
import gc
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import date
from multiprocessing.connection import Connection
from typing import Any
from uuid import UUID

import grpc
import uvloop
from grpc_health.v1 import health_pb2, health_pb2_grpc

from bench.screening_quality import reader, typo
from portcullis.screening.v1 import screening_service_pb2 as pb
from portcullis.screening.v1 import screening_service_pb2_grpc as pb_grpc
from portcullis_kit.collector import collector_paused
from portcullis_kit.grpc_server import GrpcServer
from portcullis_kit.logs import configure_logging
from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind, Principal
from portcullis_kit.party_proto import party_to_proto
from portcullis_kit.reference import country_codes
from screening.adapters.indexing_processes import indexing_processes
from screening.application.screening_app import ScreeningApplication
from screening.compiled import domain_code
from screening.domain.watched_party import Listing
from screening.domain.watchlist import WatchlistEntry
from screening.entrypoints.grpc_servicer import screening_servicer

SEED = 13904
TODAY = date(2026, 11, 28)
LISTING_ID = "x"

# The parties: Chinese trading companies and some people, from a vocabulary large enough
# that a million parties are mostly distinct, yet with the repetition real names have
# (a two-syllable name is shared by dozens of companies, industries and forms by many).

SYLLABLES = tuple(
    """
    an ao bai bang bao bei ben bin bo cai can cheng chang chao chen chi chong chu chuang
    da dai dan de deng di ding dong du duan fa fan fang fei feng fu gang gao ge geng gong
    guan guang gui guo hai han hang hao he heng hong hou hu hua huai huan huang hui jia
    jian jiang jiao jie jin jing jiu ju jun kai kang ke kun lai lan lang le lei li lian
    liang lin ling long lu luo ma mai man mao mei meng miao min ming mu nan neng ning nuo
    ou pan peng ping pu qi qian qiang qiao qin qing qiu quan rui run sai san sen shan
    shang shen sheng shi shun si song tai tan tang tao teng tian tong wan wang wei wen wu
    xi xia xian xiang xiao xin xing xu xuan ya yan yang yao ye yi yin ying yong you yu
    yuan yue yun ze zhan zhao zhen zheng zhi zhong zhou zhu zi zong
    """.split()
)
WESTERN = tuple("tek tron vex lor mar sol nor dex ari ven cor lux qua zen pol kin".split())
# Industry words: most are generic (weighed down), some are not and so are shared
# distinctive words ("Valve", "Furniture"), as in real registers.
INDUSTRIES = tuple(
    " ".join(industry.split())
    for industry in """
    Electronics|Electronic Technology|Trading|Import and Export|International Trade|
    Technology|Apparel|Garment|Textile|Toys|Cosmetics|Logistics|Industrial|Machinery|
    Hardware|Lighting|Packaging|Plastic Products|Auto Parts|Medical Equipment|Household
    Products|Supply Chain|Digital Technology|Industry and Trade|Commerce|Furniture|Valve|
    Bearing|Ceramics|Optical|Battery|Crafts and Gifts|Sports Goods|Shoes|Bags|Jewelry|
    Chemical|Metal Products|Printing|Cable|New Energy|Smart Home|Precision Mould
    """.split("|")
)
FORMS = (
    "Co., Ltd.",
    "Co., Limited",
    "Company Limited",
    "CO.,LTD",
    "Ltd",
    "Limited",
    "LLC",
    "Inc.",
    "Corp.",
)
# (city, country, telephone area code).
CITIES = (
    ("Shenzhen", "CN", "755"),
    ("Guangzhou", "CN", "20"),
    ("Dongguan", "CN", "769"),
    ("Foshan", "CN", "757"),
    ("Zhongshan", "CN", "760"),
    ("Shantou", "CN", "754"),
    ("Yiwu", "CN", "579"),
    ("Ningbo", "CN", "574"),
    ("Hangzhou", "CN", "571"),
    ("Shanghai", "CN", "21"),
    ("Xiamen", "CN", "592"),
    ("Quanzhou", "CN", "595"),
    ("Wenzhou", "CN", "577"),
    ("Suzhou", "CN", "512"),
    ("Qingdao", "CN", "532"),
    ("Tianjin", "CN", "22"),
    ("Jieyang", "CN", "663"),
    ("Chaozhou", "CN", "768"),
    ("Huizhou", "CN", "752"),
    ("Zhuhai", "CN", "756"),
    ("Jinjiang", "CN", "595"),
    ("Taizhou", "CN", "576"),
    ("Changsha", "CN", "731"),
    ("Hong Kong", "HK", ""),
)
STREET_KINDS = ("Road", "Street", "Avenue", "North Road", "South Road", "East Road", "Lu")
DISTRICTS = ("Futian", "Nanshan", "Baoan", "Longgang", "Tianhe", "Yuexiu", "Kwun Tong", "Jiangbei")
GIVEN = tuple(
    """
    Wei Fang Jing Li Min Jun Lei Yan Hui Ying Jie Tao Qiang Ping Hong Xia Gang Bin Hao
    Lin Chao Yu Xin Mei Ling Dan Hua Bo Kai Rui Maria Jose Juan Ana John Mary David Anna
    Ahmed Fatima Olga Ivan Raj Priya Kenji Yuki
    """.split()
)
FAMILY = tuple(
    """
    Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo
    Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Garcia Smith Lopez Kim Nguyen Patel
    Khan Ivanov Tanaka Silva
    """.split()
)
FREE_MAIL = ("163.com", "126.com", "qq.com", "gmail.com", "hotmail.com", "foxmail.com")
# UEI: 12 characters, no I or O, the first not 0 (see portcullis_kit.party).
UEI_FIRST = "ABCDEFGHJKLMNPQRSTUVWXYZ123456789"
UEI_REST = UEI_FIRST + "0"


def coined(rng: random.Random) -> str:
    """A made-up name word: two syllables (shared by dozens in a million) or three
    (mostly unique); now and then a Western-sounding syllable."""
    count = 2 if rng.random() < 0.55 else 3
    parts = [rng.choice(SYLLABLES) for _ in range(count)]
    if rng.random() < 0.1:
        parts[-1] = rng.choice(WESTERN)
    return "".join(parts).capitalize()


@dataclass(frozen=True)
class Listed:
    """A generated party with the words its name was made of (for making variants)."""

    details: PartyDetails
    city: str
    words: tuple[str, ...]
    industry: str
    form: str


def make_party(index: int) -> Listed:
    """Party number `index`, the same every run: each has its own seeded generator, so
    the client can remake any listed party without making the other million."""
    rng = random.Random(SEED * 100_000_000 + index)
    city, country, area = rng.choice(CITIES)
    street = (
        rng.choice(SYLLABLES).capitalize() + rng.choice(SYLLABLES) + " " + rng.choice(STREET_KINDS)
    )
    line2 = f"{rng.choice(DISTRICTS)} District" if rng.random() < 0.3 else ""
    address = Address(
        line1=f"Room {rng.randint(101, 3999)}, No. {rng.randint(1, 999)} {street}",
        line2=line2,
        city=city,
        postal_code=str(rng.randint(510000, 529999)) if country == "CN" else "",
        country=country,
    )
    phone = (
        f"+86 {area} {rng.randint(2000_0000, 8999_9999)}"
        if area
        else (f"+852 {rng.randint(2000_0000, 9999_9999)}")
    )
    if rng.random() < 0.1:
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        birth = date(rng.randint(1950, 2002), rng.randint(1, 12), rng.randint(1, 28))
        mailbox = f"{given.lower()}.{family.lower()}{rng.randint(1, 9999)}@{rng.choice(FREE_MAIL)}"
        details = PartyDetails(
            kind=PartyKind.INDIVIDUAL,
            name=f"{given} {family}",
            birth_date=birth,
            addresses=(address,),
            phones=(phone,),
            emails=(mailbox,) if rng.random() < 0.5 else (),
            source_ref=f"bench-{index}",
        )
        return Listed(details, city, (given, family), "", "")
    words = [coined(rng)]
    if rng.random() < 0.25:
        words.append(coined(rng))
    industry = rng.choice(INDUSTRIES)
    form = rng.choice(FORMS)
    place = f"{city} " if rng.random() < 0.4 else ""
    name = f"{place}{' '.join(words)} {industry} {form}"
    domain = f"{''.join(words).lower()}{rng.randint(1, 999)}.com"
    emails = (f"{rng.choice(('sales', 'info', 'export'))}@{domain}",)
    if rng.random() < 0.3:
        emails = (f"{words[0].lower()}{rng.randint(1, 99999)}@{rng.choice(FREE_MAIL)}",)
    principals: tuple[Principal, ...] = ()
    if rng.random() < 0.2:
        born = date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
        principal = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        principals = (Principal(principal, "director", born),)
    identifiers: tuple[Identifier, ...] = ()
    if rng.random() < 0.6:
        uei = rng.choice(UEI_FIRST) + "".join(rng.choices(UEI_REST, k=11))
        identifiers = (Identifier("UEI", uei),)
    details = PartyDetails(
        kind=PartyKind.ORGANIZATION,
        name=name,
        addresses=(address,),
        identifiers=identifiers,
        phones=(phone,),
        emails=emails,
        websites=(f"https://www.{domain}",) if rng.random() < 0.5 else (),
        source_ref=f"bench-{index}",
        principals=principals,
    )
    return Listed(details, city, tuple(words), industry, form)


# The queries: made once, the same in the server (for the in-process figure) and here.

QUERIES = 3_000
# Parties made for queries are numbered from here, far from the listed ones.
FRESH = 1_000_000_000


def party_id(index: int) -> UUID:
    return UUID(int=(SEED << 64) | index)


def variant(listed: Listed, fresh: PartyDetails, rng: random.Random) -> tuple[str, PartyDetails]:
    """(kind of variant, query): the listed party coming back changed."""
    details = listed.details
    if details.kind is PartyKind.INDIVIDUAL:
        return "same person, new address", replace(details, addresses=fresh.addresses)
    kind = rng.choice(("typo", "legal form", "word order", "phone", "email", "premises", "uei"))
    renamed = replace(fresh, kind=PartyKind.ORGANIZATION, birth_date=None)
    core = " ".join(listed.words)
    city = f"{listed.city} " if details.name.startswith(listed.city) else ""
    if kind == "typo":
        name = details.name.replace(listed.words[0], typo(listed.words[0], rng))
        return kind, replace(renamed, name=name)
    if kind == "legal form":
        form = rng.choice([f for f in FORMS if f != listed.form])
        return kind, replace(renamed, name=f"{city}{core} {listed.industry} {form}")
    if kind == "word order":
        return kind, replace(renamed, name=f"{listed.industry} {core} {city}{listed.form}")
    if kind == "phone":
        return "new name, same phone", replace(renamed, phones=details.phones)
    if kind == "email":
        return "new name, same email", replace(renamed, emails=details.emails)
    if kind == "premises":
        return "new name, same premises", replace(renamed, addresses=details.addresses)
    if not details.identifiers:
        return "new name, same phone", replace(renamed, phones=details.phones)
    return "new name, same UEI", replace(renamed, identifiers=details.identifiers)


@dataclass(frozen=True)
class Query:
    details: PartyDetails
    # The listed party it is a variant of; None for a new party.
    listed_id: UUID | None


def queries(parties: int) -> list[Query]:
    """A third variants of listed parties, two thirds new parties, in a fixed order."""
    rng = random.Random(SEED)
    made = []
    for n in range(QUERIES):
        fresh = make_party(FRESH + n).details
        if n % 3 == 0:
            index = rng.randrange(parties)
            _, details = variant(make_party(index), fresh, rng)
            made.append(Query(details, party_id(index)))
        else:
            made.append(Query(fresh, None))
    return made


# The server process: builds the watchlist, then serves it until told to stop.

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
LISTING = Listing("debarment", date(2025, 1, 1), None, trade_related=True)
# The servers are spawned from this process, with its environment and files: as it runs.
DOMAIN_CODE = domain_code()
BATCH = 10_000
# Indexing processes for the build; the server process applies what they index. Two, as
# the server has nothing else to do (a replica starting from its store reads it meanwhile,
# and does best with one: bench/screening_start.py).
BUILD_WORKERS = 2


def status_kib(field: str, pid: str = "self") -> int:
    """A figure from /proc/<pid>/status in KiB (VmRSS: resident now; VmHWM: its peak)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    raise LookupError(field)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Built:
    port: int
    generate_seconds: float
    build_seconds: float
    rss_before_kib: int
    rss_built_kib: int
    rss_collected_kib: int
    in_process_ms: list[float]


def serve(parties: int, conn: Connection) -> None:
    """The server process's main: build, report, serve until the parent says stop."""
    configure_logging("console", "warning")
    uvloop.run(_serve(parties, conn))


async def _serve(parties: int, conn: Connection) -> None:
    app = ScreeningApplication(MEMORY, country_codes(), reader(), clock=lambda: TODAY)
    rss_before = status_kib("VmRSS")
    generate = build = 0.0
    # Made in batches so that making the parties is not timed as building the index.
    with collector_paused(), indexing_processes(app.watchlist.indexer, BUILD_WORKERS) as map_each:
        for start in range(0, parties, BATCH):
            began = time.perf_counter()
            batch = [
                WatchlistEntry(party_id(i), make_party(i).details, {LISTING_ID: LISTING})
                for i in range(start, min(start + BATCH, parties))
            ]
            made = time.perf_counter()
            app.watchlist.put_many(batch, map_each)
            generate += made - began
            build += time.perf_counter() - made
    del batch
    rss_built = status_kib("VmRSS")
    # Collected for the memory figure, then frozen as a service does once it has loaded
    # its state (portcullis_kit.runtime).
    gc.collect()
    gc.freeze()
    rss_collected = status_kib("VmRSS")
    # The watchlist alone, no gRPC: the same queries, one at a time, after a warm-up.
    pool = queries(parties)
    for query in pool[:200]:
        app.screen(query.details)
    in_process = []
    for query in pool:
        began = time.perf_counter()
        app.screen(query.details)
        in_process.append((time.perf_counter() - began) * 1000)
    server = GrpcServer([screening_servicer(app)])
    port = await server.start("127.0.0.1", 0)
    await server.mark_serving()
    conn.send(Built(port, generate, build, rss_before, rss_built, rss_collected, in_process))
    await asyncio.get_running_loop().run_in_executor(None, conn.recv)
    conn.send((status_kib("VmRSS"), status_kib("VmHWM")))
    await server.stop(1)


# The client: this process, on grpc.aio.


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Figures:
    """One measurement, with the CPU both processes used during it (in cores)."""

    rate: float
    p50: float = 0.0
    p99: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    # Each server's share of `server_cpu`, where there are several.
    server_cpus: tuple[float, ...] = ()


class Meter:
    """Times a phase and the CPU each server, the servers together and the client used
    meanwhile."""

    def __init__(self, server_pids: list[int]) -> None:
        self.server_pids = server_pids

    def _server_seconds(self) -> list[float]:
        return [cpu_seconds(pid) for pid in self.server_pids]

    def __enter__(self) -> "Meter":
        self.began = time.perf_counter()
        self.server_began = self._server_seconds()
        self.client_began = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.elapsed = time.perf_counter() - self.began
        used = zip(self._server_seconds(), self.server_began, strict=True)
        self.server_cpus = tuple((end - began) / self.elapsed for end, began in used)
        self.server_cpu = sum(self.server_cpus)
        self.client_cpu = (time.process_time() - self.client_began) / self.elapsed

    def figures(self, rate: float, p50: float = 0.0, p99: float = 0.0) -> "Figures":
        each = self.server_cpus if len(self.server_cpus) > 1 else ()
        return Figures(rate, p50, p99, self.server_cpu, self.client_cpu, each)


Call = Callable[[Any], Any]


async def one_at_a_time(call: Call, requests: list[Any], count: int, meter: Meter) -> Figures:
    for request in requests[:200]:  # warm-up
        await call(request)
    latencies = []
    with meter:
        for n in range(count):
            began = time.perf_counter()
            await call(requests[n % len(requests)])
            latencies.append((time.perf_counter() - began) * 1000)
    return meter.figures(
        count / meter.elapsed, statistics.median(latencies), percentile(latencies, 0.99)
    )


async def in_flight(
    call: Call, requests: list[Any], count: int, calls: int, meter: Meter
) -> Figures:
    latencies: list[float] = []

    async def worker(offset: int) -> None:
        for n in range(offset, count, calls):
            began = time.perf_counter()
            await call(requests[n % len(requests)])
            latencies.append((time.perf_counter() - began) * 1000)

    with meter:
        await asyncio.gather(*(worker(offset) for offset in range(calls)))
    return meter.figures(
        count / meter.elapsed, statistics.median(latencies), percentile(latencies, 0.99)
    )


async def streamed(
    stub: Any, parties: list[Any], count: int, window: int, meter: Meter, streams: int = 1
) -> Figures:
    """ScreenParties streams, `count` parties in all, each stream with at most `window`
    unanswered at a time (the generator waits for answers, so nothing piles up in either
    process)."""

    async def stream(offset: int) -> int:
        room = asyncio.Semaphore(window)

        async def requests() -> AsyncIterator[Any]:
            for n in range(offset, count, streams):
                await room.acquire()
                yield parties[n % len(parties)]

        answered = 0
        async for _ in stub.ScreenParties(requests()):
            answered += 1
            room.release()
        return answered

    with meter:
        answered = sum(await asyncio.gather(*(stream(offset) for offset in range(streams))))
    if answered != count:
        raise RuntimeError(f"ScreenParties answered {answered} of {count}")
    return meter.figures(answered / meter.elapsed)


async def measure(
    address: str, server_pid: int, pool: list[Query]
) -> tuple[dict[str, Figures | None], list[pb.ScreenPartyResponse]]:
    parties = [party_to_proto(q.details) for q in pool]
    screens = [pb.ScreenPartyRequest(party=p) for p in parties]
    checks = [health_pb2.HealthCheckRequest(service="")]
    meter = Meter([server_pid])
    figures: dict[str, Figures | None] = {}
    async with grpc.aio.insecure_channel(address) as channel:
        stub = pb_grpc.ScreeningServiceStub(channel)
        health = health_pb2_grpc.HealthStub(channel)
        answers: list[pb.ScreenPartyResponse] = []

        async def screen(request: pb.ScreenPartyRequest) -> None:
            answers.append(await stub.ScreenParty(request, timeout=30))

        figures["ScreenParty, 1 in flight"] = await one_at_a_time(
            screen, screens, len(screens), meter
        )
        answers = answers[200:]  # the warm-up's
        answered = list(answers)
        sequential = figures["ScreenParty, 1 in flight"]
        assert sequential is not None
        # About ten seconds each, whatever the size of the watchlist.
        count = min(20_000, max(2_000, int(sequential.rate * 15)))
        for calls in (16, 64):
            figures[f"ScreenParty, {calls} in flight"] = await in_flight(
                screen, screens, count, calls, meter
            )
        figures["ScreenParties, 1 stream"] = None
        if hasattr(pb, "ScreenPartiesRequest") and hasattr(stub, "ScreenParties"):
            requests = [
                pb.ScreenPartiesRequest(request_id=f"q{n}", party=p) for n, p in enumerate(parties)
            ]
            count = min(50_000, max(5_000, int(sequential.rate * 30)))
            try:
                figures["ScreenParties, 1 stream"] = await streamed(
                    stub, requests, count, 64, meter
                )
            except grpc.aio.AioRpcError as error:
                if error.code() is not grpc.StatusCode.UNIMPLEMENTED:
                    raise

        async def check(request: health_pb2.HealthCheckRequest) -> None:
            await health.Check(request, timeout=30)

        figures["health Check, 1 in flight"] = await one_at_a_time(check, checks, 3_000, meter)
        for calls in (16, 64):
            figures[f"health Check, {calls} in flight"] = await in_flight(
                check, checks, 20_000, calls, meter
            )
        if figures["ScreenParties, 1 stream"] is not None:
            # The trivial stream: ScreenParties itself, every request refused at once for
            # want of a party, so what a streamed party costs beside screening it.
            empty = [pb.ScreenPartiesRequest(request_id=f"e{n}") for n in range(1_000)]
            figures["ScreenParties, 1 stream, refused"] = await streamed(
                stub, empty, 50_000, 64, meter
            )
    return figures, answered


async def measure_replicas(
    ports: list[int], server_pids: list[int], pool: list[Query]
) -> dict[str, Figures | None]:
    """ScreenParty and ScreenParties spread over several replicas by the client, as a
    partner's channel does over a Kubernetes headless service (round_robin)."""
    parties = [party_to_proto(q.details) for q in pool]
    screens = [pb.ScreenPartyRequest(party=p) for p in parties]
    requests = [pb.ScreenPartiesRequest(request_id=f"q{n}", party=p) for n, p in enumerate(parties)]
    meter = Meter(server_pids)
    replicas = len(ports)
    figures: dict[str, Figures | None] = {}
    target = "ipv4:" + ",".join(f"127.0.0.1:{port}" for port in ports)
    options = [("grpc.lb_policy_name", "round_robin")]
    async with grpc.aio.insecure_channel(target, options=options) as channel:
        stub = pb_grpc.ScreeningServiceStub(channel)

        async def screen(request: pb.ScreenPartyRequest) -> None:
            await stub.ScreenParty(request, timeout=30)

        for request in screens[:200]:  # warm-up, and every replica connected
            await screen(request)
        for calls in (16, 64):
            figures[f"ScreenParty, {calls} in flight"] = await in_flight(
                screen, screens, 20_000, calls, meter
            )
        figures[f"ScreenParties, {replicas} streams"] = await streamed(
            stub, requests, 40_000, 64, meter, streams=replicas
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parties", type=int, default=1_000_000)
    parser.add_argument(
        "--replicas",
        type=int,
        default=2,
        help="after the figures for one server, the same calls spread over this many",
    )
    args = parser.parse_args()
    parties: int = args.parties
    began = time.perf_counter()
    servers = [Server(parties)]
    pool = queries(parties)
    spread: dict[str, Figures | None] = {}
    try:
        first = servers[0]
        built = first.built()
        figures, answers = asyncio.run(measure(f"127.0.0.1:{built.port}", first.pid, pool))
        if args.replicas > 1:
            # Built one after another, as replicas start: each alone on the machine.
            for _ in range(args.replicas - 1):
                servers.append(Server(parties))
                servers[-1].built()
            spread = asyncio.run(
                measure_replicas([s.built().port for s in servers], [s.pid for s in servers], pool)
            )
        memory = [s.stop() for s in servers]
    finally:
        for server in servers:
            server.kill()
    report(parties, built, figures, answers, pool, *memory[0])
    if spread:
        report_replicas([s.built() for s in servers], spread, memory)
    print(f"(whole run {time.perf_counter() - began:.0f} s)")


class Server:
    """A screening server in a process of its own, building its watchlist as it starts."""

    def __init__(self, parties: int) -> None:
        # A fresh interpreter: no state (or gRPC threads) copied by fork.
        context = multiprocessing.get_context("spawn")
        self._ours, theirs = context.Pipe()
        self._process = context.Process(
            target=serve, args=(parties, theirs), name="screening-server"
        )
        self._process.start()
        assert self._process.pid is not None
        self.pid = self._process.pid
        self._built: Built | None = None

    def built(self) -> Built:
        """What it reported once built and serving (waits for it)."""
        if self._built is None:
            self._built = self._ours.recv()
        return self._built

    def stop(self) -> tuple[int, int]:
        """Its resident memory at the end and at its peak, in KiB."""
        self._ours.send("stop")
        rss_end, rss_peak = self._ours.recv()
        self._process.join(timeout=30)
        return rss_end, rss_peak

    def kill(self) -> None:
        self._process.join(timeout=0 if self._process.exitcode is not None else 30)
        if self._process.is_alive():
            self._process.kill()


def gib(kib: int) -> str:
    return f"{kib / 2**20:.2f} GiB"


def report(
    parties: int,
    built: Built,
    figures: dict[str, Figures | None],
    answers: list[pb.ScreenPartyResponse],
    pool: list[Query],
    rss_end: int,
    rss_peak: int,
) -> None:
    print(f"Screening speed: {parties:,} parties listed, each with a debarment in force")
    print(f"  {sys.executable} -m bench.screening_speed --parties {parties}")
    print(f"  screening's domain {DOMAIN_CODE} (screening.compiled)")
    print(
        f"Watchlist build (Watchlist.put_many, {BUILD_WORKERS} indexing processes):"
        f" {built.build_seconds:.1f} s"
        f" ({parties / built.build_seconds:,.0f} parties/s);"
        f" making the parties, not counted: {built.generate_seconds:.1f} s"
    )
    print(
        f"Server resident memory: {gib(built.rss_before_kib)} before the build,"
        f" {gib(built.rss_built_kib)} after, {gib(built.rss_collected_kib)} after gc,"
        f" {gib(rss_end)} at the end; peak {gib(rss_peak)}"
    )
    decisions = Counter(pb.Decision.Name(a.decision).removeprefix("DECISION_") for a in answers)
    variants = [(q, a) for q, a in zip(pool, answers, strict=True) if q.listed_id is not None]
    found = sum(any(h.party_id == str(q.listed_id) for h in a.hits) for q, a in variants)
    new = [a for q, a in zip(pool, answers, strict=True) if q.listed_id is None]
    flagged = sum(a.decision != pb.DECISION_CLEAR for a in new)
    print(
        f"Queries: {len(pool):,}, each once in the 1-in-flight run: {len(variants):,} variants"
        f" of listed parties ({found:,} found), {len(new):,} new parties ({flagged:,} flagged);"
        f" decisions {', '.join(f'{k} {v:,}' for k, v in sorted(decisions.items()))}"
    )
    print()
    print(f"{'':<34}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}{'server CPU':>12}{'client CPU':>12}")
    in_process = built.in_process_ms
    print(
        f"{'Watchlist.screen, in the server':<34}"
        f"{len(in_process) / (sum(in_process) / 1000):>9,.0f}"
        f"{statistics.median(in_process):>9.2f}{percentile(in_process, 0.99):>9.2f}"
    )
    print_rows(figures)


def print_rows(figures: dict[str, Figures | None]) -> None:
    for label, f in figures.items():
        if f is None:
            print(f"{label:<34}{'not available':>18}")
            continue
        latency = f"{f.p50:>9.2f}{f.p99:>9.2f}" if f.p50 else f"{'':>18}"
        each = " + ".join(f"{cpu:.0%}" for cpu in f.server_cpus)
        print(
            f"{label:<34}{f.rate:>9,.0f}{latency}{f.server_cpu:>11.0%}{f.client_cpu:>11.0%}"
            + (f"   ({each})" if each else "")
        )


def report_replicas(
    built: list[Built], figures: dict[str, Figures | None], memory: list[tuple[int, int]]
) -> None:
    print()
    print(
        f"The same calls spread over {len(built)} replicas by the client (round_robin), each"
        " its own process with its own watchlist, built one after another:"
    )
    for n, (b, (rss_end, rss_peak)) in enumerate(zip(built, memory, strict=True), start=1):
        print(
            f"  replica {n}: built in {b.build_seconds:.1f} s; resident {gib(rss_end)} at"
            f" the end, peak {gib(rss_peak)}"
        )
    print(
        f"{'':<34}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}{'servers CPU':>12}{'client CPU':>12}"
        "   (each server)"
    )
    print_rows(figures)


if __name__ == "__main__":
    main()
