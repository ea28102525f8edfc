from dataclasses import replace
from datetime import date

import pytest

from portcullis_kit.errors import InvalidArgument
from portcullis_kit.reference import country_codes
from publication.application.publication_app import PublicationApplication
from publication.domain.seizure import Environment, SeizureLine, ViolationCategory

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
LINE = SeizureLine(
    "counterfeit headphones", 40, "USD", 1_599_960, ViolationCategory.INTELLECTUAL_PROPERTY
)


@pytest.fixture
def app() -> PublicationApplication:
    return PublicationApplication(MEMORY, country_codes())


def test_recorded_seizure_reads_back(app: PublicationApplication) -> None:
    seizure_id = app.record_seizure(
        date(2026, 11, 3), Environment.EXPRESS, "CN", (LINE,), sensitive=False, recorded_by="cbp"
    )
    record = app.get_seizure(seizure_id)
    assert record.lines == (LINE,)
    assert record.environment is Environment.EXPRESS


@pytest.mark.parametrize(
    ("country", "lines", "field"),
    [
        ("XX", (LINE,), "seizure.origin_country"),
        ("CN", (), "seizure.lines"),
        ("CN", (replace(LINE, quantity=0),), "seizure.lines[0].quantity"),
        ("CN", (replace(LINE, msrp_currency="US"),), "seizure.lines[0].msrp.currency_code"),
    ],
)
def test_bad_seizure_names_the_field_and_records_nothing(
    app: PublicationApplication, country: str, lines: tuple[SeizureLine, ...], field: str
) -> None:
    with pytest.raises(InvalidArgument) as raised:
        app.record_seizure(date(2026, 11, 3), Environment.EXPRESS, country, lines, False, "cbp")
    assert raised.value.field == field
    assert app.log_position() == 0
