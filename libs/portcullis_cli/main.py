"""`portcullis`: run Portcullis locally; officer and auditor tools join it as they are built."""

import signal
import threading
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from portcullis_cli import (
    audit_commands,
    publication_commands,
    registry_commands,
    scoring_commands,
    security_commands,
)
from portcullis_cli.cluster import DEFAULT_PORTS, SERVICES, ClusterConfig, LocalCluster
from portcullis_cli.publication_demo import load_publication_demo
from portcullis_cli.reference_data import load_postal_operators, load_sam_sample
from portcullis_cli.scoring_demo import load_scoring_demo
from portcullis_cli.screen_command import screen
from portcullis_kit import nats_auth

app = typer.Typer(help="Portcullis: EO 13904 exclusions, screening, scoring and publication.")
app.add_typer(registry_commands.app, name="registry")
app.add_typer(audit_commands.app, name="audit")
app.add_typer(scoring_commands.app, name="scoring")
app.add_typer(publication_commands.app, name="publication")
app.add_typer(security_commands.app, name="security")
app.command("screen")(screen)
console = Console(soft_wrap=True)  # commands printed must stay copy-pasteable


@app.callback()
def portcullis() -> None:
    """Portcullis command line."""


Port = Annotated[int, typer.Option(min=1, max=65535)]


@app.command()
def run(
    data_dir: Annotated[Path, typer.Option(help="Where the stores and logs live.")] = Path("var"),
    nats_port: Port = 4222,
    registry_port: Port = DEFAULT_PORTS["registry"],
    screening_port: Port = DEFAULT_PORTS["screening"],
    scoring_port: Port = DEFAULT_PORTS["scoring"],
    publication_port: Port = DEFAULT_PORTS["publication"],
    web_port: Port = 8080,
) -> None:
    """Start nats-server and the four services on SQLite under DATA_DIR; stop them on Ctrl-C."""
    ports = {
        "registry": registry_port,
        "screening": screening_port,
        "scoring": scoring_port,
        "publication": publication_port,
    }
    cluster = LocalCluster(
        ClusterConfig(data_dir=data_dir, nats_port=nats_port, ports=ports, web_port=web_port)
    )
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        with console.status("starting nats-server and the services..."):
            cluster.start()
        registered, skipped = load_postal_operators(cluster.address("scoring"))
        exclusions = load_sam_sample(cluster.address("registry"))
        today = datetime.now(UTC).date()
        with console.status("loading the scoring demo (12 quarters of every post)..."):
            measures = load_scoring_demo(cluster.address("scoring"), today)
        with console.status("loading the publication demo (a year of seizures)..."):
            reports = load_publication_demo(cluster.address("publication"), today)
        print_welcome(cluster, registered, skipped, exclusions, measures, reports)
        while not stop.wait(0.5):
            if exited := cluster.exited():
                console.print(f"[red]stopped unexpectedly: {', '.join(exited)}[/red]")
                raise typer.Exit(1)
    except (RuntimeError, TimeoutError, OSError) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    finally:
        console.print("stopping...")
        cluster.stop()
        console.print("stopped.")


def print_welcome(
    cluster: LocalCluster,
    registered: int,
    skipped: int,
    exclusions: int,
    measures: Counter[str],
    reports: list[str],
) -> None:
    data_dir = cluster.config.data_dir
    console.print(f"[bold]Portcullis is up.[/bold] NATS {cluster.nats.url}, data in {data_dir}/")
    if cluster.nats_passwords:
        console.print(
            f"  NATS has a user per service, allowed only what it does; {nats_auth.ADMIN}'s"
            f" password (for the nats tool) is in {cluster.nats.store_dir / 'auth.conf'}"
        )
    for service in SERVICES:
        console.print(f"  {service:<12} grpc://{cluster.address(service)}")
    web = f"http://{cluster.config.host}:{cluster.config.web_port}/"
    console.print(f"  {'web pages':<12} {web}  (published reports and public lists)")
    console.print(
        f"Reference data: {registered} UPU postal operators"
        f" ({skipped} skipped: no name or no country code);"
        f" {exclusions} exclusions from SAM's public sample extract."
    )
    console.print(
        "Scoring demo (generated figures, 12 closed quarters): on the non-compliant list"
        f" {sum(measures.values())} posts;"
        f" {measures['ESCALATION_LEVEL_TARGETED_INSPECTION']} at targeted inspection,"
        f" {measures['ESCALATION_LEVEL_ADDITIONAL_INFORMATION']} asked for more information,"
        f" {measures['ESCALATION_LEVEL_REFUSAL']} refused."
    )
    if reports:
        console.print(
            f"Publication demo (generated seizures): {len(reports)} quarterly reports published;"
            f" open {web}reports/{reports[-1]}",
            markup=False,
        )
    registry = cluster.address("registry")
    screening = cluster.address("screening")
    scoring = cluster.address("scoring")
    console.print("\nTry it (grpcurl, or `buf curl` from .venv/bin/buf):", markup=False)
    console.print(f"  grpcurl -plaintext {registry} list", markup=False)
    console.print(
        f'  grpcurl -plaintext -d \'{{"party": {{"kind": "PARTY_KIND_ORGANIZATION",'
        f' "name": "Hong Dark Electronic Trade Company", "addresses": [{{"country": "CN"}}]}}}}\''
        f" {registry} portcullis.registry.v1.RegistryService/RegisterParty",
        markup=False,
    )
    console.print(
        f'  grpcurl -plaintext -d \'{{"party": {{"kind": "PARTY_KIND_ORGANIZATION",'
        f' "name": "Hong Dark Electronic Trade Company"}}}}\''
        f" {screening} portcullis.screening.v1.ScreeningService/ScreenParty",
        markup=False,
    )
    console.print(
        f"  grpcurl -plaintext {scoring}"
        " portcullis.scoring.v1.ScoringService/ListNonCompliantPosts",
        markup=False,
    )
    console.print(
        f'  grpcurl -plaintext -d \'{{"itemId": "RR123456785CN"}}\''
        f" {scoring} portcullis.scoring.v1.ScoringService/GetMailItemTreatment",
        markup=False,
    )
    console.print(f"Logs: {cluster.log_dir}/<service>.log.  Ctrl-C stops everything.")
