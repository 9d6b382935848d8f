"""Roles are sets of known scopes; the presets Admin, Editor and Viewer."""

from datetime import UTC, datetime, timedelta

import pytest

from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.scopes import ALL_SCOPES, PRESET_ROLES, Scope, unknown_scopes
from dealbooks.domain.workspace import ApiToken, Role
from dealbooks.domain.xero_connection import GrantType, XeroConnection

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def role(scopes: list[str]) -> Role:
    return Role(id="r1", workspace_id="w1", name="Custom", scopes=scopes)


def test_admin_has_every_scope_including_connecting_xero() -> None:
    assert PRESET_ROLES["Admin"] == ALL_SCOPES
    assert "integrations:write" in PRESET_ROLES["Admin"]


def test_editor_works_the_crm_and_invoices() -> None:
    assert PRESET_ROLES["Editor"] == {"crm:read", "crm:write", "invoices:read", "invoices:write"}


def test_viewer_only_reads() -> None:
    assert PRESET_ROLES["Viewer"] == {"crm:read", "invoices:read"}


@pytest.mark.parametrize("preset", ["Editor", "Viewer"])
def test_only_admin_may_connect_xero(preset: str) -> None:
    assert Scope.INTEGRATIONS_WRITE not in PRESET_ROLES[preset]


@pytest.mark.parametrize("preset", sorted(PRESET_ROLES))
def test_every_preset_is_a_valid_role(preset: str) -> None:
    assert set(role(sorted(PRESET_ROLES[preset])).scopes) == PRESET_ROLES[preset]


def test_custom_role_with_known_scopes_is_accepted() -> None:
    assert role(["invoices:read"]).scopes == ["invoices:read"]


def test_role_scopes_are_deduplicated_and_sorted() -> None:
    assert role(["invoices:read", "crm:read", "invoices:read"]).scopes == [
        "crm:read",
        "invoices:read",
    ]


def test_role_without_scopes_is_allowed() -> None:
    assert role([]).scopes == []


def test_unknown_scope_is_refused_on_scopes() -> None:
    with pytest.raises(InvalidValue) as refused:
        role(["crm:read", "invoices:delete"])
    assert refused.value.field == "scopes"
    assert "invoices:delete" in refused.value.message


def test_rescoping_with_an_unknown_scope_keeps_the_old_scopes() -> None:
    custom = role(["crm:read"])
    with pytest.raises(InvalidValue):
        custom.rescope(["everything"])
    assert custom.scopes == ["crm:read"]


def test_unknown_scopes_lists_only_the_invented_ones() -> None:
    assert unknown_scopes(frozenset({"crm:read", "root", "x"})) == {"root", "x"}


def test_api_token_is_active_until_revoked() -> None:
    token = ApiToken(
        id="t1", workspace_id="w1", user_id="u1", name="ci", token_hash="h", created_at=NOW
    )
    assert token.active
    token.revoked_at = NOW
    assert not token.active


def connection(expires_at: datetime) -> XeroConnection:
    return XeroConnection(
        id="c1",
        workspace_id="w1",
        tenant_id="t1",
        tenant_name="Demo Company",
        grant_type=GrantType.AUTHORIZATION_CODE,
        scopes="accounting.transactions",
        access_token_ciphertext="a",
        refresh_token_ciphertext="r",
        access_expires_at=expires_at,
        connected_at=NOW,
    )


def test_access_token_is_refreshed_shortly_before_it_expires() -> None:
    assert connection(NOW + timedelta(minutes=1)).needs_refresh(NOW)


def test_fresh_access_token_is_not_refreshed() -> None:
    assert not connection(NOW + timedelta(minutes=30)).needs_refresh(NOW)


def test_a_refused_grant_requires_a_person_to_reconnect() -> None:
    dead = connection(NOW)
    dead.mark_dead()
    assert dead.reconnect_required
