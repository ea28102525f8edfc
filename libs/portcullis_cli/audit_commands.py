"""`portcullis audit`: check a service's log without trusting the service.

verify  fetches the log and the latest signed checkpoint, recomputes the Merkle tree and
        the hash chain from the events' bytes, checks the signature with the key you hold,
        checks the log extends every checkpoint you saved before, and verifies inclusion
        proofs for a sample of events. It then saves the checkpoint for next time.
replay  re-applies the whole log through the service's domain code (in a worker process
        a core) and compares every aggregate with what the service reports for it.

Exit codes, for scripts: 0 all checks passed, 1 something was found (each finding is
printed), 2 the service could not be asked.
"""

import base64
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Annotated
from uuid import UUID

import grpc
import typer
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Mapper
from google.protobuf.timestamp_pb2 import Timestamp
from rich.console import Console
from rich.progress import Progress

from portcullis.audit.v1 import audit_service_pb2 as pb
from portcullis.audit.v1 import audit_service_pb2_grpc as pb_grpc
from portcullis_cli.connect import open_channel
from portcullis_kit.audit import state_json
from portcullis_kit.audit_check import InclusionProof, ShownEvent, verify_log
from portcullis_kit.audit_log import Checkpoint, CheckpointError, key_id
from portcullis_kit.audit_replay import ReplayWorkers
from portcullis_kit.nats_auth import SERVICES

app = typer.Typer(help="Check a service's event log against what it signed.")
console = Console(soft_wrap=True)
Address = Annotated[str, typer.Option(help="The service's gRPC address, host:port.")]
StateDir = Annotated[
    Path,
    typer.Option(help="Where the keys you trust and the checkpoints you saw are kept."),
]
MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TIMEOUT = 60.0
# GetStateAsOf calls `audit replay` has in flight at a time.
COMPARISONS_IN_FLIGHT = 8


def _shown(event: pb.RecordedEvent) -> ShownEvent:
    return ShownEvent(
        event.position,
        UUID(event.aggregate_id),
        event.aggregate_version,
        event.type,
        event.state,
        event.leaf_hash,
        event.chain_hash,
    )


def stream_log(stub: pb_grpc.AuditServiceStub, limit: int) -> Iterator[ShownEvent]:
    request = pb.StreamEventsRequest(from_position=0, limit=limit)
    for response in stub.StreamEvents(request, timeout=3600):
        yield _shown(response.event)


def _progress_of(progress: Progress, what: str, total: int | None) -> Callable[[int], None]:
    task = progress.add_task(what, total=total)
    return lambda n: progress.advance(task, n)


def _latest_checkpoint(stub: pb_grpc.AuditServiceStub) -> tuple[Checkpoint, bytes]:
    signed = stub.GetCheckpoint(pb.GetCheckpointRequest(), timeout=TIMEOUT).checkpoint
    return Checkpoint.from_note(signed.note), signed.public_key


def _trusted_key(folder: Path, given: str | None, offered: bytes) -> bytes:
    """The key given, or the one saved on first use (trust on first use, said aloud)."""
    if given:
        return base64.b64decode(given, validate=True)
    saved = folder / "public.key"
    if saved.exists():
        return base64.b64decode(saved.read_text().strip(), validate=True)
    console.print(
        f"[yellow]No key given or saved for this service: trusting key {key_id(offered)}"
        f" on first use (saved in {saved}). Compare it with the key CBP published.[/yellow]"
    )
    folder.mkdir(parents=True, exist_ok=True)
    saved.write_text(base64.b64encode(offered).decode() + "\n")
    return offered


def _saved_checkpoints(folder: Path) -> list[Checkpoint]:
    found = []
    for note in sorted((folder / "checkpoints").glob("*.note")):
        try:
            found.append(Checkpoint.from_note(note.read_text()))
        except CheckpointError as error:
            console.print(f"[yellow]{note}: {error}; left out[/yellow]")
    return found


