"""Mutations for users, roles and API tokens (workspace administration)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.use_cases.create_api_token import (
    CreateApiToken,
    CreateApiTokenCommand,
    IssuedToken,
)
from dealbooks.application.use_cases.revoke_api_token import RevokeApiToken
from dealbooks.application.use_cases.save_role import SaveRole, SaveRoleCommand
from dealbooks.application.use_cases.save_user import SaveUser, SaveUserCommand
from dealbooks.domain.workspace import ApiToken, Role, User
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError
from dealbooks.graphql.inputs.access import (
    CreateApiTokenInput,
    RevokeApiTokenInput,
    SaveRoleInput,
    SaveUserInput,
)
from dealbooks.graphql.types.users import ApiTokenType, RoleType, UserType


@strawberry.type
class RoleSuccess:
    role: RoleType


@strawberry.type
class UserSuccess:
    user: UserType


@strawberry.type
class ApiTokenSuccess:
    token: ApiTokenType
    secret: str | None = strawberry.field(
        description="The bearer token itself: shown only when created, never again."
    )


RolePayload = Annotated[RoleSuccess | CrmError, strawberry.union("RolePayload")]
UserPayload = Annotated[UserSuccess | CrmError, strawberry.union("UserPayload")]
ApiTokenPayload = Annotated[ApiTokenSuccess | CrmError, strawberry.union("ApiTokenPayload")]


def _role(role: Role) -> RoleSuccess:
    return RoleSuccess(role=RoleType.from_domain(role))


def _user(user: User) -> UserSuccess:
    return UserSuccess(user=UserType.from_domain(user))


def _issued(issued: IssuedToken) -> ApiTokenSuccess:
    return ApiTokenSuccess(token=ApiTokenType.from_domain(issued.token), secret=issued.secret)


def _revoked(token: ApiToken) -> ApiTokenSuccess:
    return ApiTokenSuccess(token=ApiTokenType.from_domain(token), secret=None)


@strawberry.type
class AccessMutation:
    @strawberry.mutation(description="Create or change a custom role. Needs users:write.")
    async def save_role(self, info: Info, input: SaveRoleInput) -> RolePayload:
        cmd = SaveRoleCommand(name=input.name, scopes=tuple(input.scopes), role_id=input.role_id)
        role = await info.context.use(SaveRole)(info.context.principal, cmd)
        return _role(role)

    @strawberry.mutation(description="Add a user or change one. Needs users:write.")
    async def save_user(self, info: Info, input: SaveUserInput) -> UserPayload:
        cmd = SaveUserCommand(**input.fields())
        user = await info.context.use(SaveUser)(info.context.principal, cmd)
        return _user(user)

    @strawberry.mutation
    async def create_api_token(self, info: Info, input: CreateApiTokenInput) -> ApiTokenPayload:
        cmd = CreateApiTokenCommand(**input.fields())
        issued = await info.context.use(CreateApiToken)(info.context.principal, cmd)
        return _issued(issued)

    @strawberry.mutation
    async def revoke_api_token(self, info: Info, input: RevokeApiTokenInput) -> ApiTokenPayload:
        token = await info.context.use(RevokeApiToken)(info.context.principal, str(input.token_id))
        return _revoked(token)
