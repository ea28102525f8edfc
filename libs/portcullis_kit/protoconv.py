"""Turning proto fields into plain values, with errors that name the field."""

from datetime import UTC, date, datetime
from uuid import UUID

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

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


def optional_timestamp(message: Message, field: str) -> datetime | None:
    """A google.protobuf.Timestamp field as an aware UTC datetime, or None if unset."""
    if not message.HasField(field):
        return None
    stamp: Timestamp = getattr(message, field)
    return stamp.ToDatetime(tzinfo=UTC)


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""
