"""`JobQueue` on the jobs table, in plain SQL (Core): claims must be single statements.

A claim selects due jobs `FOR UPDATE SKIP LOCKED` (PostgreSQL: rows another worker is
claiming right now are skipped, not waited for), then marks them RUNNING with an UPDATE that
re-checks that they are still claimable. SQLite ignores the row lock, but it runs one writer
at a time and the re-check makes a second claimer find the rows already taken. An idle poll
is a plain read, so it never takes SQLite's write lock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from dealbooks.adapters.db.job_tables import jobs
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.application.errors import Conflict
from dealbooks.application.jobs.model import Job, JobState
from dealbooks.application.ports.jobs import JobQueue

_job = jobs.c
_SETTLED = (
    "state",
    "attempts",
    "run_after",
    "locked_by",
    "locked_until",
    "last_error",
    "finished_at",
    "payload",
    "max_attempts",
)


class SqlAlchemyJobQueue(SqlAlchemyRepository, JobQueue):
    async def enqueue(self, job: Job) -> bool:
        insert = postgresql.insert if self._dialect() == "postgresql" else sqlite.insert
        stmt = (
            insert(jobs)
            .values(_row(job))
            .on_conflict_do_nothing(index_elements=[_job.dedupe_key])
            .returning(_job.id)
        )
        return (await self._session.execute(stmt)).first() is not None

    async def claim(
        self, worker_id: str, limit: int, now: datetime, lease: timedelta
    ) -> Sequence[Job]:
        due = (
            select(_job.id)
            .where(_claimable(now))
            .order_by(_job.run_after, _job.created_at, _job.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list((await self._session.scalars(due)).all())
        if not ids:
            return []
        take = (
            update(jobs)
            .where(_job.id.in_(ids), _claimable(now))
            .values(
                state=JobState.RUNNING,
                attempts=_job.attempts + 1,
                locked_by=worker_id,
                locked_until=now + lease,
                version=_job.version + 1,
            )
            .returning(*jobs.c)
        )
        claimed = [_job_of(row) for row in await self._session.execute(take)]
        return sorted(claimed, key=lambda j: (j.run_after, j.created_at, j.id))

    async def get(self, workspace_id: str, job_id: str) -> Job | None:
        stmt = select(jobs).where(_job.workspace_id == workspace_id, _job.id == job_id)
        row = (await self._session.execute(stmt)).first()
        return _job_of(row) if row is not None else None

    async def save(self, job: Job) -> None:
        stmt = (
            update(jobs)
            .where(_job.id == job.id, _job.version == job.version)
            .values({**{name: getattr(job, name) for name in _SETTLED}, "version": job.version + 1})
            .returning(_job.version)
        )
        if (await self._session.execute(stmt)).first() is None:
            raise Conflict(f"job {job.id} changed since it was read (its lease ran out?)")
        job.version += 1

    async def held_by(self, worker_id: str) -> Sequence[Job]:
        stmt = select(jobs).where(_job.state == JobState.RUNNING, _job.locked_by == worker_id)
        return [_job_of(row) for row in await self._session.execute(stmt)]

    async def in_workspace(
        self, workspace_id: str, states: Sequence[JobState], limit: int
    ) -> Sequence[Job]:
        stmt = (
            select(jobs)
            .where(_job.workspace_id == workspace_id, _job.state.in_(list(states)))
            .order_by(_job.created_at.desc(), _job.id.desc())
            .limit(max(limit, 0))
        )
        return [_job_of(row) for row in await self._session.execute(stmt)]

    async def counts(self, workspace_id: str) -> Mapping[JobState, int]:
        stmt = (
            select(_job.state, func.count())
            .where(_job.workspace_id == workspace_id)
            .group_by(_job.state)
        )
        found = {JobState(state): int(n) for state, n in await self._session.execute(stmt)}
        return {state: found.get(state, 0) for state in JobState}

    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(_job.state == JobState.QUEUED, _job.run_after <= now),
        and_(_job.state == JobState.RUNNING, _job.locked_until < now),
    )


def _row(job: Job) -> dict[str, Any]:
    return {column.name: getattr(job, column.name) for column in jobs.c}


def _job_of(row: Row[Any]) -> Job:
    values = dict(row._mapping)
    values["payload"] = dict(values["payload"])
    return Job(**values)
