"""`portcullis screen FILE.jsonl`: screen a file of parties, one result a line.

Each line of the file is a `portcullis.common.v1.Party` in proto3 JSON; each line written
is its `ScreenPartyResponse` in proto3 JSON, in the same order. A line that cannot be
screened is written as `{"line": N, "error": "field: problem"}` in its place, so the
output always lines up with the input. The parties go over one `ScreenParties` stream,
so a file of millions never sits in memory.
"""

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import grpc
import typer
from google.protobuf import json_format
from rich.console import Console

from portcullis.common.v1 import types_pb2
from portcullis.screening.v1 import screening_service_pb2 as pb
from portcullis.screening.v1 import screening_service_pb2_grpc as pb_grpc
from portcullis_cli.connect import open_channel

console = Console(stderr=True)


def screen_requests(path: Path, unreadable: dict[int, str]) -> Iterator[pb.ScreenPartiesRequest]:
    with path.open(encoding="utf-8-sig") as f:
        for line_number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                party = json_format.Parse(line, types_pb2.Party())
            except (json_format.ParseError, json.JSONDecodeError) as error:
                unreadable[line_number] = f"line: {error}"
                continue
            yield pb.ScreenPartiesRequest(request_id=str(line_number), party=party)


def write_results(
    responses: Iterator[pb.ScreenPartiesResponse], unreadable: dict[int, str], out: TextIO
) -> tuple[int, int]:
    """Writes each result in its line's place; returns (screened, refused)."""
    screened = refused = 0

    def write_unreadable(before: int | None) -> int:
        written = 0
        for line_number in sorted(unreadable):
            if before is not None and line_number >= before:
                break
            out.write(json.dumps({"line": line_number, "error": unreadable.pop(line_number)}))
            out.write("\n")
            written += 1
        return written

    for response in responses:
        line_number = int(response.request_id)
        refused += write_unreadable(line_number)
        if response.HasField("invalid"):
            error = {"line": line_number, "error": response.invalid.message}
            out.write(json.dumps(error) + "\n")
            refused += 1
            continue
        out.write(json_format.MessageToJson(response.result, indent=None) + "\n")
        screened += 1
    refused += write_unreadable(None)
    return screened, refused


def screen(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    out: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None,
    address: Annotated[str, typer.Option(help="Screening's gRPC address.")] = "localhost:50052",
) -> None:
    """Screen a JSON Lines file of parties; one ScreenPartyResponse a line, in order.
    Exits 1 if any line could not be screened (it is written as an error in its place)."""
    unreadable: dict[int, str] = {}
    target = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        with open_channel(address) as channel:
            stub = pb_grpc.ScreeningServiceStub(channel)
            responses = stub.ScreenParties(screen_requests(file, unreadable), timeout=86_400)
            screened, refused = write_results(responses, unreadable, target)
    except grpc.RpcError as error:
        console.print(f"[red]{error.code().name}: {error.details()}[/red]")
        raise typer.Exit(2) from None
    finally:
        if out:
            target.close()
    console.print(f"{screened} screened, {refused} could not be screened")
    if refused:
        raise typer.Exit(1)
