"""The watchlist: every party screening knows, the excluded ones indexed for retrieval.

Screening a party is two stages: candidates are found by keys the query shares with an
excluded party (a distinctive name token, its sound or its ends, a contact), and only
those few are compared in full (`matching.compare`). A key that many parties share finds
no one on its own: it would make every screen compare thousands.

A party is screened against only while one of its exclusions is in force on the
screening date, so an exclusion stops matching the day it ends, with no event needed.
Not thread-safe by itself: the application guards it.

Kept compact, for a watchlist of a million parties in a few GiB (see
`bench/screening_speed.py`): Python objects cost far more than the text they hold (a
party's profile as objects takes about 4 KB, packed about 280 bytes).
- Each party has a slot, a dense number; the index holds slots, not UUIDs.
- The index maps a key's hash to the slots holding the key: one int, or an array of
  4-byte ints. Two keys with the same 64-bit hash would share their holders (at most
  extra candidates, which the full comparison then judges); among the ~20 million keys
  of a million parties the chance of any such pair is about 1 in 100,000. The hash is
  XXH3, the same in every process (Python's own `hash` of text is seeded per process),
  so that worker processes can index parties for a start-up build.
- A party's profile (what comparing needs) and the name and source record a hit shows
  are kept packed: MessagePack, compressed with a dictionary made of sample parties (so
  the field names cost next to nothing). They are unpacked each time the party is a
  candidate (about 13 µs). Keeping the most recently unpacked as objects was tried and
  made screening slower: the garbage collector walked the millions of objects they
  made, stalling screens for up to half a second. Its names are also packed on their
  own (a name card, about 100 bytes more), for the first look at a candidate that most
  candidates get no further than. Its other particulars are not kept: screening's
  store has them.
"""

import heapq
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

import msgspec
import xxhash
import zstandard

from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind
from screening.domain.matching import (
    Decision,
    Hit,
    ScreeningResult,
    Thresholds,
    best_name,
    compare,
    compare_associations,
    read_profile,
    read_query,
    score_of,
)
from screening.domain.names import NameReader
from screening.domain.profile import NameCard, Packed, Profile
from screening.domain.watched_party import Listing, exclusions_in_force

# A key shared by more parties than this is too common to find candidates by.
COMMON_KEY = 2_000
# A name key held by more parties than this adds next to nothing to a candidate's rank
# (1/256 against a rare word's 1), yet would cost a look at every holder on each screen.
COMMON_NAME_KEY = 256
# Keys made from names, persons' with their birth dates too (the rest are contacts and
# identifiers, every holder of which is a candidate).
NAME_KEYS = ("t:", "p:", "d:", "n:")
# At most this many candidates are compared in full, those sharing the most keys first.
CANDIDATES = 64


@dataclass(frozen=True)
class WatchlistEntry:
    party_id: UUID
    details: PartyDetails
    listings: Mapping[str, Listing]


class Indexed(NamedTuple):
    """A party made ready for the watchlist: what it keeps and the keys that find it."""

    packed: bytes
    # Empty for a party with no exclusion: it is kept, not indexed.
    name_card: bytes
    # Its keys' hashes (`key_code`).
    codes: "array[int]"


class Indexer:
    """Makes parties ready for the watchlist: reads each for comparison, packs it and
    lists its keys, most of the work of a put. Pure, so that a start-up build can spread
    it over processes; sent to one, it takes its reader and its packer's dictionary.
    Not thread-safe (its compressor): one caller at a time."""

    def __init__(self, reader: NameReader, dictionary: bytes) -> None:
        self.reader = reader
        self.dictionary = dictionary
        self._packer = Packer(reader, dictionary)

    def __call__(self, details: PartyDetails, excluded: bool) -> Indexed:
        profile = read_profile(details, self.reader) if excluded else None
        packed = self._packer.pack(Packed(details.name, details.source_ref, profile))
        if profile is None:
            return Indexed(packed, b"", array("Q"))
        card = self._packer.pack_name_card(NameCard.of(profile))
        return Indexed(packed, card, array("Q", map(key_code, set(profile.keys()))))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Indexer, (self.reader, self.dictionary))


# How an indexer is applied to parties and whether each is excluded: the built-in map, or
# a process pool's.
MapEach = Callable[[Indexer, list[PartyDetails], list[bool]], Iterable[Indexed]]


