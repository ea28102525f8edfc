"""Names as screening compares them.

A name is written many ways by someone coming back under it: another legal form
("Co., Ltd." / "Company Limited" / "CO.,LTD"), another script ("ООО" / "OOO"), words in
another order, a typo, a space more or less. Each name is reduced to the tokens that tell
it apart (its core), with legal forms set aside and words that many traders share
(Trading, International, Import and Export, industry and place names) weighed down, and
two names are compared token by token, numbers exactly. An organisation's tokens are spelt
one way (`one_spelling`), as letters with no match in another script come back from it.
"""

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import jellyfish
from anyascii import anyascii
from nicknames import NickNamer
from rapidfuzz.distance import OSA

from screening.domain.chinese_names import read_in_characters, read_persons_name_in_characters


def words(text: str) -> frozenset[str]:
    """The words of a text (for word lists written as text)."""
    return frozenset(text.split())


# Words shared by many unrelated traders: a name made of them alone says little.
GENERIC_WORDS = words(
    """
    trading trade traders trader international intl import imports importer imp export
    exports exporter exp and the of group global holding holdings enterprise enterprises
    industrial industry industries company co corp corporation development commerce
    commercial ecommerce e business services service solutions supply supplies products
    product goods manufacturing manufacturer manufactory factory works store shop
    electronics electronic electrical technology technologies tech science sciences
    apparel garment garments textile textiles clothing fashion toys toy cosmetics beauty
    pharmaceutical pharmaceuticals pharma chemical chemicals logistics express shipping
    freight network digital materials material machinery equipment auto automotive parts
    accessories jewelry jewellery home household sports outdoor lighting medical health
    foods food crafts craft gifts hardware software packaging plastic plastics metal
    metals new general universal united world worldwide asia pacific china america
    american
    """
)
# Words of trade written short, read in full: "Hongdark Mfg Co" is "Hongdark Manufacturing
# Company". Only shortenings that are no other word or name ("eng" is a family name too).
ABBREVIATIONS = {
    "mfg": "manufacturing", "mfr": "manufacturer", "mfrs": "manufacturers",
    "intl": "international", "tech": "technology", "elec": "electronics",
    "ind": "industrial", "inds": "industries", "indus": "industries",
    "svc": "service", "svcs": "services", "bros": "brothers", "dev": "development",
    "hldg": "holding", "hldgs": "holdings", "equip": "equipment", "eqpt": "equipment",
    "fty": "factory", "mgmt": "management", "mgt": "management", "assoc": "associates",
    "natl": "national", "grp": "group", "sys": "systems", "engg": "engineering",
    "chem": "chemical", "pharma": "pharmaceutical", "prods": "products",
    "distrib": "distribution", "mktg": "marketing", "trdg": "trading", "ctr": "center",
    "centre": "center",
}  # fmt: skip
# Honorifics and name particles: present or not, the person is the same.
PERSON_WORDS = words(
    """
    mr mrs ms miss dr prof sir shaikh sheikh haji hajji mohd al el bin ben ibn bint abu
    de del della der den van von da dos das di le la
    """
)
# A generation, written last: "David Dobbins Jr" and "David Dobbins Sr" are father and
# son, though either may be written without it. (First, "Sr." is Señor, "Junior" a name.)
GENERATIONS = {"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr"}
GENERATION_WORDS = frozenset(GENERATIONS.values())
# Big trading cities, weighed like generic words (the parties' own cities are added).
# Written as one word: "Hong Kong" and "Shen Zhen" are read as "hongkong", "shenzhen".
PLACE_WORDS = words(
    """
    shenzhen guangzhou dongguan foshan zhongshan shantou yiwu jinhua ningbo hangzhou
    shanghai beijing tianjin qingdao xiamen quanzhou putian wenzhou suzhou nanjing wuhan
    chengdu chongqing hongkong hk kowloon macau taipei singapore dubai istanbul mumbai
    delhi karachi lahore dhaka bangkok hanoi saigon hochiminh jakarta manila seoul tokyo
    osaka moscow london paris madrid milan mexico toronto vancouver miami losangeles
    newyork houston chicago
    """
)
# What a place written in words begins with ("hong" of "hong kong").
PLACE_STARTS = frozenset(p[:k] for p in PLACE_WORDS for k in range(1, len(p)))

# Letters another script writes one way and reads back another: Latin c, q and k are all
# "к" in Cyrillic, w and v "в", x "кс" (read "ks"), h "х" ("kh"), j "дж" ("dzh"), y "и".
# An organisation's words are compared as spelt one way (`one_spelling`), so "Xinlux
# Electronics Company" is "Ксинлукс Електроникс Компани" ("ksinluks elektroniks kompani")
# as read back. Each sound keeps one letter, so that a typo stays one letter wrong. "ch"
# stays: it is "ч", and "sh" and "zh" are written alike both ways.
_ONE_LETTER = str.maketrans({"c": "k", "q": "k", "w": "v", "y": "i"})


