"""Search criteria are logged without any CPR number, whatever shape the arguments have."""

from __future__ import annotations

from graphql import build_schema

from helhed.criteria import render_criteria

SCHEMA = build_schema("""
scalar CPR
input Filter { cpr: CPR, personer: [CPR!], note: String, minAlder: Int }
type Query { borger(cpr: CPR, id: ID): Int  soeg(filter: Filter, tekst: String): Int }
""")


def test_cpr_typed_values_are_masked_at_any_depth() -> None:
    text = render_criteria(SCHEMA, "Query", "soeg", {"filter": {
        "cpr": "7105984017", "personer": ["7105984017", "1111111118"], "minAlder": 25}})
    assert text == ('soeg({"filter":{"cpr":"<cpr>","minAlder":25,'
                    '"personer":["<cpr>","<cpr>"]}})')


def test_cpr_like_text_is_masked_and_unset_arguments_left_out() -> None:
    text = render_criteria(SCHEMA, "Query", "soeg", {"tekst": "om 710598-4017 og 7105984017",
                                                     "filter": None})
    assert text == 'soeg({"tekst":"om <cpr> og <cpr>"})'
    assert render_criteria(SCHEMA, "Query", "borger", {"cpr": "7105984017", "id": None}) == \
        'borger({"cpr":"<cpr>"})'
