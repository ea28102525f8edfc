from dataclasses import dataclass

from screening.domain.derived import derived


@dataclass(frozen=True)
class Name:
    core: tuple[str, ...]

    @derived
    def length(self) -> int:
        Name.worked_out += 1
        return len(self.core)

    worked_out = 0


def test_a_derived_value_is_worked_out_once_per_object_even_when_frozen() -> None:
    name = Name(("hong", "da"))
    assert (name.length, name.length) == (2, 2)
    assert Name.worked_out == 1
    assert Name(("x",)).length == 1
    assert Name.worked_out == 2
    # Not a field: equality and the dataclass's fields are untouched.
    assert name == Name(("hong", "da"))
