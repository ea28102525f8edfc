"""Publication as the witness of every service's checkpoints: it keeps what each service
signed, refuses what is not that service's or not signed as it should be, and records a
change of key or a size signed twice."""

from dataclasses import replace
from datetime import UTC, datetime
from typing import cast

from eventsourcing.persistence import Tracking

from portcullis_kit.audit_log import CheckpointSigner
from portcullis_kit.reference import country_codes
from publication.application.publication_app import PublicationApplication
from publication.domain.witness import WitnessedCheckpoint

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def app() -> PublicationApplication:
    return PublicationApplication(MEMORY, country_codes())


def witnessed(witness: PublicationApplication, text: str, key: bytes) -> list[WitnessedCheckpoint]:
    return [cast(WitnessedCheckpoint, a) for a in witness.witness_checkpoint("registry", text, key)]


def note(signer: CheckpointSigner, origin: str = "portcullis/registry", size: int = 5) -> str:
    return signer.sign(origin, size, b"r" * 32, b"c" * 32, NOW).to_note()


def test_a_good_checkpoint_is_kept_and_a_change_of_key_is_a_finding() -> None:
    witness = app()
    first, second = CheckpointSigner.generate(), CheckpointSigner.generate()
    [kept] = witnessed(witness, note(first), first.public_key)
    assert kept.findings == ()
    # As the consumer stores it: with the checkpoint's size as the stream position.
    witness.record_with_tracking(Tracking("registry_checkpoints", 5), kept)
    [changed] = witnessed(witness, note(second, size=6), second.public_key)
    assert changed.findings[0].startswith(f"signed by key {second.key_id}; size 5")


def test_a_checkpoint_not_of_the_stream_or_not_signed_is_refused() -> None:
    witness = app()
    signer, impostor = CheckpointSigner.generate(), CheckpointSigner.generate()
    assert (
        witness.witness_checkpoint(
            "registry", note(signer, "portcullis/scoring"), signer.public_key
        )
        == ()
    )
    forged = replace(
        signer.sign("portcullis/registry", 9, b"r" * 32, b"c" * 32, NOW), size=10
    ).to_note()
    assert witness.witness_checkpoint("registry", forged, signer.public_key) == ()
    witness.pinned_keys = {"registry": signer.public_key}
    assert witness.witness_checkpoint("registry", note(impostor), impostor.public_key) == ()
    assert witness.witness_checkpoint("registry", note(signer), signer.public_key) != ()


def test_a_size_signed_twice_with_another_root_is_a_contradiction() -> None:
    witness = app()
    signer = CheckpointSigner.generate()
    [kept] = witnessed(witness, note(signer), signer.public_key)
    witness.save(kept)
    other = signer.sign("portcullis/registry", 5, b"x" * 32, b"c" * 32, NOW).to_note()
    [same] = witnessed(witness, other, signer.public_key)
    assert same.contradictions == (other,)
    assert "signed again" in same.findings[-1]
