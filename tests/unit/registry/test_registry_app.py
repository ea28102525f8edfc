from datetime import date
from uuid import uuid4

import pytest

from portcullis_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from portcullis_kit.party import Identifier
from portcullis_kit.reference import country_codes
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import ExclusionAction, ExclusionType
from tests.support import organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


@pytest.fixture
def app() -> RegistryApplication:
    return RegistryApplication(MEMORY, country_codes())


def debarment(
    effective: date = date(2026, 11, 2), end: date | None = date(2029, 11, 1)
) -> ExclusionAction:
    return ExclusionAction(
        cause="counterfeit goods",
        trade_related=True,
        official="SDO",
        effective_date=effective,
        end_date=end,
    )


def test_registered_party_reads_back(app: RegistryApplication) -> None:
    details = organisation("Shenzhen Hongdark Electronics Co., Ltd.")
    party_id = app.register_party(details, "officer-1")
    assert app.get_party(party_id) == details


def test_same_source_record_registers_once(app: RegistryApplication) -> None:
    details = organisation("Hongdark", source_ref="SAM-123")
    first = app.register_party(details, "import")
    second = app.register_party(details, "import")
    assert first == second
    assert app.log_position() == 1


def test_same_source_record_with_other_particulars_is_refused(app: RegistryApplication) -> None:
    app.register_party(organisation("Hongdark", source_ref="SAM-123"), "import")
    with pytest.raises(AlreadyExists, match="source_ref"):
        app.register_party(organisation("Other name", source_ref="SAM-123"), "import")


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (organisation(""), "party.name"),
        (organisation("X", country="XX"), "party.addresses[0].country"),
        (
            organisation("X", identifiers=(Identifier("EIN", "12345"),)),
            "party.identifiers[0].value",
        ),
        (organisation("X", emails=("not-an-email",)), "party.emails[0]"),
    ],
)
def test_bad_party_names_the_field_and_records_nothing(
    app: RegistryApplication, details: object, field: str
) -> None:
    with pytest.raises(InvalidArgument) as raised:
        app.register_party(details, "officer-1")  # type: ignore[arg-type]
    assert raised.value.field == field
    assert app.log_position() == 0


def test_debarment_of_unknown_party_is_not_found(app: RegistryApplication) -> None:
    with pytest.raises(NotFound):
        app.impose_exclusion(uuid4(), ExclusionType.DEBARMENT, debarment(), "sdo")


def test_debarment_is_recorded_with_its_action(app: RegistryApplication) -> None:
    party_id = app.register_party(organisation("Hongdark"), "officer-1")
    exclusion_id = app.impose_exclusion(party_id, ExclusionType.DEBARMENT, debarment(), "sdo")
    record = app.get_exclusion(exclusion_id)
    assert record.party_id == party_id
    assert record.exclusion_type is ExclusionType.DEBARMENT
    assert record.action == debarment()


def test_debarment_needs_an_end_date(app: RegistryApplication) -> None:
    party_id = app.register_party(organisation("Hongdark"), "officer-1")
    with pytest.raises(InvalidArgument) as raised:
        app.impose_exclusion(party_id, ExclusionType.DEBARMENT, debarment(end=None), "sdo")
    assert raised.value.field == "action.end_date"


def test_suspension_over_twelve_months_is_refused(app: RegistryApplication) -> None:
    party_id = app.register_party(organisation("Hongdark"), "officer-1")
    action = debarment(effective=date(2026, 1, 31), end=date(2027, 2, 1))
    with pytest.raises(InvalidArgument, match="12 months"):
        app.impose_exclusion(party_id, ExclusionType.SUSPENSION, action, "sdo")


def test_terminated_exclusion_cannot_be_terminated_again(app: RegistryApplication) -> None:
    party_id = app.register_party(organisation("Hongdark"), "officer-1")
    exclusion_id = app.impose_exclusion(party_id, ExclusionType.DEBARMENT, debarment(), "sdo")
    app.terminate_exclusion(exclusion_id, date(2027, 1, 1), "reinstated on appeal", "sdo")
    assert app.get_exclusion(exclusion_id).terminated_date == date(2027, 1, 1)
    with pytest.raises(FailedPrecondition):
        app.terminate_exclusion(exclusion_id, date(2027, 2, 1), "again", "sdo")


def test_principals_related_businesses_and_affiliates_are_linked_with_history(
    app: RegistryApplication,
) -> None:
    from registry.domain.party import LinkKind

    company = app.register_party(organisation("Hongdark Electronics"), "officer")
    owner = app.register_party(organisation("Li Wei Holdings"), "officer")
    successor = app.register_party(organisation("Hong Xing Da Technology"), "officer")
    app.link_parties(company, owner, LinkKind.PRINCIPAL, "owner", "officer")
    app.link_parties(company, successor, LinkKind.AFFILIATE, "same principals after debarment", "o")
    app.link_parties(company, owner, LinkKind.PRINCIPAL, "owner", "officer")  # no change
    assert [x.kind for x in app.party_links(company)] == [LinkKind.PRINCIPAL, LinkKind.AFFILIATE]
    with pytest.raises(InvalidArgument) as raised:
        app.link_parties(company, owner, LinkKind.AFFILIATE, "", "officer")
    assert raised.value.field == "detail"
    with pytest.raises(InvalidArgument):
        app.link_parties(company, company, LinkKind.RELATED_BUSINESS, "", "officer")
    app.unlink_parties(company, owner, LinkKind.PRINCIPAL, "owner", "sold the business", "o")
    assert [x.kind for x in app.party_links(company)] == [LinkKind.AFFILIATE]


@pytest.mark.parametrize(
    ("identifier", "valid"),
    [
        (Identifier("LEI", "5493001KJTIIGC8Y1R12"), True),
        (Identifier("LEI", "5493001KJTIIGC8Y1R13"), False),
        (Identifier("UEI", "JR6JAB4DSUK8"), True),
        (Identifier("UEI", "JR6JAB4DSUKO"), False),  # UEIs never use O or I
        (Identifier("EIN", "12-3456789"), True),
        (Identifier("DUNS", "12345678"), False),
    ],
)
def test_identifiers_with_a_check_are_checked(
    app: RegistryApplication, identifier: Identifier, valid: bool
) -> None:
    details = organisation(f"Checked {identifier.value}", identifiers=(identifier,))
    if valid:
        app.register_party(details, "officer")
    else:
        with pytest.raises(InvalidArgument) as raised:
            app.register_party(details, "officer")
        assert raised.value.field == "party.identifiers[0].value"


def test_websites_are_kept_and_checked(app: RegistryApplication) -> None:
    party_id = app.register_party(
        organisation("Web Shop", websites=("https://hongdark.example",)), "officer"
    )
    assert app.get_party(party_id).websites == ("https://hongdark.example",)
    with pytest.raises(InvalidArgument) as raised:
        app.register_party(organisation("Bad Web", websites=("not a site",)), "officer")
    assert raised.value.field == "party.websites[0]"
