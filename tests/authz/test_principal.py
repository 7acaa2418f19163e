"""Principal parsing from the Adgangsstyring-style claim layout, KLE and følsomhed helpers."""

from __future__ import annotations

import copy
import logging
import pickle
from typing import Any

import pytest

from authz.errors import AuthenticationError
from authz.principal import (
    CLAIM_CPR,
    CLAIM_PRIVILEGES,
    CLAIM_PROFESSIONAL_CVR,
    Borger,
    Cpr,
    Foelsomhed,
    Medarbejder,
    Privilege,
    Revisor,
    kle_matches,
    principal_from_claims,
)
from mocks.idp.claims import TokenOverrides, build_claims
from mocks.idp.personas import DEMO_CITIZEN_CPR, PERSONAS

F = Foelsomhed
KLE = "http://sts.kombit.dk/constraints/KLE/1"
FOELSOMHED = "http://sts.kombit.dk/constraints/foelsomhed/1"
ORGENHED = "http://sts.kombit.dk/constraints/orgenhed/1"
UNIT = "0b5e2c4e-8f0a-4c52-9d8e-3f3c8f6a1a11"


def claims_for(persona: str, **overrides: Any) -> dict[str, Any]:
    return build_claims(PERSONAS[persona], issuer="http://idp", audience="helhed-gateway",
                        now=1_700_000_000, lifetime=3600, overrides=TokenOverrides(**overrides))


def with_groups(*groups: Any) -> dict[str, Any]:
    claims = claims_for("jobcenter")
    claims[CLAIM_PRIVILEGES] = {"privilegeGroups": list(groups)}
    return claims


def group(*constraints: dict[str, Any], role: str = "social-laes",
          scope: str = "urn:dk:gov:saml:cvrNumberIdentifier:11111111") -> dict[str, Any]:
    return {"scope": scope, "privileges": [f"http://hoi.example.dk/roles/usersystemrole/{role}/1"],
            "constraints": list(constraints)}


def roles(principal: Medarbejder | Revisor) -> dict[str, tuple[tuple[str, ...] | None, F]]:
    return {p.name: (p.kle, p.foelsomhed) for p in principal.privileges}


def test_jobcenter():
    p = principal_from_claims(claims_for("jobcenter"))
    assert isinstance(p, Medarbejder) and p.kind == "medarbejder"
    assert p.cvr == "11111111" and p.cvrs == ("11111111",)
    assert roles(p) == {
        "beskaeftigelse-laes": (("15.*", "32.*"), F.FORTROLIGE_PERSONOPLYSNINGER),
        "hoi-overblik-laes": (("15.*", "32.*", "27.*", "17.*", "54.*"),
                              F.FOELSOMME_PERSONOPLYSNINGER),
        "se-cpr": (None, F.IKKE_FORTROLIGE_DATA),
    }
    assert not p.is_health_professional
    assert p.read_roles == {"se-cpr"}
    assert p.has_role("hoi-overblik-laes", "11111111")
    assert not p.has_role("hoi-overblik-laes", "22222222")
    assert not p.has_role("social-laes")


def test_socialraadgiver():
    p = principal_from_claims(claims_for("socialraadgiver"))
    assert isinstance(p, Medarbejder)
    assert roles(p)["social-laes"] == (("27.*",), F.FOELSOMME_PERSONOPLYSNINGER)
    assert p.has_role("hoi-samtykke-registrer") and p.has_role("se-cpr")


def test_ungevejleder():
    p = principal_from_claims(claims_for("ungevejleder"))
    assert isinstance(p, Medarbejder)
    assert roles(p) == {
        "uddannelse-laes": (("17.*", "54.*"), F.FORTROLIGE_PERSONOPLYSNINGER),
        "hoi-overblik-laes": (("15.*", "27.*", "17.*", "54.*"), F.FOELSOMME_PERSONOPLYSNINGER),
    }
    assert p.read_roles == frozenset()


def test_sygeplejerske_is_a_health_professional():
    p = principal_from_claims(claims_for("sygeplejerske"))
    assert isinstance(p, Medarbejder)
    assert p.is_health_professional
    assert [r.name for r in p.health_roles] == ["PlejeAssR3"]
    assert roles(p)["sundhed-laes"] == (("29.*",), F.FOELSOMME_PERSONOPLYSNINGER)


def test_hoi_koordinator():
    p = principal_from_claims(claims_for("hoi-koordinator"))
    assert isinstance(p, Medarbejder)
    assert {"beskaeftigelse-laes", "hoi-overblik-laes", "hoi-plan-skriv",
            "hoi-samtykke-registrer", "se-cpr"} == set(roles(p))


