"""Per-caller rate limits: a token bucket for each caller, refilled at `per_second` up to
`burst`. A call over the limit gets RESOURCE_EXHAUSTED at once; nothing queues, so one
partner's flood cannot slow the others' calls."""

import threading
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self, per_second: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_second = per_second
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # caller -> (tokens, when)
        self._lock = threading.Lock()

    def allow(self, caller: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.get(caller, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.per_second)
            allowed = tokens >= 1.0
            self._buckets[caller] = (tokens - 1.0 if allowed else tokens, now)
            return allowed
