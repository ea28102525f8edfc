"""A service's connection to NATS over TLS, against a real nats-server that requires it:
with the CA of NATS's certificate the service connects and JetStream works; without it,
or trusting another CA, it does not get in (its password never crosses in clear)."""

import asyncio
import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from portcullis_cli.certificates import CertificateAuthority
from portcullis_kit.nats_local import LocalNatsServer
from portcullis_kit.runtime import connect_nats
from tests.support import free_port


@pytest.fixture
def secured_nats(tmp_path: Path) -> Iterator[tuple[LocalNatsServer, CertificateAuthority]]:
    authority = CertificateAuthority(tmp_path / "pki")
    issued = authority.issue_server(["127.0.0.1"], stem="nats")
    server = LocalNatsServer(free_port(), tmp_path / "nats", tls=(issued.certificate, issued.key))
    server.start()
    yield server, authority
    server.stop()


async def test_with_the_nats_ca_a_service_connects_over_tls_and_jetstream_works(
    secured_nats: tuple[LocalNatsServer, CertificateAuthority],
) -> None:
    server, authority = secured_nats
    client = await asyncio.wait_for(connect_nats(server.url, "registry", authority.path), 10)
    try:
        assert client.is_connected
        js = client.jetstream()
        await js.add_stream(name="TLS_CHECK", subjects=["tls.check"])
        ack = await js.publish("tls.check", b"over TLS")
        assert ack.seq == 1
    finally:
        await client.close()


@pytest.mark.parametrize("trust", ["nothing", "another CA"])
async def test_without_the_right_ca_a_service_does_not_get_in(
    secured_nats: tuple[LocalNatsServer, CertificateAuthority], tmp_path: Path, trust: str
) -> None:
    server, _ = secured_nats
    ca = CertificateAuthority(tmp_path / "other").path if trust == "another CA" else None
    # connect_nats retries for ever (NATS may come up later); it never succeeds here.
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(connect_nats(server.url, "registry", ca), 3)


async def test_with_a_nats_ca_nothing_is_said_in_clear_to_a_server_that_offers_no_tls() -> None:
    """A server (or an impostor) that does not ask for TLS gets a TLS handshake first,
    never the CONNECT line with the service's password."""
    heard = bytearray()

    async def impostor(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b'INFO {"server_id":"x","version":"2.11.0","auth_required":true}\r\n')
        await writer.drain()
        with contextlib.suppress(ConnectionError):
            while chunk := await reader.read(4096):
                heard.extend(chunk)
        writer.close()

    server = await asyncio.start_server(impostor, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    ca = CertificateAuthority(Path(tempfile.mkdtemp()) / "pki").path
    async with server:
        url = f"nats://registry:s3cret@127.0.0.1:{port}"
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(connect_nats(url, "registry", ca), 3)
    assert heard  # the client spoke...
    assert heard[0] == 0x16  # ...a TLS handshake record
    assert b"s3cret" not in heard
    assert b"CONNECT" not in heard
