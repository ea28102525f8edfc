"""Mail in ScreenShipment: scoring's word on a post's standing, applied to an item named by
its S10 identifier or its origin post (EO 13904 §5)."""

from datetime import date, timedelta
from uuid import uuid4

import pytest

from portcullis_kit.errors import InvalidArgument
from portcullis_kit.mail_treatment import Standing, Treatment
from portcullis_kit.reference import country_codes
from screening.application.screening_app import ScreeningApplication, Shipment
from tests.support import name_reader, organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 28)


@pytest.fixture
def app() -> ScreeningApplication:
    app = ScreeningApplication(MEMORY, country_codes(), name_reader(), clock=lambda: TODAY)
    china, other = uuid4(), uuid4()
    app.save(*app.post_registered(china, "J1CCNA", "CN", "CHINA POST"))
    app.save(*app.post_registered(other, "J1CCNF", "CN", "EG-CN PSRB"))
    deadline = TODAY - timedelta(days=1)
    app.save(
        *app.post_standing_changed(china, "J1CCNA", "CN", "2026Q3", Standing(6, deadline), True)
    )
    return app


def shipment(**mail: str) -> Shipment:
    return Shipment("", None, {"consignee": organisation("Acme Imports", country="US")}, **mail)


def test_an_item_is_treated_by_the_standing_of_the_posts_of_its_country(
    app: ScreeningApplication,
) -> None:
    result = app.screen_shipment(shipment(mail_item_id="RR123456785CN"), "carrier")
    assert [(m.upu_code, m.treatment) for m in result.mail] == [
        ("J1CCNA", Treatment.REFUSE),  # 6 quarters, information not provided by yesterday
        ("J1CCNF", Treatment.RELEASE),
    ]
    assert "not provided in time" in result.mail[0].reason


def test_an_item_named_by_its_origin_post(app: ScreeningApplication) -> None:
    [answer] = app.screen_shipment(shipment(origin_post="j1ccnf"), "carrier").mail
    assert (answer.upu_code, answer.treatment) == ("J1CCNF", Treatment.RELEASE)


def test_a_repeated_standing_changes_nothing(app: ScreeningApplication) -> None:
    post_id = app.mail_posts_by_code["J1CCNA"]
    standing = Standing(6, TODAY - timedelta(days=1))
    assert app.post_standing_changed(post_id, "J1CCNA", "CN", "2026Q3", standing, True) == ()


@pytest.mark.parametrize(
    ("mail", "field"),
    [
        ({"mail_item_id": "RR123456784CN"}, "shipment.mail_item_id"),
        ({"origin_post": "J1NOPE"}, "shipment.origin_post"),
        ({"mail_item_id": "RR123456785CN", "origin_post": "J1CCNA"}, "shipment.mail_item_id"),
    ],
)
def test_bad_mail_references_are_invalid_naming_the_field(
    app: ScreeningApplication, mail: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidArgument, match=rf"^{field}"):
        app.screen_shipment(shipment(**mail), "carrier")
