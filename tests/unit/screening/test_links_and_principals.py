"""Principals, affiliates and parties named in an action, as screening evidence; and what
a query must hold to be screened."""

from dataclasses import replace
from datetime import date
from uuid import UUID, uuid4

import pytest

from portcullis_kit.errors import InvalidArgument
from portcullis_kit.party import Identifier, PartyDetails, PartyKind, Principal
from portcullis_kit.reference import country_codes
from screening.application.screening_app import ScreeningApplication
from screening.domain.matching import Decision
from screening.domain.watched_party import Link, Listing
from tests.support import name_reader, organisation

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
TODAY = date(2026, 11, 28)
BORN = date(1971, 3, 9)


@pytest.fixture
def app() -> ScreeningApplication:
    return ScreeningApplication(MEMORY, country_codes(), name_reader(), clock=lambda: TODAY)


def register(app: ScreeningApplication, details: PartyDetails) -> UUID:
    party_id = uuid4()
    app.save(*app.party_registered(party_id, details))
    return party_id


def exclude(
    app: ScreeningApplication, party_id: UUID, named: tuple[UUID, ...] = (), end: date | None = None
) -> UUID:
    exclusion_id = uuid4()
    listing = Listing(
        "debarment", date(2026, 1, 5), end, True, named_party_ids=tuple(str(p) for p in named)
    )
    app.save(*app.exclusion_imposed(party_id, exclusion_id, listing))
    return exclusion_id


def person(name: str, born: date | None = BORN, **kwargs: object) -> PartyDetails:
    return PartyDetails(kind=PartyKind.INDIVIDUAL, name=name, birth_date=born, **kwargs)  # type: ignore[arg-type]


def test_a_new_company_whose_officer_is_a_principal_of_an_excluded_one_goes_to_review(
    app: ScreeningApplication,
) -> None:
    listed = organisation("Hongdark Electronics", principals=(Principal("Li Wei", "owner", BORN),))
    party_id = register(app, listed)
    exclude(app, party_id)
    query = organisation("Quanlux Trading", principals=(Principal("LI, Wei", "director", BORN),))
    result = app.screen(query)
    assert result.decision is Decision.REVIEW
    [hit] = result.hits
    assert hit.party_id == party_id
    [evidence] = hit.evidence
    assert (evidence.query_field, evidence.listed_field, evidence.weight) == (
        "principals[0]",
        "principals[0]",
        0.8,
    )


def test_a_namesake_principal_without_a_birth_date_is_not_enough_alone(
    app: ScreeningApplication,
) -> None:
    listed = organisation("Hongdark Electronics", principals=(Principal("Li Wei", "owner", BORN),))
    exclude(app, register(app, listed))
    namesake = organisation("Quanlux Trading", principals=(Principal("Li Wei", "director"),))
    assert app.screen(namesake).decision is Decision.CLEAR
    born_later = organisation(
        "Quanlux Trading", principals=(Principal("Li Wei", "director", date(1990, 1, 1)),)
    )
    assert app.screen(born_later).decision is Decision.CLEAR


def test_a_debarred_person_as_officer_of_a_new_company_is_found_by_passport(
    app: ScreeningApplication,
) -> None:
    passport = Identifier("PASSPORT", "E12345678")
    party_id = register(app, person("Zhang Min", identifiers=(passport,)))
    exclude(app, party_id)
    query = organisation(
        "Brand New Imports", principals=(Principal("Min Zhang", "", None, (passport,)),)
    )
    [hit] = app.screen(query).hits
    assert hit.party_id == party_id
    assert hit.decision is Decision.MATCH
    assert hit.evidence[0].listed_field == "name"
    assert hit.evidence[0].weight == 0.9


def test_a_principal_linked_in_the_registry_counts_as_the_excluded_partys_principal(
    app: ScreeningApplication,
) -> None:
    owner = register(app, person("Chen Jing"))
    company = register(app, organisation("Hongdark Electronics"))
    exclude(app, company)
    app.save(*app.links_changed(company, (Link(str(owner), "principal", "owner"),)))
    query = organisation("Vexmar Toys", principals=(Principal("Chen Jing", "", BORN),))
    [hit] = app.screen(query).hits
    assert hit.party_id == company
    assert hit.evidence[0].listed_value == "Chen Jing"


