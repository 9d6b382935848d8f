"""Repository contract: what every implementation of the repository ports guarantees.

Runs on the SQLAlchemy unit of work over SQLite and PostgreSQL, and on the in-memory
`FakeUnitOfWork` the use-case tests stand on (so the fake cannot drift from the real thing).
Every round trip saves in one unit of work and reads back in a fresh one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dealbooks.adapters.db.engine import create_session_factory
from dealbooks.adapters.db.scratch import scratch_database
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.errors import Conflict, InvalidInput
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.accounts import Account
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, InvoiceLine, Portion
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.products import BillingPeriod, DealProduct
from dealbooks.domain.repeating import DueDateRule, RepeatingSchedule, ScheduleUnit
from dealbooks.domain.sync_run import SyncRun, SyncState
from dealbooks.domain.workspace import ApiToken, Role, User, Workspace
from dealbooks.domain.xero_connection import GrantType, XeroConnection
from tests.databases import postgres_url
from tests.fake_uow import FakeUnitOfWork

T0 = datetime(2025, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def uow(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[UnitOfWork]:
    if request.param == "fake":
        yield FakeUnitOfWork()
        return
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'contract.db'}"
    url = sqlite if request.param == "sqlite" else postgres_url()
    async with scratch_database(url, create_schema=True) as engine:
        yield SqlAlchemyUnitOfWork(create_session_factory(engine))


def fields(entity: object) -> dict[str, Any]:
    assert dataclasses.is_dataclass(entity) and not isinstance(entity, type)
    return dataclasses.asdict(entity)


async def save(uow: UnitOfWork, *entities: object) -> None:
    async with uow:
        repos: dict[type, Any] = {
            Workspace: uow.workspaces,
            Role: uow.roles,
            User: uow.users,
            ApiToken: uow.tokens,
            Account: uow.accounts,
            Opportunity: uow.opportunities,
            Invoice: uow.invoices,
            AuditEntry: uow.audit,
            XeroConnection: uow.xero_connections,
            RepeatingSchedule: uow.schedules,
            SyncRun: uow.sync_runs,
        }
        for entity in entities:
            repos[type(entity)].add(entity)
        await uow.commit()


def tenant(name: str = "Acme") -> tuple[Workspace, Role, User, Account]:
    ws = Workspace(id=f"ws-{name}", name=name, default_payment_account_code="090", created_at=T0)
    role = Role(id=f"role-{name}", workspace_id=ws.id, name="Editor", scopes=["crm:read"])
    user = User(
        id=f"user-{name}", workspace_id=ws.id, email="Ann@Example.com", name="Ann", role_id=role.id
    )
    acc = Account(id=f"acc-{name}", workspace_id=ws.id, name=f"{name} Customer", created_at=T0)
    return ws, role, user, acc


def deal(acc: Account, name: str, *, minutes: int = 0, products: int = 1) -> Opportunity:
    opp = Opportunity(
        id=f"opp-{acc.workspace_id}-{name}",
        workspace_id=acc.workspace_id,
        account_id=acc.id,
        name=name,
        currency="aud",
        created_at=T0 + timedelta(minutes=minutes),
    )
    for n in range(products):
        opp.add_product(
            DealProduct(
                id=f"{opp.id}-p{n}",
                opportunity_id=opp.id,
                workspace_id=opp.workspace_id,
                name=f"Line {n}",
                quantity=Decimal("3"),
                unit_price=Decimal("1234.5678"),
                discount_percent=Decimal("12.5"),
                tax_type="OUTPUT",
                tax_rate=Decimal("15"),
                account_code="200",
                deposit_percent=Decimal("0.10"),
                billing_period=BillingPeriod.MONTHLY,
                payment_status=PaymentStatus.DEPOSIT_INVOICED,
                status_confirmed_at=T0,
                amount_deposit_invoiced=Decimal("0.10"),
            )
        )
    return opp


async def test_tenancy_round_trips(uow: UnitOfWork) -> None:
    ws, role, user, _ = tenant()
    token = ApiToken(
        id="tok", workspace_id=ws.id, user_id=user.id, name="CI", token_hash="h1", created_at=T0
    )
    await save(uow, ws, role, user, token)
    async with uow:
        assert fields(await uow.workspaces.get(ws.id)) == fields(ws)
        assert fields(await uow.roles.get(ws.id, role.id)) == fields(role)
        assert fields(await uow.roles.by_name(ws.id, "Editor")) == fields(role)
        assert [r.id for r in await uow.roles.list(ws.id)] == [role.id]
        assert fields(await uow.users.get(ws.id, user.id)) == fields(user)
        assert fields(await uow.users.by_email(ws.id, "ann@EXAMPLE.com")) == fields(user)
        assert [u.id for u in await uow.users.list(ws.id)] == [user.id]
        assert fields(await uow.tokens.by_hash("h1")) == fields(token)
        assert fields(await uow.tokens.get(ws.id, "tok")) == fields(token)
        assert await uow.tokens.by_hash("other") is None


async def test_reads_never_cross_workspaces(uow: UnitOfWork) -> None:
    ws, role, user, acc = tenant("A")
    other, *_ = tenant("B")
    opp = deal(acc, "Deal")
    inv = Invoice(id="inv", workspace_id=ws.id, opportunity_id=opp.id, currency="AUD")
    await save(uow, ws, other, role, user, acc, opp, inv)
    async with uow:
        assert await uow.roles.get(other.id, role.id) is None
        assert await uow.roles.by_name(other.id, role.name) is None
        assert await uow.users.get(other.id, user.id) is None
        assert await uow.users.by_email(other.id, user.email) is None
        assert await uow.accounts.get(other.id, acc.id) is None
        assert await uow.opportunities.get(other.id, opp.id) is None
        assert await uow.opportunities.get_product_owner(other.id, opp.products[0].id) is None
        assert await uow.invoices.get(other.id, inv.id) is None
        assert await uow.invoices.for_opportunity(other.id, opp.id) == []
        page = await uow.opportunities.search(other.id, text=None, after=None, first=10)
        assert page.items == [] and not page.has_next_page and page.end_cursor is None


async def test_accounts_round_trip_and_list_by_name(uow: UnitOfWork) -> None:
    ws, *_ = tenant()
    full = Account(
        id="a1",
        workspace_id=ws.id,
        name="Zeta Ltd",
        email="ap@zeta.test",
        phone="+64 9 000",
        address="1 Queen St\nAuckland",
        tax_number="12-345-678",
        xero_contact_id="c-1",
        created_at=T0,
    )
    archived = Account(id="a2", workspace_id=ws.id, name="Alpha", archived=True, created_at=T0)
    await save(uow, ws, full, archived)
    async with uow:
        assert fields(await uow.accounts.get(ws.id, "a1")) == fields(full)
        assert [a.id for a in await uow.accounts.list(ws.id)] == ["a1"]
        everyone = await uow.accounts.list(ws.id, include_archived=True)
    assert [a.id for a in everyone] == ["a2", "a1"]


async def test_opportunity_round_trips_with_its_products(uow: UnitOfWork) -> None:
    ws, _, _, acc = tenant()
    opp = deal(acc, "Fit-out", products=2)
    await save(uow, ws, acc, opp)
    async with uow:
        loaded = await uow.opportunities.get(ws.id, opp.id)
        owner = await uow.opportunities.get_product_owner(ws.id, opp.products[1].id)
    assert loaded is not None and fields(loaded) == fields(opp)
    assert owner is not None and owner.id == opp.id
    line = loaded.products[0]
    assert (str(line.unit_price), str(line.amount_deposit_invoiced)) == ("1234.5678", "0.10")
    assert line.billing_period is BillingPeriod.MONTHLY
    assert line.payment_status is PaymentStatus.DEPOSIT_INVOICED


async def test_invoice_round_trips_with_its_lines(uow: UnitOfWork) -> None:
    ws, _, user, acc = tenant()
    opp = deal(acc, "Deal")
    inv = Invoice(
        id="inv-1",
        workspace_id=ws.id,
        opportunity_id=opp.id,
        xero_invoice_id="x-1",
        number="INV-0001",
        status=InvoiceStatus.AUTHORISED,
        reference="Deposit",
        issue_date=T0.date(),
        due_date=T0.date() + timedelta(days=20),
        currency="AUD",
        subtotal=Decimal("100.00"),
        total_tax=Decimal("15.00"),
        total=Decimal("115.00"),
        amount_due=Decimal("105.00"),
        amount_paid=Decimal("10.00"),
        portion=Portion.DEPOSIT,
        raised_by_user_id=user.id,
        raised_at=T0,
        xero_contact_id="c-1",
        sent_to_contact=True,
        last_synced_at=T0,
        xero_updated_at=T0,
    )
    inv.lines = [
        InvoiceLine(
            id=f"l{n}",
            invoice_id=inv.id,
            deal_product_id=opp.products[0].id if n == 0 else None,
            description=f"Line {n}",
            quantity=Decimal("1"),
            unit_amount=Decimal("50.0001"),
            discount_percent=Decimal("0"),
            tax_type="OUTPUT",
            account_code="200",
            line_amount=Decimal("50.00"),
            tax_amount=Decimal("7.50"),
            xero_line_item_id=f"xl{n}",
        )
        for n in range(2)
    ]
    undated = Invoice(id="inv-0", workspace_id=ws.id, opportunity_id=opp.id, currency="AUD")
    await save(uow, ws, acc, opp, inv, undated)
    async with uow:
        loaded = await uow.invoices.get(ws.id, inv.id)
        listed = await uow.invoices.for_opportunity(ws.id, opp.id)
        by_xero = await uow.invoices.by_xero_ids(ws.id, ["x-1", "x-unknown"])
        assert await uow.invoices.by_xero_ids(ws.id, []) == []
        assert await uow.invoices.by_xero_ids("other", ["x-1"]) == []
    assert loaded is not None and fields(loaded) == fields(inv)
    assert [i.id for i in listed] == ["inv-1", "inv-0"]
    assert [i.id for i in by_xero] == ["inv-1"]


async def test_one_local_invoice_per_xero_invoice(uow: UnitOfWork) -> None:
    ws, *_ = tenant()
    first = Invoice(
        id="i1", workspace_id=ws.id, opportunity_id=None, xero_invoice_id="x", currency="AUD"
    )
    twin = Invoice(
        id="i2", workspace_id=ws.id, opportunity_id=None, xero_invoice_id="x", currency="AUD"
    )
    await save(uow, ws, first)
    with pytest.raises(Conflict):
        await save(uow, twin)


async def test_search_pages_newest_first_with_a_cursor(uow: UnitOfWork) -> None:
    ws, _, _, acc = tenant()
    deals = [deal(acc, f"Deal {n:02}", minutes=n % 20, products=0) for n in range(25)]
    await save(uow, ws, acc, *deals)
    expected = [d.id for d in sorted(deals, key=lambda d: (d.created_at, d.id), reverse=True)]
    seen: list[str] = []
    after: str | None = None
    pages = []
    async with uow:
        while True:
            page = await uow.opportunities.search(ws.id, text=None, after=after, first=10)
            seen += [o.id for o in page.items]
            pages.append((len(page.items), page.has_next_page))
            if not page.has_next_page:
                break
            after = page.end_cursor
    assert pages == [(10, True), (10, True), (5, False)]
    assert seen == expected


async def test_search_matches_opportunity_or_account_name_ignoring_case(uow: UnitOfWork) -> None:
    ws, _, _, acc = tenant()
    other = Account(id="acc-2", workspace_id=ws.id, name="Initech", created_at=T0)
    deals = [
        deal(acc, "Office FIT-OUT", minutes=1, products=0),
        deal(other, "Printers", minutes=2, products=0),
        deal(acc, "100% discount_deal", minutes=3, products=0),
        deal(acc, "Archived fit-out", minutes=4, products=0),
    ]
    deals[3].archived = True
    await save(uow, ws, acc, other, *deals)

    async def names(text: str, **kw: Any) -> list[str]:
        async with uow:
            page = await uow.opportunities.search(ws.id, text=text, after=None, first=10, **kw)
        return [o.name for o in page.items]

    assert await names("fit-out") == ["Office FIT-OUT"]
    assert await names("fit-out", include_archived=True) == ["Archived fit-out", "Office FIT-OUT"]
    assert await names("INITECH") == ["Printers"]
    assert await names("100%") == ["100% discount_deal"]
    assert await names("t_d") == ["100% discount_deal"]
    assert await names("0%d") == []


async def test_search_pages_hold_at_most_100(uow: UnitOfWork) -> None:
    ws, _, _, acc = tenant()
    deals = [deal(acc, f"Deal {n:03}", minutes=n, products=0) for n in range(101)]
    await save(uow, ws, acc, *deals)
    async with uow:
        page = await uow.opportunities.search(ws.id, text=None, after=None, first=1000)
    assert len(page.items) == 100 and page.has_next_page


async def test_search_refuses_a_foreign_cursor(uow: UnitOfWork) -> None:
    async with uow:
        with pytest.raises(InvalidInput):
            await uow.opportunities.search("ws", text=None, after="not-a-cursor", first=10)


async def test_audit_log_lists_newest_first(uow: UnitOfWork) -> None:
    ws, *_ = tenant()
    other, *_ = tenant("B")
    entries = [
        AuditEntry(
            id=f"e{n}",
            workspace_id=ws.id if n < 4 else other.id,
            actor_user_id="u",
            action="status.set",
            subject_type="deal_product",
            subject_id="p1" if n % 2 == 0 else "p2",
            details={"n": n},
            created_at=T0 + timedelta(seconds=n),
        )
        for n in range(5)
    ]
    await save(uow, ws, other, *entries)
    async with uow:
        everything = await uow.audit.list(ws.id, subject_id=None, limit=10)
        about_p1 = await uow.audit.list(ws.id, subject_id="p1", limit=1)
    assert [e.id for e in everything] == ["e3", "e2", "e1", "e0"]
    assert [fields(e) for e in about_p1] == [fields(entries[2])]


def connection(ws: Workspace, **overrides: Any) -> XeroConnection:
    values: dict[str, Any] = {
        "id": f"xc-{ws.id}",
        "workspace_id": ws.id,
        "tenant_id": "t-1",
        "tenant_name": "Demo Company (NZ)",
        "grant_type": GrantType.AUTHORIZATION_CODE,
        "scopes": "accounting.transactions offline_access",
        "access_token_ciphertext": "gAAAA-access",
        "refresh_token_ciphertext": "gAAAA-refresh",
        "access_expires_at": T0 + timedelta(minutes=30),
        "connected_at": T0,
        "connected_by_user_id": "user",
        "last_refreshed_at": T0,
        "sync_high_water_mark": T0,
    }
    return XeroConnection(**(values | overrides))


async def test_xero_connections(uow: UnitOfWork) -> None:
    ws, *_ = tenant("A")
    dead_ws, *_ = tenant("B")
    live, dead = connection(ws), connection(dead_ws, reconnect_required=True)
    await save(uow, ws, dead_ws, live, dead)
    async with uow:
        assert fields(await uow.xero_connections.for_workspace(ws.id)) == fields(live)
        locked = await uow.xero_connections.for_workspace(ws.id, for_update=True)
        assert locked is not None and fields(locked) == fields(live)
        assert [c.id for c in await uow.xero_connections.all_connected()] == [live.id]
        await uow.xero_connections.delete(locked)
        await uow.commit()
    async with uow:
        assert await uow.xero_connections.for_workspace(ws.id) is None
    with pytest.raises(Conflict):
        await save(uow, connection(dead_ws, id="second"))


async def test_repeating_schedules(uow: UnitOfWork) -> None:
    ws, _, _, acc = tenant()
    opp = deal(acc, "Retainer")
    schedule = RepeatingSchedule(
        id="s1",
        workspace_id=ws.id,
        opportunity_id=opp.id,
        repeating_invoice_id="ri-1",
        unit=ScheduleUnit.MONTHLY,
        period=1,
        due_date_rule=DueDateRule.DAYS_AFTER_BILL_DATE,
        due_day=20,
        start_date=T0.date(),
        end_date=T0.date() + timedelta(days=365),
        reference="Monthly retainer",
        product_ids=[opp.products[0].id],
        created_by_user_id="user",
        created_at=T0,
    )
    await save(uow, ws, acc, opp, schedule)
    async with uow:
        assert fields(await uow.schedules.get(ws.id, "s1")) == fields(schedule)
        assert fields(await uow.schedules.by_repeating_invoice_id(ws.id, "ri-1")) == fields(
            schedule
        )
        assert [s.id for s in await uow.schedules.for_opportunity(ws.id, opp.id)] == ["s1"]
        assert await uow.schedules.get("other", "s1") is None
        loaded = await uow.schedules.get(ws.id, "s1")
        assert loaded is not None
        version_read = loaded.version
        loaded.product_ids.append("another")  # in place: must be saved too
        loaded.stop(T0)
        await uow.commit()
    async with uow:
        stopped = await uow.schedules.get(ws.id, "s1")
    assert stopped is not None and stopped.product_ids == [opp.products[0].id, "another"]
    assert stopped.stopped_at == T0 and stopped.version == version_read + 1


async def test_latest_sync_run_per_opportunity_or_workspace(uow: UnitOfWork) -> None:
    ws, _, _, acc = tenant()
    opp = deal(acc, "Deal", products=0)

    def run(id: str, minutes: int, opportunity_id: str | None) -> SyncRun:
        return SyncRun(
            id=id,
            workspace_id=ws.id,
            opportunity_id=opportunity_id,
            started_at=T0 + timedelta(minutes=minutes),
        )

    runs = [run("w1", 0, None), run("o1", 1, opp.id), run("w2", 2, None), run("o2", 3, opp.id)]
    await save(uow, ws, acc, opp, *runs)
    async with uow:
        latest = await uow.sync_runs.latest(ws.id, opp.id)
        assert latest is not None and fields(latest) == fields(runs[3])
        workspace_wide = await uow.sync_runs.latest(ws.id, None)
        assert workspace_wide is not None and workspace_wide.id == "w2"
        assert await uow.sync_runs.latest("other", None) is None
        latest.changes.append("INV-0001: AUTHORISED -> PAID")  # in place: must be saved too
        latest.state, latest.finished_at, latest.invoices_changed = SyncState.SUCCEEDED, T0, 1
        await uow.commit()
    async with uow:
        finished = await uow.sync_runs.latest(ws.id, opp.id)
    assert finished is not None and finished.changes == ["INV-0001: AUTHORISED -> PAID"]
    assert (finished.state, finished.invoices_changed) == (SyncState.SUCCEEDED, 1)
