"""`portcullis registry import FILE` and `portcullis registry export`: SAM interchange."""

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import grpc
import typer
from google.protobuf import json_format
from rich.console import Console
from rich.table import Table

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis.registry.v1 import registry_service_pb2_grpc as pb_grpc
from portcullis_cli.connect import open_channel

app = typer.Typer(help="The registry: exclusions and parties (EO 13904 §1, §2).")
console = Console(stderr=True)
Address = Annotated[str, typer.Option(help="The registry's gRPC address.")]


def import_requests(
    path: Path, problems: list[tuple[int, str]]
) -> Iterator[pb.ImportExclusionsRequest]:
    """A .csv file goes as SAM CSV lines (the server reads SAM's layouts); anything else is
    JSON Lines, one `{"party": ..., "exclusion": ...}` record a line."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        if path.suffix.lower() == ".csv":
            for line in f:
                yield pb.ImportExclusionsRequest(sam_csv_line=line)
            return
        for row, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json_format.Parse(line, pb.ImportRecord())
            except (json_format.ParseError, json.JSONDecodeError) as error:
                problems.append((row, f"line: {error}"))
                continue
            yield pb.ImportExclusionsRequest(row=row, record=record)


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    address: Address = "localhost:50051",
) -> None:
    """Import SAM's CSV extract (v2 or v4 layout) or JSON Lines records. Importing again
    changes nothing. Exits 1 if any row was refused (the others are imported)."""
    local_problems: list[tuple[int, str]] = []
    with open_channel(address) as channel:
        stub = pb_grpc.RegistryServiceStub(channel)
        try:
            response = stub.ImportExclusions(import_requests(file, local_problems), timeout=3600)
        except grpc.RpcError as error:
            console.print(f"[red]{error.code().name}: {error.details()}[/red]")
            raise typer.Exit(2) from None
    errors = sorted(local_problems + [(e.row, e.reason) for e in response.errors])
    summary = Table("imported", "updated", "parties revised", "unchanged", "refused")
    summary.add_row(
        str(response.imported),
        str(response.exclusions_updated),
        str(response.parties_revised),
        str(response.unchanged),
        str(len(errors)),
    )
    console.print(summary)
    for row, reason in errors:
        console.print(f"row {row}: {reason}", markup=False, highlight=False)
    if errors:
        raise typer.Exit(1)


@app.command("export")
def export_file(
    out: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None,
    address: Address = "localhost:50051",
) -> None:
    """Write the exclusions in force today as SAM's v4 CSV extract."""
    with open_channel(address) as channel:
        stub = pb_grpc.RegistryServiceStub(channel)
        lines = [r.line for r in stub.ExportExclusions(pb.ExportExclusionsRequest(), timeout=600)]
    if out is None:
        sys.stdout.write("".join(lines))
    else:
        out.write_text("".join(lines), encoding="utf-8", newline="")
        console.print(f"{len(lines) - 1} exclusions written to {out}")
