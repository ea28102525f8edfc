"""`portcullis scoring`: a quarter's observations in from CSV, and the quarter closed.

    portcullis scoring load observations.csv --quarter 2026Q3
    portcullis scoring close 2026Q3 --threshold 60 --reason "set by the SDO, memo 2026-14"

The CSV has a header and one row per post (or per batch of a post):
upu_code, items_received, items_with_aed, aed_errors, counterfeit, synthetic_opioids,
other_narcotics, other_contraband, priority_trade_issue (applies to the row's seizures),
information_requests, timely_responses, holds_presented, and optionally batch_id
(default: the file's name and the row number, so loading the same file again changes
nothing), corrects and reason (a correction of an earlier batch).
"""

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import grpc
import typer
from rich.console import Console
from rich.table import Table

from portcullis.scoring.v1 import scoring_service_pb2 as pb
from portcullis.scoring.v1 import scoring_service_pb2_grpc as pb_grpc
from portcullis_cli.connect import open_channel

app = typer.Typer(help="Load a quarter's observations and close the quarter.")
console = Console(soft_wrap=True)
Address = Annotated[str, typer.Option(help="Scoring's gRPC address, host:port.")]
SEIZURE_COLUMNS = {
    "counterfeit": pb.SEIZURE_CATEGORY_COUNTERFEIT,
    "synthetic_opioids": pb.SEIZURE_CATEGORY_SYNTHETIC_OPIOIDS,
    "other_narcotics": pb.SEIZURE_CATEGORY_OTHER_NARCOTICS,
    "other_contraband": pb.SEIZURE_CATEGORY_OTHER_CONTRABAND,
}
COUNT_COLUMNS = (
    "items_received",
    "items_with_aed",
    "aed_errors",
    "information_requests",
    "timely_responses",
    "holds_presented",
)
LEVELS = {
    pb.ESCALATION_LEVEL_NONE: "",
    pb.ESCALATION_LEVEL_TARGETED_INSPECTION: "targeted inspection",
    pb.ESCALATION_LEVEL_ADDITIONAL_INFORMATION: "additional information",
    pb.ESCALATION_LEVEL_REFUSAL: "refusal",
}


class RowError(ValueError):
    pass


def _count(row: dict[str, str], column: str) -> int:
    text = (row.get(column) or "0").strip() or "0"
    try:
        return int(text)
    except ValueError:
        raise RowError(f"{column}: {text!r} is not a whole number") from None


def observation_requests(
    path: Path, quarter: str
) -> Iterator[tuple[int, pb.RecordObservationsRequest | RowError]]:
    """(row number, request) per data row, or the row's error if it cannot be read."""
    with path.open(newline="", encoding="utf-8") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            try:
                yield number, observation_request(path, quarter, number, row)
            except RowError as error:
                yield number, error


def observation_request(
    path: Path, quarter: str, number: int, row: dict[str, str]
) -> pb.RecordObservationsRequest:
    pti = (row.get("priority_trade_issue") or "").strip()
    seizures = [
        pb.SeizureCount(category=category, count=count, priority_trade_issue=pti)
        for column, category in SEIZURE_COLUMNS.items()
        if (count := _count(row, column))
    ]
    observations = pb.Observations(seizures=seizures, **{c: _count(row, c) for c in COUNT_COLUMNS})
    return pb.RecordObservationsRequest(
        upu_code=(row.get("upu_code") or "").strip(),
        quarter=quarter,
        batch_id=(row.get("batch_id") or "").strip() or f"{path.name}#{number}",
        observations=observations,
        source=str(path.name),
        corrects=(row.get("corrects") or "").strip(),
        reason=(row.get("reason") or "").strip(),
    )


@app.command()
def load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    quarter: Annotated[str, typer.Option(help="The quarter observed, e.g. 2026Q3.")],
    address: Address = "localhost:50053",
) -> None:
    """Record a quarter's observations from CSV. Exits 1 if any row was refused."""
    recorded = unchanged = 0
    refused: list[tuple[int, str]] = []
    with open_channel(address) as channel:
        stub = pb_grpc.ScoringServiceStub(channel)
        for number, request in observation_requests(file, quarter):
            if isinstance(request, RowError):
                refused.append((number, str(request)))
                continue
            try:
                if stub.RecordObservations(request, timeout=30).recorded:
                    recorded += 1
                else:
                    unchanged += 1
            except grpc.RpcError as error:
                if error.code() is grpc.StatusCode.UNAVAILABLE:
                    console.print(f"[red]{address}: {error.details()}[/red]")
                    raise typer.Exit(2) from None
                refused.append((number, f"{error.code().name}: {error.details()}"))
    summary = Table("recorded", "unchanged", "refused")
    summary.add_row(str(recorded), str(unchanged), str(len(refused)))
    console.print(summary)
    for number, reason in refused:
        console.print(f"row {number}: {reason}", markup=False, highlight=False)
    if refused:
        raise typer.Exit(1)


@app.command()
def close(
    quarter: Annotated[str, typer.Argument(help="The quarter to close, e.g. 2026Q3.")],
    threshold: Annotated[
        float | None, typer.Option(help="Set the quarter's minimum score first (0-100).")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why this threshold.")] = "",
    address: Address = "localhost:50053",
) -> None:
    """Close a quarter (setting its threshold first if given) and show every post's result."""
    with open_channel(address) as channel:
        stub = pb_grpc.ScoringServiceStub(channel)
        try:
            if threshold is not None:
                stub.SetThreshold(
                    pb.SetThresholdRequest(quarter=quarter, threshold=threshold, reason=reason),
                    timeout=30,
                )
            closed = stub.CloseQuarter(pb.CloseQuarterRequest(quarter=quarter), timeout=600)
        except grpc.RpcError as error:
            console.print(f"[red]{error.code().name}: {error.details()}[/red]")
            raise typer.Exit(1 if error.code() is not grpc.StatusCode.UNAVAILABLE else 2) from None
    console.print(results_table(closed))


def results_table(closed: pb.CloseQuarterResponse) -> Table:
    table = Table(
        "post",
        "name",
        "score",
        "compliant",
        "run",
        "measure",
        "listed",
        title=(
            f"{closed.quarter}: threshold {closed.threshold:g}, metric version"
            f" {closed.metric_version}, {len(closed.posts)} posts scored,"
            f" {len(closed.not_observed)} without observations"
        ),
    )
    for status in sorted(closed.posts, key=lambda s: s.determination.score):
        d = status.determination
        table.add_row(
            status.post.upu_code,
            status.post.name,
            f"{d.score:.2f}",
            "yes" if d.compliant else "[red]no[/red]",
            str(d.consecutive_non_compliant_quarters),
            LEVELS.get(d.level, ""),
            "yes" if d.listed else "",
        )
    return table