def test_revisor():
    p = principal_from_claims(claims_for("revisor"))
    assert isinstance(p, Revisor) and p.kind == "revisor"
    assert [r.name for r in p.privileges] == ["revision-log"]
    assert p.cvrs == ("11111111",)


def test_revision_log_with_other_roles_is_a_medarbejder():
    extra = group(role="revision-log")
    p = principal_from_claims(claims_for("jobcenter", extra_privilege_groups=(extra,)))
    assert isinstance(p, Medarbejder) and p.has_role("revision-log")


def test_borger():
    p = principal_from_claims(claims_for("borger"))
    assert isinstance(p, Borger) and p.kind == "borger"
    assert p.owns(DEMO_CITIZEN_CPR)
    assert p.owns(DEMO_CITIZEN_CPR[:6] + "-" + DEMO_CITIZEN_CPR[6:])
    assert not p.owns("6101011234")
    assert not p.owns("garbage")
    assert p.cpr.reveal() == DEMO_CITIZEN_CPR
    assert p.subject == PERSONAS["borger"].subject


def test_several_municipalities_are_kept_apart():
    other = group({"name": KLE, "value": "27.*"}, role="social-laes",
                  scope="urn:dk:gov:saml:cvrNumberIdentifier:22222222")
    p = principal_from_claims(claims_for("jobcenter", extra_privilege_groups=(other,)))
    assert isinstance(p, Medarbejder)
    assert p.cvrs == ("11111111", "22222222")
    assert [x.name for x in p.privileges_for("22222222")] == ["social-laes"]
    assert p.has_role("social-laes", "22222222") and not p.has_role("social-laes", "11111111")


def test_group_with_several_privileges_is_flattened():
    g = group({"name": KLE, "value": ["27.*", "32.18.*"]}, {"name": FOELSOMHED, "value": 3})
    g["privileges"].append("http://hoi.example.dk/roles/usersystemrole/se-journalnotat/1")
    p = principal_from_claims(with_groups(g))
    assert isinstance(p, Medarbejder)
    assert roles(p) == {"social-laes": (("27.*", "32.18.*"), F.FOELSOMME_PERSONOPLYSNINGER),
                        "se-journalnotat": (("27.*", "32.18.*"), F.FOELSOMME_PERSONOPLYSNINGER)}


@pytest.mark.parametrize(("name", "value", "level"), [
    (FOELSOMHED, "1", F.IKKE_FORTROLIGE_DATA),
    (FOELSOMHED, "VIP_SAGER", F.VIP_SAGER),
    (FOELSOMHED, "foelsomme_personoplysninger", F.FOELSOMME_PERSONOPLYSNINGER),
    ("urn:dk:kombit:sensitivity", "3", F.FOELSOMME_PERSONOPLYSNINGER),
    (FOELSOMHED, 2, F.FORTROLIGE_PERSONOPLYSNINGER),
])
def test_foelsomhed_vocabularies(name, value, level):
    p = principal_from_claims(with_groups(group({"name": name, "value": value})))
    assert isinstance(p, Medarbejder) and p.privileges[0].foelsomhed is level


def test_missing_foelsomhed_grants_only_the_lowest_level():
    p = principal_from_claims(with_groups(group({"name": KLE, "value": "27.*"})))
    assert isinstance(p, Medarbejder)
    assert p.privileges[0].foelsomhed is F.IKKE_FORTROLIGE_DATA


def test_orgenheder_are_parsed_and_normalised():
    p = principal_from_claims(with_groups(group({"name": ORGENHED, "value": UNIT.upper()})))
    assert isinstance(p, Medarbejder) and p.privileges[0].orgenheder == (UNIT,)


def test_unknown_constraint_type_is_kept_and_grants_nothing():
    g = group({"name": "http://vendor.example/constraints/kop/1", "value": "x"},
              {"name": FOELSOMHED, "value": "3"})
    p = principal_from_claims(with_groups(g))
    assert isinstance(p, Medarbejder)
    privilege = p.privileges[0]
    assert privilege.other_constraints == (("http://vendor.example/constraints/kop/1", ("x",)),)
    assert not privilege.permits(cvr="11111111", kle="27.36.12", foelsomhed=F.IKKE_FORTROLIGE_DATA,
                                 orgenhed=None)


def _drop(claims: dict[str, Any], key: str) -> dict[str, Any]:
    claims.pop(key)
    return claims


