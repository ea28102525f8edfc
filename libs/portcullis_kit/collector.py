"""Python's cyclic garbage collector, paused while a process builds long-lived state."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, then as it was. For building state of
    millions of long-lived objects and no reference cycles, which each full collection
    would otherwise walk again and again as it piles up."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
