"""What a sector system's sender gets and how it reports failure (one sender per sector)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from subgraphs.hoi import plan_state as state

__all__ = ["SendFailed", "Sender", "WritebackItem"]


class SendFailed(Exception):
    """The item was not delivered. ``permanent``: retrying cannot help (the item is given up).

    The message is a fixed text plus at most an HTTP status: it is stored and shown on the
    plan item, so never a CPR number or the item's content.
    """

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True, slots=True, kw_only=True)
class WritebackItem:
    """One plan item at one plan version, to be delivered to its sector's system."""

    element: state.PlanMaal | state.PlanAftale
    plan_version: int
    borger_id: str
    """The citizen's internal id (the sender looks up what its system knows them by)."""
    idempotency_key: str
    """``<item id>:<plan version>``: the same for every attempt of this version."""


class Sender(Protocol):
    """Delivers items to one sector system."""

    async def send(self, item: WritebackItem) -> str:
        """Deliver ``item``; the sector system's id of it. Raises :class:`SendFailed`."""
        ...
