"""`make bench-screening`, part 6: Chinese firms listed by their English trade names
("Shenzhen Hongda Electronics Co., Ltd."), screened by their names in Chinese characters
("深圳市红达电子有限公司"), as a Chinese invoice or registration writes them.

Each firm's own name is two syllables of pinyin, each from a character of one reading
only, so that the characters tell the pinyin. Negatives are firms of the same city and
trade under a name no listed firm has, anywhere.

Each listed firm also has an owner, a Chinese person listed in pinyin, the given name
first or last ("Xiaoming Wang", "Wang Xiaoming"), with a birth date; a new firm of
another name, city and trade with the same owner written in characters ("王小明") is an
attempt. Owners come from a generator of their own, so the firms are those of the rows
before owners were added.

    .venv/bin/python -m bench.screening_quality_chinese
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid5

from bench.screening_quality import LISTING, NAMESPACE, TODAY, Tally, print_cases, reader
from portcullis_kit.party import PartyDetails, PartyKind, Principal
from screening.domain.matching import Decision, Thresholds
from screening.domain.watchlist import Watchlist, WatchlistEntry

SEED = 13907
LISTED = 1_000
PER_TYPE = 300
# Characters with one reading, and their traditional forms where those differ.
SYLLABLES = {
    "红": "Hong", "达": "Da", "新": "Xin", "华": "Hua", "金": "Jin", "源": "Yuan", "泰": "Tai",
    "盛": "Sheng", "利": "Li", "发": "Fa", "祥": "Xiang", "瑞": "Rui", "德": "De", "丰": "Feng",
    "安": "An", "恒": "Heng", "兴": "Xing", "美": "Mei", "嘉": "Jia", "宝": "Bao", "隆": "Long",
    "通": "Tong", "昌": "Chang", "海": "Hai", "天": "Tian", "百": "Bai", "永": "Yong",
    "晨": "Chen", "辉": "Hui", "明": "Ming", "光": "Guang", "成": "Cheng", "福": "Fu",
    "康": "Kang", "豪": "Hao", "威": "Wei", "凯": "Kai", "博": "Bo", "创": "Chuang",
    "卓": "Zhuo", "益": "Yi",
}  # fmt: skip
TRADITIONAL = str.maketrans(
    "红达华发丰兴宝辉凯创电贸进饰实业厦门东乌广宁义妆",
    "紅達華發豐興寶輝凱創電貿進飾實業廈門東烏廣寧義妝",
)
CITIES = {
    "深圳": "Shenzhen", "广州": "Guangzhou", "宁波": "Ningbo", "义乌": "Yiwu",
    "东莞": "Dongguan", "杭州": "Hangzhou", "厦门": "Xiamen",
}  # fmt: skip
TRADES = {
    "电子": "Electronics", "贸易": "Trading", "科技": "Technology",
    "进出口": "Import and Export", "玩具": "Toys", "服饰": "Apparel", "实业": "Industrial",
    "五金": "Hardware", "化妆品": "Cosmetics", "物流": "Logistics",
}  # fmt: skip
FORMS = ("Co., Ltd.", "Company Limited", "Limited", "Co Ltd")
# Family names, two of two characters and one whose character reads otherwise elsewhere.
FAMILY_NAMES = {
    "王": "Wang", "李": "Li", "张": "Zhang", "刘": "Liu", "陈": "Chen", "杨": "Yang",
    "黄": "Huang", "赵": "Zhao", "吴": "Wu", "周": "Zhou", "徐": "Xu", "孙": "Sun",
    "马": "Ma", "朱": "Zhu", "胡": "Hu", "郭": "Guo", "林": "Lin", "罗": "Luo", "高": "Gao",
    "欧阳": "Ouyang", "司马": "Sima", "曾": "Zeng",
}  # fmt: skip


@dataclass(frozen=True)
class Firm:
    city: str  # in characters, as the keys of CITIES, TRADES and SYLLABLES
    name: str
    trade: str
    form: str

    def in_english(self) -> str:
        own = "".join(SYLLABLES[c] for c in self.name).capitalize()
        return f"{CITIES[self.city]} {own} {TRADES[self.trade]} {self.form}"

    def in_characters(self, city_written: bool = True) -> str:
        return f"{self.city}{'市' if city_written else ''}{self.name}{self.trade}有限公司"


class Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()

    def firm(self, listing: bool, city: str = "", trade: str = "") -> Firm:
        """A firm under a name no listed firm has (the listed ones are made first)."""
        rng = self.rng
        while True:
            name = "".join(rng.sample(sorted(SYLLABLES), 2))
            if name not in self.names:
                break
        if listing:
            self.names.add(name)
        return Firm(
            city or rng.choice(sorted(CITIES)),
            name,
            trade or rng.choice(sorted(TRADES)),
            rng.choice(FORMS),
        )


@dataclass(frozen=True)
class Owner:
    family: str  # in characters, as the keys of FAMILY_NAMES and SYLLABLES
    given: str
    born: date

    def in_pinyin(self, given_first: bool) -> str:
        given = "".join(SYLLABLES[c] for c in self.given).capitalize()
        family = FAMILY_NAMES[self.family]
        return f"{given} {family}" if given_first else f"{family} {given}"


def owner(rng: random.Random) -> Owner:
    given = "".join(rng.sample(sorted(SYLLABLES), rng.choice((1, 2))))
    born = date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
    return Owner(rng.choice(sorted(FAMILY_NAMES)), given, born)


def organisation(name: str, owner: Principal | None = None) -> PartyDetails:
    principals = (owner,) if owner else ()
    return PartyDetails(kind=PartyKind.ORGANIZATION, name=name, principals=principals)


def chinese_set(thresholds: Thresholds) -> tuple[dict[str, Tally], dict[str, Tally]]:
    g = Generator(random.Random(SEED))
    watchlist = Watchlist(reader(), thresholds)
    firms = [g.firm(listing=True) for _ in range(LISTED)]
    owners_rng = random.Random(SEED + 1)
    owners = [owner(owners_rng) for _ in firms]
    ids: dict[Firm, UUID] = {}
    for i, (firm, its_owner) in enumerate(zip(firms, owners, strict=True)):
        ids[firm] = uuid5(NAMESPACE, f"chinese-{i}")
        listed_owner = Principal(
            its_owner.in_pinyin(given_first=owners_rng.random() < 0.5), "owner", its_owner.born
        )
        details = organisation(firm.in_english(), listed_owner)
        watchlist.put(WatchlistEntry(ids[firm], details, {"x": LISTING}))
    found: dict[str, Tally] = defaultdict(Tally)
    flagged: dict[str, Tally] = defaultdict(Tally)
    # Makes the owners' new firms, under names no listed firm has.
    owners_hand = Generator(owners_rng)
    owners_hand.names = g.names
    for firm, its_owner in zip(firms[:PER_TYPE], owners, strict=False):
        written = firm.in_characters(city_written=g.rng.random() < 0.5)
        positives = {
            "in characters": written,
            "in traditional characters": written.translate(TRADITIONAL),
            "in characters, the city in brackets": f"{firm.name}{firm.trade}({firm.city})有限公司",
        }
        for case, name in positives.items():
            hits = watchlist.screen(organisation(name), TODAY).hits
            found[case].add(any(h.party_id == ids[firm] for h in hits))
        # Another firm: only the owner ties them.
        in_characters = Principal(its_owner.family + its_owner.given, "director", its_owner.born)
        query = organisation(owners_hand.firm(listing=False).in_characters(), in_characters)
        hits = watchlist.screen(query, TODAY).hits
        found["new name, the same owner in characters"].add(
            any(h.party_id == ids[firm] for h in hits)
        )
        stranger = g.firm(listing=False, city=firm.city, trade=firm.trade)
        negatives = {
            "another firm, same city and trade, in characters": stranger.in_characters(),
            "the same, in English": stranger.in_english(),
        }
        for case, name in negatives.items():
            decision = watchlist.screen(organisation(name), TODAY).decision
            flagged[case].add(decision is not Decision.CLEAR)
    return found, flagged


def report(thresholds: Thresholds) -> None:
    found, flagged = chinese_set(thresholds)
    print(
        f"6. Chinese firms in characters (seed {SEED}, {LISTED:,} listed by their English"
        " trade names)"
    )
    print_cases(found, flagged)


if __name__ == "__main__":
    report(Thresholds())