def _spread(size: int, count: int) -> list[int]:
    """`count` leaf indexes spread over a log of `size`, first and last included."""
    if count <= 0 or size == 0:
        return []
    if count == 1:
        return [size - 1]
    if size <= count:
        return list(range(size))
    step = (size - 1) / (count - 1)
    return sorted({round(i * step) for i in range(count)})


# The logs an auditor may be shown: a checkpoint naming any other is refused, so that a
# service cannot dodge the checkpoints saved for it by signing under a look-alike name.
ORIGINS = {f"portcullis/{s}" for s in ("registry", "screening", "scoring", "publication")}


@app.command()
def verify(
    address: Address = "localhost:50051",
    public_key: Annotated[
        str | None, typer.Option(help="The service's checkpoint key, base64, as published.")
    ] = None,
    state_dir: StateDir = Path("audit-state"),
    inclusion_checks: Annotated[int, typer.Option(min=0)] = 16,
    service: Annotated[
        str | None,
        typer.Option(help="The service you mean to verify (its checkpoint must say so)."),
    ] = None,
    save: Annotated[bool, typer.Option(help="Keep the checkpoint for later checks.")] = True,
) -> None:
    """Verify a service's log against its latest signed checkpoint and your saved ones."""
    with open_channel(address) as channel:
        stub = pb_grpc.AuditServiceStub(channel)
        try:
            checkpoint, offered_key = _latest_checkpoint(stub)
            if checkpoint.origin not in ORIGINS or (
                service and checkpoint.origin != f"portcullis/{service}"
            ):
                expected = f"portcullis/{service}" if service else " or ".join(sorted(ORIGINS))
                raise CheckpointError(
                    f"the checkpoint is of {checkpoint.origin!r}, not of {expected}"
                )
            folder = state_dir / checkpoint.origin.replace("/", "_")
            trusted = _trusted_key(folder, public_key, offered_key)
            saved = _saved_checkpoints(folder)

            def inclusion(position: int, size: int) -> InclusionProof:
                request = pb.GetInclusionProofRequest(position=position, tree_size=size)
                got = stub.GetInclusionProof(request, timeout=TIMEOUT)
                return InclusionProof(got.leaf_index, got.tree_size, got.leaf_hash, got.proof)

            def consistency(first: int, second: int) -> list[bytes]:
                request = pb.GetConsistencyProofRequest(first_size=first, second_size=second)
                return list(stub.GetConsistencyProof(request, timeout=TIMEOUT).proof)

            with Progress(console=console, transient=True) as progress:
                advance = _progress_of(progress, "hashing the log", checkpoint.size)
                result = verify_log(
                    stream_log(stub, checkpoint.size),
                    checkpoint,
                    trusted,
                    saved,
                    inclusion,
                    consistency,
                    _spread(checkpoint.size, inclusion_checks),
                    advance,
                )
        except grpc.RpcError as error:
            console.print(f"[red]{address}: {error.code().name}: {error.details()}[/red]")
            raise typer.Exit(2) from None
        except CheckpointError as error:
            console.print(f"[red]{address}: {error}[/red]")
            raise typer.Exit(1) from None
    if result.findings:
        console.print(f"[red]{checkpoint.origin}: the log is not the log that was signed[/red]")
        for finding in result.findings:
            console.print(f"  {finding}", markup=False, highlight=False)
        raise typer.Exit(1)
    if save:
        kept = folder / "checkpoints" / f"{checkpoint.size:012d}.note"
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(checkpoint.to_note())
    console.print(
        f"[green]{checkpoint.origin}: {result.events} events verified[/green] against the"
        f" checkpoint of size {checkpoint.size} signed by key {checkpoint.key_id} at"
        f" {checkpoint.made_at.isoformat()}; root {checkpoint.root.hex()};"
        f" consistent with {len(saved)} saved checkpoint(s);"
        f" {min(inclusion_checks, result.events)} inclusion proofs verified."
    )


def domain_mapper(service: str) -> Mapper[UUID]:
    """The service's mapper, as a replay worker makes it (by name, through its pipe)."""
    return domain_application(service).mapper


