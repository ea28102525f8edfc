"""Who may do what on NATS: a user per service, allowed only what that service does.

A service publishes its own integration events (`portcullis.<service>.v1.>`) and its own
signed checkpoints (`portcullis.<service>_checkpoints.v1.>`), and nothing else: no other
service's user may publish on them (for what a stream's own settings can still route
there, see the end of this note).
Beside that it makes only the JetStream API calls it needs (found by running each
service against a nats-server with these permissions, `tests/integration/kit/
test_nats_permissions.py`):

- on its own two streams: create, info, and reading one message (the relay reads the
  last one to know where to resume);
- on each stream it consumes: info, and create, info, delete and fetch of its durable
  consumers (a consumer is re-created at its ack floor at each start, see `consumer`),
  and acknowledging their messages (`$JS.ACK.<stream>.>`).

It subscribes only to its own inbox, `_INBOX.<service>.>` (the client is told to use that
prefix, see `runtime.connect_nats`): replies to its API calls and the messages its
consumers fetch come there, and no other service can read them.

What NATS permissions cannot say (see "Who may write on NATS" in deploy/README.md): a
durable's name is one token, so a service may manage any consumer of a stream it reads
(not only its own) and acknowledge for it, making another service skip messages; and
NATS does not check the settings of a stream a service creates, so a stream of its own
with a `republish` rule can put messages under another service's subjects. These stop a
service's mistakes, not a hostile holder of its password.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from portcullis_kit import streams

JS_API = "$JS.API"
SERVICES = ("registry", "screening", "scoring", "publication")
# The streams each service consumes (`Subscription.upstream` of its bootstrap; a test
# holds the two the same). Publication witnesses every service's checkpoints.
UPSTREAMS: Mapping[str, tuple[str, ...]] = {
    "registry": ("screening",),
    "screening": ("registry", "scoring"),
    "scoring": (),
    "publication": (
        "registry",
        "scoring",
        *(streams.checkpoints_upstream(service) for service in SERVICES),
    ),
}
# A user allowed everything, for an operator's `nats` command line (the runbook's
# "replay a consumer"); no service connects as it.
ADMIN = "admin"


def inbox_prefix(user: str) -> str:
    """The inbox a service's client uses, and alone may subscribe to."""
    return f"_INBOX.{user}"


@dataclass(frozen=True)
class Permissions:
    publish: tuple[str, ...]
    subscribe: tuple[str, ...]


def service_permissions(service: str, upstreams: Sequence[str]) -> Permissions:
    """What `service` may do, consuming the streams of `upstreams` (names as in
    `Subscription.upstream`: "registry", or "registry_checkpoints" for its checkpoints)."""
    events = streams.stream_name(service)
    checkpoints = streams.checkpoints_upstream(service)
    publish = [
        f"{streams.subject_prefix(service)}.>",
        f"{streams.subject_prefix(checkpoints)}.>",
        f"{JS_API}.STREAM.CREATE.{events}",
        f"{JS_API}.STREAM.INFO.{events}",
        # The relay reads the stream's last message to know where to resume.
        f"{JS_API}.STREAM.MSG.GET.{events}",
        f"{JS_API}.STREAM.CREATE.{streams.stream_name(checkpoints)}",
        f"{JS_API}.STREAM.INFO.{streams.stream_name(checkpoints)}",
    ]
    for upstream in upstreams:
        stream = streams.stream_name(upstream)
        publish += [
            f"{JS_API}.STREAM.INFO.{stream}",
            # nats-py creates a durable consumer by this older form of the call.
            f"{JS_API}.CONSUMER.DURABLE.CREATE.{stream}.*",
            f"{JS_API}.CONSUMER.INFO.{stream}.*",
            f"{JS_API}.CONSUMER.DELETE.{stream}.*",
            f"{JS_API}.CONSUMER.MSG.NEXT.{stream}.*",
            f"$JS.ACK.{stream}.>",
        ]
    return Permissions(
        publish=tuple(dict.fromkeys(publish)), subscribe=(f"{inbox_prefix(service)}.>",)
    )


def portcullis_permissions() -> dict[str, Permissions]:
    """Each service's permissions, for the streams it consumes."""
    return {service: service_permissions(service, UPSTREAMS[service]) for service in SERVICES}


def password_variable(user: str) -> str:
    """The environment variable holding a user's password on nats-server, on Kubernetes."""
    return f"${user.upper()}_NATS_PASSWORD"


def kubernetes_authorization() -> str:
    """The block in `deploy/base/nats.yaml`: passwords from nats-server's environment,
    which the StatefulSet fills from the `nats-users` Secret."""
    users = [*SERVICES, ADMIN]
    return authorization_conf(
        portcullis_permissions(), {u: password_variable(u) for u in users}, admins=[ADMIN]
    )


def authorization_conf(
    permissions: Mapping[str, Permissions],
    passwords: Mapping[str, str],
    admins: Sequence[str] = (),
) -> str:
    """nats.conf's `authorization` block: a user per entry of `permissions`, limited to
    them, and `admins` allowed everything (for an operator's `nats` command line).

    A password is written as given: a `$VARIABLE` is read by nats-server from its
    environment (Kubernetes fills it from a Secret), anything else is taken literally.
    """
    lines = ["authorization {", "  users = ["]
    for user in [*permissions, *admins]:
        lines.append("    {")
        lines.append(f"      user: {json.dumps(user)}")
        lines.append(f"      password: {_password(passwords[user])}")
        if user in permissions:
            granted = permissions[user]
            lines.append("      permissions: {")
            lines += _allow("publish", granted.publish)
            lines += _allow("subscribe", granted.subscribe)
            lines.append("      }")
        lines.append("    }")
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def _password(value: str) -> str:
    # An environment variable is left bare for nats-server to substitute; a literal is
    # quoted, so that nothing in it is read as a variable.
    if value.startswith("$") and value[1:].replace("_", "").isalnum():
        return value
    return json.dumps(value)


def _allow(what: str, subjects: Sequence[str]) -> list[str]:
    return [
        f"        {what}: {{",
        "          allow: [",
        *(f"            {json.dumps(subject)}" for subject in subjects),
        "          ]",
        "        }",
    ]


if __name__ == "__main__":
    # `python -m portcullis_kit.nats_auth` prints the block for deploy/base/nats.yaml.
    print(kubernetes_authorization(), end="")
