"""Find Xero contacts to link: by name or email address."""

from __future__ import annotations

from collections.abc import Sequence

from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput
from dealbooks.application.ports.xero import XeroContact, XeroGateways
from dealbooks.domain.scopes import Scope

MAX_TERM = 100


class SearchXeroContacts:
    """The organisation's contacts whose name or email contains `term`, as Xero finds them.

    Needs `invoices:read` and a Xero connection. InvalidInput for a blank or overlong term.
    """

    def __init__(self, xero: XeroGateways) -> None:
        self._xero = xero

    async def __call__(self, principal: Principal, term: str) -> Sequence[XeroContact]:
        principal.require(Scope.INVOICES_READ)
        term = term.strip()
        if not 0 < len(term) <= MAX_TERM:
            raise InvalidInput("search", f"search for 1 to {MAX_TERM} characters")
        gateway = await self._xero.for_workspace(principal.workspace_id)
        return await gateway.search_contacts(term)
