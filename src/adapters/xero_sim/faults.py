"""Fault knobs: injected 5xx/429 answers, latency, responses lost after the write committed."""

from __future__ import annotations

from dataclasses import dataclass, field

from .oauth import TokenStore


@dataclass
class _Planned:
    remaining: int
    path_contains: str | None
    status: int = 0
    retry_after: int = 1

    def matches(self, path: str) -> bool:
        if self.path_contains is None:
            return path.startswith("/api.xro/")
        return self.path_contains in path


@dataclass
class Faults:
    """What the next calls should suffer. A pattern of None means "any /api.xro/ call"."""

    tokens: TokenStore
    delay_seconds: float = 0.0
    webhooks_dropped: bool = False
    _failures: list[_Planned] = field(default_factory=list)
    _drops: list[_Planned] = field(default_factory=list)

    def fail_next(
        self,
        status: int = 500,
        count: int = 1,
        path_contains: str | None = None,
        retry_after: int = 1,
    ) -> None:
        """Answer the next `count` matching calls with `status` (500, 503 or 429) unprocessed."""
        self._failures.append(_Planned(count, path_contains, status, retry_after))

    def latency(self, seconds: float) -> None:
        """Delay every API call by `seconds` while it counts as in flight."""
        self.delay_seconds = seconds

    def drop_response_after_commit(self, count: int = 1, path_contains: str | None = None) -> None:
        """Apply the next matching write, then lose its response (a transport error)."""
        self._drops.append(_Planned(count, path_contains))

    def expire_access_tokens(self) -> None:
        self.tokens.expire_all()

    def revoke_all_tokens(self) -> None:
        self.tokens.revoke_all()

    def drop_webhooks(self, drop: bool = True) -> None:
        self.webhooks_dropped = drop

    def clear(self) -> None:
        self.delay_seconds = 0.0
        self.webhooks_dropped = False
        self._failures.clear()
        self._drops.clear()

    def take_failure(self, path: str) -> _Planned | None:
        return _take(self._failures, path)

    def take_drop(self, path: str) -> bool:
        return _take(self._drops, path) is not None


def _take(plans: list[_Planned], path: str) -> _Planned | None:
    for plan in plans:
        if plan.remaining > 0 and plan.matches(path):
            plan.remaining -= 1
            if plan.remaining == 0:
                plans.remove(plan)
            return plan
    return None
