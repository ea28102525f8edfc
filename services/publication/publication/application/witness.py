"""Publication's use cases as the witness of every service's checkpoints (`domain.witness`)."""

import base64
from collections.abc import Mapping, Sequence

import structlog
from eventsourcing.domain import Aggregate

from portcullis_kit import streams
from portcullis_kit.audit_log import Checkpoint, CheckpointError, key_id
from portcullis_kit.errors import NotFound
from portcullis_kit.eventstore import StoreApplication
from publication.domain.witness import WitnessedCheckpoint, witnessed_id

log = structlog.get_logger("publication.witness")
# The services whose checkpoints publication witnesses (itself included).
WITNESSED_SERVICES = ("registry", "screening", "scoring", "publication")


class WitnessUseCases(StoreApplication):
    # Each service's checkpoint key, where the operator pinned it (PUBLICATION_WITNESS_KEYS):
    # a checkpoint signed by any other key is refused, not witnessed.
    pinned_keys: Mapping[str, bytes] = {}

    def witness_checkpoint(self, service: str, note: str, public_key: bytes) -> Sequence[Aggregate]:
        """Keeps a checkpoint received on `service`'s stream. One that is not that
        service's (another origin), not signed by the key it came with, or not signed by
        the pinned key is refused and logged, not kept as that service's."""
        try:
            checkpoint = Checkpoint.from_note(note)
            if checkpoint.origin != f"portcullis/{service}":
                raise CheckpointError(f"a checkpoint of {checkpoint.origin} on {service}'s stream")
            pinned = self.pinned_keys.get(service)
            checkpoint.verify(pinned if pinned is not None else public_key)
        except CheckpointError as error:
            log.error("witness.refused", service=service, reason=str(error))
            return ()
        findings = []
        earlier = self._latest_witnessed(checkpoint.origin)
        if earlier is not None and earlier.public_key != _b64(public_key):
            earlier_key = key_id(base64.b64decode(earlier.public_key))
            findings.append(
                f"signed by key {key_id(public_key)}; size {earlier.size} was signed by"
                f" {earlier_key}"
            )
        same_size = self.find_aggregate(
            WitnessedCheckpoint, witnessed_id(checkpoint.origin, checkpoint.size)
        )
        if same_size is not None:
            same_size.contradict(
                note, f"size {checkpoint.size} signed again with another root or time"
            )
            return (same_size,)
        return (
            WitnessedCheckpoint(
                checkpoint.origin,
                checkpoint.size,
                note,
                _b64(public_key),
                checkpoint.made_at,
                tuple(findings),
            ),
        )

    def witnessed_checkpoint(self, service: str, size: int = 0) -> WitnessedCheckpoint:
        """The checkpoint of that size from a service, or the latest witnessed."""
        origin = f"portcullis/{service}"
        if size == 0:
            latest = self._latest_witnessed(origin)
            if latest is None:
                raise NotFound("witnessed checkpoint of", service)
            return latest
        return self.get_aggregate(
            WitnessedCheckpoint, witnessed_id(origin, size), f"checkpoint of {service} at size"
        )

    def _latest_witnessed(self, origin: str) -> WitnessedCheckpoint | None:
        service = origin.removeprefix("portcullis/")
        # The consumer tracks each service's checkpoints by size: its mark is the latest.
        size = self.last_tracked(streams.checkpoints_upstream(service))
        if size == 0:
            return None
        return self.find_aggregate(WitnessedCheckpoint, witnessed_id(origin, size))


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()
