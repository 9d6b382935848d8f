"""Reading invoices from Xero page by page (up to 1,000 a page), counting the pages read."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Sequence

from dealbooks.application.ports.xero import XeroGateway, XeroInvoice, XeroInvoiceQuery

PAGE_SIZE = 1000
IDS_PER_REQUEST = 100  # keeps the query string of an IDs= filter well under URL limits


class XeroInvoicePages:
    """Pages of one gateway's answers; a page shorter than PAGE_SIZE is the last one."""

    def __init__(self, gateway: XeroGateway) -> None:
        self._gateway = gateway
        self.pages = 0

    async def each_page(self, query: XeroInvoiceQuery) -> AsyncIterator[Sequence[XeroInvoice]]:
        page = 1
        while True:
            found = await self._gateway.find_invoices(
                dataclasses.replace(query, page=page, page_size=PAGE_SIZE)
            )
            self.pages += 1
            yield found
            if len(found) < PAGE_SIZE:
                return
            page += 1

    async def all(self, query: XeroInvoiceQuery) -> list[XeroInvoice]:
        return [invoice async for page in self.each_page(query) for invoice in page]

    async def by_ids(self, ids: Sequence[str]) -> list[XeroInvoice]:
        found: list[XeroInvoice] = []
        for start in range(0, len(ids), IDS_PER_REQUEST):
            chunk = ids[start : start + IDS_PER_REQUEST]
            found += await self.all(XeroInvoiceQuery(ids=chunk))
        return found


def unique(invoices: Sequence[XeroInvoice]) -> list[XeroInvoice]:
    """One of each InvoiceID (the queries of a sync overlap): first position, latest answer."""
    return list({invoice.invoice_id: invoice for invoice in invoices}.values())