def one_spelling(words: str) -> str:
    """An organisation's words as compared: "xinlux" and "ksinluks" are both "xinlux". Of
    words separated by spaces, each word's (a whole name at a time costs less)."""
    if "ch" in words:
        spelt = "ch".join(part.translate(_ONE_LETTER) for part in words.split("ch"))
    else:
        spelt = words.translate(_ONE_LETTER)
    while "kk" in spelt:  # "ck", and "кк" as a letter-by-letter "ck" comes back
        spelt = spelt.replace("kk", "k")
    if "kh" in spelt:
        spelt = spelt.replace("kh", "h")
    if "dzh" in spelt:
        spelt = spelt.replace("dzh", "j")
    if "ks" in spelt:
        spelt = spelt.replace("ks", "x")
    if "ph" in spelt:
        spelt = spelt.replace("ph", "f")
    return spelt


# The word lists as spelt one way, for a name read back from another script ("Компани" is
# "company", "Тоис" "toys"). A name written in Latin letters has its words looked up as
# written: "Kraft" is a name, not "craft", and "Ko" not "Co".
GENERIC_WORDS_SPELT = frozenset(map(one_spelling, GENERIC_WORDS))
PLACE_WORDS_SPELT = frozenset(map(one_spelling, PLACE_WORDS))
PERSON_WORDS_SPELT = frozenset(map(one_spelling, PERSON_WORDS))
# A weak token that is a person's word, however spelt, weighs as one (`_weight`).
PERSON_WORDS_EITHER_WAY = PERSON_WORDS | PERSON_WORDS_SPELT
# Legal forms sometimes written onto the name with no space ("AcmeGmbH", "AcmeLtd"); only
# those no ordinary word ends with ("handbag" is not "handb AG", "zinc" not "z Inc").
GLUED_FORMS = ("gmbh", "ltd", "llc")
GENERIC_WEIGHT = 0.15
PERSON_WORD_WEIGHT = 0.2
# Factors for names that disagree on their numbers, their places or their legal forms.
NUMBERS_DIFFER = 0.5
PLACES_DIFFER = 0.7
LEGAL_FORMS_DIFFER = 0.65
# A token this close to another (edit distance, a swap counting one) counts as the same.
TOKEN_SIMILARITY_FLOOR = 0.75
# In persons' names a letter apart is as often another family ("Wang" / "Yang").
PERSON_TOKEN_SIMILARITY_FLOOR = 0.8

# Given names written short in lists, beside the English nicknames: "Mhd Antoun" is
# "Mohamed Antoun".
MUHAMMAD = ("muhammad", "mohammed", "mohamed", "mohammad", "muhammed", "mohamad")
GIVEN_NAMES_SHORT = {"mhd": MUHAMMAD, "mohd": MUHAMMAD, "muhd": MUHAMMAD}
# A given name and its nickname ("Robert" / "Bob", "William" / "Bill"): likely the same
# person, but the table relates some names loosely ("Ali" / "Allison"), so a nickname with
# the same family name and birth date calls for review, not a match. Only the direct
# relation: "Bob" and "Bill" are both Robert's, not each other's.
NICKNAME_SIMILARITY = 0.75


def _given_names() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The names each nickname is short for, and each name's nicknames and full names
    together, from the `nicknames` package's hand-curated table (English given names)."""
    full_names: dict[str, set[str]] = {}
    related: dict[str, set[str]] = {}
    table = NickNamer.default_lookup()
    for short, names in GIVEN_NAMES_SHORT.items():
        for name in names:
            table.setdefault(name, set()).add(short)
    for name, nicknames in table.items():
        for nickname in nicknames:
            full_names.setdefault(nickname, set()).add(name)
            related.setdefault(nickname, set()).add(name)
            related.setdefault(name, set()).add(nickname)
    return (
        {k: frozenset(v) for k, v in full_names.items()},
        {k: frozenset(v) for k, v in related.items()},
    )


# What a nickname is short for (keys that find "Robert" from "Bob"), and what names are a
# name's nickname or full name.
FULL_NAMES, NICKNAME_RELATED = _given_names()

_SEPARATORS = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"(\w)'s\b")
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen"
        " fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: str(10 * (i + 2))
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
TENS["fourty"] = TENS["forty"]  # a common misspelling
ORDINALS = {
    w: str(i + 1)
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split()
    )
}
# Roman numerals as written after names ("Fund VIII"); "vi" and "xi" are left alone,
# being syllables of names too.
ROMAN = {
    "ii": "2", "iii": "3", "iv": "4", "vii": "7", "viii": "8", "ix": "9", "xii": "12",
    "xiii": "13", "xiv": "14", "xv": "15", "xvi": "16", "xvii": "17", "xviii": "18",
    "xix": "19", "xx": "20",
}  # fmt: skip
WRITTEN_NUMBERS = {**ROMAN, **ORDINALS, **TENS, **NUMBER_WORDS}
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_DIGITS = re.compile(r"\d")


