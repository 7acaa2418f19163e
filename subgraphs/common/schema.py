"""The federation ``Schema`` every Helhed subgraph uses: Strawberry's, minus risky logging.

Strawberry logs each GraphQL error with its message and traceback; a message can echo a
caller's variable (a CPR number in ``borger(cpr:)``), and DOMAIN rule G5 forbids CPR numbers
in logs. This schema logs only the path, the error code and the exception type.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from strawberry.federation import Schema
from strawberry.types import ExecutionContext

from subgraphs.common.scalars import schema_config

__all__ = ["SubgraphSchema"]

logger = logging.getLogger("subgraphs.errors")


class SubgraphSchema(Schema):
    """``strawberry.federation.Schema`` (Federation 2) with CPR-safe error logging."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("config", schema_config())
        super().__init__(**kwargs)

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            code = (error.extensions or {}).get("code", "-")
            original = type(error.original_error).__name__ if error.original_error else "-"
            logger.warning("GraphQL error at %s: code=%s, cause=%s", error.path, code, original)
