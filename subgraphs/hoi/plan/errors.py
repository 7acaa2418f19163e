"""The HOI state's errors as GraphQL errors with ``extensions.code`` (and details)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from authz.store import StoreUnavailable
from subgraphs.common.errors import SubgraphError, bad_input, unavailable
from subgraphs.hoi.plan_state import HoiStateError

__all__ = ["coded", "guarded"]

T = TypeVar("T")


def coded(error: HoiStateError) -> SubgraphError:
    """The GraphQL error for a state error (its code and details in ``extensions``)."""
    extensions = error.extensions()
    code = extensions.pop("code")
    return SubgraphError(code, str(error), **extensions)


async def guarded(work: Awaitable[T]) -> T:
    """Await ``work``; state errors, store failures and bad values become coded errors."""
    try:
        return await work
    except HoiStateError as error:
        raise coded(error) from None
    except StoreUnavailable:
        raise unavailable("the HOI store") from None
    except ValueError as error:
        raise bad_input(str(error)) from None
