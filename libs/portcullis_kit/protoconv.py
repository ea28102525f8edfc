"""Turning proto fields into plain values, with errors that name the field."""

from datetime import date
from typing import Any
from uuid import UUID

import grpc

from portcullis_kit.errors import InvalidArgument


def _to_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidArgument(field, f"{text!r} is not a date (YYYY-MM-DD)") from None


def required_date(text: str, field: str) -> date:
    if not text:
        raise InvalidArgument(field, "is required (YYYY-MM-DD)")
    return _to_date(text, field)


def optional_date(text: str, field: str) -> date | None:
    return _to_date(text, field) if text else None


def parse_uuid(text: str, field: str) -> UUID:
    if not text:
        raise InvalidArgument(field, "is required")
    try:
        return UUID(text)
    except ValueError:
        raise InvalidArgument(field, f"{text!r} is not a UUID") from None


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def caller(context: grpc.aio.ServicerContext[Any, Any]) -> str:
    """Who is calling, as recorded in events.

    Until mutual TLS gives each caller a certificate, this is the `x-portcullis-caller`
    metadata a client sends, or "anonymous".
    """
    for key, value in context.invocation_metadata() or ():
        if key == "x-portcullis-caller" and isinstance(value, str) and value:
            return value
    return "anonymous"
