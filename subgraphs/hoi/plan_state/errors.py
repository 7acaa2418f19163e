"""Errors of the HOI state, each with the GraphQL ``extensions.code`` it is reported as.

::

    HoiStateError
    ├── ConsentRequired     CONSENT_REQUIRED  no active HOI samtykke covering the plan (H1)
    ├── VersionConflict     CONFLICT          the client's version is stale (currentVersion)
    ├── PlanFrozen          PLAN_FROZEN       the case is closed or its samtykke has lapsed
    ├── SagExists           ALREADY_EXISTS    the citizen has an open HOI case here already
    ├── NotFound            NOT_FOUND         no such sag, plan or plan element
    ├── NotPermitted        FORBIDDEN         e.g. a citizen changing a professional goal (C4)
    └── InvalidChange       BAD_USER_INPUT    the change does not make sense

A database failure is :class:`authz.store.StoreUnavailable`. Messages are fixed texts plus at
most an id, a version or a status: never a CPR number or free text from the plan.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ConsentRequired", "HoiStateError", "InvalidChange", "NotFound", "NotPermitted",
           "PlanFrozen", "SagExists", "VersionConflict"]


class HoiStateError(Exception):
    """Base class: a refused change or a missing object, with its error code."""

    code = "BAD_USER_INPUT"

    def extensions(self) -> dict[str, Any]:
        """``extensions`` for the GraphQL error (``code`` plus details)."""
        return {"code": self.code}


class ConsentRequired(HoiStateError):
    """Rule H1: no active samtykke for HOI of this citizen covering every plan sector."""

    code = "CONSENT_REQUIRED"


class VersionConflict(HoiStateError):
    """The version the client saw is not the current one; nothing was changed."""

    code = "CONFLICT"

    def __init__(self, what: str, current_version: int) -> None:
        super().__init__(f"the {what} has changed since version was read "
                         f"(current version {current_version}); read it again")
        self.current_version = current_version

    def extensions(self) -> dict[str, Any]:
        return {"code": self.code, "currentVersion": self.current_version}


class PlanFrozen(HoiStateError):
    """The case is closed, or its samtykke is no longer active: the plan takes no changes."""

    code = "PLAN_FROZEN"

    def __init__(self, status: str) -> None:
        super().__init__(f"the HOI case is {status}; its plan is frozen")
        self.status = status

    def extensions(self) -> dict[str, Any]:
        return {"code": self.code, "status": self.status}


class SagExists(HoiStateError):
    """The citizen already has an open HOI case in this municipality."""

    code = "ALREADY_EXISTS"

    def __init__(self, sag_id: str) -> None:
        super().__init__("the citizen already has an open HOI case in this municipality")
        self.sag_id = sag_id

    def extensions(self) -> dict[str, Any]:
        return {"code": self.code, "sagId": self.sag_id}


class NotFound(HoiStateError):
    """No such sag, plan or plan element."""

    code = "NOT_FOUND"

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found")


class NotPermitted(HoiStateError):
    """The actor may not make this change (e.g. rule C4 for a citizen)."""

    code = "FORBIDDEN"


class InvalidChange(HoiStateError):
    """The change does not make sense (e.g. an indsats referenced twice)."""

    code = "BAD_USER_INPUT"
