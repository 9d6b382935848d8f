"""When and how long to wait before trying a Xero call again."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class XeroRetryPolicy:
    """Bounded retries for transient failures (5xx, timeouts, transport errors) and a cap on
    the total time spent waiting out 429s.

    Backoff is jittered (between half and all of base * 2**attempt, capped at `max_delay`)
    so many callers failing together do not come back together.
    """

    max_transient_retries: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_rate_limit_wait: float = 120.0
    default_retry_after: float = 1.0

    def backoff(self, attempt: int) -> float:
        ceiling = min(self.max_delay, self.base_delay * 2**attempt)
        return random.uniform(ceiling / 2, ceiling)


@dataclass(slots=True)
class RetryBudget:
    """What one logical call has used so far."""

    policy: XeroRetryPolicy
    transient_retries: int = 0
    rate_limit_waited: float = 0.0
    refreshed: bool = False

    def next_transient_delay(self) -> float | None:
        """The delay before the next transient retry, or None when retries are used up."""
        if self.transient_retries >= self.policy.max_transient_retries:
            return None
        delay = self.policy.backoff(self.transient_retries)
        self.transient_retries += 1
        return delay

    def next_rate_limit_delay(self, retry_after: float | None) -> float | None:
        """How long to wait after a 429, or None when waiting would exceed the cap."""
        delay = retry_after if retry_after is not None else self.policy.default_retry_after
        if self.rate_limit_waited + delay > self.policy.max_rate_limit_wait:
            return None
        self.rate_limit_waited += delay
        return delay
