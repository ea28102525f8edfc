"""What `portcullis audit verify` checks, apart from how it fetches: a log as a service
showed it, against the checkpoint it signed and the checkpoints an auditor kept.

Nothing here trusts the service: leaf hashes are recomputed from the events' bytes, the
tree and the chain are rebuilt from those, the signature is checked with a key the
auditor holds, and proofs the service sends are verified, never believed. Each problem
is a finding in plain words; no findings means the log is the log that was signed.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from uuid import UUID

from portcullis_kit.audit_log import (
    CHAIN_START,
    Checkpoint,
    CheckpointError,
    chain_link,
    event_leaf,
)
from portcullis_kit.merkle import (
    MerkleTree,
    ProofError,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)


class ShownEvent(NamedTuple):
    """One event as the service streamed it. A named tuple: made for every event read,
    in C, at a third of a frozen dataclass's cost."""

    position: int
    aggregate_id: UUID
    version: int
    topic: str
    state: bytes
    # What the service says the leaf and chain hashes are (checked, not believed).
    leaf_hash: bytes = b""
    chain_hash: bytes = b""


@dataclass(frozen=True)
class InclusionProof:
    leaf_index: int
    tree_size: int
    leaf_hash: bytes
    proof: Sequence[bytes]


# Fetch a proof from the service: (position, tree size) and (first size, second size).
FetchInclusion = Callable[[int, int], InclusionProof]
FetchConsistency = Callable[[int, int], Sequence[bytes]]


@dataclass
class Verification:
    """What verifying found, and the tree rebuilt from the events (for more checks)."""

    findings: list[str]
    tree: MerkleTree
    events: int


def verify_log(
    events: Iterable[ShownEvent],
    checkpoint: Checkpoint,
    trusted_key: bytes,
    saved: Sequence[Checkpoint] = (),
    fetch_inclusion: FetchInclusion | None = None,
    fetch_consistency: FetchConsistency | None = None,
    spot_checks: Sequence[int] = (),
    progress: Callable[[int], None] = lambda _: None,
) -> Verification:
    """Checks the log shown against the checkpoint signed; `spot_checks` are leaf indexes
    (0 to size - 1) whose inclusion proofs are asked for and verified. The events are read
    once, as they come: a log of any length needs little memory."""
    findings: list[str] = []
    try:
        checkpoint.verify(trusted_key)
    except CheckpointError as error:
        findings.append(f"checkpoint: {error}")

    tree = MerkleTree()
    chain = CHAIN_START
    last_position = 0
    positions: list[int] = []
    for event in events:
        if event.position <= last_position:
            findings.append(
                f"event at position {event.position} comes after position {last_position}:"
                " the log is out of order"
            )
        last_position = max(last_position, event.position)
        leaf = event_leaf(
            event.position, event.aggregate_id, event.version, event.topic, event.state
        )
        hashed = leaf_hash(leaf)
        if event.leaf_hash and event.leaf_hash != hashed:
            findings.append(
                f"event at position {event.position}: its bytes do not hash to the leaf"
                " hash the service gave"
            )
        chain = chain_link(chain, hashed)
        if event.chain_hash and event.chain_hash != chain:
            findings.append(f"event at position {event.position}: the hash chain breaks here")
        tree.append(hashed)
        positions.append(event.position)
        progress(1)

    if tree.size < checkpoint.size:
        findings.append(
            f"log: {tree.size} events shown, the checkpoint signed {checkpoint.size}:"
            " events are missing (deleted or truncated)"
        )
    elif tree.size > checkpoint.size:
        findings.append(
            f"log: {tree.size} events shown, the checkpoint signed {checkpoint.size}:"
            " events were added"
        )
    elif tree.root() != checkpoint.root:
        findings.append(
            f"log: the root of the {tree.size} events shown is not the root signed:"
            " an event was edited, inserted or reordered"
        )
    elif chain != checkpoint.chain_head:
        findings.append("log: the hash chain's head is not the one signed")

    for kept in saved:
        findings.extend(_check_saved(kept, checkpoint, tree, trusted_key, fetch_consistency))

    if fetch_inclusion is not None and not findings:
        for index in spot_checks:
            if 0 <= index < len(positions):
                findings.extend(
                    _check_inclusion(positions[index], index, tree, checkpoint, fetch_inclusion)
                )
    return Verification(findings, tree, len(positions))


def _check_saved(
    kept: Checkpoint,
    latest: Checkpoint,
    tree: MerkleTree,
    trusted_key: bytes,
    fetch_consistency: FetchConsistency | None,
) -> list[str]:
    """An older checkpoint the auditor kept: the log shown must extend it."""
    where = f"saved checkpoint of size {kept.size}"
    if kept.origin != latest.origin:
        return [f"{where}: it is {kept.origin}'s, not {latest.origin}'s"]
    try:
        kept.verify(trusted_key)
    except CheckpointError as error:
        return [f"{where}: {error}"]
    if kept.size > latest.size:
        return [f"{where}: the service now signs only {latest.size} events: it rolled back"]
    found = []
    if kept.size <= tree.size and tree.root(kept.size) != kept.root:
        found.append(f"{where}: the log's first {kept.size} events are not those signed then")
    if fetch_consistency is not None and kept.size > 0:
        try:
            proof = fetch_consistency(kept.size, latest.size)
            verify_consistency(kept.size, latest.size, proof, kept.root, latest.root)
        except ProofError as error:
            found.append(f"{where}: consistency proof to size {latest.size} fails: {error}")
    return found


def _check_inclusion(
    position: int,
    index: int,
    tree: MerkleTree,
    checkpoint: Checkpoint,
    fetch_inclusion: FetchInclusion,
) -> list[str]:
    where = f"inclusion proof of position {position}"
    proof = fetch_inclusion(position, checkpoint.size)
    if proof.leaf_index != index or proof.tree_size != checkpoint.size:
        return [
            f"{where}: the service put it at leaf {proof.leaf_index} of {proof.tree_size},"
            f" the log shown at leaf {index} of {checkpoint.size}"
        ]
    try:
        verify_inclusion(tree.leaf(index), index, checkpoint.size, proof.proof, checkpoint.root)
    except ProofError as error:
        return [f"{where}: {error}"]
    return []
