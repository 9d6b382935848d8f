"""What every SQLAlchemy repository shares: the unit of work's AsyncSession."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class SqlAlchemyRepository:
    """Reads and writes through the unit of work's session; never commits on its own.

    Every read that takes a `workspace_id` filters by it, so ids from other workspaces are
    simply absent.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
