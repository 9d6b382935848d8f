"""Tenancy and access: workspaces, their users, roles (scope sets) and API tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.scopes import unknown_scopes


@dataclass(eq=False, kw_only=True)
class Workspace:
    """The tenant: everything belongs to exactly one workspace."""

    id: str
    name: str
    default_payment_account_code: str | None = None
    created_at: datetime


@dataclass(eq=False, kw_only=True)
class Role:
    """A named set of scopes; presets (Admin, Editor, Viewer) and custom roles alike."""

    id: str
    workspace_id: str
    name: str
    scopes: list[str] = field(default_factory=list)
    preset: bool = False

    def __post_init__(self) -> None:
        self.rescope(self.scopes)

    def rescope(self, scopes: list[str]) -> None:
        unknown = unknown_scopes(frozenset(scopes))
        if unknown:
            raise InvalidValue(f"unknown scopes: {', '.join(sorted(unknown))}", field="scopes")
        self.scopes = sorted(set(scopes))


@dataclass(eq=False, kw_only=True)
class User:
    id: str
    workspace_id: str
    email: str
    name: str
    role_id: str
    active: bool = True


@dataclass(eq=False, kw_only=True)
class ApiToken:
    """A bearer token bound to one user in one workspace; only its hash is stored."""

    id: str
    workspace_id: str
    user_id: str
    name: str
    token_hash: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None
