import pytest

from screening.domain.matching import normalize_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Shenzhen Hongdark Electronics Co., Ltd.", "SHENZHEN HONGDARK ELECTRONICS CO LTD"),
        ("Hong  Dark\tElectronic", "hong dark electronic"),
        ("ＡＢＣ Trading", "ABC trading"),  # full-width letters, as pasted from CJK text
    ],
)
def test_names_that_differ_only_in_case_punctuation_or_width_normalise_alike(
    a: str, b: str
) -> None:
    assert normalize_name(a) == normalize_name(b)


def test_different_names_stay_different() -> None:
    assert normalize_name("Hongdark Electronics") != normalize_name("Hongdark Electronic")
