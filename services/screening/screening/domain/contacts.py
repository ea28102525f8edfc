"""Contacts and identifiers in one spelling each, so that the same phone, mailbox, address
or number written two ways is seen as the same (EO §3: "a different name or address
associated with the debarred or suspended person").

An address is compared down to its unit: a shared building with another unit is no
evidence of association, so a key without the unit is never made.
"""

import re
from dataclasses import dataclass

import phonenumbers

from portcullis_kit.party import Address, Identifier
from screening.domain.derived import derived
from screening.domain.names import tokens, words

# Mailboxes anyone can open: a shared domain there says nothing.
FREE_MAIL_DOMAINS = words(
    """
    gmail.com googlemail.com yahoo.com yahoo.com.cn yahoo.co.uk hotmail.com outlook.com
    live.com msn.com aol.com icloud.com me.com mail.com gmx.com gmx.de web.de qq.com
    163.com 126.com sina.com sina.cn sohu.com aliyun.com foxmail.com yeah.net 139.com
    yandex.ru mail.ru proton.me protonmail.com naver.com daum.net rediffmail.com
    """
)

# Unit designators, and street words written short.
UNIT_WORDS = words(
    """
    unit units room rm flat suite ste apt apartment shop office ofc floor fl level lvl
    block blk building bldg tower twr door
    """
)
# A floor written after its number ("12/F", "3rd Floor").
FLOOR_WORDS = words("f fl flr floor")
# Of several designators named, one of these is the unit ("Room 1203" of "Block B, Room
# 1203"); others only where none of these is named.
INNERMOST_UNIT_WORDS = words("unit room rm flat apt apartment suite ste")
# Designators whose absence changes nothing ("No. 88" is 88).
SKIPPED_WORDS = frozenset(["no", "number", "nr"])
# Street words written short, in English and in pinyin ("Huaqiang Bei Lu" is "Huaqiang
# North Road").
STREET_WORDS = {
    "road": "rd", "street": "st", "avenue": "ave", "av": "ave", "boulevard": "blvd",
    "drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "square": "sq",
    "highway": "hwy", "parkway": "pkwy", "north": "n", "south": "s", "east": "e",
    "west": "w", "district": "dist", "industrial": "ind", "park": "pk",
    "lu": "rd", "jie": "st", "dadao": "ave", "bei": "n", "nan": "s", "dong": "e", "xi": "w",
}  # fmt: skip
SHORT_STREET_WORDS = frozenset(STREET_WORDS.values())
# Words a city's name may carry or leave out ("Shenzhen City", "Shenzhen Shi").
CITY_WORDS = words("city shi municipality town")
_NUMBER = re.compile(r"^\d+[a-z]?$")
# What a designator names: "1203", "4b", "b", "b2".
_UNIT_CODE = re.compile(r"^(?:[a-z]?\d+[a-z]?|[a-z])$")
# "#1203" is unit 1203.
_NUMBER_SIGN = re.compile(r"#\s*(?=\w)")
# "4-B" is 4b.
_LETTERED_NUMBER = re.compile(r"\b(\d+)-([A-Za-z])\b")


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
    digits = re.sub(r"\D", "", phone[:MAX_PHONE_LENGTH]).lstrip("0")
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


# The shortest number compared without its scheme (a CAGE code has 5 characters).
MIN_IDENTIFIER_ALONE = 5


def identifier_key(identifier: Identifier) -> str | None:
    """The number alone, however punctuated: the same number under another label ("UEI" /
    "SAM UEI", "USCC" / "Tax ID") is the same number. A short one (a branch or sequence
    number) says something only with its scheme."""
    value = re.sub(r"[^0-9A-Za-z]", "", identifier.value).upper()
    if len(value) >= MIN_IDENTIFIER_ALONE:
        return value
    return f"{identifier.scheme.upper()}:{value}" if value else None


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

    @derived
    def key(self) -> str:
        """For finding candidates: country, street number, the street's name and the unit.
        Postal codes are often missing or written differently, so they never decide."""
        return f"{self.country}|{self.street_number}|{self.street_name}|{self.unit}"

    @derived
    def street_name(self) -> str:
        """The street's first word that is not a short form ("huaqiang" of "huaqiang n rd")."""
        names = [w for w in self.street if w not in SHORT_STREET_WORDS]
        return names[0] if names else self.street[0]

    def same_premises(self, other: "AddressKey") -> bool:
        """The same country, number, street and unit, in the same city where both name
        one. The street's other words may be written in another order or left out
        ("Huaqiang Rd N" / "Huaqiang North Road")."""
        if self.key != other.key:
            return False
        if self.city and other.city and self.city != other.city:
            return False
        mine, theirs = set(self.street), set(other.street)
        return len(mine & theirs) / min(len(mine), len(theirs)) >= 0.5


def address_key(address: Address) -> AddressKey | None:
    """The premises an address names, or None when it names no street and number."""
    written = f"{address.line1} {address.line2}"
    written = _LETTERED_NUMBER.sub(r"\1\2", _NUMBER_SIGN.sub(" unit ", written))
    words = tokens(written, initials=False)
    unit = ""
    street_number = ""
    street: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in UNIT_WORDS and _UNIT_CODE.match(following):
            # "Room 1203", "Unit 5", "Block B": the unit, the innermost one named.
            unit = following if not unit or word in INNERMOST_UNIT_WORDS else unit
            i += 2
            continue
        if word.isdigit() and following in FLOOR_WORDS:
            # "12/F", "12th Floor": a floor, not the street's number.
            i += 2
            continue
        if word in UNIT_WORDS or word in SKIPPED_WORDS:
            i += 1
            continue
        if _NUMBER.match(word) and not street_number:
            street_number = word
        elif not _NUMBER.match(word):
            street.append(STREET_WORDS.get(word, word))
        i += 1
    if not street_number or not street:
        return None
    postal = re.sub(r"\s+", "", address.postal_code).upper()
    city = "".join(t for t in tokens(address.city) if t not in CITY_WORDS)
    return AddressKey(address.country.upper(), street_number, tuple(street), unit, postal, city)
