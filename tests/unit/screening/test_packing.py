import tracemalloc

from screening.domain.matching import read_profile
from screening.domain.profile import Packed
from screening.domain.watchlist import Packer
from tests.support import name_reader, organisation


def test_a_party_packs_and_unpacks_to_what_it_was() -> None:
    reader = name_reader()
    details = organisation("Shenzhen Hongdark Electronics Co., Ltd.", phones=("+86 755 1",))
    packed = Packed(details.name, details.source_ref, read_profile(details, reader))
    packer = Packer(reader)
    assert packer.unpack(packer.pack(packed)) == packed


def test_a_packed_party_holds_no_more_memory_than_its_bytes() -> None:
    reader = name_reader()
    packer = Packer(reader)
    details = organisation("Shenzhen Hongdark Electronics Co., Ltd.")
    packed = Packed(details.name, details.source_ref, read_profile(details, reader))
    tracemalloc.start()
    try:
        kept = [packer.pack(packed) for _ in range(1_000)]
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A bytes object costs its length and some 33 bytes; a compressor's output buffer,
    # kept as it was made, would cost several times that.
    assert held < len(kept) * (len(kept[0]) + 100)
