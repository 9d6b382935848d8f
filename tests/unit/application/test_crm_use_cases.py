"""CRM use cases: scopes are checked in the use case, data stays in its workspace, changes are audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dealbooks.adapters.system import FixedClock
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import NotFound, PermissionDenied
from dealbooks.application.use_cases.add_deal_product import AddDealProduct, AddDealProductCommand
from dealbooks.application.use_cases.create_account import CreateAccount, CreateAccountCommand
from dealbooks.application.use_cases.create_opportunity import (
    CreateOpportunity,
    CreateOpportunityCommand,
)
from dealbooks.application.use_cases.create_workspace import NewWorkspace
from dealbooks.application.use_cases.find_opportunities import FindOpportunities, OpportunitySearch
from dealbooks.application.use_cases.set_payment_status import (
    SetPaymentStatus,
    SetPaymentStatusCommand,
)
from dealbooks.application.use_cases.update_deal_product import (
    UpdateDealProduct,
    UpdateDealProductCommand,
)
from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.payment_status import PaymentStatus
from tests.fake_uow import FakeUnitOfWork
from tests.unit.application.conftest import CountingIds, as_role


async def _opportunity(
    uow: FakeUnitOfWork, clock: FixedClock, ids: CountingIds, who: Principal
) -> str:
    account = await CreateAccount(uow, clock, ids)(who, CreateAccountCommand("Globex"))
    opp = await CreateOpportunity(uow, clock, ids)(
        who, CreateOpportunityCommand(account.id, "Deal", "nzd")
    )
    return opp.id


async def test_a_viewer_cannot_create_accounts(
    uow: FakeUnitOfWork, clock: FixedClock, ids: CountingIds, workspace: NewWorkspace
) -> None:
    with pytest.raises(PermissionDenied) as denied:
        await CreateAccount(uow, clock, ids)(
            as_role(workspace, "Viewer"), CreateAccountCommand("X")
        )
    assert denied.value.scope == "crm:write"
    assert uow.accounts.rows == {}


async def test_an_opportunity_needs_an_account_of_the_same_workspace(
    uow: FakeUnitOfWork, clock: FixedClock, ids: CountingIds, workspace: NewWorkspace
) -> None:
    editor = as_role(workspace, "Editor")
    stranger = Principal("other-ws", workspace.admin.id, editor.scopes)
    account = await CreateAccount(uow, clock, ids)(stranger, CreateAccountCommand("Theirs"))
    with pytest.raises(NotFound):
        await CreateOpportunity(uow, clock, ids)(
            editor, CreateOpportunityCommand(account.id, "D", "USD")
        )


async def test_products_are_added_in_order_and_audited(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    editor = as_role(workspace, "Editor")
    opp_id = await _opportunity(uow, clock, ids, editor)
    add = AddDealProduct(uow, ids, audit)
    first = await add(editor, AddDealProductCommand(opp_id, "A", Decimal("2"), Decimal("10.1234")))
    second = await add(
        editor,
        AddDealProductCommand(
            opp_id, "B", Decimal("1"), Decimal("5"), deposit_percent=Decimal("30")
        ),
    )
    assert (first.product.position, second.product.position) == (0, 1)
    assert second.opportunity.currency == "NZD"
    assert [e.action for e in uow.audit.rows.values()] == ["deal_product.added"] * 2


async def test_a_bad_price_leaves_the_product_unchanged(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    editor = as_role(workspace, "Editor")
    opp_id = await _opportunity(uow, clock, ids, editor)
    added = await AddDealProduct(uow, ids, audit)(
        editor, AddDealProductCommand(opp_id, "A", Decimal("1"), Decimal("10"))
    )
    with pytest.raises(InvalidValue) as refused:
        await UpdateDealProduct(uow, audit)(
            editor, UpdateDealProductCommand(added.product.id, unit_price=Decimal("1.00001"))
        )
    assert refused.value.field == "unitPrice"


async def test_manual_status_needs_invoices_write_and_is_audited_with_both_rungs(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    editor = as_role(workspace, "Editor")
    opp_id = await _opportunity(uow, clock, ids, editor)
    added = await AddDealProduct(uow, ids, audit)(
        editor, AddDealProductCommand(opp_id, "A", Decimal("1"), Decimal("10"))
    )
    set_status = SetPaymentStatus(uow, clock, audit)
    with pytest.raises(PermissionDenied):
        await set_status(
            as_role(workspace, "Viewer"),
            SetPaymentStatusCommand(added.product.id, PaymentStatus.PAID),
        )
    changed = await set_status(
        editor, SetPaymentStatusCommand(added.product.id, PaymentStatus.PAID, "cash")
    )
    assert changed.product.payment_status is PaymentStatus.PAID
    assert changed.product.status_confirmed_at == clock.now()
    entry = next(e for e in uow.audit.rows.values() if e.action == "payment_status.set_by_hand")
    assert entry.details == {"previous": "UNPAID", "status": "PAID", "note": "cash"}
    assert entry.actor_user_id == editor.user_id


async def test_search_pages_newest_first(
    uow: FakeUnitOfWork, clock: FixedClock, ids: CountingIds, workspace: NewWorkspace
) -> None:
    from datetime import timedelta

    editor = as_role(workspace, "Editor")
    for _ in range(5):
        await _opportunity(uow, clock, ids, editor)
        clock.advance(timedelta(minutes=1))
    find = FindOpportunities(uow)
    first = await find(editor, OpportunitySearch(first=3))
    assert len(first.items) == 3 and first.has_next_page
    rest = await find(editor, OpportunitySearch(first=3, after=first.end_cursor))
    assert len(rest.items) == 2 and not rest.has_next_page
    created = [o.created_at for o in [*first.items, *rest.items]]
    assert created == sorted(created, reverse=True)
