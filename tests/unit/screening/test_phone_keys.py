"""Phone numbers written in international form are keyed without the parser (it costs a
fifth of building the watchlist), and must be keyed exactly as the parser would."""

import random

import phonenumbers

from screening.domain.contacts import phone_key


def parsed_key(phone: str) -> str | None:
    """The key as `phonenumbers` alone makes it."""
    try:
        parsed = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def international_numbers(count: int) -> list[str]:
    """Numbers written "+", a country code (mostly a real one), digits, spaces and dashes;
    of every length, so that too short, too long and prefixed ones come up."""
    rng = random.Random(13904)
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    numbers = []
    for _ in range(count):
        code = rng.choice(codes) if rng.random() < 0.9 else rng.randint(1, 999)
        rest = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 18)))
        if len(rest) > 3 and (separator := rng.choice(["", " ", "-"])):
            cut = rng.randint(1, len(rest) - 1)
            rest = rest[:cut] + separator + rest[cut:]
        numbers.append(f"+{code}{rng.choice(['', ' '])}{rest}")
    return numbers


def test_an_international_number_is_keyed_as_the_parser_keys_it() -> None:
    differing = [
        (phone, phone_key(phone), parsed_key(phone))
        for phone in international_numbers(20_000)
        if phone_key(phone) != parsed_key(phone)
    ]
    assert differing == []


def test_national_prefixes_and_leading_zeros_are_still_read_by_the_parser() -> None:
    # Written with the trunk prefix after the country code: the same number.
    assert phone_key("+86 0755 8888 1234") == "+8675588881234"
    assert phone_key("+86 755 8888 1234") == "+8675588881234"
    # Italy keeps its leading zero.
    assert phone_key("+39 06 1234 5678") == "+390612345678"
    assert phone_key("+1 415 555 0100") == "+14155550100"
    assert phone_key("+86 12") is None
    # Longer than the parser reads, however it is padded.
    assert phone_key("+86 755 8888 1234" + " " * 250) is None
    assert phone_key("+8-6-7-5-5-8-8-8-8-1-2-3-4" + "-" * 240) is None
