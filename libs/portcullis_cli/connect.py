"""The command line's gRPC channels: plaintext to a local `make run`, TLS to a deployment.

A deployment with mutual TLS and tokens is reached by setting, in the environment:
- PORTCULLIS_CA_FILE: the CA that signed the services' certificate (TLS on when set);
- PORTCULLIS_CERT_FILE and PORTCULLIS_KEY_FILE: your client certificate and key;
- PORTCULLIS_TOKEN: a bearer token, sent on every call.
"""

import os
from pathlib import Path

import grpc

CA = "PORTCULLIS_CA_FILE"
CERT = "PORTCULLIS_CERT_FILE"
KEY = "PORTCULLIS_KEY_FILE"
TOKEN = "PORTCULLIS_TOKEN"


class ConnectionSettingsError(Exception):
    pass


def _read(variable: str) -> bytes | None:
    value = os.environ.get(variable, "")
    if not value:
        return None
    try:
        return Path(value).read_bytes()
    except OSError as error:
        raise ConnectionSettingsError(f"{variable}: {error}") from None


def channel_credentials() -> grpc.ChannelCredentials | None:
    """TLS credentials from the environment, or None for plaintext."""
    ca, cert, key = _read(CA), _read(CERT), _read(KEY)
    token = os.environ.get(TOKEN, "")
    if ca is None:
        if cert or key or token:
            raise ConnectionSettingsError(f"a certificate or token needs TLS: set {CA} too")
        return None
    if (cert is None) != (key is None):
        raise ConnectionSettingsError(f"give both {CERT} and {KEY}, or neither")
    credentials = grpc.ssl_channel_credentials(ca, key, cert)
    if token:
        credentials = grpc.composite_channel_credentials(
            credentials, grpc.access_token_call_credentials(token)
        )
    return credentials


def open_channel(address: str) -> grpc.Channel:
    credentials = channel_credentials()
    if credentials is None:
        return grpc.insecure_channel(address)
    return grpc.secure_channel(address, credentials)