def test_an_affiliate_is_screened_as_excluded_while_the_exclusion_is_in_force(
    app: ScreeningApplication,
) -> None:
    company = register(app, organisation("Hongdark Electronics"))
    exclusion_id = exclude(app, company)
    front = register(app, organisation("Ostrava Lux Trading"))
    assert app.screen(organisation("Ostrava Lux Trading")).decision is Decision.CLEAR
    app.save(*app.links_changed(company, (Link(str(front), "affiliate", "confirmed attempt"),)))
    [hit] = app.screen(organisation("Ostrava Lux Trading")).hits
    assert hit.party_id == front
    assert hit.exclusion_ids == (str(exclusion_id),)
    app.save(*app.exclusion_ended(company, exclusion_id, TODAY))
    assert app.screen(organisation("Ostrava Lux Trading")).decision is Decision.CLEAR


def test_parties_named_in_an_action_are_excluded_with_it(app: ScreeningApplication) -> None:
    owner = register(app, person("Garcia Lopez Juan"))
    company = register(app, organisation("Hongdark Electronics"))
    exclusion_id = exclude(app, company, named=(owner,))
    [hit] = app.screen(person("Juan Garcia Lopez")).hits
    assert (hit.party_id, hit.exclusion_ids) == (owner, (str(exclusion_id),))


def test_a_query_with_only_an_identifier_is_screened(app: ScreeningApplication) -> None:
    uei = Identifier("UEI", "JK3LMN4PQ5RS")
    party_id = register(app, organisation("Hongdark Electronics", identifiers=(uei,)))
    exclude(app, party_id)
    query = PartyDetails(kind=PartyKind.ORGANIZATION, name="", identifiers=(uei,))
    [hit] = app.screen(query).hits
    assert hit.party_id == party_id
    assert hit.decision is Decision.MATCH


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (PartyDetails(kind=PartyKind.ORGANIZATION, name=""), "party.name"),
        (organisation("Acme", country="UK"), "party.addresses[0].country"),
        (
            organisation("Acme", identifiers=(Identifier("UEI", "short"),)),
            "party.identifiers[0].value",
        ),
        (organisation("Acme", principals=(Principal(" "),)), "party.principals[0].name"),
        (replace(organisation("Acme"), emails=("not-an-email",)), "party.emails[0]"),
    ],
)
def test_a_malformed_query_is_invalid_naming_the_field(
    app: ScreeningApplication, query: PartyDetails, field: str
) -> None:
    with pytest.raises(InvalidArgument) as raised:
        app.screen(query)
    assert raised.value.field == field


def test_a_party_named_in_one_action_is_not_excluded_by_the_others(
    app: ScreeningApplication,
) -> None:
    owner = register(app, person("Garcia Lopez Juan"))
    company = register(app, organisation("Hongdark Electronics"))
    naming = exclude(app, company, named=(owner,))
    exclude(app, company)  # another exclusion, not naming the owner
    app.save(*app.exclusion_ended(company, naming, TODAY))
    assert app.screen(person("Juan Garcia Lopez")).decision is Decision.CLEAR


def test_links_of_a_party_screening_never_saw_are_passed_over(app: ScreeningApplication) -> None:
    assert app.links_changed(uuid4(), (Link(str(uuid4()), "affiliate", "x"),)) == ()


def test_a_name_made_only_of_common_words_still_finds_its_holders(
    app: ScreeningApplication,
) -> None:
    for i in range(300):
        exclude(app, register(app, person("Wei Zhang", born=date(1950 + i % 50, 1 + i % 12, 1))))
    assert app.screen(person("Wei Zhang", born=None)).decision is not Decision.CLEAR


def test_a_linked_principal_revised_is_screened_as_revised(app: ScreeningApplication) -> None:
    owner = register(app, person("Chen Jing"))
    company = register(app, organisation("Hongdark Electronics"))
    exclude(app, company)
    app.save(*app.links_changed(company, (Link(str(owner), "principal", "owner"),)))
    passport = Identifier("PASSPORT", "E12345678")
    # The same passport under a name the registry did not have for the principal.
    query = organisation("Vexmar Toys", principals=(Principal("Wang Fei", "", None, (passport,)),))
    assert app.screen(query).hits == ()
    app.save(*app.party_registered(owner, person("Chen Jing", identifiers=(passport,))))
    [hit] = app.screen(query).hits
    assert hit.party_id == company
