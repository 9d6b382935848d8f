"""What every resolver can reach: the caller, the use cases (via the container), the loaders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from dealbooks.application.auth import Principal
from dealbooks.application.ports.readers import CrmReader
from dealbooks.domain.scopes import Scope
from dealbooks.graphql.loaders import Loaders

T = TypeVar("T")


@dataclass
class Context:
    principal: Principal
    resolve: Callable[[type[Any]], Any]
    loaders: Loaders
    reader: CrmReader
    # the HTTP response being built, for the rare resolver that sets a cookie
    response: Response | None = None
    secure_cookies: bool = False

    def use(self, kind: type[T]) -> T:
        """The use case (or port) `kind`, built by the composition root for this request."""
        instance: T = self.resolve(kind)
        return instance


Info = StrawberryInfo[Context, None]


def may_see_invoices(info: Info) -> bool:
    """Invoice data (statuses, ledgers, invoices, schedules, syncs) reads as null without
    invoices:read."""
    return info.context.principal.has(Scope.INVOICES_READ)
