"""An organisation's name in Chinese characters against its English trade name."""

from datetime import date
from uuid import uuid4

import pytest

from portcullis_kit.party import PartyDetails, PartyKind
from screening.domain.chinese_names import PINYIN_SYLLABLES, read_in_characters, syllables_pattern
from screening.domain.matching import NAME_FLOOR, Decision
from screening.domain.names import PLACE_WORDS, compare_names
from screening.domain.watched_party import Listing
from screening.domain.watchlist import Watchlist, WatchlistEntry
from tests.support import name_reader

READER = name_reader()
LISTING = Listing("debarment", date(2025, 1, 1), None, trade_related=True)
LISTED = "Shenzhen Hongda Electronics Co., Ltd."


def screened(name: str, listed: str = LISTED) -> Decision:
    watchlist = Watchlist(READER)
    watchlist.put(
        WatchlistEntry(
            uuid4(), PartyDetails(kind=PartyKind.ORGANIZATION, name=listed), {"x": LISTING}
        )
    )
    query = PartyDetails(kind=PartyKind.ORGANIZATION, name=name)
    return watchlist.screen(query, date(2026, 11, 28)).decision


@pytest.mark.parametrize(
    "written",
    [
        "深圳市红达电子有限公司",
        "深圳市紅達電子有限公司",  # in traditional characters
        "深圳红达电子股份有限公司",  # no "city", and a company limited by shares
        "红达电子(深圳)有限公司",
    ],
)
def test_a_name_in_chinese_characters_is_its_english_trade_name(written: str) -> None:
    assert screened(written) is Decision.MATCH


def test_a_trade_name_in_syllables_apart_is_the_name_in_characters() -> None:
    assert screened("深圳市红达电子有限公司", listed="Hong Da Electronics Co Ltd") is Decision.MATCH


def test_another_firm_of_the_same_city_and_trade_is_not() -> None:
    assert screened("深圳市新达科技有限公司") is Decision.CLEAR
    assert screened("深圳市华强电子有限公司") is Decision.CLEAR


def test_places_read_otherwise_elsewhere_are_read_as_places() -> None:
    # "重" is "zhong" in most words, "chong" in Chongqing.
    assert read_in_characters("重庆长城贸易", PLACE_WORDS).split() == [
        "Chongqing",
        "zhangcheng",
        "Trading",
    ]
    assert read_in_characters("香港宏达", PLACE_WORDS).split() == ["Hong", "Kong", "hongda"]
    # A place run onto the name, with no "city" after it, is a word of its own.
    assert read_in_characters("深圳红达电子", PLACE_WORDS).split() == [
        "shenzhen",
        "hongda",
        "Electronics",
    ]


def test_a_persons_name_in_characters_keeps_its_syllables_apart() -> None:
    # Family name first, the given name's syllables apart: "Xiaoming Wang" is still alike.
    assert READER.read("王小明", person=True).core == ("wang", "xiao", "ming")
    assert len(READER.read("王小明").core) == 1  # an organisation's: one word


def similarity(a: str, b: str) -> float:
    return compare_names(READER.read(a), READER.read(b))


def test_names_in_pinyin_a_syllable_apart_are_two_names() -> None:
    # Other characters, so another firm: not a slip of the pen, as it would be in English.
    assert similarity("Shenzhen Shenghai Electronics", "Shenzhen Shenghao Electronics") < NAME_FLOOR
    assert similarity("Weikang Trading Ltd", "Meikang Trading Ltd") < NAME_FLOOR
    # A slip that makes no pinyin is still a slip.
    assert similarity("Shenzhen Shenghai Electronics", "Shenzhen Shenghia Electronics") >= 0.7
    assert similarity("Baomei Toys LLC", "Baaomei Toys LLC") >= 0.7  # no "ba'ao'mei"
    # Names not all pinyin keep their slips, though a word of theirs reads as pinyin.
    assert similarity("JPMorgan Chase & Co.", "JPMorgon Chace & Co.") >= 0.7
    assert similarity("Bank of China Limited", "Bank of Chima Limited") >= 0.7
    # A place is the place however misspelt.
    assert similarity("Shenzen Hongda Trading", "Shenzhen Hongda Trading") >= 0.9


@pytest.mark.parametrize(
    ("word", "in_pinyin"),
    [
        ("hongda", True),
        ("xian", True),
        ("zhuangyuan", True),
        ("anhui", True),  # "an" begins the word
        ("baaomei", False),  # and only there
        ("bridge", False),
        ("hongdark", False),
    ],
)
def test_a_word_is_read_as_pinyin_syllables(word: str, in_pinyin: bool) -> None:
    assert (syllables_pattern(PINYIN_SYLLABLES).fullmatch(word) is not None) is in_pinyin
