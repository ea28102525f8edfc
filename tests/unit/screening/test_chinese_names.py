"""An organisation's name in Chinese characters against its English trade name."""

from datetime import date
from uuid import uuid4

import pytest

from portcullis_kit.party import PartyDetails, PartyKind
from screening.domain.chinese_names import read_in_characters, read_persons_name_in_characters
from screening.domain.matching import Decision, Thresholds, compare, read_profile, read_query
from screening.domain.names import PLACE_WORDS
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
    assert read_in_characters("重庆华达贸易", PLACE_WORDS).split() == [
        "Chongqing",
        "huada",
        "Trading",
    ]
    # "市" is dropped after the place a name begins with, even a place of the table; not
    # elsewhere ("城市" in a firm's own name), nor from "市场", a market.
    assert read_in_characters("重庆市华达贸易", PLACE_WORDS).split() == [
        "Chongqing",
        "huada",
        "Trading",
    ]
    assert read_in_characters("深圳市城市花园", PLACE_WORDS).split() == [
        "shenzhen",
        "chengshihuayuan",
    ]
    assert read_in_characters("华达市场", PLACE_WORDS).split() == ["huada", "Market"]
    assert read_in_characters("香港宏达", PLACE_WORDS).split() == ["Hong", "Kong", "hongda"]
    # A place run onto the name, with no "city" after it, is a word of its own.
    assert read_in_characters("深圳红达电子", PLACE_WORDS).split() == [
        "shenzhen",
        "hongda",
        "Electronics",
    ]


def readings(name: str) -> list[tuple[str, ...]]:
    return [reading.core for reading in READER.readings(name, person=True)]


def test_a_persons_name_in_characters_is_read_a_syllable_a_character() -> None:
    # Family name first; read once where its family name reads the same as a name.
    assert readings("王小明") == readings("王 小明") == [("wang", "xiao", "ming")]
    assert len(READER.read("王小明").core) == 1  # an organisation's: one word
    # A family name of two characters, and one whose character reads otherwise elsewhere.
    assert readings("欧阳娜娜") == [("ou", "yang", "na", "na"), ("ouyang", "na", "na")]
    assert readings("曾志伟") == [("ceng", "zhi", "wei"), ("zeng", "zhi", "wei")]
    assert read_persons_name_in_characters("歐陽娜娜") == "Ouyang Na Na"
    # Only a name all in characters, with a given name of one or two: four characters
    # after a family name of one are more likely Japanese (Tanaka Ichiro).
    for not_chinese in ("王", "田中一郎", "王小明明明", "王小明 John", "やまだ", "Wang Xiaoming"):
        assert read_persons_name_in_characters(not_chinese) is None


def person_alike(written: str, listed: str) -> bool:
    query = read_query(PartyDetails(kind=PartyKind.INDIVIDUAL, name=written), READER)
    profile = read_profile(PartyDetails(kind=PartyKind.INDIVIDUAL, name=listed), READER)
    return compare(query, profile)[0] >= Thresholds().review


@pytest.mark.parametrize(
    ("written", "listed"),
    [
        ("王小明", "Wang Xiaoming"),
        # English often puts the given name first.
        ("王小明", "Xiaoming Wang"),
        ("王 小明", "Wang Xiao Ming"),
        # As Hong Kong and Taiwan write names, and lists do.
        ("王小明", "Xiao Ming Wang"),
        ("王小明", "Xiao-Ming Wang"),
        ("王小明", "WANG, Xiao Ming"),
        ("张伟明", "Wei Ming Zhang"),
        ("欧阳娜娜", "Na Na Ouyang"),
        # Two words of one name are one of the other's, in any order, whatever the script.
        ("Xiao Ming Wang", "Wang Xiaoming"),
        ("欧阳娜娜", "Nana Ouyang"),
        ("单田芳", "Shan Tianfang"),  # 单 is "dan" in other words
    ],
)
def test_a_persons_name_in_characters_is_the_name_in_pinyin(written: str, listed: str) -> None:
    assert person_alike(written, listed)


def test_another_given_name_or_family_is_another_person() -> None:
    assert not person_alike("王小明", "Wang Dawei")
    assert not person_alike("王小明", "Li Xiaoming")


def born_the_same_day(name: str, other: str) -> float:
    """How alike two persons of these names born the same day are."""
    one, another = (
        read_profile(
            PartyDetails(kind=PartyKind.INDIVIDUAL, name=n, birth_date=date(1970, 3, 2)), READER
        )
        for n in (name, other)
    )
    return compare(one, another)[0]


def test_given_names_a_character_apart_are_not_one_person() -> None:
    # Read with the given name joined, "xiaoming" and "xiaohong" were alike enough for
    # review. (Syllables a letter apart, "tao yong" / "tao yang", are still a slip, as in
    # Latin letters: the names run together are a letter apart.)
    assert born_the_same_day("王小明", "王小红") < Thresholds().review


def test_japanese_names_a_character_apart_are_not_one_person() -> None:
    # Tanaka Ichiro and Tanaka Jiro: their characters' Chinese readings joined
    # ("zhongyilang", "zhongerlang") would be a slip apart.
    assert born_the_same_day("田中一郎", "田中二郎") < Thresholds().match


@pytest.mark.parametrize(
    ("written", "listed"),
    [
        ("中国华达贸易有限公司", "China Huada Trading Co., Ltd."),
        # Cut from the end: "华中" and "国际" (international), not "中国" (China).
        ("华中国际贸易有限公司", "Huazhong International Trading Co., Ltd."),
        ("华达(中国)有限公司", "Huada (China) Co., Ltd."),
        # A Japanese firm's legal form is one still, in kanji.
        ("三菱商事株式会社", "三菱商事"),
        ("株式会社三菱", "三菱"),
        # A character of two readings read the other way ("长" is "zhang" and "chang") is
        # a letter wrong, as a typo is.
        ("长春市华达贸易有限公司", "Changchun Huada Trading Co., Ltd."),
    ],
)
def test_names_in_characters_read_as_their_english_or_as_themselves(
    written: str, listed: str
) -> None:
    assert screened(written, listed=listed) is not Decision.CLEAR
