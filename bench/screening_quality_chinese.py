"""`make bench-screening`, part 6: Chinese firms listed by their English trade names
("Shenzhen Hongda Electronics Co., Ltd."), screened by their names in Chinese characters
("深圳市红达电子有限公司"), as a Chinese invoice or registration writes them.

Each firm's own name is two syllables of pinyin, each from a character of one reading
only, so that the characters tell the pinyin. Negatives are firms of the same city and
trade under a name no listed firm has, anywhere.

    .venv/bin/python -m bench.screening_quality_chinese
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID, uuid5

from bench.screening_quality import LISTING, NAMESPACE, TODAY, Tally, print_cases, reader
from portcullis_kit.party import PartyDetails, PartyKind
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


def organisation(name: str) -> PartyDetails:
    return PartyDetails(kind=PartyKind.ORGANIZATION, name=name)


def chinese_set(thresholds: Thresholds) -> tuple[dict[str, Tally], dict[str, Tally]]:
    g = Generator(random.Random(SEED))
    watchlist = Watchlist(reader(), thresholds)
    firms = [g.firm(listing=True) for _ in range(LISTED)]
    ids: dict[Firm, UUID] = {}
    for i, firm in enumerate(firms):
        ids[firm] = uuid5(NAMESPACE, f"chinese-{i}")
        watchlist.put(WatchlistEntry(ids[firm], organisation(firm.in_english()), {"x": LISTING}))
    found: dict[str, Tally] = defaultdict(Tally)
    flagged: dict[str, Tally] = defaultdict(Tally)
    for firm in firms[:PER_TYPE]:
        written = firm.in_characters(city_written=g.rng.random() < 0.5)
        positives = {
            "in characters": written,
            "in traditional characters": written.translate(TRADITIONAL),
            "in characters, the city in brackets": f"{firm.name}{firm.trade}({firm.city})有限公司",
        }
        for case, name in positives.items():
            hits = watchlist.screen(organisation(name), TODAY).hits
            found[case].add(any(h.party_id == ids[firm] for h in hits))
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
