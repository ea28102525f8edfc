"""Finds the caller of an RPC: from a bearer token, else from the client certificate
(mutual TLS), else, in development only, the development identity.

Which of these a service accepts follows its settings (see `Security.from_settings`):
- a client CA (`TLS_CLIENT_CA_FILE`): callers present a certificate signed by it, and the
  certificate's common name is looked up in the identities file for its roles;
- token keys (`TOKEN_PUBLIC_KEYS_FILE`): callers may send `authorization: Bearer <JWT>`;
- neither: development; everyone has every role, and the name recorded is what the
  client says in `x-portcullis-caller` (or "development"). Settings refuse this off
  loopback unless told explicitly.
"""

from dataclasses import dataclass
from typing import Any

import grpc

from portcullis_kit.errors import Unauthenticated
from portcullis_kit.identity import DEVELOPMENT, Caller, Identities
from portcullis_kit.tokens import TokenRefused, TokenVerifier

CALLER_KEY = "x-portcullis-caller"
AUTHORIZATION_KEY = "authorization"


@dataclass(frozen=True)
class Authenticator:
    identities: Identities | None = None  # certificate holders' roles; None: no client CA
    tokens: TokenVerifier | None = None  # None: tokens are not accepted

    @property
    def development(self) -> bool:
        return self.identities is None and self.tokens is None

    def caller(self, context: grpc.aio.ServicerContext[Any, Any]) -> Caller:
        metadata = dict(context.invocation_metadata() or ())
        if self.development:
            said = metadata.get(CALLER_KEY)
            name = said if isinstance(said, str) and said else DEVELOPMENT.name
            return Caller(name, DEVELOPMENT.roles)
        authorization = metadata.get(AUTHORIZATION_KEY)
        if isinstance(authorization, str) and authorization:
            return self._from_token(authorization)
        if self.identities is not None:
            names = list(context.auth_context().get("x509_common_name") or ())
            if names:
                return self.identities.caller(names[0].decode())
        raise Unauthenticated("no client certificate or bearer token identifies the caller")

    def _from_token(self, authorization: str) -> Caller:
        if self.tokens is None:
            raise Unauthenticated("this service does not accept tokens; use a certificate")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("authorization: expected 'Bearer <token>'")
        try:
            return self.tokens.verify(token.strip())
        except TokenRefused as refused:
            raise Unauthenticated(f"authorization: {refused}") from None