def transliterate(text: str) -> str:
    """Latin letters for any script. Each ideograph becomes a syllable of its own, so
    "深圳" reads "shen zhen", as a romanised name may be written."""
    if text.isascii():  # most names: nothing to do, and NFKC leaves ASCII as it is
        return text
    out = []
    for char in unicodedata.normalize("NFKC", text):
        if ord(char) < 128:
            out.append(char)
        elif unicodedata.category(char).startswith("L") and _is_syllabic(char):
            out.append(f" {anyascii(char)} ")
        else:
            out.append(anyascii(char))
    return "".join(out)


# Letters of other alphabets that stand for one Latin letter in a Latin name keyed in
# letter for letter, and for another in a name written by sound. Keyed so, "Company" is
# "Цомпаны" (c as ц, as ISO 9 and Serbian Latin have it) and "Pacific" is the Georgian
# "პაციფიც"; by sound, ц is "ts" ("Цветков" is "Tsvetkov"). Greek has no b, and writes a
# foreign name's b as "μπ" ("Μπριδγε" is "Bridge"), which sounds "mp" in a Greek word.
LETTER_FOR_LETTER = {
    "ц": "c", "й": "j", "ё": "yo",  # Cyrillic
    "ც": "c", "ხ": "x", "ყ": "y", "წ": "w", "ფ": "f",  # Georgian
    "ց": "c", "խ": "x", "ու": "u",  # Armenian
    "μπ": "b", "γγ": "ng", "υ": "u",  # Greek
}  # fmt: skip
_LETTERS_KEYED_FOR_OTHERS = re.compile("|".join(LETTER_FOR_LETTER), re.IGNORECASE)
# Ukrainian writes h as г, and g as ґ: a name with letters only Ukrainian has is read so.
UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")


def keyed_letter_for_letter(name: str) -> str | None:
    """A name in another alphabet read as a Latin name keyed into it letter for letter
    ("Цомпаны" as "Cомпаны", read "compani"): the letters that stand for other Latin
    letters so are turned (`LETTER_FOR_LETTER`); `transliterate` reads the others. None
    for a name with no such letter, which reads the same either way."""
    # As `transliterate` reads it (NFKC): the micro sign "µ", which the pattern takes for
    # "μ" regardless of case, is "μ" then.
    name = unicodedata.normalize("NFKC", name)
    keyed, turned = _LETTERS_KEYED_FOR_OTHERS.subn(lambda m: LETTER_FOR_LETTER[m[0].lower()], name)
    if not UKRAINIAN_LETTERS.isdisjoint(name) and ("г" in name or "Г" in name):
        keyed = keyed.replace("г", "h").replace("Г", "H")
        turned += 1
    return keyed if turned else None


# A Russian person's name as English writes it (the BGN/PCGN romanisation of US lists, and
# the usual English spelling): "Евгений" is "Yevgeniy" or "Yevgeny", "Елена" is "Yelena";
# read by sound, they are "Evgeniy" and "Elena", as passports write them. So е at the
# start of a word is "ye", and -ий or -ый at the end "y"; one slip from either way of
# writing the ending ("Yevgeniy", "Yevgenii") is then the typo a screen lets pass.
_RUSSIAN_AS_ENGLISH = re.compile(r"(?<![^\W\d_])е|[иы]й(?![^\W\d_])", re.IGNORECASE)


def as_english_writes_russian(name: str) -> str | None:
    """A person's name in Cyrillic with the letters English writes otherwise turned: None
    for a name with none of them."""
    english, turned = _RUSSIAN_AS_ENGLISH.subn(_as_english, name)
    return english if turned else None


def _as_english(letters: re.Match[str]) -> str:
    upper = letters[0][0].isupper()
    if letters[0] in ("е", "Е"):
        return "Ye" if upper else "ye"
    return "Y" if upper else "y"


def _is_syllabic(char: str) -> bool:
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def tokens(text: str, initials: bool = True) -> list[str]:
    """Lower-case ASCII tokens: "Hongdark Electronics Co., Ltd." -> hongdark electronics co ltd.
    With `initials`, letters written apart are one word ("A.B.C." -> abc), as in names;
    an address keeps them apart ("Apt 4 B, N Main St")."""
    return list(_tokens(text, initials))


@lru_cache(maxsize=1 << 16)
def _tokens(text: str, initials: bool) -> tuple[str, ...]:
    # Cached: cities, streets, generic words and legal forms come again and again.
    text = transliterate(text).replace("&", " and ")
    text = _POSSESSIVE.sub(r"\1", text).replace("'", "").casefold()
    split = [t for t in _SEPARATORS.split(text) if t]
    return tuple(_join_places(_numbers(_join_initials(split) if initials else split)))


