"""Inputs of the Add Contact actions."""

from __future__ import annotations

import strawberry

from dealbooks.graphql.inputs.base import CommandInput


@strawberry.input
class CreateXeroContactInput(CommandInput):
    opportunity_id: strawberry.ID


@strawberry.input
class LinkXeroContactInput(CommandInput):
    opportunity_id: strawberry.ID
    contact_id: strawberry.ID
