"""Signed bearer tokens: JSON Web Tokens signed with Ed25519 (EdDSA).

For callers that are many behind one connection: a platform's workers behind its gateway
(which, where a client CA is set, still presents the gateway's certificate to get past
TLS), an officer's desktop tool. The token says who the caller is
(`sub`), its `roles`, and for a facilitator its `facilitator_id`; it expires (`exp`) and is
meant for Portcullis (`aud`). The services hold only the issuer's public keys, several at
once while a key is rotated.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from portcullis_kit.identity import ROLES, Caller

AUDIENCE = "portcullis"
ALGORITHM = "EdDSA"


class TokenRefused(Exception):
    """The token is not one to trust: the message says why, without echoing it."""


def load_public_keys(path: Path) -> list[Ed25519PublicKey]:
    """Every Ed25519 public key in a PEM file (the current issuer key and, while rotating,
    the previous one)."""
    text = path.read_bytes()
    marker = b"-----END PUBLIC KEY-----"
    keys = []
    for block in text.split(marker)[:-1]:
        key = serialization.load_pem_public_key(block + marker)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError(f"{path}: a token key must be Ed25519")
        keys.append(key)
    if not keys:
        raise ValueError(f"{path}: no public key in it")
    return keys


class TokenVerifier:
    def __init__(self, keys: Sequence[Ed25519PublicKey], audience: str = AUDIENCE) -> None:
        self.keys = list(keys)
        self.audience = audience

    def verify(self, token: str) -> Caller:
        claims = None
        for key in self.keys:
            try:
                claims = jwt.decode(
                    token,
                    key,
                    algorithms=[ALGORITHM],
                    audience=self.audience,
                    options={"require": ["exp", "sub", "aud"]},
                )
                break
            except jwt.InvalidSignatureError:
                continue  # perhaps signed by another of the keys
            except jwt.ExpiredSignatureError:
                raise TokenRefused("the token has expired") from None
            except jwt.InvalidTokenError as error:
                raise TokenRefused(f"the token is not valid: {error}") from None
        if claims is None:
            raise TokenRefused("the token's signature does not verify with any trusted key")
        roles = claims.get("roles", [])
        if not isinstance(roles, list) or not set(roles) <= ROLES:
            raise TokenRefused(f"the token's roles must be a list of {sorted(ROLES)}")
        # Marked as a token's subject, so that no token can pass for a certificate's
        # identity in the record (or share its rate limit).
        name = f"token:{claims['sub']}"
        return Caller(name, frozenset(roles), str(claims.get("facilitator_id", "")))


def issue_token(
    key: Ed25519PrivateKey,
    subject: str,
    roles: Sequence[str],
    facilitator_id: str = "",
    lifetime: timedelta = timedelta(hours=1),
    audience: str = AUDIENCE,
) -> str:
    """A token for `subject` (what an identity provider does; here for tools and tests)."""
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": subject,
        "roles": list(roles),
        "aud": audience,
        "iat": now,
        "exp": now + lifetime,
    }
    if facilitator_id:
        claims["facilitator_id"] = facilitator_id
    return jwt.encode(claims, key, algorithm=ALGORITHM)
