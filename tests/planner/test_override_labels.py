"""Progressive override: which labels are active, and one plan per active label set."""

from __future__ import annotations

from gateway.config import Settings
from gateway.http.prepare import PreparedOperation, Preparer
from gateway.planner import plan_document, print_plan
from gateway.planner.labels import active_override_labels
from gateway.planner.plan import FetchNode
from gateway.supergraph import parse_supergraph
from tests.conformance.runner import CASES_DIR

SUPERGRAPH = parse_supergraph(
    (CASES_DIR / "progressive-override" / "supergraph.graphql").read_text(encoding="utf-8"))
PRICE = '{ product(id: "p1") { name price } }'


def test_the_supergraph_lists_its_labels() -> None:
    assert SUPERGRAPH.override_labels == {"new-pricing", "beta", "percent(100)", "percent(0)"}


def test_configured_labels_are_active_and_unknown_ones_dropped() -> None:
    active = active_override_labels(SUPERGRAPH.override_labels,
                                    frozenset({"new-pricing", "not-in-supergraph"}),
                                    roll=lambda: 0.999)
    assert active == {"new-pricing", "percent(100)"}


def test_percent_labels_are_rolled_per_request() -> None:
    used = frozenset({"percent(25)", "percent(0)", "percent(100)", "beta"})
    assert active_override_labels(used, frozenset(), roll=lambda: 0.2499) == {
        "percent(25)", "percent(100)"}
    assert active_override_labels(used, frozenset(), roll=lambda: 0.25) == {"percent(100)"}
    assert active_override_labels(used, frozenset(), roll=lambda: 0.0) == {
        "percent(25)", "percent(100)"}


def test_without_a_roll_only_full_percentages_are_active() -> None:
    used = frozenset({"percent(99.5)", "percent(100)", "beta"})
    assert active_override_labels(used, frozenset({"beta"}), roll=None) == {"beta",
                                                                          "percent(100)"}


def _services(plan_text: str) -> list[str]:
    return [line.strip() for line in plan_text.splitlines() if "Fetch(service:" in line]


def test_an_inactive_label_keeps_the_field_in_the_overridden_subgraph() -> None:
    plan = print_plan(plan_document(SUPERGRAPH, PRICE))
    assert _services(plan) == ['Fetch(service: "legacy") {']


def test_an_active_label_moves_the_field_to_the_overriding_subgraph() -> None:
    plan = print_plan(plan_document(SUPERGRAPH, PRICE, override_labels=frozenset({"new-pricing"})))
    assert _services(plan) == ['Fetch(service: "legacy") {', 'Fetch(service: "pricing") {']
    assert "price" not in plan.split('Fetch(service: "pricing")')[0]


def test_the_preparer_caches_one_plan_per_label_set() -> None:
    preparer = Preparer(SUPERGRAPH, Settings())
    inactive = preparer.prepare(PRICE, None)
    active = preparer.prepare(PRICE, None, override_labels=frozenset({"new-pricing"}))
    assert isinstance(inactive, PreparedOperation)
    assert isinstance(active, PreparedOperation)
    assert isinstance(inactive.plan.node, FetchNode)
    assert inactive.plan != active.plan
    assert preparer.prepare(PRICE, None, override_labels=frozenset({"new-pricing"})) is active


def test_settings_read_labels_from_the_environment() -> None:
    settings = Settings.from_env({"GATEWAY_OVERRIDE_LABELS": "new-pricing, percent(5),"})
    assert settings.override_labels == {"new-pricing", "percent(5)"}