def _join_initials(split: list[str]) -> list[str]:
    """Letters written apart make one word: "A.B.C." -> "abc"."""
    joined: list[str] = []
    run: list[str] = []
    for token in [*split, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            joined.extend(["".join(run)] if len(run) > 1 else run)
            run = []
        if token:
            joined.append(token)
    return joined


def _numbers(split: list[str]) -> list[str]:
    """Numbers in digits, however written: "First" -> 1, "1st" -> 1, "forty four" and
    "Forty 4" -> 44, "VIII" -> 8."""
    if WRITTEN_NUMBERS.keys().isdisjoint(split) and "".join(split).isalpha():
        return split  # most names: no number at all
    out: list[str] = []
    after_tens_word = False
    for token in split:
        ordinal = _ORDINAL_DIGITS.match(token) if token[0].isdigit() else None
        number = ordinal.group(1) if ordinal else WRITTEN_NUMBERS.get(token)
        units = number or (token if token.isdigit() else None)
        if after_tens_word and units is not None and len(units) == 1 and units != "0":
            out[-1] = str(int(out[-1]) + int(units))
        elif number is None:
            out.append(token)
        else:
            out.append(number)
        after_tens_word = token in TENS
    return out


def _join_places(split: list[str]) -> list[str]:
    """Places written in two or three words become one: "hong kong" -> "hongkong"."""
    joined: list[str] = []
    i = 0
    while i < len(split):
        for size in (3, 2):
            if split[i] not in PLACE_STARTS:
                continue
            if "".join(split[i : i + size]) in PLACE_WORDS and i + size <= len(split):
                joined.append("".join(split[i : i + size]))
                i += size
                break
        else:
            joined.append(split[i])
            i += 1
    return joined


def _one_word_forms_by_pattern(forms: Mapping[tuple[str, ...], str]) -> dict[str, set[str]]:
    """Kinds of the one-word forms by their spelling with one letter unknown: "l?d"."""
    patterns: dict[str, set[str]] = {}
    for spelled, form in forms.items():
        if len(spelled) == 1:
            word = spelled[0]
            for i in range(len(word)):
                patterns.setdefault(f"{word[:i]}?{word[i + 1 :]}", set()).add(form)
    return patterns


@dataclass(frozen=True)
class LegalForms:
    """Legal forms by the token sequences that spell them, each to one comparable form."""

    forms: Mapping[tuple[str, ...], str]
    longest: int
    # Worked out when made, not on first use: a compiled class has no room for a value
    # kept on first use (`screening.compiled`).
    _by_pattern: dict[str, set[str]] = field(init=False, repr=False, compare=False)
    _ends: tuple[frozenset[str], frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_pattern", _one_word_forms_by_pattern(self.forms))
        ends = frozenset(k[-1] for k in self.forms), frozenset(k[0] for k in self.forms)
        object.__setattr__(self, "_ends", ends)  # the words forms end with, and start with

    def __reduce__(self) -> tuple[Any, ...]:
        # Made again from its fields in a worker process: a compiled frozen class cannot
        # be unpickled field by field (`screening.compiled`).
        return (LegalForms, (self.forms, self.longest))

    @classmethod
    def from_aliases(cls, aliases: Iterable[tuple[str, str]]) -> "LegalForms":
        """From (alias as written, comparable form) pairs, e.g. ("Co., Ltd.", "LLC")."""
        forms: dict[tuple[str, ...], str] = {}
        for alias, form in aliases:
            spelled = tuple(tokens(alias))
            if spelled:
                forms.setdefault(spelled, form)
                forms.setdefault(("".join(spelled),), form)  # "L.L.C." also as "llc"
        return cls(forms, max((len(k) for k in forms), default=0))

    def split(self, words: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(core tokens, legal forms found). Legal forms are read at the end of a name
        ("... Co., Ltd.") and at its start ("ООО ..."), never in the middle, where a
        short word is more likely part of the name. A name that is nothing but a legal
        form keeps its words as its core."""
        core = list(words)
        found: list[str] = []
        while (size := self._form_at(core, end=True)) and size < len(core):
            found.append(self.forms[tuple(core[-size:])])
            del core[-size:]
        if (size := self._form_at(core, end=False)) and size < len(core):
            found.append(self.forms[tuple(core[:size])])
            del core[:size]
        if len(core) > 1 and not found and (form := self._misspelt_form(core[-1])) is not None:
            # "Siemens AkG": a legal form with one letter wrong is still a legal form.
            found.append(form)
            del core[-1]
        if core and not found:
            last = core[-1]
            for suffix in GLUED_FORMS:
                # "AcmeGmbH": a legal form run onto the name's last word.
                if last.endswith(suffix) and len(last) - len(suffix) >= 4:
                    form = self.forms.get((suffix,))
                    if form is not None:
                        core[-1] = last[: -len(suffix)]
                        found.append(form)
                        break
        return tuple(core), tuple(found)

    def _misspelt_form(self, token: str) -> str | None:
        """The legal form an abbreviation spells with one letter added or changed ("akg",
        "ltf"), if the token is short enough to be an abbreviation and is not a word.
        Where it could be more than one kind ("akg": AG or KG), the kind is not known."""
        if not 3 <= len(token) <= 4 or token in GENERIC_WORDS or token.isdigit():
            return None
        kinds: set[str] = set()
        for i in range(len(token)):
            added = token[:i] + token[i + 1 :]  # one letter too many
            if len(added) >= 2 and (form := self.forms.get((added,))) is not None:
                kinds.add(form)
            kinds |= self._by_pattern.get(f"{token[:i]}?{token[i + 1 :]}", set())  # one changed
        if not kinds:
            return None
        return kinds.pop() if len(kinds) == 1 else ""

    def _form_at(self, words: list[str], end: bool) -> int:
        """How many words at the end (or start) spell a legal form; 0 if none do."""
        if not words or words[-1 if end else 0] not in self._ends[0 if end else 1]:
            return 0  # most names: no form there, told without trying every length
        for size in range(min(self.longest, len(words)), 0, -1):
            spelled = tuple(words[-size:] if end else words[:size])
            if spelled in self.forms:
                return size
        return 0


@dataclass(frozen=True)
class ComparableName:
    """One name of a party, ready to compare.

    What comparing derives from the name (its tokens' weights, its numbers, its legal
    forms of a known kind, its words run together) is worked out when the name is read,
    and packed with it: a screen unpacks tens of candidates' names and compares each with
    the query's. Made with `of`, which works those out (`NameReader.read` does)."""

    written: str
    core: tuple[str, ...]
    legal_forms: tuple[str, ...]
    # Tokens weighed down in this name: generic words, places, the party's own cities.
    weak: frozenset[str]
    # Countries and cities the name names ("Bank of China (Hong Kong)": china, hongkong).
    places: frozenset[str]
    # A person's name: "Wang" and "Yang" are two families, not a slip of the pen.
    person: bool
    # The weight of each token of the core, in order.
    weights: tuple[float, ...]
    numbers: frozenset[str]
    # Its legal forms of a known kind ("" is a form whose kind is not known).
    known_legal_forms: frozenset[str]
    # The core with its distinctive words run into one ("hongdark", "trade"), and the
    # weights of its tokens; empty for a name with fewer than two such words.
    core_run_together: tuple[str, ...]
    weights_run_together: tuple[float, ...]

    @classmethod
    def of(
        cls,
        written: str,
        core: tuple[str, ...],
        legal_forms: tuple[str, ...] = (),
        weak: frozenset[str] = frozenset(),
        places: frozenset[str] = frozenset(),
        person: bool = False,
    ) -> "ComparableName":
        # Worked out for each party of a start-up build: the usual cases kept cheap.
        weights = tuple(_weight(token, weak) for token in core) if weak else (1.0,) * len(core)
        numbers = frozenset(filter(str.isdigit, core))
        known = frozenset(filter(None, legal_forms))
        run_together: tuple[str, ...] = ()
        weights_run_together: tuple[float, ...] = ()
        strong = [t for t in core if not _generic(t, weak, person) and not t.isdigit()]
        if len(strong) >= 2:
            # An organisation's words run together are spelt as one word would be:
            # "ek" and "kua" are "ekua", as "Ekqua" is.
            joined = "".join(strong) if person else one_spelling("".join(strong))
            run_together = (joined, *(t for t in core if t not in strong))
            weights_run_together = tuple(_weight(token, weak) for token in run_together)
        return cls(
            written,
            core,
            legal_forms,
            weak,
            places,
            person,
            weights=weights,
            numbers=numbers,
            known_legal_forms=known,
            core_run_together=run_together,
            weights_run_together=weights_run_together,
        )

    @property
    def run_together(self) -> tuple[tuple[str, ...], tuple[float, ...]]:
        """The core with its distinctive words run into one, and the weights of its
        tokens; the core itself for a name with fewer than two distinctive words."""
        if self.core_run_together:
            return self.core_run_together, self.weights_run_together
        return self.core, self.weights

    @property
    def joined(self) -> str:
        """The core run together, generic words left out: "hongdark" of "Hong Dark Trade"."""
        kept = [t for t in self.core if not _generic(t, self.weak, self.person)]
        joined = "".join(kept or self.core)
        return joined if self.person else one_spelling(joined)

    def spelt_as_an_organisations(self) -> "ComparableName":
        """A person's name with its words spelt one way, as an organisation's are, to be
        compared with one ("Wang Wei Yang" the sole trader against the company of that
        name); an organisation's as it is."""
        if not self.person:
            return self
        core = tuple(one_spelling(" ".join(self.core)).split())
        spelt = dict(zip(self.core, core, strict=True))
        return ComparableName.of(
            self.written,
            core,
            self.legal_forms,
            frozenset(spelt.get(t, t) for t in self.weak),
            frozenset(spelt.get(t, t) for t in self.places),
            person=True,
        )

    @property
    def distinctive(self) -> tuple[str, ...]:
        """The core tokens that carry weight; a name made only of weak words keeps them all."""
        strong = tuple(t for t in self.core if t not in self.weak)
        return strong or self.core


class WordLists(NamedTuple):
    """The words that weigh little in a name, as written or as spelt one way."""

    generic: frozenset[str]
    person: frozenset[str]
    places: frozenset[str]
    countries: frozenset[str]

    def look_up(
        self,
        words: Iterable[str],
        core: Iterable[str],
        own_places: set[str],
        place_words: set[str],
        weak: set[str],
    ) -> None:
        """Adds to `place_words` and `weak` the tokens of the core whose words (the same
        tokens, as looked up) are places, and generic, person's or the party's own places."""
        generic, person, places, countries = self  # read for every party of a build
        for word, token in zip(words, core, strict=True):
            if word in places or word in countries:
                place_words.add(token)
            if word in generic or word in person or word in own_places or token in place_words:
                weak.add(token)


@dataclass(frozen=True)
class NameReader:
    """Reads names into comparable form, with the legal forms it knows."""

    legal_forms: LegalForms
    # Countries and regions written as one word ("china", "mexico", "europe").
    countries: frozenset[str] = frozenset()
    # The word lists as names are read, and as a name read back from another script is
    # (its words spelt one way); made with the reader, as `LegalForms` has its own.
    _lists: "WordLists" = field(init=False, repr=False, compare=False)
    _lists_spelt: "WordLists" = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lists = WordLists(GENERIC_WORDS, PERSON_WORDS, PLACE_WORDS, self.countries)
        countries = frozenset(map(one_spelling, self.countries))
        spelt = WordLists(GENERIC_WORDS_SPELT, PERSON_WORDS_SPELT, PLACE_WORDS_SPELT, countries)
        object.__setattr__(self, "_lists", lists)
        object.__setattr__(self, "_lists_spelt", spelt)

    def __reduce__(self) -> tuple[Any, ...]:
        return (NameReader, (self.legal_forms, self.countries))  # as `LegalForms`'s

    def readings(
        self, name: str, person: bool = False, places: Collection[str] = ()
    ) -> tuple[ComparableName, ...]:
        """The name as `read` reads it; and a name in another alphabet that may be a Latin
        name keyed in letter for letter ("Цомпаны"), read that way too, where it has
        letters that read otherwise so; a person's name in Chinese characters with its
        family name read as a family name ("曾志伟" as "Zeng Zhi Wei", "欧阳娜娜" as "Ouyang
        Na Na"); and a person's name in Cyrillic as English writes it ("Евгений" as
        "Yevgeny"); each where that differs. Screening compares each reading, keeping the
        best."""
        read = self._read(name, name, person, places)
        if name.isascii():  # most names
            return (read,)
        readings = [read]
        if person and (pinyin := read_persons_name_in_characters(name)) is not None:
            readings.append(self._read(name, pinyin, person, places))
        if (keyed := keyed_letter_for_letter(name)) is not None:
            readings.append(self._read(name, keyed, person, places))
        if person and (english := as_english_writes_russian(name)) is not None:
            readings.append(self._read(name, english, person, places))
        distinct: list[ComparableName] = []
        for reading in readings:
            if reading not in distinct:  # "李娜": "Li Na" both ways
                distinct.append(reading)
        return tuple(distinct)

    def read(self, name: str, person: bool = False, places: Iterable[str] = ()) -> ComparableName:
        return self._read(name, name, person, places)

    def _read(self, name: str, text: str, person: bool, places: Iterable[str]) -> ComparableName:
        """The name read from `text`: the name itself, or as `keyed_letter_for_letter`
        reads it."""
        core: tuple[str, ...]
        forms: tuple[str, ...]
        generation = ""
        if person:
            words = tokens(_given_name_first(text), initials=False)
            if len(words) > 1 and words[-1] in GENERATIONS:
                generation = words[-1] = GENERATIONS[words[-1]]
            core, forms = tuple(words), ()
            written = core
        else:
            words = tokens(text if text.isascii() else read_in_characters(text, PLACE_WORDS))
            core, forms = self.legal_forms.split(words)
            written = tuple(ABBREVIATIONS.get(t, t) for t in core)
            core = tuple(one_spelling(" ".join(written)).split())
        own_places = set(places)
        place_words: set[str] = set()
        weak: set[str] = set()
        self._lists.look_up(written, core, own_places, place_words, weak)
        if not person and not name.isascii() and _in_another_script(name):
            # Read back from another script: its words' spellings are one way's.
            spelt_places = set(one_spelling(" ".join(own_places)).split())
            self._lists_spelt.look_up(core, core, spelt_places, place_words, weak)
        if generation:
            weak.add(generation)
        return ComparableName.of(name, core, forms, frozenset(weak), frozenset(place_words), person)


def _generic(token: str, weak: frozenset[str], person: bool) -> bool:
    """Whether a token of a name is a generic word, as the name reads it: an organisation's
    "kraft" is one only where the name was read back from another script ("Крафт")."""
    if person:
        return token in GENERIC_WORDS
    return token in weak and token in GENERIC_WORDS_SPELT


def _weight(token: str, weak: frozenset[str]) -> float:
    if token in weak:
        return PERSON_WORD_WEIGHT if token in PERSON_WORDS_EITHER_WAY else GENERIC_WEIGHT
    return 1.0


def _in_another_script(name: str) -> bool:
    """Whether the name has letters of an alphabet other than Latin ("Компани"), read
    back letter by letter: not Latin letters with accents ("Société") or full-width
    ("ＫＲＡＦＴ"), nor ideographs, read a syllable each ("(深圳)")."""
    return any(
        c.isalpha() and "LATIN" not in unicodedata.name(c, "LATIN") and not _is_syllabic(c)
        for c in name
    )


def _given_name_first(name: str) -> str:
    """ "AL BEN ALI, Isa Ben Tarif" -> "Isa Ben Tarif AL BEN ALI"."""
    family, comma, given = name.partition(",")
    return f"{given} {family}" if comma and given.strip() else name


def token_similarity(a: str, b: str, slips: bool = True) -> float:
    """1 for the same token; close spellings and sound-alikes a little less; numbers and
    initials only exactly. With `slips`, one letter wrong in a short word still counts."""
    if a == b:
        return 1.0
    if not (a.isalpha() and b.isalpha()):  # tokens are letters and digits
        return 0.0
    if not slips and b in NICKNAME_RELATED.get(a, ()):
        return NICKNAME_SIMILARITY
    len_a, len_b = len(a), len(b)
    if len_a == 1 or len_b == 1:
        return 0.8 if a[0] == b[0] else 0.0
    shorter, longer = (len_a, len_b) if len_a < len_b else (len_b, len_a)
    if shorter < 3:
        return 0.0
    floor = TOKEN_SIMILARITY_FLOOR if slips else PERSON_TOKEN_SIMILARITY_FLOOR
    if 1 - (longer - shorter) / longer < floor and longer - shorter > 1:
        # Too far apart in length to be alike in spelling (most pairs end here, cheaply).
        return floor + 0.05 if shorter >= 4 and metaphone(a) == metaphone(b) else 0.0
    distance = OSA.distance(a, b)  # a swap of two letters is one edit
    similarity = 1.0 - distance / longer  # as OSA.normalized_similarity has it
    if slips and distance == 1 and (shorter >= 4 or len_a == len_b or _inside(a, b)):
        # One slip ("CVC" / "CVS", "Beta" / "Meta", "Star" / "Str") is a large share of a
        # short word's letters, yet still one slip.
        return max(similarity, TOKEN_SIMILARITY_FLOOR)
    if shorter < 4:
        return 0.0
    if similarity < floor and metaphone(a) == metaphone(b):
        similarity = floor + 0.05
    return similarity if similarity >= floor else 0.0


def _inside(a: str, b: str) -> bool:
    """Whether two words a letter apart in length differ inside, beginning and ending
    alike: a letter left out or doubled ("Str" / "Star", "Sun" / "Suun"). A letter more
    at either end makes another word: "ABC" / "NABC", and in pinyin "Xin" / "Xing"."""
    return a[0] == b[0] and a[-1] == b[-1]


@lru_cache(maxsize=1 << 16)
def metaphone(token: str) -> str:
    """How a token sounds (its Metaphone key); cached, words recur."""
    return str(jellyfish.metaphone(token))


class KnownSimilarities:
    """Token pairs already compared, by the first token and then the second, with and
    without slips. The candidates of one screen share many words, and so do the screens
    of a day (10 to 25% off a screen). Two plain lookups cost less than an LRU cache's
    (its bookkeeping was a third of comparing two names); when full, it is emptied.
    Without a lock: two threads at once (a notification filed beside a screen) can at
    worst compare a pair twice or miscount, as every value is what comparing gives."""

    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        self.by_slips: dict[bool, dict[str, dict[str, float]]] = {True: {}, False: {}}
        self.count = 0


# About 100 MB when full (some 100 bytes a pair). The bench's 3,000 queries against
# 100,000 parties compare 565,000 distinct pairs: a quarter of this held too few.
MAX_KNOWN_SIMILARITIES = 1 << 20
_KNOWN_SIMILARITIES = KnownSimilarities()


def compare_names(a: ComparableName, b: ComparableName) -> float:
    """How alike two names are, 0 to 1.

    The weight of the tokens paired across the two names (each token at most once, the
    most alike pairs first) over the weight of all tokens; when the names are spaced
    differently ("Hong Dark" / "Hongdark"), the same with each name's distinctive words
    run together, if that is higher. Then weighed down where the names disagree on what
    tells companies of one family apart: their numbers ("Fund VIII" / "Fund IX"), the
    places they name ("(Hong Kong)" / "(Singapore)") and their kind of legal form ("AG" /
    "GmbH")."""
    slips = not (a.person or b.person)
    if a.person != b.person:  # an organisation's words are spelt one way
        a, b = a.spelt_as_an_organisations(), b.spelt_as_an_organisations()
    score = _paired(a.core, a.weights, b.core, b.weights, slips)
    if a.core_run_together or b.core_run_together:
        # As `run_together` has them, without two calls for every pair compared.
        core_a, weights_a = a.core_run_together or a.core, a.weights_run_together or a.weights
        core_b, weights_b = b.core_run_together or b.core, b.weights_run_together or b.weights
        joined_a, joined_b = core_a[0] if core_a else "", core_b[0] if core_b else ""
        # Spaced otherwise: of as many words ("Hong Dark Ltd" / "Hongdark Trading Ltd")
        # only where one name's words run together are a word of the other.
        if len(a.core) != len(b.core) or joined_a in core_b or joined_b in core_a:
            score = max(score, _paired(core_a, weights_a, core_b, weights_b, slips))
        # One name's words run together may be part of the other's: "Hong Dark Technology"
        # ("hongdark") is "Shenzhen Hongdark Technology" ("shenzhenhongdark") as written.
        if a.core_run_together and joined_a != joined_b and joined_a in joined_b:
            score = max(score, _paired(core_a, weights_a, b.core, b.weights, slips))
        elif b.core_run_together and joined_b != joined_a and joined_b in joined_a:
            score = max(score, _paired(a.core, a.weights, core_b, weights_b, slips))
    if a.person and b.person and len(a.core) != len(b.core):
        # Two words of one person's name that are one word of the other's, in any order:
        # "Xiao Ming Wang" / "Wang Xiaoming", and "王小明" read a syllable a character.
        longer, shorter = (a, b) if len(a.core) > len(b.core) else (b, a)
        if (joined := _neighbours_joined(longer, shorter.core)) is not None:
            score = max(score, _paired(joined[0], joined[1], shorter.core, shorter.weights, slips))
    if a.numbers != b.numbers and (a.numbers or b.numbers):
        score *= NUMBERS_DIFFER
    if a.places - b.places and b.places - a.places:
        score *= PLACES_DIFFER
    forms_a, forms_b = a.known_legal_forms, b.known_legal_forms
    if forms_a and forms_b and not forms_a & forms_b:
        score *= LEGAL_FORMS_DIFFER
    if not slips:  # a person's: of two generations named, one each
        generation_a, generation_b = a.weak & GENERATION_WORDS, b.weak & GENERATION_WORDS
        if generation_a and generation_b and generation_a != generation_b:
            score *= NUMBERS_DIFFER
    return score


def _neighbours_joined(
    name: ComparableName, words: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[float, ...]] | None:
    """The name's core and weights with each two neighbouring tokens that make one of
    `words` made one ("xiao", "ming" as "xiaoming"); None where no two do. Only exactly:
    a slip in a word run together is a slip in two words."""
    core, weights = name.core, name.weights
    joined: list[str] = []
    joined_weights: list[float] = []
    i = 0
    while i < len(core):
        if i + 1 < len(core) and core[i] + core[i + 1] in words:
            joined.append(core[i] + core[i + 1])
            joined_weights.append(max(weights[i], weights[i + 1]))
            i += 2
        else:
            joined.append(core[i])
            joined_weights.append(weights[i])
            i += 1
    return (tuple(joined), tuple(joined_weights)) if len(joined) < len(core) else None


def _paired(
    core_a: tuple[str, ...],
    weights_a: tuple[float, ...],
    core_b: tuple[str, ...],
    weights_b: tuple[float, ...],
    slips: bool,
) -> float:
    total = sum(weights_a, 0.0) + sum(weights_b, 0.0)  # floats, for the compiled code
    if not total:
        return 0.0
    known = _KNOWN_SIMILARITIES.by_slips[slips]
    pairs = []
    for i, x in enumerate(core_a):
        row = known.get(x)
        if row is None:
            row = known[x] = {}
        for j, y in enumerate(core_b):
            similarity = row.get(y)
            if similarity is None:
                similarity = row[y] = token_similarity(x, y, slips)
                _KNOWN_SIMILARITIES.count += 1
            if similarity:  # most pairs are nothing alike: leave them out of the sort
                pairs.append((similarity, i, j))
    if _KNOWN_SIMILARITIES.count > MAX_KNOWN_SIMILARITIES:
        _KNOWN_SIMILARITIES.forget()
    if len(pairs) < 2:  # the usual cases, spared the bookkeeping below
        if not pairs:
            return 0.0
        similarity, i, j = pairs[0]
        return similarity * (weights_a[i] + weights_b[j]) / total
    pairs.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    paired = 0.0
    for similarity, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        paired += similarity * (weights_a[i] + weights_b[j])
    return paired / total
