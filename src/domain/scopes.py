"""Scopes and the preset roles built from them."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    CRM_READ = "crm:read"
    CRM_WRITE = "crm:write"
    INVOICES_READ = "invoices:read"
    INVOICES_WRITE = "invoices:write"
    INTEGRATIONS_WRITE = "integrations:write"
    USERS_WRITE = "users:write"
    AUDIT_READ = "audit:read"


ALL_SCOPES: frozenset[str] = frozenset(s.value for s in Scope)

PRESET_ROLES: dict[str, frozenset[str]] = {
    "Admin": ALL_SCOPES,
    "Editor": frozenset({"crm:read", "crm:write", "invoices:read", "invoices:write"}),
    "Viewer": frozenset({"crm:read", "invoices:read"}),
}


def unknown_scopes(scopes: frozenset[str]) -> frozenset[str]:
    """The scopes that are not part of the product (a custom role may not invent any)."""
    return scopes - ALL_SCOPES
