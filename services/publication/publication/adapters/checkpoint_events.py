"""Every service's signed checkpoints, from their streams, kept by the witness."""

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
