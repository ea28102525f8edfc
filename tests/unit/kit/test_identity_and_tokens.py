"""Identities from their file, and tokens: who a caller is, and when not to believe it."""

from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from portcullis_cli.certificates import make_token_issuer
from portcullis_kit.errors import PermissionDenied
from portcullis_kit.identity import DEVELOPMENT, Caller, Identities, IdentitiesError
from portcullis_kit.tokens import TokenRefused, TokenVerifier, issue_token, load_public_keys


def test_identities_give_roles_and_a_stranger_has_none(tmp_path: Path) -> None:
    path = tmp_path / "identities.toml"
    path.write_text('[identities.ups]\nroles = ["facilitator"]\nfacilitator_id = "F-UPS"\n')
    identities = Identities.load(path)
    assert identities.caller("ups") == Caller("ups", frozenset({"facilitator"}), "F-UPS")
    assert identities.caller("stranger").roles == frozenset()


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[identities.x]\nroles = ["root"]\n', "unknown roles"),
        ('[identities.x]\nroles = ["facilitator"]\n', "give its facilitator_id"),
        ("[identities.x\n", "identities.toml"),
    ],
)
def test_a_bad_identities_file_says_what_is_wrong(
    tmp_path: Path, text: str, complaint: str
) -> None:
    path = tmp_path / "identities.toml"
    path.write_text(text)
    with pytest.raises(IdentitiesError, match=complaint):
        Identities.load(path)


def test_a_facilitator_acts_only_for_itself_and_cbp_for_all() -> None:
    ups = Caller("ups", frozenset({"facilitator"}), "F-UPS")
    ups.require_facilitator("f-ups")  # ids compare without regard to case
    with pytest.raises(PermissionDenied, match="ups may act only for facilitator F-UPS"):
        ups.require_facilitator("F-DHL")
    with pytest.raises(PermissionDenied, match="acts for no facilitator"):
        Caller("lost", frozenset({"facilitator"})).require_facilitator("F-DHL")
    Caller("gao", frozenset({"auditor"})).require_facilitator("F-DHL")
    DEVELOPMENT.require_facilitator("F-DHL")


def test_tokens_verify_with_any_trusted_key_while_one_is_rotated(tmp_path: Path) -> None:
    old_key, old_public = make_token_issuer(tmp_path / "old")
    new_key, new_public = make_token_issuer(tmp_path / "new")
    both = tmp_path / "keys.pem"
    both.write_bytes(old_public.read_bytes() + new_public.read_bytes())
    verifier = TokenVerifier(load_public_keys(both))
    for key in (old_key, new_key):
        caller = verifier.verify(issue_token(key, "platform-42", ["facilitator"], "F-UPS"))
        assert caller == Caller("token:platform-42", frozenset({"facilitator"}), "F-UPS")
    only_new = TokenVerifier(load_public_keys(new_public))
    with pytest.raises(TokenRefused, match="signature does not verify"):
        only_new.verify(issue_token(old_key, "platform-42", ["facilitator"]))


@pytest.mark.parametrize(
    ("token", "complaint"),
    [
        ("x.y.z", "not valid"),
        ("", "not valid"),
    ],
)
def test_a_malformed_token_is_refused(tmp_path: Path, token: str, complaint: str) -> None:
    _, public = make_token_issuer(tmp_path)
    with pytest.raises(TokenRefused, match=complaint):
        TokenVerifier(load_public_keys(public)).verify(token)


def test_an_expired_token_or_one_for_someone_else_or_with_made_up_roles_is_refused(
    tmp_path: Path,
) -> None:
    key, public = make_token_issuer(tmp_path)
    verifier = TokenVerifier(load_public_keys(public))
    expired = issue_token(key, "p", ["facilitator"], lifetime=timedelta(seconds=-5))
    with pytest.raises(TokenRefused, match="expired"):
        verifier.verify(expired)
    with pytest.raises(TokenRefused, match="not valid"):
        verifier.verify(issue_token(key, "p", ["facilitator"], audience="another-system"))
    with pytest.raises(TokenRefused, match="roles"):
        verifier.verify(issue_token(key, "p", ["root"]))
    with pytest.raises(TokenRefused, match="signature"):
        verifier.verify(issue_token(Ed25519PrivateKey.generate(), "p", ["officer"]))
