"""UPU S10 item identifiers ("RR123456785CN"): two letters for the service, eight digits
and a check digit, and the ISO country of the post that accepted the item."""

import re
from dataclasses import dataclass

from portcullis_kit.errors import InvalidArgument

_S10 = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")
_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


@dataclass(frozen=True)
class S10Item:
    item_id: str
    service: str
    serial: str
    country: str


def check_digit(serial: str) -> int:
    remainder = 11 - sum(int(d) * w for d, w in zip(serial, _WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(remainder, remainder)


def parse_s10(text: str, field: str = "item_id") -> S10Item:
    item_id = text.strip().upper().replace(" ", "")
    found = _S10.match(item_id)
    if found is None:
        raise InvalidArgument(field, f"{text!r} is not a UPU S10 identifier like RR123456785CN")
    service, serial, digit, country = found.groups()
    if check_digit(serial) != int(digit):
        raise InvalidArgument(field, f"{text!r}: the check digit should be {check_digit(serial)}")
    return S10Item(item_id, service, serial, country)
