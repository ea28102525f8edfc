"""An organisation's name written in Chinese characters, read as its English trade name is
written: "深圳市红达电子有限公司" as "Shenzhen Hongda Electronics Co., Ltd.".

Such a name is its place, its own name, its trade and its legal form, run together with no
spaces. Read a syllable a character, it would be "shen zhen shi hong da dian zi you xian
gong si", and nothing in it the firm's English name: that name translates the trade
("Electronics") and the legal form, drops the "市" (city) after the place, and writes the
syllables of its own name as one word ("Hongda"), as pinyin writes a word.

So the words of trade and the legal forms a name is made of are read in English, from
the table below (the name cut from its end, the longest word first); the "市" after the
place it begins with is dropped; a place at the start of what is left is split off; and
the rest is one word, its syllables joined. A run of characters with no word of the
table in it is read so too.

A person's name in characters is read a syllable a character, its family name first
("王小明" is "wang xiao ming"); comparing persons' names takes two words of one that make
a word of the other as that word, so it is "Wang Xiaoming" and "Xiaoming Wang" too
(`names.compare_names`). Screening also reads it with its family name read as a family
name (`NameReader.readings`): one of two characters taken whole ("欧阳" is "Ouyang"), and
one whose character reads otherwise in other words read as a name ("曾" is "Zeng", not
"ceng"). The given names' syllables are not joined here: two given names a character
apart would then be a letter apart ("taoyong" / "taoyang"), as a typo is.
"""

import re
from collections.abc import Collection

from anyascii import anyascii

# The words of trade Chinese firms' names are most often made of, in simplified and
# traditional characters, with the English their trade names give them; and the legal
# forms, as those firms write them in English (a 股份有限公司, a company limited by
# shares, calls itself "Co., Ltd." too).
WORDS_OF_TRADE = {
    "股份有限公司": "Co., Ltd.", "有限责任公司": "Co., Ltd.", "有限責任公司": "Co., Ltd.",
    "有限公司": "Co., Ltd.", "公司": "Company", "集团": "Group", "集團": "Group",
    "控股": "Holdings", "电子": "Electronics", "電子": "Electronics",
    "科技": "Technology", "技术": "Technology", "技術": "Technology",
    "贸易": "Trading", "貿易": "Trading", "商贸": "Trading", "商貿": "Trading",
    "进出口": "Import and Export", "進出口": "Import and Export",
    "实业": "Industrial", "實業": "Industrial", "工业": "Industrial", "工業": "Industrial",
    "工贸": "Industry and Trade", "工貿": "Industry and Trade",
    "国际": "International", "國際": "International", "物流": "Logistics",
    "服饰": "Apparel", "服飾": "Apparel", "服装": "Garment", "服裝": "Garment",
    "玩具": "Toys", "制造": "Manufacturing", "製造": "Manufacturing",
    "纺织": "Textile", "紡織": "Textile", "化妆品": "Cosmetics", "化妝品": "Cosmetics",
    "机械": "Machinery", "機械": "Machinery", "五金": "Hardware",
    "电器": "Electrical Appliance", "電器": "Electrical Appliance",
    "家居": "Home Furnishing", "灯饰": "Lighting", "燈飾": "Lighting", "照明": "Lighting",
    "包装": "Packaging", "包裝": "Packaging", "发展": "Development", "發展": "Development",
    "投资": "Investment", "投資": "Investment", "企业": "Enterprise", "企業": "Enterprise",
    "银行": "Bank", "銀行": "Bank", "市场": "Market", "市場": "Market",
    "供应链": "Supply Chain", "供應鏈": "Supply Chain", "汽车配件": "Auto Parts",
    "汽車配件": "Auto Parts", "汽车": "Automobile", "汽車": "Automobile",
    # Japanese firms' legal forms, as they write them in English.
    "株式会社": "Co., Ltd.", "有限会社": "Co., Ltd.", "合同会社": "LLC",
}  # fmt: skip
# China, and places whose characters have other readings elsewhere ("重" is also "zhong").
PLACES = {
    "中国": "China", "中國": "China", "香港": "Hong Kong", "澳门": "Macau", "澳門": "Macau",
    "重庆": "Chongqing", "重慶": "Chongqing", "厦门": "Xiamen", "廈門": "Xiamen",
    "长沙": "Changsha", "長沙": "Changsha", "佛山": "Foshan", "成都": "Chengdu",
}  # fmt: skip
TRADE_WORDS = {**WORDS_OF_TRADE, **PLACES}
# City, province, district and county, written after the place a name begins with, which
# the English name writes without them. Only there: "城市" in a firm's own name is "chengshi".
ADMINISTRATIVE = frozenset("市省区區县縣")
LONGEST_TRADE_WORD = max(map(len, TRADE_WORDS))
# Family names of two characters (复姓), in simplified and traditional characters.
DOUBLE_FAMILY_NAMES = {
    "欧阳": "Ouyang", "歐陽": "Ouyang", "司马": "Sima", "司馬": "Sima", "诸葛": "Zhuge",
    "諸葛": "Zhuge", "上官": "Shangguan", "东方": "Dongfang", "東方": "Dongfang",
    "皇甫": "Huangfu", "令狐": "Linghu", "慕容": "Murong", "尉迟": "Yuchi", "尉遲": "Yuchi",
    "长孙": "Zhangsun", "長孫": "Zhangsun", "宇文": "Yuwen", "司徒": "Situ", "夏侯": "Xiahou",
    "公孙": "Gongsun", "公孫": "Gongsun", "端木": "Duanmu", "万俟": "Moqi", "萬俟": "Moqi",
}  # fmt: skip
# Family names whose character is read otherwise in other words ("曾经", "单位", "地区").
FAMILY_NAMES_READ_OTHERWISE = {
    "曾": "Zeng", "单": "Shan", "單": "Shan", "区": "Ou", "區": "Ou", "解": "Xie",
    "仇": "Qiu", "朴": "Piao", "查": "Zha", "盖": "Ge", "蓋": "Ge", "缪": "Miao", "繆": "Miao",
    "覃": "Qin", "翟": "Zhai", "乐": "Yue", "樂": "Yue",
}  # fmt: skip
# A Chinese given name has one character or two.
GIVEN_NAME_LENGTHS = (1, 2)
_IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def read_in_characters(name: str, places: Collection[str]) -> str:
    """The name with each run of Chinese characters read as an English trade name writes
    it; `places`, the places (in pinyin, as one word) to split off the start of a word."""
    return _IDEOGRAPHS.sub(lambda run: f" {' '.join(_words(run[0], places))} ", name)


