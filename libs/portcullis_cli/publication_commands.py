"""`portcullis publication import seizures.csv`: seizures recorded from CSV.

One row per seizure line; rows with the same seizure_ref are one seizure, and the
reference makes importing the same file again record nothing new. Columns: seizure_ref,
seized_date (YYYY-MM-DD), environment (express or international_mail), origin_country,
post_or_carrier, organization (the party, if any), description, quantity, msrp_usd,
category (intellectual_property, illegal_drugs, other_contraband,
incorrect_country_of_origin, undervaluation, other), priority_trade_issue, sensitive
(yes/no).
"""

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import grpc
import typer
from rich.console import Console
from rich.table import Table

from portcullis.common.v1 import types_pb2
from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis.publication.v1 import publication_service_pb2_grpc as pb_grpc
from portcullis_cli.connect import open_channel

app = typer.Typer(help="Seizures in from CSV.")
console = Console(soft_wrap=True)
Address = Annotated[str, typer.Option(help="Publication's gRPC address, host:port.")]
ENVIRONMENTS = {
    "express": pb.ENVIRONMENT_EXPRESS,
    "international_mail": pb.ENVIRONMENT_INTERNATIONAL_MAIL,
}


class RowError(ValueError):
    pass


def _line(row: dict[str, str]) -> pb.SeizureLine:
    try:
        quantity = int(row.get("quantity") or "")
    except ValueError:
        raise RowError(f"quantity: {row.get('quantity')!r} is not a whole number") from None
    if not 0 < quantity < 2**63:
        raise RowError(f"quantity: {quantity} is out of range")
    text = (row.get("msrp_usd") or "0").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise RowError(f"msrp_usd: {text!r} is not an amount") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal(10) ** 12:
        raise RowError(f"msrp_usd: {text!r} is not an amount from 0 to 1,000,000,000,000")
    if amount != amount.quantize(Decimal("0.01")):
        raise RowError(f"msrp_usd: {text!r} has more than two decimals")
    cents = int(amount * 100)
    category = f"VIOLATION_CATEGORY_{(row.get('category') or '').strip().upper()}"
    if category not in pb.ViolationCategory.keys():  # noqa: SIM118 (a protobuf enum)
        raise RowError(f"category: {row.get('category')!r} is not a violation category")
    return pb.SeizureLine(
        description=(row.get("description") or "").strip(),
        quantity=quantity,
        msrp=types_pb2.Money(currency_code="USD", minor_units=cents),
        category=pb.ViolationCategory.Value(category),
        priority_trade_issue=(row.get("priority_trade_issue") or "").strip(),
    )


def read_seizures(path: Path) -> tuple[dict[str, tuple[int, pb.Seizure]], list[tuple[int, str]]]:
    """Seizures by reference (with the first row of each), and the rows that cannot be read."""
    seizures: dict[str, tuple[int, pb.Seizure]] = {}
    refused: list[tuple[int, str]] = []
    with path.open(newline="", encoding="utf-8") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            ref = (row.get("seizure_ref") or "").strip()
            try:
                if not ref:
                    raise RowError("seizure_ref: every row names its seizure")
                line = _line(row)
                environment = ENVIRONMENTS.get((row.get("environment") or "").strip().lower())
                if environment is None:
                    raise RowError("environment: express or international_mail")
            except RowError as error:
                refused.append((number, str(error)))
                continue
            if ref not in seizures:
                parties = []
                if organization := (row.get("organization") or "").strip():
                    parties.append(
                        pb.SeizedParty(kind=pb.SEIZED_PARTY_KIND_ORGANIZATION, name=organization)
                    )
                seizure = pb.Seizure(
                    seized_date=(row.get("seized_date") or "").strip(),
                    environment=environment,
                    origin_country=(row.get("origin_country") or "").strip().upper(),
                    sensitive=(row.get("sensitive") or "").strip().lower() in ("yes", "true", "1"),
                    post_or_carrier=(row.get("post_or_carrier") or "").strip(),
                    parties=parties,
                )
                seizures[ref] = (number, seizure)
            seizures[ref][1].lines.append(line)
    return seizures, refused


@app.command("import")
def import_seizures(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    address: Address = "localhost:50054",
) -> None:
    """Record the seizures of a CSV file. Exits 1 if any row or seizure was refused."""
    seizures, refused = read_seizures(file)
    recorded = 0
    with open_channel(address) as channel:
        stub = pb_grpc.PublicationServiceStub(channel)
        for ref, (number, seizure) in seizures.items():
            try:
                stub.RecordSeizure(
                    pb.RecordSeizureRequest(seizure=seizure, source_ref=f"csv:{ref}"), timeout=30
                )
                recorded += 1
            except grpc.RpcError as error:
                if error.code() is grpc.StatusCode.UNAVAILABLE:
                    console.print(f"[red]{address}: {error.details()}[/red]")
                    raise typer.Exit(2) from None
                refused.append((number, f"seizure {ref}: {error.code().name}: {error.details()}"))
    summary = Table("seizures recorded or already there", "refused")
    summary.add_row(str(recorded), str(len(refused)))
    console.print(summary)
    for number, reason in sorted(refused):
        console.print(f"row {number}: {reason}", markup=False, highlight=False)
    if refused:
        raise typer.Exit(1)
