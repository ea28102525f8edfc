"""RFC 6962 Merkle trees, against the reference vectors of Certificate Transparency
(transparency-dev/merkle's reference tests), and proofs mutated the ways an attacker or a
bug would: each mutation must be refused."""

from typing import Any

import pytest

from portcullis_kit.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    ProofError,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)

LEAVES = [
    bytes.fromhex(x)
    for x in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [  # (leaf index, tree size, proof)
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CONSISTENCY = [  # (first size, second size, proof)
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]


@pytest.fixture
def tree() -> MerkleTree:
    return MerkleTree(leaf_hash(x) for x in LEAVES)


def test_roots_of_every_size_are_the_reference_roots(tree: MerkleTree) -> None:
    assert tree.root(0) == EMPTY_ROOT
    assert [tree.root(n).hex() for n in range(1, 9)] == ROOTS


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_proofs_are_the_reference_proofs_and_verify(
    tree: MerkleTree, index: int, size: int, proof: list[str]
) -> None:
    assert [p.hex() for p in tree.inclusion_proof(index, size)] == proof
    verify_inclusion(
        tree.leaf(index), index, size, tree.inclusion_proof(index, size), tree.root(size)
    )


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY)
def test_consistency_proofs_are_the_reference_proofs_and_verify(
    tree: MerkleTree, first: int, second: int, proof: list[str]
) -> None:
    assert [p.hex() for p in tree.consistency_proof(first, second)] == proof
    verify_consistency(
        first, second, tree.consistency_proof(first, second), tree.root(first), tree.root(second)
    )


def test_every_proof_of_a_larger_tree_verifies() -> None:
    tree = MerkleTree(leaf_hash(i.to_bytes(4, "big")) for i in range(70))
    for size in range(1, 71):
        root = tree.root(size)
        for index in range(size):
            verify_inclusion(tree.leaf(index), index, size, tree.inclusion_proof(index, size), root)
        for first in range(1, size + 1):
            proof = tree.consistency_proof(first, size)
            verify_consistency(first, size, proof, tree.root(first), root)


def flip(value: bytes) -> bytes:
    return bytes([value[0] ^ 1]) + value[1:]


def inclusion_mutations(tree: MerkleTree) -> dict[str, tuple[Any, ...]]:
    index, size = 5, 8
    proof, root, leaf = tree.inclusion_proof(index, size), tree.root(size), tree.leaf(index)
    return {
        "a flipped bit in the proof": (leaf, index, size, [flip(proof[0]), *proof[1:]], root),
        "a flipped bit in the leaf": (flip(leaf), index, size, proof, root),
        "the wrong index": (leaf, 4, size, proof, root),
        "an index beyond the tree": (leaf, 8, size, proof, root),
        # (Sizes whose trees have the same shape there, like 7 and 8 for leaf 5, take the
        # same proof: the signed checkpoint binds the size to its root.)
        "the wrong tree size": (leaf, index, 6, proof, root),
        "a hash left out": (leaf, index, size, proof[:-1], root),
        "a hash added": (leaf, index, size, [*proof, proof[0]], root),
        "hashes reordered": (leaf, index, size, proof[::-1], root),
        "another root": (leaf, index, size, proof, tree.root(7)),
    }


def consistency_mutations(tree: MerkleTree) -> dict[str, tuple[Any, ...]]:
    proof = tree.consistency_proof(3, 7)
    r3, r7 = tree.root(3), tree.root(7)
    return {
        "a flipped bit in the proof": (3, 7, [flip(proof[0]), *proof[1:]], r3, r7),
        "the wrong first size": (2, 7, proof, r3, r7),
        "the wrong second size": (3, 4, proof, r3, r7),
        "sizes swapped": (7, 3, proof, r7, r3),
        "a hash left out": (3, 7, proof[:-1], r3, r7),
        "a hash added": (3, 7, [*proof, proof[0]], r3, r7),
        "an empty proof": (3, 7, [], r3, r7),
        "another first root": (3, 7, proof, tree.root(4), r7),
        "another second root": (3, 7, proof, r3, tree.root(8)),
        "two roots for one size": (7, 7, [], r7, flip(r7)),
    }


SAMPLE = MerkleTree(leaf_hash(x) for x in LEAVES)


@pytest.mark.parametrize("mutation", list(inclusion_mutations(SAMPLE)))
def test_an_inclusion_proof_mutated_is_refused(tree: MerkleTree, mutation: str) -> None:
    with pytest.raises(ProofError):
        verify_inclusion(*inclusion_mutations(tree)[mutation])


@pytest.mark.parametrize("mutation", list(consistency_mutations(SAMPLE)))
def test_a_consistency_proof_mutated_is_refused(tree: MerkleTree, mutation: str) -> None:
    with pytest.raises(ProofError):
        verify_consistency(*consistency_mutations(tree)[mutation])


def test_a_rewritten_reordered_or_truncated_log_has_another_root() -> None:
    leaves = [leaf_hash(bytes([i])) for i in range(9)]
    root = MerkleTree(leaves).root()
    edited = [*leaves[:4], leaf_hash(b"edited"), *leaves[5:]]
    for changed in (edited, leaves[:4] + leaves[5:], [leaves[1], leaves[0], *leaves[2:]]):
        assert MerkleTree(changed).root() != root
    # A prefix is consistent; an edited history is not.
    whole = MerkleTree(leaves)
    with pytest.raises(ProofError):
        verify_consistency(5, 9, whole.consistency_proof(5, 9), MerkleTree(edited).root(5), root)


def test_sizes_beyond_the_log_are_refused(tree: MerkleTree) -> None:
    for call in (
        lambda: tree.root(9),
        lambda: tree.inclusion_proof(0, 9),
        lambda: tree.inclusion_proof(8, 8),
        lambda: tree.consistency_proof(0, 3),
        lambda: tree.consistency_proof(4, 3),
    ):
        with pytest.raises(ValueError, match=r"tree size|leaf index|consistency proof"):
            call()
