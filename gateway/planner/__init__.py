"""Planning phase: turn an operation into a query plan, and print plans."""

from gateway.planner.build import build_query_plan
from gateway.planner.normalize import normalize_operation
from gateway.planner.plan import QueryPlan
from gateway.planner.plan_document import OperationError, plan_document
from gateway.planner.printer import plan_to_json, print_plan

__all__ = ["build_query_plan", "normalize_operation", "plan_document", "print_plan",
           "plan_to_json", "QueryPlan", "OperationError"]
