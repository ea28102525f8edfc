"""Every service's signed checkpoints, from their streams, kept by the witness.

The witness takes a checkpoint on `portcullis.<service>_checkpoints.v1` as that service's:
on NATS only the service's own user may publish there (`portcullis_kit.nats_auth`,
checked by `tests/integration/kit/test_nats_permissions.py`), and the consumer reads only
messages under that subject. That is not the proof (another stream's settings could
route a message there, see nats_auth): the witness checks the signature and the origin,
and the pinned key where the operator pinned one (`PUBLICATION_WITNESS_KEYS`): a
checkpoint signed by another key is refused where a key is pinned, and recorded as a
finding (a changed key) where none is.
"""

from collections.abc import Callable, Sequence

from eventsourcing.domain import Aggregate
from google.protobuf.message import Message

from portcullis.audit.v1 import audit_service_pb2 as audit
from portcullis_kit import streams
from portcullis_kit.consumer import Subscription
from publication.application.witness import WITNESSED_SERVICES, WitnessUseCases


def checkpoint_subscriptions(app: WitnessUseCases, durable: str) -> list[Subscription]:
    def policy_for(service: str) -> Callable[[Message], Sequence[Aggregate]]:
        def policy(message: Message) -> Sequence[Aggregate]:
            if isinstance(message, audit.SignedCheckpoint):
                return app.witness_checkpoint(service, message.note, message.public_key)
            return ()

        return policy

    return [
        Subscription(
            upstream=streams.checkpoints_upstream(service),
            durable=f"{durable}-witness-{service}",
            message_types=(audit.SignedCheckpoint,),
            policy=policy_for(service),
        )
        for service in WITNESSED_SERVICES
    ]
