"""Tenancy and access: workspaces, their users, roles (scope sets) and API tokens."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.scopes import Scope, unknown_scopes

LAST_USE_PRECISION = timedelta(minutes=1)


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
    expires_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def use_worth_recording(self, now: datetime) -> bool:
        """Last use is kept to the minute: recording every request would make each read a
        write."""
        return self.last_used_at is None or now - self.last_used_at >= LAST_USE_PRECISION


class LastUserAdministrator(InvalidValue):
    """The change would leave the workspace without an active user holding users:write:
    nobody could manage users any more."""

    def __init__(self, field: str) -> None:
        super().__init__(
            "nobody else can manage users (users:write): give that to another active user first",
            field=field,
        )


def ensure_user_change_keeps_an_administrator(
    users: Iterable[User], roles: Iterable[Role], changed: User, *, role_id: str, active: bool
) -> None:
    """Rule: a workspace always keeps an active user whose role holds users:write. Raises
    LastUserAdministrator (field roleId or active) when `changed` taking `role_id`/`active`
    would break it."""
    scopes = {role.id: role.scopes for role in roles}
    members = [(u.role_id, u.active) for u in users if u.id != changed.id]
    if _administered(members, scopes) or _administered([(role_id, active)], scopes):
        return
    raise LastUserAdministrator("active" if not active else "roleId")


def ensure_rescope_keeps_an_administrator(
    users: Iterable[User], roles: Iterable[Role], changed: Role, new_scopes: Iterable[str]
) -> None:
    """The same rule for a role edit: raises LastUserAdministrator (field scopes) when the
    role's new scopes would leave no active holder of users:write."""
    scopes = {role.id: role.scopes for role in roles} | {changed.id: list(new_scopes)}
    if not _administered([(u.role_id, u.active) for u in users], scopes):
        raise LastUserAdministrator("scopes")


def _administered(members: Iterable[tuple[str, bool]], scopes: Mapping[str, list[str]]) -> bool:
    return any(active and Scope.USERS_WRITE in scopes.get(role, ()) for role, active in members)
