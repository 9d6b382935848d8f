"""Workspaces, roles, users and API tokens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.attributes import set_committed_value

from dealbooks.adapters.db import tables as t
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.application.errors import Conflict
from dealbooks.application.ports.repositories import (
    RoleRepository,
    TokenRepository,
    UserRepository,
    WorkspaceRepository,
)
from dealbooks.domain.workspace import LAST_USE_PRECISION, ApiToken, Role, User, Workspace


class SqlAlchemyWorkspaceRepository(SqlAlchemyRepository, WorkspaceRepository):
    async def get(self, workspace_id: str) -> Workspace | None:
        stmt = select(Workspace).where(t.workspaces.c.id == workspace_id)
        return (await self._session.scalars(stmt)).first()

    def add(self, workspace: Workspace) -> None:
        self._session.add(workspace)

    async def take_turn_on_membership(self, workspace_id: str) -> None:
        """PostgreSQL: the workspace's row, locked FOR UPDATE until the transaction ends.
        SQLite has no row locks: a no-op write takes the database's single writer lock, which
        a second writer waits for (busy timeout) and then reads what the first committed."""
        row = t.workspaces.c.id == workspace_id
        if self._session.get_bind().dialect.name == "postgresql":
            await self._session.execute(select(t.workspaces.c.id).where(row).with_for_update())
        else:
            await self._session.execute(
                update(t.workspaces).where(row).values(name=t.workspaces.c.name)
            )


class SqlAlchemyRoleRepository(SqlAlchemyRepository, RoleRepository):
    async def get(self, workspace_id: str, role_id: str) -> Role | None:
        stmt = select(Role).where(t.roles.c.workspace_id == workspace_id, t.roles.c.id == role_id)
        return (await self._session.scalars(stmt)).first()

    async def by_name(self, workspace_id: str, name: str) -> Role | None:
        stmt = select(Role).where(t.roles.c.workspace_id == workspace_id, t.roles.c.name == name)
        return (await self._session.scalars(stmt)).first()

    async def list(self, workspace_id: str) -> Sequence[Role]:
        stmt = select(Role).where(t.roles.c.workspace_id == workspace_id).order_by(t.roles.c.name)
        return (await self._session.scalars(stmt)).all()

    def add(self, role: Role) -> None:
        self._session.add(role)


class SqlAlchemyUserRepository(SqlAlchemyRepository, UserRepository):
    """`by_email` ignores case; emails are unique per workspace."""

    async def get(self, workspace_id: str, user_id: str) -> User | None:
        stmt = select(User).where(t.users.c.workspace_id == workspace_id, t.users.c.id == user_id)
        return (await self._session.scalars(stmt)).first()

    async def by_email(self, workspace_id: str, email: str) -> User | None:
        stmt = select(User).where(
            t.users.c.workspace_id == workspace_id,
            func.lower(t.users.c.email) == email.strip().lower(),
        )
        return (await self._session.scalars(stmt)).first()

    async def list(self, workspace_id: str) -> Sequence[User]:
        stmt = select(User).where(t.users.c.workspace_id == workspace_id).order_by(t.users.c.email)
        return (await self._session.scalars(stmt)).all()

    def add(self, user: User) -> None:
        self._session.add(user)


class SqlAlchemyTokenRepository(SqlAlchemyRepository, TokenRepository):
    async def by_hash(self, token_hash: str) -> ApiToken | None:
        stmt = select(ApiToken).where(t.api_tokens.c.token_hash == token_hash)
        return (await self._session.scalars(stmt)).first()

    async def get(self, workspace_id: str, token_id: str) -> ApiToken | None:
        stmt = select(ApiToken).where(
            t.api_tokens.c.workspace_id == workspace_id, t.api_tokens.c.id == token_id
        )
        return (await self._session.scalars(stmt)).first()

    def add(self, token: ApiToken) -> None:
        self._session.add(token)

    async def record_use(self, token: ApiToken, at: datetime) -> None:
        # A plain UPDATE, not a change the session tracks: no flush, no data version bump.
        # Concurrent requests of one token never queue on its row: whoever finds it locked
        # (PostgreSQL) or already recorded this minute leaves it.
        tokens = t.api_tokens
        stale = or_(
            tokens.c.last_used_at.is_(None), tokens.c.last_used_at <= at - LAST_USE_PRECISION
        )
        unlocked = (
            select(tokens.c.id)
            .where(tokens.c.id == token.id, stale)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        statement = update(tokens).where(tokens.c.id == unlocked)
        try:
            await self._session.execute(statement.values(last_used_at=at))
        except DBAPIError as exc:
            raise Conflict("the token's last use cannot be recorded now") from exc
        set_committed_value(token, "last_used_at", at)
