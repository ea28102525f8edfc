"""Who is calling and what they may do: identities, roles and the facilitator they act for.

Pure Python: the gRPC side (`portcullis_kit.authentication`) finds the caller from a
certificate or a token; this module says what a caller is, and where roles come from
for certificate holders (the identities file, shared by every service).

The roles, in the order's terms:
- officer: a CBP officer; the only role that changes the registry, scoring or publication;
- facilitator: a carrier, broker or platform; screens, files notifications, and sees only
  its own notifications and figures;
- auditor: reads the audit service and the records, changes nothing.
"""

import tomllib
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from portcullis_kit.errors import PermissionDenied

OFFICER = "officer"
FACILITATOR = "facilitator"
AUDITOR = "auditor"
ROLES = frozenset({OFFICER, FACILITATOR, AUDITOR})


@dataclass(frozen=True)
class Caller:
    name: str
    roles: frozenset[str]
    # The registry's id of the facilitator this caller acts for; empty for CBP's own people.
    facilitator_id: str = ""

    @property
    def own_facilitator(self) -> str | None:
        """The one facilitator whose records this caller may see and act for, or None for
        CBP's officers and auditors, who may see every facilitator's."""
        if self.roles & {OFFICER, AUDITOR}:
            return None
        if not self.facilitator_id:
            raise PermissionDenied(f"{self.name} acts for no facilitator")
        return self.facilitator_id

    def sees_facilitator(self, facilitator_id: str) -> bool:
        own = self.own_facilitator
        return own is None or facilitator_id.strip().lower() == own.lower()

    def require_facilitator(self, facilitator_id: str, field: str = "facilitator_id") -> None:
        """Refuses a facilitator anything about another facilitator (its notifications,
        figures, status, the shipments it files)."""
        if not self.sees_facilitator(facilitator_id):
            raise PermissionDenied(
                f"{field}: {self.name} may act only for facilitator {self.own_facilitator}"
            )


# `make run` and the tests on loopback: every role, and the actor's name taken from the
# `x-portcullis-caller` metadata when a client gives one.
DEVELOPMENT = Caller("development", ROLES)

# No default: code that asks who is calling outside an RPC is a bug, and must not be
# taken for a caller with every role.
_current: ContextVar[Caller | None] = ContextVar("portcullis_caller", default=None)


def current_caller() -> Caller:
    """The caller of the RPC being served (set by the server's interceptor)."""
    caller = _current.get()
    if caller is None:
        raise RuntimeError("no caller: current_caller() is only known while serving an RPC")
    return caller


def set_current_caller(caller: Caller) -> None:
    _current.set(caller)


class IdentitiesError(Exception):
    pass


@dataclass(frozen=True)
class Identities:
    """Roles of certificate holders, by the name in their certificate (its common name).

    The file is TOML, one table per identity:

        [identities."dhl-express"]
        roles = ["facilitator"]
        facilitator_id = "6f1c…"     # the registry's id of DHL Express as a facilitator

        [identities."officer-jsmith"]
        roles = ["officer"]
    """

    by_name: dict[str, Caller]

    @classmethod
    def load(cls, path: Path) -> "Identities":
        try:
            document = tomllib.loads(path.read_text())
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise IdentitiesError(f"{path}: {error}") from None
        by_name = {}
        for name, entry in document.get("identities", {}).items():
            roles = frozenset(entry.get("roles", ()))
            if unknown := roles - ROLES:
                raise IdentitiesError(
                    f"{path}: identity {name!r} has unknown roles {sorted(unknown)};"
                    f" the roles are {sorted(ROLES)}"
                )
            facilitator_id = str(entry.get("facilitator_id", ""))
            if FACILITATOR in roles and not facilitator_id:
                raise IdentitiesError(
                    f"{path}: identity {name!r} is a facilitator: give its facilitator_id"
                )
            by_name[name] = Caller(name, roles, facilitator_id)
        return cls(by_name)

    def caller(self, name: str) -> Caller:
        """The identity's roles; an identity not in the file has none (and is denied)."""
        return self.by_name.get(name, Caller(name, frozenset()))
