"""Ongoing billing: set up or stop a Xero Repeating Invoice."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.use_cases.create_repeating_schedule import (
    CreateRepeatingSchedule,
    CreateRepeatingScheduleCommand,
    ScheduleChange,
)
from dealbooks.application.use_cases.stop_repeating_schedule import (
    StopRepeatingSchedule,
    StopRepeatingScheduleCommand,
)
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import AlreadyBilledError, CrmError, XeroError
from dealbooks.graphql.inputs.repeating import (
    CreateRepeatingScheduleInput,
    StopRepeatingScheduleInput,
)
from dealbooks.graphql.types.crm import OpportunityType
from dealbooks.graphql.types.repeating import RepeatingScheduleType


@strawberry.type
class RepeatingScheduleSuccess:
    schedule: RepeatingScheduleType
    opportunity: OpportunityType


RepeatingSchedulePayload = Annotated[
    RepeatingScheduleSuccess | CrmError | XeroError, strawberry.union("RepeatingSchedulePayload")
]
CreateRepeatingSchedulePayload = Annotated[
    RepeatingScheduleSuccess | CrmError | XeroError | AlreadyBilledError,
    strawberry.union("CreateRepeatingSchedulePayload"),
]


def _success(change: ScheduleChange) -> RepeatingScheduleSuccess:
    return RepeatingScheduleSuccess(
        schedule=RepeatingScheduleType.from_domain(change.schedule),
        opportunity=OpportunityType(opportunity=change.opportunity),
    )


@strawberry.type
class RepeatingMutation:
    @strawberry.mutation(
        description="Ongoing: create one Xero Repeating Invoice; Xero generates every invoice."
    )
    async def create_repeating_schedule(
        self, info: Info, input: CreateRepeatingScheduleInput
    ) -> CreateRepeatingSchedulePayload:
        cmd = CreateRepeatingScheduleCommand(**input.fields())
        change = await info.context.use(CreateRepeatingSchedule)(info.context.principal, cmd)
        return _success(change)

    @strawberry.mutation(description="Stop the cycle: delete the template in Xero.")
    async def stop_repeating_schedule(
        self, info: Info, input: StopRepeatingScheduleInput
    ) -> RepeatingSchedulePayload:
        cmd = StopRepeatingScheduleCommand(**input.fields())
        change = await info.context.use(StopRepeatingSchedule)(info.context.principal, cmd)
        return _success(change)
