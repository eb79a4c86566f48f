"""Token buckets: an account's send rate (messages per second) and a campaign's throttle.

A bucket holds at most one second's worth of tokens (at least one), so a batch never exceeds
what the account may send in a second; batches are cut to the bucket's capacity.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class TokenBucket:
    def __init__(self, rate_per_second: float, *, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self.rate = max(float(rate_per_second), 0.001)
        self.capacity = max(1.0, self.rate)
        self._tokens = self.capacity
        self._updated = clock()
        self._blocked_until = 0.0

    def set_rate(self, rate_per_second: float) -> None:
        """Change the rate (the user edited the account) without refilling the bucket."""
        self._refill()
        self.rate = max(float(rate_per_second), 0.001)
        self.capacity = max(1.0, self.rate)
        self._tokens = min(self._tokens, self.capacity)

    @property
    def max_take(self) -> int:
        """The most messages one call may take (the batch size ceiling)."""
        return int(self.capacity)

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def available(self) -> int:
        if self._clock() < self._blocked_until:
            return 0
        self._refill()
        return int(self._tokens)

    def take(self, count: int) -> None:
        """Spend ``count`` tokens (the caller checked ``available``; going negative is a debt)."""
        self._refill()
        self._tokens -= count

    def seconds_until(self, count: int) -> float:
        """How long until ``count`` tokens are available (0 when they are)."""
        now = self._clock()
        blocked = max(0.0, self._blocked_until - now)
        self._refill()
        missing = min(count, self.max_take) - self._tokens
        return max(blocked, missing / self.rate if missing > 0 else 0.0)

    def block_for(self, seconds: float) -> None:
        """Hold all sending for ``seconds`` (the vendor said we are too fast)."""
        self._blocked_until = max(self._blocked_until, self._clock() + seconds)
        self._tokens = min(self._tokens, 0.0)
