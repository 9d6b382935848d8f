"""Admins see the background jobs (parked ones with their last error) and can retry them."""

from __future__ import annotations

from datetime import UTC, datetime

from dealbooks.application.jobs.model import Job, JobState
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.use_cases.create_workspace import (
    CreateWorkspace,
    CreateWorkspaceCommand,
)
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID
from tests.e2e.conftest import Api

JOBS = """query($states: [JobState!]) {
  backgroundJobs(states: $states) {
    __typename
    ... on BackgroundJobs { parked queued jobs { id kind state attempts lastError } }
    ... on PermissionDenied { scope }
  }
}"""
RETRY = """mutation($id: ID!) {
  retryJob(input: {jobId: $id}) {
    __typename
    ... on RetryJobSuccess { job { id state attempts lastError } }
    ... on UserError { message }
  }
}"""


async def parked_job(api: Api, workspace_id: str = DEMO_WORKSPACE_ID) -> str:
    now = datetime.now(UTC)
    job = Job(
        id=f"parked-{workspace_id}",
        workspace_id=workspace_id,
        kind="xero.invoice_changed",
        payload={"xero_invoice_id": "gone"},
        state=JobState.PARKED,
        attempts=8,
        run_after=now,
        created_at=now,
        finished_at=now,
        last_error="XeroUnavailable: Xero answered 503 eight times.",
    )
    async with api.app.resolve(UnitOfWork) as uow:
        await uow.jobs.enqueue(job)
        await uow.commit()
    return job.id


async def test_an_admin_sees_a_parked_job_with_its_error_and_retries_it(api: Api) -> None:
    job_id = await parked_job(api)

    listed = (await api.data(JOBS, api.tokens.admin, states=["PARKED"]))["backgroundJobs"]
    retried = (await api.data(RETRY, api.tokens.admin, id=job_id))["retryJob"]

    assert listed["parked"] == 1
    assert listed["jobs"] == [
        {
            "id": job_id,
            "kind": "xero.invoice_changed",
            "state": "PARKED",
            "attempts": 8,
            "lastError": "XeroUnavailable: Xero answered 503 eight times.",
        }
    ]
    assert retried["__typename"] == "RetryJobSuccess"
    assert (retried["job"]["state"], retried["job"]["attempts"]) == ("QUEUED", 0)


async def test_editors_neither_see_nor_retry_jobs(api: Api) -> None:
    job_id = await parked_job(api)

    listed = (await api.data(JOBS, api.tokens.editor))["backgroundJobs"]
    retried = (await api.data(RETRY, api.tokens.editor, id=job_id))["retryJob"]

    assert listed == {"__typename": "PermissionDenied", "scope": "audit:read"}
    assert retried["__typename"] == "PermissionDenied"


async def test_a_job_is_out_of_reach_of_other_workspaces(api: Api) -> None:
    other = await api.app.resolve(CreateWorkspace)(
        CreateWorkspaceCommand("Other Co", "boss@other.test", "Olga", "other")
    )
    theirs = await parked_job(api, other.workspace.id)

    listed = (await api.data(JOBS, api.tokens.admin))["backgroundJobs"]
    retried = (await api.data(RETRY, api.tokens.admin, id=theirs))["retryJob"]

    assert listed["parked"] == 0
    assert retried["__typename"] == "NotFound"
