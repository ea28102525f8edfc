"""A service's checkpointer: follows its event log into the ledger and signs checkpoints.

It runs beside the service, not inside its writes: every few seconds while events arrive
it hashes what the log gained, signs the new size and root, and keeps the checkpoint in
the service's store (a table of its own, beside the events; a checkpoint is not an event
of the log it signs). So checkpointing costs a write nothing but the reading.

At start it rebuilds the ledger from the whole log and compares it with every checkpoint
it signed before: a log rewritten while the service was down disagrees, and says so.
"""

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

import structlog
from eventsourcing.persistence import IntegrityError, Notification, StoredEvent

from portcullis_kit.audit_log import Checkpoint, CheckpointSigner, EventLedger, event_leaf
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.metrics import AUDIT_CHECKPOINT_SIZE, AUDIT_TREE_SIZE

log = structlog.get_logger("audit")

CHECKPOINT_TOPIC = "portcullis_kit.audit_log:Checkpoint"


def now_utc() -> datetime:
    return datetime.now(UTC)


class Checkpointer:
    def __init__(
        self,
        service: str,
        app: StoreApplication,
        signer: CheckpointSigner,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        self.service = service
        self.origin = f"portcullis/{service}"
        self.app = app
        self.signer = signer
        self.clock = clock
        self.ledger = EventLedger()
        self._recorder = app.factory.aggregate_recorder("checkpoints")
        self._sequence_id = uuid5(NAMESPACE_URL, f"https://portcullis.example/{self.origin}")
        self._by_size: dict[int, Checkpoint] = {}
        self._latest: Checkpoint | None = None
        self._stored = 0
        # What the log disagreed with at start: each a checkpoint it no longer matches.
        self.disagreements: list[str] = []
        # One catch-up or signing at a time (held while hashing: seconds on a big log).
        self._lock = threading.Lock()
        # The checkpoints known, read by gRPC handlers on the event loop: held only briefly.
        self._known_lock = threading.Lock()
        self._checked_at_start = False

    def catch_up(self) -> int:
        """Hashes whatever the log holds beyond the ledger; returns the ledger's size."""
        with self._lock:
            self.app.follow_log(self.ledger.last_position, self._append)
            if not self._checked_at_start:
                self._load_checkpoints()
                self._check_against_checkpoints()
                self._checked_at_start = True
            AUDIT_TREE_SIZE.set(self.ledger.size)
            return self.ledger.size

    def _append(self, n: Notification) -> None:
        leaf = event_leaf(n.id, UUID(str(n.originator_id)), n.originator_version, n.topic, n.state)
        self.ledger.append(n.id, leaf)

    def make_checkpoint(self) -> Checkpoint | None:
        """Signs and stores a checkpoint if the log grew since the last; returns it."""
        self.catch_up()
        with self._lock:
            if self.disagreements:
                # The log no longer matches what was signed: signing it now would vouch
                # for the rewrite. Nothing more is signed until an operator restores it.
                log.error("audit.not_signing", service=self.service, found=self.disagreements)
                return None
            size, root, chain_head = self.ledger.head()
            latest = self.latest()
            if size == 0 or (latest is not None and latest.size >= size):
                return None
            checkpoint = self.signer.sign(self.origin, size, root, chain_head, self.clock())
            stored = StoredEvent(
                originator_id=self._sequence_id,
                originator_version=self._stored + 1,
                topic=CHECKPOINT_TOPIC,
                state=checkpoint.to_note().encode(),
            )
            try:
                self._recorder.insert_events([stored])
            except IntegrityError:
                # Another replica of the service signed first: take up its checkpoints.
                self._load_checkpoints()
                return None
            self._stored += 1
            self._note(checkpoint)
            AUDIT_CHECKPOINT_SIZE.set(checkpoint.size)
            return checkpoint

    def latest(self) -> Checkpoint | None:
        with self._known_lock:
            return self._latest

    def at_size(self, size: int) -> Checkpoint | None:
        with self._known_lock:
            return self._by_size.get(size)

    def _note(self, checkpoint: Checkpoint) -> None:
        if checkpoint.origin != self.origin:
            raise ValueError(f"a checkpoint of {checkpoint.origin} in {self.origin}'s store")
        with self._known_lock:
            self._by_size[checkpoint.size] = checkpoint
            if self._latest is None or checkpoint.size > self._latest.size:
                self._latest = checkpoint

    def _load_checkpoints(self) -> None:
        for stored in self._recorder.select_events(self._sequence_id, gt=self._stored or None):
            self._note(Checkpoint.from_note(stored.state.decode()))
            self._stored = stored.originator_version

    def _check_against_checkpoints(self) -> None:
        with self._known_lock:
            known = sorted(self._by_size.items())
        for size, checkpoint in known:
            if size > self.ledger.size:
                found = f"the log has {self.ledger.size} events, fewer than checkpoint {size}"
            elif self.ledger.head(size)[1:] != (checkpoint.root, checkpoint.chain_head):
                found = f"the log's first {size} events are not those checkpoint {size} signed"
            else:
                continue
            self.disagreements.append(found)
            log.error("audit.log_disagrees_with_checkpoint", service=self.service, found=found)
