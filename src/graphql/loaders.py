"""Per-request DataLoaders: lists cost one query per level, however many rows they hold."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from dealbooks.application.ports.readers import CrmReader
from dealbooks.domain.accounts import Account
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.products import DealProduct
from dealbooks.domain.repeating import RepeatingSchedule
from dealbooks.domain.sync_run import SyncRun
from dealbooks.domain.workspace import Role, User

T = TypeVar("T")


def _by_id(rows: Sequence[T], keys: Sequence[str], key: Callable[[T], str]) -> list[T | None]:
    found = {key(row): row for row in rows}
    return [found.get(k) for k in keys]


def _grouped(rows: Sequence[T], keys: Sequence[str], key: Callable[[T], str]) -> list[list[T]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return [groups.get(k, []) for k in keys]


class Loaders:
    """Built for one request and one workspace; never shared between requests."""

    def __init__(self, reader: CrmReader, workspace_id: str) -> None:
        self._reader = reader
        self._ws = workspace_id
        self.account = DataLoader[str, Account | None](load_fn=self._accounts)
        self.user = DataLoader[str, User | None](load_fn=self._users)
        self.role = DataLoader[str, Role | None](load_fn=self._roles)
        self.products = DataLoader[str, list[DealProduct]](load_fn=self._products)
        self.invoices = DataLoader[str, list[Invoice]](load_fn=self._invoices)
        self.schedules = DataLoader[str, list[RepeatingSchedule]](load_fn=self._schedules)
        self.last_sync = DataLoader[str, SyncRun | None](load_fn=self._last_syncs)

    async def _accounts(self, ids: list[str]) -> list[Account | None]:
        return _by_id(await self._reader.accounts(self._ws, ids), ids, lambda a: a.id)

    async def _users(self, ids: list[str]) -> list[User | None]:
        return _by_id(await self._reader.users(self._ws, ids), ids, lambda u: u.id)

    async def _roles(self, ids: list[str]) -> list[Role | None]:
        return _by_id(await self._reader.roles(self._ws, ids), ids, lambda r: r.id)

    async def _products(self, ids: list[str]) -> list[list[DealProduct]]:
        rows = await self._reader.products_of(self._ws, ids)
        live = sorted((p for p in rows if not p.archived), key=lambda p: p.position)
        return _grouped(live, ids, lambda p: p.opportunity_id)

    async def _invoices(self, ids: list[str]) -> list[list[Invoice]]:
        rows = await self._reader.invoices_of(self._ws, ids)
        return _grouped(rows, ids, lambda i: i.opportunity_id or "")

    async def _schedules(self, ids: list[str]) -> list[list[RepeatingSchedule]]:
        """Newest first, stopped ones included."""
        rows = await self._reader.schedules_of(self._ws, ids)
        newest = sorted(rows, key=lambda s: (s.created_at, s.id), reverse=True)
        return _grouped(newest, ids, lambda s: s.opportunity_id)

    async def _last_syncs(self, ids: list[str]) -> list[SyncRun | None]:
        rows = await self._reader.latest_syncs_of(self._ws, ids)
        return _by_id(rows, ids, lambda r: r.opportunity_id or "")
