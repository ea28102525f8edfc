"""The fee report (EO 13904 §7): fees at the FY2026 rates against the cost model, worked
out in whole cents, with the fee per unit that would recover the cost."""

import dataclasses
import json
import re

import pytest

from portcullis_kit.errors import InvalidArgument
from portcullis_kit.reference import country_codes
from publication.application.publication_app import PublicationApplication
from publication.domain.fees import Channel, ChannelInput

MAIL = ChannelInput(
    Channel.INTERNATIONAL_MAIL,
    items=1_000_000,
    fee_units=(("dutiable_mail_item_prepared_by_CBP", 200_000), ("inbound_EMS_per_item", 50_000)),
    inspected=50_000,
    seizures=1_000,
    processing_cost_cents=50,
    inspection_cost_cents=2_000,
    seizure_cost_cents=15_000,
)


@pytest.fixture
def app() -> PublicationApplication:
    return PublicationApplication({"PERSISTENCE_MODULE": "eventsourcing.popo"}, country_codes())


def test_mail_fees_against_its_costs(app: PublicationApplication) -> None:
    report, [mail] = app.make_fee_report("FY2026", [MAIL], "budget office")
    # 200,000 x $7.39 + 50,000 x $1 x 1/2 = $1,503,000
    assert mail.fees_cents == 150_300_000
    # 1,000,000 x $0.50 + 50,000 x $20 + 1,000 x $150 = $1,650,000
    assert mail.cost_cents == 165_000_000
    assert mail.recovery_ratio == 0.9109
    # $1,650,000 over 250,000 fee-paying items
    assert mail.break_even_fee_cents == 660
    assert any("x 1/2" in line for line in mail.reasoning)
    assert json.loads(report.content)["results"][0]["fees_cents"] == 150_300_000


def test_express_and_informal_entries(app: PublicationApplication) -> None:
    express = ChannelInput(
        Channel.EXPRESS_CONSIGNMENT,
        300_000,
        (("express_consignment_per_waybill", 300_000),),
        9_000,
        300,
        20,
        2_500,
        20_000,
    )
    informal = ChannelInput(
        Channel.INFORMAL_ENTRIES,
        10_000,
        (
            ("informal_entry_automated_not_prepared_by_CBP", 8_000),
            ("informal_entry_prepared_by_CBP", 500),
        ),
        1_000,
        10,
        300,
        2_500,
        20_000,
    )
    _, [e, i] = app.make_fee_report("FY2026", [express, informal], "budget office")
    assert e.fees_cents == 300_000 * 134
    assert i.fees_cents == 8_000 * 269 + 500 * 1_209
    assert i.break_even_fee_cents == -(-i.cost_cents // 8_500)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"inspected": 2_000_000}, "channels[0].inspected"),
        ({"fee_units": (("express_consignment_per_waybill", 1),)}, "channels[0].fee_units"),
        ({"seizures": -1}, "channels[0].seizures"),
    ],
)
def test_bad_inputs_name_the_field(
    app: PublicationApplication, change: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidArgument, match="^" + re.escape(field)):
        app.make_fee_report("FY2026", [dataclasses.replace(MAIL, **change)], "x")  # type: ignore[arg-type]
