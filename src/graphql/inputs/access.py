"""Inputs of the workspace-administration mutations."""

from __future__ import annotations

import strawberry

from dealbooks.graphql.inputs.base import CommandInput


@strawberry.input
class SaveRoleInput(CommandInput):
    name: str
    scopes: list[str]
    role_id: strawberry.ID | None = None


@strawberry.input
class SaveUserInput(CommandInput):
    user_id: strawberry.ID | None = None
    email: str | None = None
    name: str | None = None
    role_id: strawberry.ID | None = None
    active: bool | None = None


@strawberry.input
class CreateApiTokenInput(CommandInput):
    user_id: strawberry.ID
    name: str
    expires_in_days: int | None = strawberry.field(
        default=None, description="Days until the token stops working (1-3650); null: never."
    )


@strawberry.input
class RevokeApiTokenInput:
    token_id: strawberry.ID
