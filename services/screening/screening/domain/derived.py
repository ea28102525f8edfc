"""Values derived from a value object's fields, worked out once."""

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

Value = TypeVar("Value")


class derived(Generic[Value]):
    """A value worked out from an object's fields on first use and kept with it, like
    `functools.cached_property` without the lock it takes in Python 3.11: a screen works
    out a few of these for every candidate it unpacks, and the lock cost more than most
    of them. Two threads working one out at once would each keep the same value, which
    is harmless (Python 3.12 dropped the lock for that reason)."""

    def __init__(self, compute: Callable[[Any], Value]) -> None:
        self.compute = compute
        self.name = ""  # the attribute's, from __set_name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> "derived[Value]": ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> Value: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        # Kept in the instance's own dict, which is read before this descriptor next time.
        value = instance.__dict__[self.name] = self.compute(instance)
        return value
