"""`portcullis security`: a development PKI and tokens, to try mutual TLS and roles locally
or in a test deployment. Production certificates come from the operator's own PKI."""

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from portcullis_cli.certificates import CertificateAuthority, make_token_issuer
from portcullis_kit.identity import ROLES
from portcullis_kit.tokens import issue_token

app = typer.Typer(
    help="Certificates and tokens for trying mutual TLS and roles.", no_args_is_help=True
)


@app.command()
def certificates(
    directory: Annotated[Path, typer.Argument(help="Where to write the PEM files.")],
    host: Annotated[
        list[str], typer.Option(help="A name or address the services are reached at.")
    ] = ["localhost", "127.0.0.1"],  # noqa: B006  # typer reads the default, never changes it
    caller: Annotated[
        list[str],
        typer.Option(help="NAME=ROLE[,ROLE][@FACILITATOR_ID]: a client certificate and its roles."),
    ] = ["officer=officer", "auditor=auditor"],  # noqa: B006
) -> None:
    """A CA, the services' certificate, a certificate per caller, an identities file and a
    token issuer key, in DIRECTORY."""
    authority = CertificateAuthority(directory)
    server = authority.issue_server(host)
    lines = []
    for entry in caller:
        name, _, grant = entry.partition("=")
        roles_text, _, facilitator_id = grant.partition("@")
        roles = [r.strip() for r in roles_text.split(",") if r.strip()]
        if not name or not set(roles) <= ROLES:
            raise typer.BadParameter(f"{entry!r}: NAME=ROLE[,ROLE][@ID], roles {sorted(ROLES)}")
        authority.issue_client(name)
        lines.append(f'[identities."{name}"]\nroles = {roles!r}'.replace("'", '"'))
        if facilitator_id:
            lines.append(f'facilitator_id = "{facilitator_id}"')
    (directory / "identities.toml").write_text("\n".join(lines) + "\n")
    make_token_issuer(directory)
    typer.echo(f"CA {authority.path}; services {server.certificate} and {server.key};")
    typer.echo(
        f"callers {', '.join(c.partition('=')[0] for c in caller)} (NAME.pem, NAME-key.pem);"
    )
    typer.echo(
        f"roles {directory / 'identities.toml'}; token issuer {directory}/token-issuer.*.pem"
    )


@app.command()
def token(
    key: Annotated[Path, typer.Option(help="The issuer's Ed25519 private key, PEM.")],
    subject: Annotated[str, typer.Option(help="Who the token names.")],
    role: Annotated[list[str], typer.Option(help="A role the token grants.")],
    facilitator_id: Annotated[str, typer.Option(help="For a facilitator: its id.")] = "",
    hours: Annotated[float, typer.Option(min=0.01, help="How long it is valid.")] = 1.0,
) -> None:
    """A signed bearer token (print it; send it as PORTCULLIS_TOKEN)."""
    private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise typer.BadParameter("the issuer key must be Ed25519", param_hint="--key")
    if not set(role) <= ROLES:
        raise typer.BadParameter(f"roles are {sorted(ROLES)}", param_hint="--role")
    typer.echo(issue_token(private, subject, role, facilitator_id, timedelta(hours=hours)))