def domain_application(service: str) -> Application[UUID]:
    """The service's application on an empty in-memory store: its domain code and mapper."""
    from portcullis_kit.reference import country_codes, legal_form_aliases, place_names

    countries = country_codes()
    if service == "registry":
        from registry.application.registry_app import RegistryApplication

        return RegistryApplication(MEMORY, countries)
    if service == "screening":
        from screening.application.screening_app import ScreeningApplication
        from screening.domain.names import LegalForms, NameReader

        names = NameReader(LegalForms.from_aliases(legal_form_aliases()), place_names())
        return ScreeningApplication(MEMORY, countries, names)
    if service == "scoring":
        from scoring.application.scoring_app import ScoringApplication

        return ScoringApplication(MEMORY, countries)
    if service == "publication":
        from publication.application.publication_app import PublicationApplication

        return PublicationApplication(MEMORY, countries)
    raise typer.BadParameter(f"no such service: {service}")


@app.command()
def replay(address: Address = "localhost:50051") -> None:
    """Re-apply the service's whole log through its domain code and compare every
    aggregate with what the service reports."""
    # The replay's workers are forked before the gRPC channel is opened, so that none
    # holds a copy of it; they make the service's mapper when told which service it is.
    with ReplayWorkers(os.cpu_count() or 1, _states) as workers, open_channel(address) as channel:
        stub = pb_grpc.AuditServiceStub(channel)
        try:
            checkpoint, _ = _latest_checkpoint(stub)
            service = checkpoint.origin.removeprefix("portcullis/")
            if service not in SERVICES:
                raise typer.BadParameter(f"no such service: {service}")
            findings = []
            with Progress(console=console, transient=True) as progress:
                advance = _progress_of(progress, "replaying the log", checkpoint.size)
                events = stream_log(stub, checkpoint.size)
                shares = workers.replay(events, partial(domain_mapper, service), advance)
                replayed = [state for share in shares for state in share]
                compare = _progress_of(progress, "comparing aggregates", len(replayed))
                # A few GetStateAsOf calls in flight at a time: one after another, each
                # waits a round trip and the service is idle between them.
                pool = ThreadPoolExecutor(max_workers=COMPARISONS_IN_FLIGHT)
                try:
                    for found in pool.map(lambda item: _compare(stub, *item), replayed):
                        findings.extend(found)
                        compare(1)
                finally:
                    # On an error, the calls not yet made are not made.
                    pool.shutdown(cancel_futures=True)
        except grpc.RpcError as error:
            console.print(f"[red]{address}: {error.code().name}: {error.details()}[/red]")
            raise typer.Exit(2) from None
    if findings:
        console.print(f"[red]{checkpoint.origin}: replay differs from the service[/red]")
        for finding in findings:
            console.print(f"  {finding}", markup=False, highlight=False)
        raise typer.Exit(1)
    console.print(
        f"[green]{checkpoint.origin}: {checkpoint.size} events replayed;"
        f" all {len(replayed)} aggregates are as the service reports them[/green]"
    )


def _states(aggregates: dict[UUID, Aggregate]) -> list[tuple[str, str]]:
    """Each aggregate a replay worker made, by id, as `GetStateAsOf` shows one: the JSON is
    made in the worker, which sends back text rather than the aggregates."""
    return [(str(aggregate_id), state_json(a)) for aggregate_id, a in aggregates.items()]


def _compare(stub: pb_grpc.AuditServiceStub, aggregate_id: str, replayed: str) -> list[str]:
    modified_on = json.loads(replayed)["modified_on"]
    recorded_at = Timestamp()
    recorded_at.FromJsonString(modified_on.replace("+00:00", "Z"))
    request = pb.GetStateAsOfRequest(aggregate_id=aggregate_id, recorded_at=recorded_at)
    reported = stub.GetStateAsOf(request, timeout=TIMEOUT)
    if reported.state_json != replayed:
        return [
            f"aggregate {aggregate_id} ({reported.type or 'absent'}): the service reports"
            f" {reported.state_json or 'nothing'}, the log makes {replayed}"
        ]
    return []
