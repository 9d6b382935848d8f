"""Users, roles, tokens and the viewer."""

from __future__ import annotations

from datetime import datetime

import strawberry

from dealbooks.domain.workspace import ApiToken, Role, User


@strawberry.type(name="User")
class UserType:
    id: strawberry.ID
    email: str
    name: str
    role_id: strawberry.ID
    active: bool

    @classmethod
    def from_domain(cls, u: User) -> UserType:
        return cls(
            id=strawberry.ID(u.id),
            email=u.email,
            name=u.name,
            role_id=strawberry.ID(u.role_id),
            active=u.active,
        )


@strawberry.type(name="Role")
class RoleType:
    id: strawberry.ID
    name: str
    scopes: list[str]
    preset: bool

    @classmethod
    def from_domain(cls, r: Role) -> RoleType:
        return cls(id=strawberry.ID(r.id), name=r.name, scopes=list(r.scopes), preset=r.preset)


@strawberry.type(name="ApiToken")
class ApiTokenType:
    id: strawberry.ID
    name: str
    user_id: strawberry.ID
    created_at: datetime
    revoked_at: datetime | None
    expires_at: datetime | None = strawberry.field(description="Null: never expires.")
    last_used_at: datetime | None = strawberry.field(
        description="When it last authenticated a request (to the minute); null: never."
    )

    @classmethod
    def from_domain(cls, t: ApiToken) -> ApiTokenType:
        return cls(
            id=strawberry.ID(t.id),
            name=t.name,
            user_id=strawberry.ID(t.user_id),
            created_at=t.created_at,
            revoked_at=t.revoked_at,
            expires_at=t.expires_at,
            last_used_at=t.last_used_at,
        )
