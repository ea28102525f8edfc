"""Tamper evidence for a service's event log: leaves, a hash chain, signed checkpoints.

Every stored event is a leaf of the log's RFC 6962 Merkle tree (`merkle`), hashed from
the bytes as stored (position, aggregate, version, topic, state), so an auditor verifies
without any key to read them. A hash chain runs beside the tree: each link is the hash
of the one before and the leaf, so the head alone pins the whole order too.

A checkpoint is the tree's size, root and chain head at a time, signed with the
service's Ed25519 key. It is kept in the service's store, published on NATS (on a
subject only that service's NATS user may publish on, see `nats_auth`) and collected by
the publication service: anyone holding an older checkpoint can demand a consistency
proof, so a history rewritten after it was signed is caught.
"""

import base64
import hashlib
import os
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portcullis_kit.merkle import HASH_SIZE, MerkleTree, leaf_hash

# Says what the leaf bytes are, so a leaf of this log can never pass for anything else.
LEAF_PREFIX = b"portcullis.event.v1\n"
CHAIN_START = bytes(32)


def event_leaf(position: int, aggregate_id: UUID, version: int, topic: str, state: bytes) -> bytes:
    """The leaf's bytes for a stored event: each field fixed-size or length-prefixed, so
    no two events share the bytes."""
    topic_bytes = topic.encode("utf-8")
    return b"".join(
        (
            LEAF_PREFIX,
            position.to_bytes(8, "big"),
            aggregate_id.bytes,
            version.to_bytes(8, "big", signed=True),
            len(topic_bytes).to_bytes(4, "big"),
            topic_bytes,
            len(state).to_bytes(8, "big"),
            state,
        )
    )


def chain_link(previous: bytes, leaf_hash: bytes) -> bytes:
    return hashlib.sha256(previous + leaf_hash).digest()


def key_id(public_key: bytes) -> str:
    """A short name for a public key: the first 8 bytes of its SHA-256, in hex."""
    return hashlib.sha256(public_key).hexdigest()[:16]


class CheckpointError(Exception):
    """A checkpoint that is malformed or not signed by the key given."""


@dataclass(frozen=True)
class Checkpoint:
    """The log's size, root and chain head at a time, as its service signed them."""

    origin: str  # "portcullis/registry": whose log
    size: int
    root: bytes
    chain_head: bytes
    made_at: datetime
    key_id: str
    signature: bytes

    def body(self) -> bytes:
        """What is signed: one field per line, in the style of transparency-log notes."""
        return (
            f"{self.origin}\n{self.size}\n{_b64(self.root)}\n{_b64(self.chain_head)}\n"
            f"{self.made_at.astimezone(UTC).isoformat()}\n"
        ).encode()

    def verify(self, public_key: bytes) -> None:
        """Raises CheckpointError unless the key given signed this checkpoint."""
        if key_id(public_key) != self.key_id:
            raise CheckpointError(
                f"checkpoint was signed by key {self.key_id}, not by {key_id(public_key)}"
            )
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(self.signature, self.body())
        except (InvalidSignature, ValueError):
            raise CheckpointError(
                f"signature of checkpoint {self.origin} size {self.size} does not verify"
            ) from None

    def to_note(self) -> str:
        """The checkpoint as text an auditor can save and compare later."""
        return self.body().decode() + f"\n— {self.key_id} {_b64(self.signature)}\n"

    @classmethod
    def from_note(cls, note: str) -> "Checkpoint":
        try:
            body, _, signature_line = note.rstrip("\n").rpartition("\n\n")
            origin, size, root, chain_head, made_at = body.split("\n")
            dash, signer, signature = signature_line.split(" ")
            if dash != "—":
                raise ValueError("no signature line")
            return cls(
                origin,
                int(size),
                base64.b64decode(root, validate=True),
                base64.b64decode(chain_head, validate=True),
                datetime.fromisoformat(made_at),
                signer,
                base64.b64decode(signature, validate=True),
            )
        except ValueError as error:
            raise CheckpointError(f"not a checkpoint note: {error}") from None


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


class CheckpointSigner:
    """The service's Ed25519 key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = key_id(self.public_key)

    @classmethod
    def generate(cls) -> "CheckpointSigner":
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_file(cls, path: Path, create: bool = False) -> "CheckpointSigner":
        """Reads a key file (the 32-byte seed, base64); with `create`, makes one first
        if there is none (for `make run`; in production the key is a mounted Secret)."""
        if create and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            seed = os.urandom(32)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as file:
                file.write(base64.b64encode(seed).decode() + "\n")
        seed = base64.b64decode(path.read_text().strip(), validate=True)
        return cls(Ed25519PrivateKey.from_private_bytes(seed))

    def sign(
        self, origin: str, size: int, root: bytes, chain_head: bytes, at: datetime
    ) -> Checkpoint:
        unsigned = Checkpoint(origin, size, root, chain_head, at, self.key_id, b"")
        return Checkpoint(
            origin, size, root, chain_head, at, self.key_id, self._key.sign(unsigned.body())
        )


@dataclass(frozen=True)
class LeafRecord:
    """One event as the tree holds it."""

    index: int
    position: int
    leaf_hash: bytes
    chain: bytes


class EventLedger:
    """The Merkle tree and hash chain over a log, kept current by `append`.

    Packed (positions as 8-byte ints, hashes as 32 bytes each, about 110 bytes an event
    in all), since it covers every event a service ever recorded. Thread-safe: the
    checkpointer appends while gRPC handlers ask for proofs."""

    def __init__(self) -> None:
        self.tree = MerkleTree()
        self.positions = array("q")
        self.chain = bytearray()
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        return self.tree.size

    @property
    def last_position(self) -> int:
        return self.positions[-1] if self.positions else 0

    def append(self, position: int, leaf: bytes) -> None:
        hashed = leaf_hash(leaf)
        with self._lock:
            if self.positions and position <= self.positions[-1]:
                raise ValueError(f"position {position} is not after {self.positions[-1]}")
            previous = bytes(self.chain[-HASH_SIZE:]) if self.chain else CHAIN_START
            self.tree.append(hashed)
            self.positions.append(position)
            self.chain += chain_link(previous, hashed)

    def record(self, index: int) -> LeafRecord:
        with self._lock:
            return LeafRecord(
                index, self.positions[index], self.tree.leaf(index), self._link(index)
            )

    def index_of(self, position: int) -> int | None:
        """The leaf index of the event at a log position (positions only ever increase)."""
        with self._lock:
            index = bisect_left(self.positions, position)
            found = index < len(self.positions) and self.positions[index] == position
            return index if found else None

    def head(self, size: int | None = None) -> tuple[int, bytes, bytes]:
        """(size, root, chain head) of the tree now, or at an earlier size."""
        with self._lock:
            size = self.tree.size if size is None else size
            chain = self._link(size - 1) if size else CHAIN_START
            return size, self.tree.root(size), chain

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        with self._lock:
            return self.tree.inclusion_proof(index, size)

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        with self._lock:
            return self.tree.consistency_proof(first, second)

    def _link(self, index: int) -> bytes:
        return bytes(self.chain[index * HASH_SIZE : (index + 1) * HASH_SIZE])