class Watchlist:
    def __init__(self, reader: NameReader, thresholds: Thresholds | None = None) -> None:
        self.reader = reader
        self.thresholds = thresholds or Thresholds()
        # Position in screening's own log up to which this index is current.
        self.position = 0
        self._packer = Packer(reader)
        # Packs with the same dictionary, so that what it packs (here or in another
        # process) this watchlist's packer unpacks; its own compressor, so that it may
        # run outside the lock.
        self.indexer = Indexer(reader, self._packer.dictionary)
        self._index = KeyIndex()
        # A party's slot by its id, and by slot: its id, its packed profile and name
        # card, its listings. Ids are kept as numbers (`UUID.int`): ranking candidates
        # reads the id of every party tied at the cut (tens, on a common word
        # thousands), and a number is one lookup where a UUID is two (the object, then
        # its number), each a miss of the processor's cache in a million parties; a
        # million UUID objects would also take 56 MB more.
        self._slots: dict[int, int] = {}
        self._party_numbers: list[int] = []
        self._packed: list[bytes] = []
        self._name_cards: list[bytes] = []
        self._listings: list[Mapping[str, Listing]] = []

    def put(self, entry: WatchlistEntry) -> None:
        """Adds or replaces a party. Only parties with an exclusion are indexed: the rest
        are kept for what they may later become. Uses the watchlist's indexer: not while
        anything else may (the application's catch-up indexes outside its lock)."""
        self.put_indexed(entry, self.indexer(entry.details, bool(entry.listings)))

    def put_many(self, entries: Sequence[WatchlistEntry], map_each: MapEach = map) -> None:
        """Puts each entry, their indexing done by `map_each`: the built-in map, or one
        that spreads it over processes (a start-up build of a million parties)."""
        for entry, indexed in zip(entries, self.index(entries, map_each), strict=True):
            self.put_indexed(entry, indexed)

    def index(
        self, entries: Sequence[WatchlistEntry], map_each: MapEach = map
    ) -> Iterable[Indexed]:
        """Each entry made ready for `put_indexed`. Reads nothing of the watchlist, so it
        may run without the application's lock, while screens go on."""
        details = [entry.details for entry in entries]
        excluded = [bool(entry.listings) for entry in entries]
        return map_each(self.indexer, details, excluded)

    def put_indexed(self, entry: WatchlistEntry, indexed: Indexed) -> None:
        """Adds or replaces a party made ready by the watchlist's indexer."""
        number = entry.party_id.int
        slot = self._slots.get(number)
        if slot is None:
            slot = len(self._party_numbers)
            self._slots[number] = slot
            self._party_numbers.append(number)
            self._packed.append(b"")
            self._name_cards.append(b"")
            self._listings.append(entry.listings)
        else:
            self._unindex(slot)
        self._packed[slot] = indexed.packed
        self._name_cards[slot] = indexed.name_card
        self._listings[slot] = entry.listings
        self._index.add_all(indexed.codes, slot)

    def _unindex(self, slot: int) -> None:
        profile = self._packer.unpack(self._packed[slot]).profile
        if profile is not None:
            for key in set(profile.keys()):
                self._index.remove(key, slot)

    @property
    def size(self) -> int:
        """Parties held, excluded or not (those not excluded are kept, not indexed)."""
        return len(self._party_numbers)

    def party_id(self, slot: int) -> UUID:
        return UUID(int=self._party_numbers[slot])

    def version(self, on: date) -> str:
        """Results are deterministic for a version: the log position and the screening date."""
        return f"{self.position}@{on.isoformat()}"

    def excluded_count(self, on: date) -> int:
        return sum(1 for listings in self._listings if exclusions_in_force(listings, on))

    def screen(self, query: PartyDetails, on: date) -> ScreeningResult:
        """The query against every candidate whose exclusion is in force on the date.

        Most candidates share only a word of the name with the query and are cleared by
        their names alone, which is all a first look unpacks. That holds only for a
        candidate with no link to the query and a query with no principals: any other
        evidence could only come from a contact key they share (every contact found one
        unless too common) or from a principal."""
        profile = read_query(query, self.reader)
        candidates = self._candidates(profile)
        names_alone = candidates.all_contacts_looked_up and not profile.principals
        hits = []
        for slot in candidates.slots:
            in_force = exclusions_in_force(self._listings[slot], on)
            if not in_force:
                continue
            first_look = names_alone and slot not in candidates.linked
            name = None
            if first_look:
                card = self._packer.unpack_name_card(self._name_cards[slot])
                name = best_name(profile, card)
                if name is None or self.thresholds.decide(score_of([name])) is Decision.CLEAR:
                    continue
            listed = self._packer.unpack(self._packed[slot])
            if listed.profile is None:  # only parties with a profile are indexed
                continue
            if first_look:  # the names, compared already: the same as the card's
                score, evidence = compare_associations(profile, listed.profile, name)
            else:
                score, evidence = compare(profile, listed.profile)
            decision = self.thresholds.decide(score)
            if decision is Decision.CLEAR:
                continue
            hits.append(
                Hit(
                    party_id=self.party_id(slot),
                    source_ref=listed.source_ref,
                    exclusion_ids=in_force,
                    name=listed.name,
                    score=round(score, 4),
                    decision=decision,
                    evidence=tuple(evidence),
                )
            )
        hits.sort(key=lambda h: (-h.score, str(h.party_id)))
        decision = max((h.decision for h in hits), default=Decision.CLEAR)
        return ScreeningResult(decision, self.version(on), tuple(hits))

    def _candidates(self, profile: Profile) -> "Candidates":
        """Every party sharing a contact with the query, and the parties whose names
        share the rarest keys with it (a key held by k parties counts 1/k); ties in
        the order of the parties' ids (as numbers: comparing UUIDs, or turning them
        into text, costs more)."""
        linked: set[int] = set()
        by_name: dict[int, float] = {}
        common: list[Sequence[int]] = []
        all_contacts_looked_up = True
        for key in set(profile.keys()):
            holders = self._index.holders(key)
            if len(holders) > COMMON_KEY and not key.startswith(NAME_KEYS):
                all_contacts_looked_up = False
            if not holders or len(holders) > COMMON_KEY:
                continue
            if key.startswith(NAME_KEYS):
                if len(holders) > COMMON_NAME_KEY:
                    common.append(holders)
                    continue
                rarity = 1.0 / len(holders)
                for slot in holders:
                    by_name[slot] = by_name.get(slot, 0.0) + rarity
            else:
                linked.update(holders)
        if not by_name:
            # Only common words in the name ("Wei Zhang"): rank by them after all.
            for holders in common:
                for slot in holders:
                    by_name[slot] = by_name.get(slot, 0.0) + 1.0 / len(holders)
        ranked = list(by_name)
        if len(ranked) > CANDIDATES:
            # Those scoring above the CANDIDATES-th best score are in; of those scoring
            # just that, the lowest party ids fill the places left. The candidates' own
            # order does not matter, so only the tied are ordered.
            cutoff = sorted(by_name.values(), reverse=True)[CANDIDATES - 1]
            ranked = [slot for slot, score in by_name.items() if score > cutoff]
            numbers = self._party_numbers
            tied = {numbers[slot]: slot for slot, score in by_name.items() if score == cutoff}
            ranked.extend(tied[i] for i in heapq.nsmallest(CANDIDATES - len(ranked), tied))
        # In no particular order (hits are put in order of score, then party id): sorting
        # them too was a tenth of a screen.
        slots = (*linked, *(slot for slot in ranked if slot not in linked))
        return Candidates(slots, frozenset(linked), all_contacts_looked_up)


