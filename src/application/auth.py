"""Who is calling: the principal behind a bearer token, and the scope checks use cases make."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application.errors import PermissionDenied


@dataclass(frozen=True, slots=True)
class Principal:
    workspace_id: str
    user_id: str
    scopes: frozenset[str]
    token_id: str | None = None

    def has(self, scope: str) -> bool:
        return scope in self.scopes

    def require(self, scope: str) -> None:
        """Raise PermissionDenied(scope) unless the principal's role grants it."""
        if scope not in self.scopes:
            raise PermissionDenied(scope)
