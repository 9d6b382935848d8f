"""The SQLAlchemy implementations of every repository port, in one import."""

from __future__ import annotations

from dealbooks.adapters.db.billing_repositories import (
    SqlAlchemyAuditLog,
    SqlAlchemyInvoiceRepository,
    SqlAlchemyXeroConnectionRepository,
)
from dealbooks.adapters.db.crm_repositories import (
    SqlAlchemyAccountRepository,
    SqlAlchemyOpportunityRepository,
)
from dealbooks.adapters.db.schedule_repositories import (
    SqlAlchemyRepeatingScheduleRepository,
    SqlAlchemySyncRunRepository,
)
from dealbooks.adapters.db.tenancy_repositories import (
    SqlAlchemyRoleRepository,
    SqlAlchemyTokenRepository,
    SqlAlchemyUserRepository,
    SqlAlchemyWorkspaceRepository,
)

__all__ = [
    "SqlAlchemyAccountRepository",
    "SqlAlchemyAuditLog",
    "SqlAlchemyInvoiceRepository",
    "SqlAlchemyOpportunityRepository",
    "SqlAlchemyRepeatingScheduleRepository",
    "SqlAlchemyRoleRepository",
    "SqlAlchemySyncRunRepository",
    "SqlAlchemyTokenRepository",
    "SqlAlchemyUserRepository",
    "SqlAlchemyWorkspaceRepository",
    "SqlAlchemyXeroConnectionRepository",
]
