"""The report on the sufficiency of fees (EO 13904 §7): per channel, what CBP's fees at the
FY2026 rates collect against what processing, inspecting and handling seizures costs, the
share of cost recovered, and the fee per item that would recover it, with the reasoning.

Rates come from `cbp_cobra_fees_fy2026.csv` (19 U.S.C. 58c); volumes and the cost model
are inputs, since CBP's costs are not public. Amounts are in US cents, whole numbers, so
the arithmetic is exact and the same every time.
"""

from dataclasses import dataclass
from enum import StrEnum

from eventsourcing.domain import Aggregate, event

from portcullis_kit.errors import InvalidArgument


class Channel(StrEnum):
    INTERNATIONAL_MAIL = "international_mail"
    EXPRESS_CONSIGNMENT = "express_consignment"
    INFORMAL_ENTRIES = "informal_entries"


# Which fee of the schedule each counted unit of a channel pays.
FEES_BY_CHANNEL = {
    Channel.INTERNATIONAL_MAIL: (
        ("dutiable_mail_item_prepared_by_CBP", "dutiable items"),
        ("inbound_EMS_per_item", "inbound EMS items (CBP's half)"),
    ),
    Channel.EXPRESS_CONSIGNMENT: (("express_consignment_per_waybill", "individual waybills"),),
    Channel.INFORMAL_ENTRIES: (
        ("informal_entry_automated_not_prepared_by_CBP", "automated entries"),
        ("informal_entry_manual_not_prepared_by_CBP", "manual entries"),
        ("informal_entry_prepared_by_CBP", "entries prepared by CBP"),
    ),
}
# CBP keeps half the $1 inbound EMS fee; USPS the other half (19 U.S.C. 58c(b)(9)(D)).
CBP_SHARE = {"inbound_EMS_per_item": (1, 2)}


@dataclass(frozen=True)
class ChannelInput:
    channel: Channel
    items: int
    # Units paying each fee, by fee name (e.g. dutiable items, waybills, entries).
    fee_units: tuple[tuple[str, int], ...]
    # The cost model: per item processed, per inspection, per seizure handled (cents).
    inspected: int
    seizures: int
    processing_cost_cents: int
    inspection_cost_cents: int
    seizure_cost_cents: int


@dataclass(frozen=True)
class ChannelResult:
    channel: Channel
    items: int
    fees_cents: int
    cost_cents: int
    # Fees over cost; None where there is no cost.
    recovery_ratio: float | None
    # The fee per fee-paying unit that would recover the cost; None with no such units.
    break_even_fee_cents: int | None
    reasoning: tuple[str, ...]


def fee_rates_cents(rows: list[dict[str, str]]) -> dict[str, int]:
    """FY2026 per-unit fees in cents, from the schedule's rows; the EMS fee is statutory $1."""
    rates = {}
    for row in rows:
        amount = row["fy2026_amount_usd"] or row["fy2014_base"]
        if row["unit"].startswith("per "):
            rates[row["fee"]] = round(float(amount) * 100)
    return rates


def check_input(item: ChannelInput, index: int) -> None:
    where = f"channels[{index}]"
    for name in ("items", "inspected", "seizures"):
        if getattr(item, name) < 0:
            raise InvalidArgument(f"{where}.{name}", "must not be negative")
    for name in ("processing_cost_cents", "inspection_cost_cents", "seizure_cost_cents"):
        if getattr(item, name) < 0:
            raise InvalidArgument(f"{where}.{name}", "must not be negative")
    if item.inspected > item.items:
        raise InvalidArgument(f"{where}.inspected", "must not exceed items")
    known = {fee for fee, _ in FEES_BY_CHANNEL[item.channel]}
    for fee, units in item.fee_units:
        if fee not in known:
            raise InvalidArgument(f"{where}.fee_units", f"{fee!r} is not a fee of {item.channel}")
        if units < 0 or units > item.items:
            raise InvalidArgument(f"{where}.fee_units", f"{fee}: from 0 to the items")


def assess(item: ChannelInput, rates: dict[str, int]) -> ChannelResult:
    reasoning = []
    fees = 0
    paying = 0
    units = dict(item.fee_units)
    for fee, what in FEES_BY_CHANNEL[item.channel]:
        count = units.get(fee, 0)
        share_num, share_den = CBP_SHARE.get(fee, (1, 1))
        amount = count * rates[fee] * share_num // share_den
        fees += amount
        paying += count
        reasoning.append(
            f"{count:,} {what} x ${rates[fee] / 100:.2f}"
            + (f" x {share_num}/{share_den}" if share_den > 1 else "")
            + f" = ${amount / 100:,.2f} ({fee})"
        )
    processing = item.items * item.processing_cost_cents
    inspection = item.inspected * item.inspection_cost_cents
    seizure = item.seizures * item.seizure_cost_cents
    cost = processing + inspection + seizure
    reasoning.append(
        f"cost: {item.items:,} items x ${item.processing_cost_cents / 100:.2f} processing"
        f" + {item.inspected:,} inspections x ${item.inspection_cost_cents / 100:.2f}"
        f" + {item.seizures:,} seizures x ${item.seizure_cost_cents / 100:.2f}"
        f" = ${cost / 100:,.2f}"
    )
    ratio = round(fees / cost, 4) if cost else None
    break_even = -(-cost // paying) if paying else None  # rounded up to the cent
    if ratio is not None:
        reasoning.append(f"recovered: ${fees / 100:,.2f} / ${cost / 100:,.2f} = {ratio:.1%}")
    if break_even is not None:
        reasoning.append(
            f"a fee of ${break_even / 100:.2f} on each of the {paying:,} fee-paying units"
            " would recover the cost"
        )
    else:
        reasoning.append("no unit pays a fee in this channel: no fee recovers its cost")
    return ChannelResult(item.channel, item.items, fees, cost, ratio, break_even, tuple(reasoning))


class FeeReport(Aggregate):
    """A fee report as made: its inputs, results and reasoning, frozen as JSON."""

    class Made(Aggregate.Created):
        fiscal_year: str
        content: str
        made_by: str

    @event(Made)
    def __init__(self, fiscal_year: str, content: str, made_by: str) -> None:
        self.fiscal_year = fiscal_year
        self.content = content
        self.made_by = made_by
