"""Importer of record numbers (EO 13904 §2).

A person suspended or debarred for trade-related reasons may not obtain an IOR number
while excluded; nor may a principal or affiliate named in such an exclusion. Every
decision is an event with its reasons; a number suspended when an exclusion takes effect
comes back by a new decision when it ends, never by erasing the old one.
"""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import FailedPrecondition, InvalidArgument

IOR_NAMESPACE = uuid5(NAMESPACE_URL, "https://portcullis.example/registry/ior")

# 19 CFR 24.5: an IRS employer number (with a two-digit suffix), an SSN, or a number CBP assigns.
IOR_NUMBER_FORMATS = (
    re.compile(r"^\d{2}-\d{7}(\d{2})?$"),  # EIN, optionally with CBP's suffix
    re.compile(r"^\d{3}-\d{2}-\d{4}$"),  # SSN
    re.compile(r"^\d{6}-\d{5}$"),  # CBP-assigned: YYDDPP-NNNNN
)


class IorStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REFUSED = "refused"


@dataclass(frozen=True)
class IorApplicationForm:
    """The CBP Form 5106 particulars that are not already the party's own (blocks 1-3)."""

    ior_number: str
    business_structure: str  # corporation, partnership, sole proprietorship, LLC, ...
    importer_type: str = ""  # e.g. importer or consignee, broker, non-resident
    program_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bar:
    """An exclusion that bars the party from holding an IOR number, and why it applies."""

    exclusion_id: str
    how: str  # "the party", "a principal named", "an affiliate named"

    def reason(self) -> str:
        return f"trade-related exclusion {self.exclusion_id} names {self.how}"


def check_ior_form(form: IorApplicationForm) -> None:
    if not any(p.match(form.ior_number) for p in IOR_NUMBER_FORMATS):
        raise InvalidArgument(
            "form.ior_number",
            f"{form.ior_number!r} is not an EIN (NN-NNNNNNN[XX]), SSN or CBP-assigned"
            " (YYDDPP-NNNNN) number",
        )
    if not form.business_structure.strip():
        raise InvalidArgument("form.business_structure", "must not be empty")


def ior_record_id(party_id: UUID) -> UUID:
    """One IOR record per party: applying again updates it."""
    return uuid5(IOR_NAMESPACE, str(party_id))


class IorRecord(Aggregate):
    class Applied(Aggregate.Created):
        party_id: UUID
        form: IorApplicationForm
        applied_by: str

    class Decided(Aggregate.Event):
        status: IorStatus
        reasons: tuple[str, ...]
        on: date
        decided_by: str

    @staticmethod
    def create_id(party_id: UUID, form: IorApplicationForm, applied_by: str) -> UUID:
        return ior_record_id(party_id)

    @event(Applied)
    def __init__(self, party_id: UUID, form: IorApplicationForm, applied_by: str) -> None:
        self.party_id = party_id
        self.form = form
        self.status: IorStatus | None = None
        self.reasons: tuple[str, ...] = ()
        self.decided_on: date | None = None

    def decide(self, bars: list[Bar], on: date, decided_by: str) -> None:
        """The first decision on an application: refused while barred, else active."""
        if self.status is not None:
            raise FailedPrecondition(f"already decided: {self.status}")
        if bars:
            self._decided(IorStatus.REFUSED, tuple(b.reason() for b in bars), on, decided_by)
        else:
            self._decided(IorStatus.ACTIVE, ("no trade-related exclusion bars it",), on, decided_by)

    def reconsider(self, bars: list[Bar], on: date, decided_by: str) -> None:
        """What a change of exclusions means for a number already decided: an active
        number is suspended while barred; a suspended or refused one is restored when no
        bar remains."""
        reasons = tuple(b.reason() for b in bars)
        if self.status is IorStatus.ACTIVE and bars:
            self._decided(IorStatus.SUSPENDED, reasons, on, decided_by)
        elif self.status in (IorStatus.SUSPENDED, IorStatus.REFUSED) and bars:
            if reasons != self.reasons:  # still barred, by other exclusions than before
                self._decided(self.status, reasons, on, decided_by)
        elif self.status in (IorStatus.SUSPENDED, IorStatus.REFUSED) and not bars:
            self._decided(
                IorStatus.ACTIVE, ("no trade-related exclusion bars it any more",), on, decided_by
            )

    @event(Decided)
    def _decided(
        self, status: IorStatus, reasons: tuple[str, ...], on: date, decided_by: str
    ) -> None:
        self.status = IorStatus(status)
        self.reasons = tuple(reasons)
        self.decided_on = on
