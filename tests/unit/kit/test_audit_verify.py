"""Tamper evidence: the checkpointer signs what the log holds, and verifying a log shown
by a service finds every way it could differ from what was signed (the mutations of
transparency-dev's Merkle test data: an event edited, deleted, inserted or reordered, a
checkpoint signed by another key, a truncated log, bad proofs). The untouched log verifies.
"""

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from portcullis_kit.audit_check import InclusionProof, ShownEvent, verify_log
from portcullis_kit.audit_log import Checkpoint, CheckpointError, CheckpointSigner
from portcullis_kit.checkpoints import Checkpointer
from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import ExclusionAction, ExclusionType
from tests.support import organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 28)


def sqlite_env(path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


def record_some(app: RegistryApplication, names: Sequence[str]) -> None:
    for name in names:
        party_id = app.register_party(organisation(name), "officer")
        action = ExclusionAction("counterfeits", True, "SDO", TODAY, date(2029, 11, 1))
        app.impose_exclusion(party_id, ExclusionType.DEBARMENT, action, "sdo")


def shown(app: RegistryApplication) -> list[ShownEvent]:
    return [
        ShownEvent(n.id, n.originator_id, n.originator_version, n.topic, n.state)  # type: ignore[arg-type]
        for n in app.read_log(0, 10_000)
    ]


class Log:
    """A registry's log with checkpoints at two sizes, and the service's proof fetchers."""

    def __init__(self) -> None:
        self.app = RegistryApplication(MEMORY, country_codes(), clock=lambda: TODAY)
        self.signer = CheckpointSigner.generate()
        self.checkpointer = Checkpointer("registry", self.app, self.signer)
        record_some(self.app, ["Hongdark", "Quanlux"])
        self.first = self.checkpointer.make_checkpoint()
        record_some(self.app, ["Vexmar", "Ostrava Lux"])
        self.latest = self.checkpointer.make_checkpoint()
        self.events = shown(self.app)

    def inclusion(self, position: int, size: int) -> InclusionProof:
        ledger = self.checkpointer.ledger
        index = ledger.index_of(position)
        assert index is not None
        return InclusionProof(
            index, size, ledger.record(index).leaf_hash, ledger.inclusion_proof(index, size)
        )

    def consistency(self, first: int, second: int) -> list[bytes]:
        return self.checkpointer.ledger.consistency_proof(first, second)

    def verify(
        self,
        events: Sequence[ShownEvent] | None = None,
        checkpoint: Checkpoint | None = None,
        inclusion: Callable[[int, int], InclusionProof] | None = None,
        consistency: Callable[[int, int], Sequence[bytes]] | None = None,
    ) -> list[str]:
        assert self.first is not None
        assert self.latest is not None
        return verify_log(
            self.events if events is None else events,
            checkpoint or self.latest,
            self.signer.public_key,
            saved=[self.first],
            fetch_inclusion=inclusion or self.inclusion,
            fetch_consistency=consistency or self.consistency,
            spot_checks=list(range(len(self.events))),
        ).findings


@pytest.fixture
def log() -> Log:
    return Log()


def test_the_untouched_log_verifies_with_every_proof(log: Log) -> None:
    assert log.first is not None
    assert log.latest is not None
    assert (log.first.size, log.latest.size) == (4, 8)
    assert log.verify() == []


def test_a_checkpoint_is_signed_only_when_the_log_grew(log: Log) -> None:
    assert log.checkpointer.make_checkpoint() is None
    record_some(log.app, ["Brand New"])
    grown = log.checkpointer.make_checkpoint()
    assert grown is not None
    assert grown.size == 10
    grown.verify(log.signer.public_key)
    assert Checkpoint.from_note(grown.to_note()) == grown


def edited(events: list[ShownEvent]) -> list[ShownEvent]:
    state = events[2].state.replace(b"Quanlux", b"Quanlu_")
    return [*events[:2], events[2]._replace(state=state), *events[3:]]


@pytest.mark.parametrize(
    ("mutation", "found"),
    [
        ("edited", "an event was edited, inserted or reordered"),
        ("deleted", "events are missing"),
        ("inserted", "events were added"),
        ("reordered", "out of order"),
        ("truncated", "events are missing (deleted or truncated)"),
        ("renumbered", "an event was edited, inserted or reordered"),
    ],
)
def test_a_log_changed_after_signing_fails_and_says_how(
    log: Log, mutation: str, found: str
) -> None:
    events = log.events
    mutations: dict[str, Callable[[], list[ShownEvent]]] = {
        "edited": lambda: edited(events),
        "deleted": lambda: events[:3] + events[4:],
        "inserted": lambda: [
            *events[:3],
            events[3]._replace(position=events[3].position),
            *events[3:],
        ],
        "reordered": lambda: [events[0], events[2], events[1], *events[3:]],
        "truncated": lambda: events[:-2],
        "renumbered": lambda: [e._replace(position=e.position + 1) for e in events],
    }
    changed = mutations[mutation]()
    findings = log.verify(changed)
    assert any(found in f for f in findings), findings


def test_a_checkpoint_resigned_by_another_key_fails(log: Log) -> None:
    assert log.latest is not None
    impostor = CheckpointSigner.generate()
    forged = impostor.sign(
        log.latest.origin,
        log.latest.size,
        log.latest.root,
        log.latest.chain_head,
        log.latest.made_at,
    )
    [finding] = log.verify(checkpoint=forged)
    assert "signed by key" in finding
    with pytest.raises(CheckpointError, match="does not verify"):
        replace(log.latest, size=9).verify(log.signer.public_key)


def test_a_bad_inclusion_proof_fails(log: Log) -> None:
    def flipped(position: int, size: int) -> InclusionProof:
        proof = log.inclusion(position, size)
        first = bytes([proof.proof[0][0] ^ 1]) + proof.proof[0][1:]
        return replace(proof, proof=[first, *proof.proof[1:]])

    def wrong_index(position: int, size: int) -> InclusionProof:
        return replace(log.inclusion(position, size), leaf_index=0)

    assert any("does not lead to the root" in f for f in log.verify(inclusion=flipped))
    assert any("put it at leaf 0" in f for f in log.verify(inclusion=wrong_index))


def test_a_consistency_proof_between_wrong_sizes_fails(log: Log) -> None:
    findings = log.verify(consistency=lambda first, second: log.consistency(first - 1, second))
    assert any("consistency proof to size 8 fails" in f for f in findings), findings


def test_a_service_rolled_back_behind_a_saved_checkpoint_fails(log: Log) -> None:
    assert log.first is not None
    events = log.events[: log.first.size]
    findings = verify_log(
        events,
        log.first,
        log.signer.public_key,
        saved=[log.latest],  # type: ignore[list-item]
    ).findings
    assert any("rolled back" in f for f in findings)


def test_checkpoints_are_kept_in_the_store_and_a_rewrite_is_found_at_start(
    tmp_path: Path,
) -> None:
    path = tmp_path / "registry.sqlite"
    signer = CheckpointSigner.generate()
    app = RegistryApplication(sqlite_env(path), country_codes(), clock=lambda: TODAY)
    record_some(app, ["Hongdark", "Quanlux"])
    made = Checkpointer("registry", app, signer).make_checkpoint()
    assert made is not None
    app.close()
    # Someone edits a stored event behind the service's back.
    with sqlite3.connect(path) as db:
        [(rowid, state)] = [
            row
            for row in db.execute("SELECT rowid, state FROM stored_events")
            if b"Quanlux" in bytes(row[1])
        ]
        db.execute(
            "UPDATE stored_events SET state = ? WHERE rowid = ?",
            (bytes(state).replace(b"Quanlux", b"Quanlu_"), rowid),
        )
    reopened = RegistryApplication(sqlite_env(path), country_codes(), clock=lambda: TODAY)
    checkpointer = Checkpointer("registry", reopened, signer)
    checkpointer.catch_up()
    assert checkpointer.latest() == made  # kept in the store
    assert checkpointer.disagreements == [
        f"the log's first {made.size} events are not those checkpoint {made.size} signed"
    ]
    reopened.close()


def test_a_saved_checkpoint_of_another_log_is_not_taken_for_this_one(log: Log) -> None:
    assert log.first is not None
    assert log.latest is not None
    other = CheckpointSigner.generate()
    foreign = other.sign("portcullis/scoring", 1, b"\0" * 32, b"\0" * 32, log.first.made_at)
    findings = verify_log(log.events, log.latest, log.signer.public_key, saved=[foreign]).findings
    assert any("portcullis/scoring's, not portcullis/registry's" in f for f in findings)


def test_a_rewritten_log_is_not_signed_again(tmp_path: Path) -> None:
    path = tmp_path / "registry.sqlite"
    signer = CheckpointSigner.generate()
    app = RegistryApplication(sqlite_env(path), country_codes(), clock=lambda: TODAY)
    record_some(app, ["Hongdark"])
    assert Checkpointer("registry", app, signer).make_checkpoint() is not None
    app.close()
    with sqlite3.connect(path) as db:
        for rowid, state in list(db.execute("SELECT rowid, state FROM stored_events")):
            edited = bytes(state).replace(b"Hongdark", b"Hongdirk")
            db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (edited, rowid))
    reopened = RegistryApplication(sqlite_env(path), country_codes(), clock=lambda: TODAY)
    record_some(reopened, ["Quanlux"])  # the log grows after the rewrite
    checkpointer = Checkpointer("registry", reopened, signer)
    assert checkpointer.make_checkpoint() is None
    assert checkpointer.disagreements
    reopened.close()