def _words(run: str, places: Collection[str]) -> list[str]:
    words: list[str] = []
    syllables: list[str] = []
    place_done = False  # past the place the name begins with, and its "市"
    for piece, english in _pieces(run):
        if english is not None:
            words.extend(_joined(syllables, places))
            syllables = []
            words.append(english)
            place_done = place_done or piece not in PLACES
        elif piece in ADMINISTRATIVE and (syllables or words) and not place_done:
            words.extend(_joined(syllables, places))  # the place before it
            syllables = []
            place_done = True
        else:
            syllables.append(anyascii(piece).lower())
    words.extend(_joined(syllables, places))
    return words


def _pieces(run: str) -> list[tuple[str, str | None]]:
    """The run cut into words of the table (with their English) and single characters
    (with None). From the end, the longest word first, as Chinese is best cut: "华中国际"
    is "华中" and "国际" (international), not "华", "中国" (China) and "际"."""
    pieces: list[tuple[str, str | None]] = []
    end = len(run)
    while end:
        size = next(
            (
                n
                for n in range(min(LONGEST_TRADE_WORD, end), 1, -1)
                if run[end - n : end] in TRADE_WORDS
            ),
            1,
        )
        piece = run[end - size : end]
        pieces.append((piece, TRADE_WORDS.get(piece)))
        end -= size
    return pieces[::-1]


def _joined(syllables: list[str], places: Collection[str]) -> list[str]:
    """The syllables as words: places at the start each one word ("shenzhen"), the rest
    one word ("hongda")."""
    words = []
    while syllables:
        size = next((n for n in (3, 2) if "".join(syllables[:n]) in places), 0)
        if not size:
            words.append("".join(syllables))
            break
        words.append("".join(syllables[:size]))
        syllables = syllables[size:]
    return words


def read_persons_name_in_characters(name: str) -> str | None:
    """A person's name written in Chinese characters (spaced or not), its family name read
    as a family name and the given name a syllable a character ("欧阳娜娜" is "Ouyang Na
    Na"). None for a name that is not all characters, or with a given name of more than
    two (five characters, or four after a family name of one: more likely Japanese)."""
    written = "".join(name.split())
    if _IDEOGRAPHS.fullmatch(written) is None:
        return None
    double = written[:2] in DOUBLE_FAMILY_NAMES and len(written) > 2
    family, given = (written[:2], written[2:]) if double else (written[:1], written[1:])
    if len(given) not in GIVEN_NAME_LENGTHS:
        return None
    read = DOUBLE_FAMILY_NAMES.get(family) or FAMILY_NAMES_READ_OTHERWISE.get(family)
    return " ".join([read or anyascii(family), *map(anyascii, given)])