@dataclass(frozen=True)
class Candidates:
    """The parties to compare with a query: those linked to it, then the best named."""

    slots: tuple[int, ...]
    # Those holding a contact key of the query.
    linked: frozenset[int]
    # False when a contact key of the query was held by too many to look at: a party
    # sharing it is then a candidate only by name, and no less linked.
    all_contacts_looked_up: bool


def key_code(key: str) -> int:
    """A candidate key's 64-bit hash, as the index holds it."""
    return xxhash.xxh3_64_intdigest(key)


class KeyIndex:
    """Candidate keys to the slots of the parties holding them, by the key's hash (see
    the module's notes). Most keys (a phone, a rare word with a letter left out) have
    one holder, kept as a bare int; the others an array of slots, 4 bytes each."""

    def __init__(self) -> None:
        self._holders: dict[int, int | array[int]] = {}

    def add_all(self, codes: Iterable[int], slot: int) -> None:
        """The slot as a holder of each key, by the keys' codes."""
        holders = self._holders
        # One object for all its keys: compiled (`screening.compiled`), `slot` would be
        # made an object again for each, a quarter of a GiB more for a million parties.
        holder: int | array[int] = slot
        for code in codes:
            held = holders.setdefault(code, holder)
            if isinstance(held, int):
                # The key's first holder (most keys have no other) is this party or another.
                # Told by value: compiled, `slot` is not the object put in (`screening.compiled`).
                if held != slot:
                    holders[code] = array("I", (held, slot))
            else:
                held.append(slot)

    def remove(self, key: str, slot: int) -> None:
        code = key_code(key)
        held = self._holders.get(code)
        # Not held (any more) only where two of the party's keys share a code: the slot
        # went with the first.
        if isinstance(held, int):
            if held == slot:
                del self._holders[code]
        elif held is not None and slot in held:
            held.remove(slot)
            if len(held) == 1:
                self._holders[code] = held[0]

    def holders(self, key: str) -> Sequence[int]:
        held = self._holders.get(key_code(key))
        if held is None:
            return ()
        if isinstance(held, int):
            return (held,)
        return held

    def __len__(self) -> int:
        return len(self._holders)


