"""Per-caller rate limits: a burst, then the refill rate; callers do not share a bucket."""

from portcullis_kit.limits import RateLimiter


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_caller_gets_its_burst_then_the_refill_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(per_second=2, burst=3, clock=clock)
    assert [limiter.allow("carrier-a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("carrier-b")  # another caller, another bucket
    clock.now = 0.5  # one token back
    assert [limiter.allow("carrier-a") for _ in range(2)] == [True, False]
    clock.now = 100.0  # never more than the burst
    assert [limiter.allow("carrier-a") for _ in range(4)] == [True, True, True, False]
