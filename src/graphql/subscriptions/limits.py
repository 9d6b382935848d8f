"""How many subscriptions one token, and one process, may hold at once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from dealbooks.application.errors import ApplicationError


class TooManySubscriptions(ApplicationError):
    """Over a limit: the subscription is refused (the others carry on)."""


class SubscriptionLimits:
    """Counts the subscriptions running in this process, in all and per API token."""

    def __init__(self, *, per_token: int, per_process: int) -> None:
        self.per_token = per_token
        self.per_process = per_process
        self._by_token: Counter[str] = Counter()
        self.running = 0

    @contextmanager
    def hold(self, token_id: str) -> Iterator[None]:
        """A place for one subscription while the block runs; TooManySubscriptions if full."""
        if self.running >= self.per_process:
            raise TooManySubscriptions("This server holds all the subscriptions it may.")
        if self._by_token[token_id] >= self.per_token:
            raise TooManySubscriptions(
                f"This token already holds {self.per_token} subscriptions; close one first."
            )
        self.running += 1
        self._by_token[token_id] += 1
        try:
            yield
        finally:
            self.running -= 1
            self._by_token[token_id] -= 1
            if not self._by_token[token_id]:
                del self._by_token[token_id]
