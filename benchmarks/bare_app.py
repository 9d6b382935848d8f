"""The yardstick for the screen benchmark: a bare Starlette endpoint that authenticates the
same way, reads the same rows from the same database on every request, and builds the same
JSON the GraphQL screen query returns, by hand (no GraphQL, no cache).

Serve it with `uvicorn bare_app:create --factory --app-dir benchmarks`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dealbooks.application.errors import Unauthenticated
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.application.use_cases.authenticate import Authenticate
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.domain.accounts import Account
from dealbooks.domain.invoice_actions import Capabilities, card_actions
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.products import DealProduct
from dealbooks.domain.scopes import Scope


def create() -> Starlette:
    app = bootstrap(Settings(run_worker=False))

    async def screen(request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        try:
            principal = await app.resolve(Authenticate)(token)
        except Unauthenticated:
            return JSONResponse({"error": "unauthenticated"}, status_code=401)
        body = await opportunity_json(app, principal.workspace_id, request.path_params["id"])
        can_write = principal.has(Scope.INVOICES_WRITE)
        connected = can_write and await app.resolve(XeroGateways).is_connected(
            principal.workspace_id
        )
        caps = Capabilities(xero_connected=connected, can_write_invoices=can_write)
        for invoice, shown in zip(body.pop("_invoices"), body["invoices"], strict=True):
            shown["actions"] = [
                {"action": a.action.value, "available": a.available, "reason": a.reason}
                for a in card_actions(invoice, caps)
            ]
        return JSONResponse({"data": {"opportunity": body}})

    return Starlette(routes=[Route("/screen/{id}", screen)])


async def opportunity_json(app: App, ws: str, opportunity_id: str) -> dict[str, Any]:
    async with app.resolve(UnitOfWork) as uow:
        opp = await uow.opportunities.get(ws, opportunity_id)
        assert opp is not None
        account = await uow.accounts.get(ws, opp.account_id)
    invoices = await app.resolve(CrmReader).invoices_of(ws, [opportunity_id])
    live = opp.live_products
    return {
        "__typename": "Opportunity",
        "id": opp.id,
        "name": opp.name,
        "currency": opp.currency,
        "amount": _money(sum((p.priced().line_amount for p in live), Decimal("0.00"))),
        "account": _account(account),
        "products": [_product(p, opp) for p in live],
        "invoices": [_invoice(i) for i in invoices],
        "_invoices": list(invoices),
    }


def _account(a: Account | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"id": a.id, "name": a.name, "email": a.email, "xeroContactId": a.xero_contact_id}


def _product(p: DealProduct, opp: Opportunity) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "quantity": _exact(p.quantity),
        "unitPrice": _exact(p.unit_price),
        "discountPercent": _exact(p.discount_percent),
        "taxRate": _exact(p.tax_rate),
        "depositPercent": _exact(p.deposit_percent),
        "lineAmount": _money(p.priced().line_amount),
        "paymentStatus": p.payment_status.value,
        "ledger": {
            "invoiced": _money(p.amount_invoiced),
            "depositInvoiced": _money(p.amount_deposit_invoiced),
            "paid": _money(p.amount_paid),
            "credited": _money(p.amount_credited),
            "currency": opp.currency,
        },
    }


def _invoice(i: Invoice) -> dict[str, Any]:
    return {
        "id": i.id,
        "number": i.number,
        "status": i.status.value,
        "reference": i.reference,
        "dueDate": i.due_date.isoformat() if i.due_date else None,
        "currency": i.currency,
        "subtotal": _money(i.subtotal),
        "totalTax": _money(i.total_tax),
        "total": _money(i.total),
        "amountDue": _money(i.amount_due),
        "amountPaid": _money(i.amount_paid),
        "amountCredited": _money(i.amount_credited),
        "portion": i.portion.value if i.portion else None,
        "raisedInXero": i.raised_in_xero,
        "needsAttention": i.needs_attention,
        "lines": [
            {
                "id": line.id,
                "dealProductId": line.deal_product_id,
                "description": line.description,
                "quantity": _exact(line.quantity),
                "unitAmount": _exact(line.unit_amount),
                "lineAmount": _money(line.line_amount),
                "taxAmount": _money(line.tax_amount),
            }
            for line in i.lines
        ],
    }


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _exact(value: Decimal) -> str:
    return format(value.normalize(), "f")
