from portcullis_kit.errors import InvalidArgument, NotFound


def test_invalid_argument_message_starts_with_the_field() -> None:
    error = InvalidArgument("party.addresses[0].country", "'XX' is not an ISO 3166-1 alpha-2 code")
    assert str(error).startswith("party.addresses[0].country: ")
    assert error.status == "INVALID_ARGUMENT"


def test_not_found_names_what_and_which() -> None:
    assert str(NotFound("party", "abc")) == "party 'abc' not found"
