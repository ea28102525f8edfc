import pytest

from portcullis_kit.errors import AlreadyExists, InvalidArgument
from portcullis_kit.reference import country_codes
from scoring.application.scoring_app import ScoringApplication

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


@pytest.fixture
def app() -> ScoringApplication:
    return ScoringApplication(MEMORY, country_codes())


def test_registered_post_has_a_status(app: ScoringApplication) -> None:
    post_id = app.register_post("J1CADA", "AD", "AndorraPost")
    status = app.post_status(post_id)
    assert (status.upu_code, status.country, status.name) == ("J1CADA", "AD", "AndorraPost")
    assert status.consecutive_non_compliant == 0


def test_registering_the_same_post_again_adds_nothing(app: ScoringApplication) -> None:
    assert app.register_post("J1CADA", "AD", "AndorraPost") == app.register_post(
        "j1cada", "ad", "AndorraPost"
    )
    assert app.log_position() == 1


def test_the_same_upu_code_for_another_post_is_refused(app: ScoringApplication) -> None:
    app.register_post("J1CADA", "AD", "AndorraPost")
    with pytest.raises(AlreadyExists):
        app.register_post("J1CADA", "FR", "La Poste")


@pytest.mark.parametrize(
    ("code", "country", "name", "field"),
    [("", "AD", "x", "upu_code"), ("J1", "ZZ", "x", "country"), ("J1", "AD", " ", "name")],
)
def test_bad_post_names_the_field(
    app: ScoringApplication, code: str, country: str, name: str, field: str
) -> None:
    with pytest.raises(InvalidArgument) as raised:
        app.register_post(code, country, name)
    assert raised.value.field == field
