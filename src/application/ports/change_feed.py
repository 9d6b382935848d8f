"""Change notices: which opportunities a committed transaction changed, for live screens."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Change:
    """What one committed transaction touched in one workspace: ids only, never data.

    `every_opportunity` says any opportunity may have changed (an account renamed, too many
    ids to list, or notices lost while a listener reconnected); `sync_runs` that a
    workspace-wide sync moved on; `access` that tokens, users or roles changed (a live reader
    checks its caller's token again at once).
    """

    workspace_id: str
    opportunity_ids: frozenset[str] = frozenset()
    every_opportunity: bool = False
    sync_runs: bool = False
    access: bool = False

    def concerns(self, opportunity_id: str) -> bool:
        return self.every_opportunity or opportunity_id in self.opportunity_ids

    def merge(self, other: Change) -> Change:
        """One change standing for both (same workspace)."""
        return Change(
            self.workspace_id,
            self.opportunity_ids | other.opportunity_ids,
            self.every_opportunity or other.every_opportunity,
            self.sync_runs or other.sync_runs,
            self.access or other.access,
        )

    @classmethod
    def anything(cls, workspace_id: str) -> Change:
        """Everything may have changed: what a reader assumes after notices may be lost."""
        return cls(workspace_id, frozenset(), every_opportunity=True, sync_runs=True, access=True)


@dataclass(frozen=True, slots=True)
class Interest:
    """What a listener shows: one opportunity, or a workspace sync's progress. Access
    changes reach every listener (each checks its caller again)."""

    opportunity_id: str | None = None
    sync_runs: bool = False

    def wants(self, change: Change) -> bool:
        return change.access or self.shows(change)

    def shows(self, change: Change) -> bool:
        """Whether what the listener shows may have changed."""
        if self.sync_runs and change.sync_runs:
            return True
        return self.opportunity_id is not None and change.concerns(self.opportunity_id)


class ChangeStream(Protocol):
    """The changes to one workspace committed since the stream was opened."""

    async def next(self) -> Change:
        """Wait for the next change. If changes arrive faster than they are taken, the
        stream folds them into one (never drops one)."""
        ...


class ChangeFeed(Protocol):
    """Tells live readers (GraphQL subscriptions) what other transactions committed.

    A notice is published only after its transaction committed, and it names ids only: a
    reader reads the current state itself. A reader opens its stream *before* it reads that
    state, so no commit can fall between its first read and its first notice.
    """

    def listen(
        self, workspace_id: str, interest: Interest
    ) -> AbstractAsyncContextManager[ChangeStream]:
        """A stream of the workspace's changes that `interest` wants, while the context is
        open (a change nobody wants costs no listener a wake-up)."""
        ...

    async def aclose(self) -> None:
        """Stop listening (the process shuts down)."""
        ...
