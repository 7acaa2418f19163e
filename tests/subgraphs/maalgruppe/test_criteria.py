"""The criteria: the must-offer preset as configuration, input checks, the audit rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from subgraphs.hoi.index.criteria import (
    Criteria,
    IndsatsMatch,
    check_text,
    load_preset,
    render_arguments,
)


def test_the_shipped_preset_is_the_domain_s_skal_maalgruppe() -> None:
    preset = load_preset()
    criteria = preset.criteria
    assert (criteria.min_alder, criteria.har_min_plan, criteria.min_sektorer) == (25, True, None)
    (codes,) = criteria.kontaktgrupper
    assert {c.kode for c in codes} == {"SDP", "KH-AP", "KH-JP", "UH-UP", "UH-AP", "RF", "JAF"}
    (indsatser,) = criteria.indsatser
    assert {(m.lov, m.paragraf) for m in indsatser} == {
        ("SEL", "85"), ("SEL", "107"), ("SEL", "108"), ("SEL", "108a"), ("ABL", "105"),
        ("SEL", "101")}
    assert "Kontanthjælp" in preset.labels


def test_another_file_changes_the_ready_filter(tmp_path: Path) -> None:
    path = tmp_path / "kriterier.toml"
    path.write_text('[skal_maalgruppe]\nnavn = "test"\nmin_alder = 30\n'
                    '[[skal_maalgruppe.indsatser]]\nlov = "SEL"\nparagraf = "103"\n',
                    encoding="utf-8")
    preset = load_preset(path)
    assert preset.navn == "test"
    assert preset.criteria == Criteria(min_alder=30, indsatser=(
        (IndsatsMatch(lov="SEL", paragraf="103"),),))


def test_criteria_combine_with_the_ready_filter() -> None:
    combined = Criteria(min_alder=30, min_sektorer=2).and_(load_preset().criteria)
    assert (combined.min_alder, combined.min_sektorer, combined.har_min_plan) == (30, 2, True)
    with pytest.raises(ValueError, match="contradicts"):
        Criteria(har_min_plan=False).and_(load_preset().criteria)


@pytest.mark.parametrize("value", ["0101011234", "010101-1234", "x 2101901234 y"])
def test_a_cpr_like_criterion_is_refused_without_echoing_it(value: str) -> None:
    with pytest.raises(ValueError, match="CPR") as caught:
        check_text(value)
    assert "1234" not in str(caught.value)


@pytest.mark.parametrize("bad", [
    lambda: IndsatsMatch(),
    lambda: IndsatsMatch(lov="SEL"),
    lambda: Criteria(min_alder=200),
    lambda: Criteria(indsatser=((),)),
])
def test_malformed_criteria_are_refused(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        bad()


def test_the_rendering_is_stable_and_cpr_free() -> None:
    arguments = {"first": 20, "after": "bWcxOjRlMWIwMDAx", "filter": {
        "skalMaalgruppe": True, "minAlder": 25, "ukendt": "0101011234",
        "indsatser": [{"lov": "SEL", "paragraf": "85", "system": None},
                      {"system": "urn:x", "kode": "0101011234"}]}}
    text = render_arguments(arguments)
    assert text == ("maalgruppe: indsatser=[{lov:SEL,paragraf:85},{kode:<fjernet>,system:urn:x}]; "
                    "minAlder=25; skalMaalgruppe=true; first=20; after=<markør>")
    assert render_arguments({"filter": {}}) == "maalgruppe: (intet filter)"
