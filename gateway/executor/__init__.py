"""Execution phase: run a query plan against subgraphs and shape the response."""

from gateway.executor.execute import ExecutionState, execute_plan
from gateway.executor.fetch import HttpSubgraphClient, SubgraphClient
from gateway.executor.guard import Denial, ObjectGuard
from gateway.executor.shape import CompiledShaper, shape_response

__all__ = ["ExecutionState", "execute_plan", "HttpSubgraphClient", "SubgraphClient",
           "CompiledShaper", "shape_response", "Denial", "ObjectGuard"]