# Zstandard's first fast level: a party packs in about 2.5 µs and unpacks in 0.8 (level 3,
# the default: 5.3 and 1.1), 1% larger.
COMPRESSION_LEVEL = -1


class Packer:
    """What the watchlist keeps of a party as a couple of hundred bytes, and back.

    As MessagePack (decoded straight into the dataclasses, about twice as fast as
    unpickling), compressed with Zstandard and a dictionary made of sample parties, so
    that what every party repeats (field names) costs a few bytes."""

    def __init__(self, reader: NameReader, dictionary: bytes | None = None) -> None:
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(Packed)
        self._name_card_decoder = msgspec.msgpack.Decoder(NameCard)
        if dictionary is None:
            # Made afresh differs from process to process (sets are packed in the order
            # of their hashes, which each process seeds its own way): a packer that must
            # read what another packed is given the other's.
            samples = [
                Packed(details.name, details.source_ref, read_profile(details, reader))
                for details in _sample_parties()
            ]
            dictionary = self._encoder.encode(samples)
        self.dictionary = dictionary
        dictionary_data = zstandard.ZstdCompressionDict(
            dictionary, dict_type=zstandard.DICT_TYPE_RAWCONTENT
        )
        self._compressor = zstandard.ZstdCompressor(
            level=COMPRESSION_LEVEL, dict_data=dictionary_data, write_checksum=False
        )
        self._decompressor = zstandard.ZstdDecompressor(dict_data=dictionary_data)

    def pack(self, packed: Packed) -> bytes:
        return self._compressed(self._encoder.encode(packed))

    def unpack(self, packed: bytes) -> Packed:
        return self._decoder.decode(self._decompressor.decompress(packed))

    def pack_name_card(self, card: NameCard) -> bytes:
        return self._compressed(self._encoder.encode(card))

    def _compressed(self, encoded: bytes) -> bytes:
        # Copied: the compressor's bytes keep the room it set aside for the worst case
        # (about 700 bytes for 200), which for a million parties is most of a GiB.
        return memoryview(self._compressor.compress(encoded)).tobytes()

    def unpack_name_card(self, packed: bytes) -> NameCard:
        return self._name_card_decoder.decode(self._decompressor.decompress(packed))


def _sample_parties() -> list[PartyDetails]:
    """An organisation and a person with the fields most parties have, for the preset
    dictionary (any party packs correctly without it, only less compactly)."""
    address = Address(
        line1="Room 1203, No. 88 Huaqiang North Road",
        line2="Futian District",
        city="Shenzhen",
        postal_code="518000",
        country="CN",
    )
    organisation = PartyDetails(
        kind=PartyKind.ORGANIZATION,
        name="Shenzhen Hongda Electronics Co., Ltd.",
        aliases=("Hongda Electronic Technology Company Limited",),
        addresses=(address,),
        identifiers=(Identifier("UEI", "HD12345678AB"),),
        phones=("+86 755 8888 1234",),
        emails=("sales@hongda-electronics.com",),
        websites=("https://www.hongda-electronics.com",),
        source_ref="sample",
    )
    person = PartyDetails(
        kind=PartyKind.INDIVIDUAL,
        name="Wei Zhang",
        addresses=(address,),
        phones=("+86 138 0000 1234",),
        emails=("wei.zhang@163.com",),
        birth_date=date(1970, 1, 1),
        source_ref="sample",
    )
    return [organisation, person]
