"""The Merkle tree of RFC 6962 (Certificate Transparency) over a log's leaf hashes.

Leaves are hashed with a 0x00 prefix and inner nodes with 0x01, so a leaf can never pass
for a node. The tree over n leaves splits at the largest power of two below n, which
makes every tree a sequence of complete subtrees, largest first; `MerkleTree` keeps the
hash of every complete aligned subtree, so appending is O(1) amortised and a root or a
proof for any earlier size is O(log n) of those hashes.

Proof verification follows RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency),
and needs nothing but the hashes: an auditor runs it without trusting the log.
"""

import hashlib
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()
HASH_SIZE = 32


class ProofError(Exception):
    """A proof that does not prove what it claims; says what was wrong."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """The tree over the leaf hashes appended so far, and any earlier size of it."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        # levels[k] holds, 32 bytes each, the roots of the complete subtrees of 2**k
        # leaves, the i-th from leaf i * 2**k (packed: about 64 bytes a leaf in all).
        self.levels: list[bytearray] = [bytearray()]
        for leaf in leaf_hashes:
            self.append(leaf)

    @property
    def size(self) -> int:
        return len(self.levels[0]) // HASH_SIZE

    def append(self, leaf: bytes) -> None:
        self.levels[0] += leaf
        level = 0
        # A new node completes a pair when its index is odd.
        while (len(self.levels[level]) // HASH_SIZE) % 2 == 0:
            nodes = self.levels[level]
            if level + 1 == len(self.levels):
                self.levels.append(bytearray())
            self.levels[level + 1] += node_hash(
                bytes(nodes[-2 * HASH_SIZE : -HASH_SIZE]), bytes(nodes[-HASH_SIZE:])
            )
            level += 1

    def leaf(self, index: int) -> bytes:
        return self._node(0, index)

    def _node(self, level: int, index: int) -> bytes:
        start = index * HASH_SIZE
        return bytes(self.levels[level][start : start + HASH_SIZE])

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        self._check_size(size)
        if size == 0:
            return EMPTY_ROOT
        return self._hash(0, size)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """RFC 6962 PATH(index, D[0:size]): the sibling hashes from the leaf up."""
        self._check_size(size)
        if not 0 <= index < size:
            raise ValueError(f"leaf index {index} is not in a tree of {size}")
        return self._path(index, 0, size)

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        """RFC 6962 PROOF(first, D[0:second]): what proves the tree of `first` leaves is
        the start of the tree of `second`."""
        self._check_size(second)
        if not 0 < first <= second:
            raise ValueError(f"no consistency proof from {first} to {second}")
        if first == second:
            return []
        return self._subproof(first, 0, second, True)

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= self.size:
            raise ValueError(f"tree size {size} is beyond the log's {self.size}")

    def _hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]); `start` is aligned as the RFC's splits make it."""
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            return self._node(n.bit_length() - 1, start // n)
        k = _split(n)
        return node_hash(self._hash(start, start + k), self._hash(start + k, end))

    def _path(self, index: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = _split(n)
        if index < start + k:
            return [*self._path(index, start, start + k), self._hash(start + k, end)]
        return [*self._path(index, start + k, end), self._hash(start, start + k)]

    def _subproof(self, m: int, start: int, end: int, whole: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if whole else [self._hash(start, end)]
        k = _split(n)
        if m <= k:
            return [*self._subproof(m, start, start + k, whole), self._hash(start + k, end)]
        return [*self._subproof(m - k, start + k, end, False), self._hash(start, start + k)]


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Raises ProofError unless `proof` shows `leaf` at `index` in the tree with `root`."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the tree is deep")
    if r != root:
        raise ProofError(f"inclusion proof for leaf {index} does not lead to the root")


def verify_consistency(
    first: int, second: int, proof: Sequence[bytes], first_root: bytes, second_root: bytes
) -> None:
    """Raises ProofError unless `proof` shows the tree of `first` leaves with `first_root`
    is the start of the tree of `second` leaves with `second_root`."""
    if first < 0 or second < first:
        raise ProofError(f"no consistency between sizes {first} and {second}")
    if first == second:
        if proof:
            raise ProofError("a tree is consistent with itself by an empty proof")
        if first_root != second_root:
            raise ProofError(f"two different roots for the same size {first}")
        return
    if first == 0:
        if proof:
            raise ProofError("the empty tree is consistent with any by an empty proof")
        return
    if not proof:
        raise ProofError("empty consistency proof between different sizes")
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than the trees are deep")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("consistency proof is shorter than the trees are deep")
    if fr != first_root:
        raise ProofError(f"consistency proof does not lead to the root of size {first}")
    if sr != second_root:
        raise ProofError(f"consistency proof does not lead to the root of size {second}")
