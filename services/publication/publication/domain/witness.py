"""Publication as a witness of every service's log (DESIGN: auditability).

Each service publishes the checkpoints it signs; publication keeps every one it receives,
independently of the service. A service that later shows an auditor a log which does
not extend a checkpoint kept here has rewritten its history, and this copy proves what
it signed. The witness checks what it can without the log itself: the signature, that
the key is the one the service signed with before, and that no size is signed twice with
different roots.
"""

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

WITNESS_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/publication/witness")


def witnessed_id(origin: str, size: int) -> UUID:
    return uuid5(WITNESS_NAMESPACE, f"{origin}/{size}")


class WitnessedCheckpoint(Aggregate):
    """A checkpoint as received; identified by its origin and size."""

    class Received(Aggregate.Created):
        origin: str
        size: int
        note: str
        # The key that signed it, base64.
        public_key: str
        made_at: datetime
        # What the witness found wrong with it when it arrived; empty when nothing.
        findings: tuple[str, ...]

    class Contradicted(Aggregate.Event):
        note: str
        finding: str

    @staticmethod
    def create_id(
        origin: str,
        size: int,
        note: str,
        public_key: str,
        made_at: datetime,
        findings: tuple[str, ...],
    ) -> UUID:
        return witnessed_id(origin, size)

    @event(Received)
    def __init__(
        self,
        origin: str,
        size: int,
        note: str,
        public_key: str,
        made_at: datetime,
        findings: tuple[str, ...],
    ) -> None:
        self.origin = origin
        self.size = size
        self.note = note
        self.public_key = public_key
        self.made_at = made_at
        self.findings = tuple(findings)
        # Other notes signed for the same size: the service said two things.
        self.contradictions: tuple[str, ...] = ()

    def contradict(self, note: str, finding: str) -> None:
        if note != self.note and note not in self.contradictions:
            self._contradicted(note, finding)

    @event(Contradicted)
    def _contradicted(self, note: str, finding: str) -> None:
        self.contradictions = (*self.contradictions, note)
        self.findings = (*self.findings, finding)