MALFORMED = {
    "privileges not an object": lambda: {**claims_for("jobcenter"), CLAIM_PRIVILEGES: "xml"},
    "extra top-level key": lambda: {**claims_for("jobcenter"),
                                    CLAIM_PRIVILEGES: {"privilegeGroups": [], "x": 1}},
    "no groups": lambda: with_groups(),
    "group not an object": lambda: with_groups("g"),
    "unknown group key": lambda: with_groups({**group(), "extra": 1}),
    "scope not a CVR urn": lambda: with_groups(group(scope="11111111")),
    "scope with 7 digits": lambda: with_groups(
        group(scope="urn:dk:gov:saml:cvrNumberIdentifier:1111111")),
    "no privileges in group": lambda: with_groups({**group(), "privileges": []}),
    "privilege not a string": lambda: with_groups({**group(), "privileges": [7]}),
    "constraints not a list": lambda: with_groups({**group(), "constraints": {}}),
    "constraint without value": lambda: with_groups(group({"name": KLE})),
    "empty KLE value": lambda: with_groups(group({"name": KLE, "value": ""})),
    "empty KLE item": lambda: with_groups(group({"name": KLE, "value": "27.*,"})),
    "bad KLE pattern": lambda: with_groups(group({"name": KLE, "value": "2x.*"})),
    "KLE too deep": lambda: with_groups(group({"name": KLE, "value": "27.36.12.01"})),
    "følsomhed 5": lambda: with_groups(group({"name": FOELSOMHED, "value": "5"})),
    "følsomhed words": lambda: with_groups(group({"name": FOELSOMHED, "value": "High"})),
    "two følsomhed values": lambda: with_groups(group({"name": FOELSOMHED, "value": "2,3"})),
    "orgenhed not a UUID": lambda: with_groups(group({"name": ORGENHED, "value": "unit-7"})),
    "duplicate constraint": lambda: with_groups(group({"name": KLE, "value": "27.*"},
                                                      {"name": KLE, "value": "15.*"})),
    "two spellings of one type": lambda: with_groups(group(
        {"name": FOELSOMHED, "value": "1"}, {"name": "urn:dk:kombit:sensitivity", "value": "4"})),
    "CPR and privileges": lambda: {**claims_for("jobcenter"), CLAIM_CPR: DEMO_CITIZEN_CPR},
    "neither CPR nor privileges": lambda: _drop(claims_for("jobcenter"), CLAIM_PRIVILEGES),
    "missing subject": lambda: _drop(claims_for("jobcenter"), "sub"),
    "blank subject": lambda: {**claims_for("jobcenter"), "sub": " "},
    "missing professional CVR": lambda: _drop(claims_for("jobcenter"), CLAIM_PROFESSIONAL_CVR),
    "bad professional CVR": lambda: {**claims_for("jobcenter"), CLAIM_PROFESSIONAL_CVR: "1"},
    "CPR not digits": lambda: {**claims_for("borger"), CLAIM_CPR: "71059O1008"},
    "CPR a number": lambda: {**claims_for("borger"), CLAIM_CPR: 7105901008},
    "name not a string": lambda: {**claims_for("jobcenter"), "name": ["x"]},
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_layouts_are_rejected(case):
    claims = MALFORMED[case]()
    with pytest.raises(AuthenticationError) as caught:
        principal_from_claims(claims)
    assert DEMO_CITIZEN_CPR not in str(caught.value)
    assert "2x" not in str(caught.value) and "unit-7" not in str(caught.value)


@pytest.mark.parametrize(("pattern", "kle", "expected"), [
    ("*", "27.36.12", True),
    ("*", "27", True),
    ("32.*", "32", True),
    ("32.*", "32.18", True),
    ("32.*", "32.18.08", True),
    ("32.*", "33.18.08", False),
    ("32.*", "03.20.08", False),
    ("32.18.*", "32.18.08", True),
    ("32.18.*", "32.18", True),
    ("32.18.*", "32.24.04", False),
    ("32.18.*", "32.1", False),
    ("00.01*", "00.01.02", True),
    ("00.01*", "00.01", True),
    ("00.01*", "00.010", False),
    ("27.36.12", "27.36.12", True),
    ("27.36", "27.36.12", False),
    ("27.36.12", "27.36", False),
    ("3.*", "32.18.08", False),
    ("32.*", "32.18.8", False),
    ("32.*", "", False),
    ("", "32.18.08", False),
    ("32.**", "32.18.08", False),
    ("*.18.08", "32.18.08", False),
])
def test_kle_matches(pattern, kle, expected):
    assert kle_matches(pattern, kle) is expected


def test_foelsomhed_is_ordered_and_hierarchical():
    assert (F.IKKE_FORTROLIGE_DATA < F.FORTROLIGE_PERSONOPLYSNINGER
            < F.FOELSOMME_PERSONOPLYSNINGER < F.VIP_SAGER)
    assert sorted(F, reverse=True)[0] is F.VIP_SAGER
    grant = F.FOELSOMME_PERSONOPLYSNINGER
    assert grant.covers(F.FOELSOMME_PERSONOPLYSNINGER)
    assert grant.covers(F.FORTROLIGE_PERSONOPLYSNINGER) and grant.covers(F.IKKE_FORTROLIGE_DATA)
    assert not grant.covers(F.VIP_SAGER)
    assert [level.name for level in F] == ["IKKE_FORTROLIGE_DATA", "FORTROLIGE_PERSONOPLYSNINGER",
                                           "FOELSOMME_PERSONOPLYSNINGER", "VIP_SAGER"]


@pytest.mark.parametrize("value", ["0", "5", 0, 5, True, None, "", "high", 3.0])
def test_foelsomhed_parse_refuses_unknown_values(value):
    with pytest.raises(ValueError, match="følsomhed"):
        F.parse(value)


def test_privilege_permits_applies_constraints_conjunctively():
    p = Privilege(cvr="11111111", role="http://hoi.example.dk/roles/usersystemrole/x/1",
                  kle=("27.*", "32.18.*"), foelsomhed=F.FOELSOMME_PERSONOPLYSNINGER,
                  orgenheder=(UNIT,))
    ok: dict[str, Any] = {"cvr": "11111111", "kle": "27.36.12",
                          "foelsomhed": F.FOELSOMME_PERSONOPLYSNINGER, "orgenhed": UNIT}
    assert p.permits(**ok)
    assert not p.permits(**{**ok, "cvr": "22222222"})
    assert not p.permits(**{**ok, "kle": "15.20.04"})
    assert not p.permits(**{**ok, "kle": None})
    assert not p.permits(**{**ok, "foelsomhed": F.VIP_SAGER})
    assert not p.permits(**{**ok, "orgenhed": "another"})
    assert not p.permits(**{**ok, "orgenhed": None})
    unconstrained = Privilege(cvr="11111111", role="r", foelsomhed=F.VIP_SAGER)
    assert unconstrained.permits(**{**ok, "kle": None, "orgenhed": None})


def test_static_permission_set_is_shared_by_equal_privileges_and_hides_identity():
    a = principal_from_claims(claims_for("jobcenter"))
    b = principal_from_claims({**claims_for("jobcenter"), "sub": "someone-else", "name": "X"})
    assert a != b
    assert a.static_permission_set() == b.static_permission_set()
    assert hash(a.static_permission_set()) == hash(b.static_permission_set())
    assert "someone-else" not in repr(b.static_permission_set())
    assert PERSONAS["jobcenter"].subject not in repr(a.static_permission_set())
    others = {principal_from_claims(claims_for(name)).static_permission_set()
              for name in PERSONAS}
    assert len(others) == len(PERSONAS)


def test_borger_permission_set_is_the_same_for_every_citizen():
    mine = principal_from_claims(claims_for("borger"))
    other = principal_from_claims({**claims_for("borger"), "sub": "x", CLAIM_CPR: "6101011234"})
    assert mine.static_permission_set() == other.static_permission_set()
    assert DEMO_CITIZEN_CPR not in repr(mine.static_permission_set())


def test_cpr_never_appears_in_repr_str_or_logs(caplog):
    caplog.set_level(logging.DEBUG)
    borger = principal_from_claims(claims_for("borger"))
    assert isinstance(borger, Borger)
    log = logging.getLogger("tests.authz.principal")
    texts = [repr(borger), str(borger), f"{borger}", f"{borger!r}", repr(borger.cpr),
             str(borger.cpr), f"{borger.cpr}", "%s" % borger.cpr, repr([borger]),  # noqa: UP031 - under test
             repr({"p": borger}), repr(copy.copy(borger)), repr(copy.deepcopy(borger))]
    log.info("principal %s %r", borger, borger)
    log.info("cpr %s %r", borger.cpr, borger.cpr)
    for text in [*texts, caplog.text]:
        assert DEMO_CITIZEN_CPR not in text
        assert DEMO_CITIZEN_CPR[:6] not in text
    assert "redacted" in repr(borger.cpr)
    with pytest.raises(TypeError):
        pickle.dumps(borger)


def test_display_name_is_not_in_repr():
    p = principal_from_claims(claims_for("jobcenter"))
    assert PERSONAS["jobcenter"].display_name not in repr(p)
    assert p.display_name == PERSONAS["jobcenter"].display_name


def test_cpr_value_semantics():
    assert Cpr("710590-1008") == Cpr("7105901008")
    assert Cpr("7105901008") != Cpr("6101011234")
    assert len({Cpr("7105901008"), Cpr("710590-1008")}) == 1
    for bad in ["", "123", "71059010089", "71059O1008", "٧١٠٥٩٠١٠٠٨"]:
        with pytest.raises(ValueError, match="not a CPR"):
            Cpr(bad)


def test_principals_are_frozen():
    p = principal_from_claims(claims_for("jobcenter"))
    assert isinstance(p, Medarbejder)
    with pytest.raises(AttributeError):
        p.cvr = "22222222"  # type: ignore[misc]
