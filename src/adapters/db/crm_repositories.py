"""Accounts and opportunities (an opportunity is loaded with all its deal products)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, and_, or_, select

from dealbooks.adapters.db import tables as t
from dealbooks.adapters.db.cursors import decode_cursor, encode_cursor
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.application.ports.repositories import (
    AccountRepository,
    OpportunityRepository,
    Page,
)
from dealbooks.domain.accounts import Account
from dealbooks.domain.opportunities import Opportunity

MAX_PAGE_SIZE = 100
_opp = t.opportunities.c


class SqlAlchemyAccountRepository(SqlAlchemyRepository, AccountRepository):
    async def get(self, workspace_id: str, account_id: str) -> Account | None:
        stmt = select(Account).where(
            t.accounts.c.workspace_id == workspace_id, t.accounts.c.id == account_id
        )
        return (await self._session.scalars(stmt)).first()

    async def list(self, workspace_id: str, *, include_archived: bool = False) -> Sequence[Account]:
        """By name."""
        stmt = select(Account).where(t.accounts.c.workspace_id == workspace_id)
        if not include_archived:
            stmt = stmt.where(t.accounts.c.archived.is_(False))
        stmt = stmt.order_by(t.accounts.c.name, t.accounts.c.id)
        return (await self._session.scalars(stmt)).all()

    def add(self, account: Account) -> None:
        self._session.add(account)


class SqlAlchemyOpportunityRepository(SqlAlchemyRepository, OpportunityRepository):
    """Opportunities come with their products: one query for the page, one for its products."""

    async def get(self, workspace_id: str, opportunity_id: str) -> Opportunity | None:
        stmt = select(Opportunity).where(
            _opp.workspace_id == workspace_id, _opp.id == opportunity_id
        )
        return (await self._session.scalars(stmt)).first()

    async def search(
        self,
        workspace_id: str,
        *,
        text: str | None,
        after: str | None,
        first: int,
        include_archived: bool = False,
    ) -> Page[Opportunity]:
        """Newest first (created_at, then id, descending); `text` matches the opportunity's
        or its account's name, ignoring case. At most 100 per page. A cursor that is not ours
        raises InvalidInput."""
        limit = max(0, min(first, MAX_PAGE_SIZE))
        stmt = _search(workspace_id, text, include_archived)
        if after:
            stmt = stmt.where(_older_than(*decode_cursor(after)))
        stmt = stmt.order_by(_opp.created_at.desc(), _opp.id.desc()).limit(limit + 1)
        rows = (await self._session.scalars(stmt)).all()
        items = rows[:limit]
        end = encode_cursor(items[-1].created_at, items[-1].id) if items else None
        return Page(items=items, end_cursor=end, has_next_page=len(rows) > limit)

    async def get_product_owner(self, workspace_id: str, product_id: str) -> Opportunity | None:
        products = t.deal_products.c
        stmt = (
            select(Opportunity)
            .join(t.deal_products, products.opportunity_id == _opp.id)
            .where(
                _opp.workspace_id == workspace_id,
                products.workspace_id == workspace_id,
                products.id == product_id,
            )
        )
        return (await self._session.scalars(stmt)).first()

    def add(self, opportunity: Opportunity) -> None:
        self._session.add(opportunity)


def _search(workspace_id: str, text: str | None, include_archived: bool) -> Select[Opportunity]:
    accounts = t.accounts.c
    stmt = (
        select(Opportunity)
        .join(t.accounts, accounts.id == _opp.account_id)
        .where(_opp.workspace_id == workspace_id, accounts.workspace_id == workspace_id)
    )
    if not include_archived:
        stmt = stmt.where(_opp.archived.is_(False))
    if text and text.strip():
        pattern = f"%{_escape_like(text.strip())}%"
        stmt = stmt.where(
            or_(_opp.name.ilike(pattern, escape="\\"), accounts.name.ilike(pattern, escape="\\"))
        )
    return stmt


def _older_than(created_at: object, id: str) -> ColumnElement[bool]:
    return or_(_opp.created_at < created_at, and_(_opp.created_at == created_at, _opp.id < id))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
