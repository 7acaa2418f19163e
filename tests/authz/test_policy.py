"""The decision rules of DOMAIN §12 for the demo personas, one behaviour per test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from authz.policy.consent import ConsentGrant, Recipient
from authz.policy.decide import decide, decide_borger
from authz.policy.facts import ObjectFacts, read_object_facts
from authz.policy.grants import granted_policies
from authz.policy.hoi import HoiCaseAccess
from authz.principal import Foelsomhed, Principal, principal_from_claims
from mocks.idp.claims import build_claims
from mocks.idp.personas import PERSONAS

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)
CITIZEN = "5b0c1f0e-0000-4000-8000-000000000001"
OTHER = "5b0c1f0e-0000-4000-8000-000000000002"
CVR = "11111111"


def principal(name: str) -> Principal:
    claims = build_claims(PERSONAS[name], issuer="https://idp", audience="helhed", now=0,
                          lifetime=60)
    return principal_from_claims(claims)


def facts(sektor: str, kle: str | None, level: Foelsomhed = Foelsomhed.FOELSOMME_PERSONOPLYSNINGER,
          *, borger: str = CITIZEN, intern: bool = False, cvr: str = CVR) -> ObjectFacts:
    return ObjectFacts(typename="X", id="o1", borger_id=borger, kommune_cvr=cvr, sektor=sektor,
                       kle=kle, foelsomhed=level, ansvarlig_enhed=None, intern=intern)


def consent(*omraader: str, aktiv: bool = True, til: datetime | None = None,
            handlinger: frozenset[str] = frozenset({"SE"}), cvr: str = CVR) -> ConsentGrant:
    return ConsentGrant(id="s1", borger_id=CITIZEN, handlinger=handlinger,
                        omraader=frozenset(omraader), modtagere=(Recipient(cvr=cvr),),
                        gyldig_fra=NOW - timedelta(days=1), gyldig_til=til, aktiv=aktiv)


SOCIAL = facts("SOCIAL", "27.36.12")
BESK = facts("BESKAEFTIGELSE", "15.20.36", Foelsomhed.FORTROLIGE_PERSONOPLYSNINGER)
HEALTH = facts("SUNDHED", "29.24.04")


def test_policy_names_follow_kind_and_roles() -> None:
    assert granted_policies(principal("jobcenter")) >= {"medarbejder", "se-cpr",
                                                        "hoi-overblik-laes"}
    assert "sundhedsfaglig" not in granted_policies(principal("jobcenter"))
    assert "sundhedsfaglig" in granted_policies(principal("sygeplejerske"))
    assert granted_policies(principal("borger")) == {"borger"}
    assert granted_policies(principal("revisor")) == {"revisor", "revision-log"}


def test_jobcenter_sees_its_own_sector_on_its_statutory_basis() -> None:
    d = decide(principal("jobcenter"), BESK, own_borger_id=None, consents=(), now=NOW)
    assert (d.allowed, d.basis) == (True, "hjemmel:beskaeftigelse-laes")


def test_other_sector_needs_consent_and_consent_is_the_basis() -> None:
    job = principal("jobcenter")
    assert decide(job, SOCIAL, own_borger_id=None, consents=(), now=NOW).code == "CONSENT_REQUIRED"
    d = decide(job, SOCIAL, own_borger_id=None, consents=(consent("SOCIAL"),), now=NOW)
    assert (d.allowed, d.basis) == (True, "samtykke:s1")


@pytest.mark.parametrize("grant", [
    consent("SOCIAL", aktiv=False),
    consent("UDDANNELSE"),
    consent("SOCIAL", til=NOW - timedelta(seconds=1)),
    consent("SOCIAL", handlinger=frozenset({"VIDEREGIVE"})),
    consent("SOCIAL", cvr="22222222"),
])
def test_a_consent_that_does_not_cover_the_read_does_not_help(grant: ConsentGrant) -> None:
    d = decide(principal("jobcenter"), SOCIAL, own_borger_id=None, consents=(grant,), now=NOW)
    assert (d.allowed, d.code) == (False, "CONSENT_REQUIRED")


def test_a_matching_refusal_overrides_a_consent() -> None:
    refusal = ConsentGrant(id="s2", borger_id=CITIZEN, handlinger=frozenset({"SE"}),
                           omraader=frozenset({"SOCIAL"}), modtagere=(Recipient(cvr=CVR),),
                           gyldig_fra=None, gyldig_til=None, aktiv=True, frabedt=True)
    d = decide(principal("jobcenter"), SOCIAL, own_borger_id=None,
               consents=(consent("SOCIAL"), refusal), now=NOW)
    assert d.code == "CONSENT_REQUIRED"


def test_consent_never_lifts_the_foelsomhed_ceiling() -> None:
    vip = facts("SOCIAL", "27.36.12", Foelsomhed.VIP_SAGER)
    d = decide(principal("jobcenter"), vip, own_borger_id=None, consents=(consent("SOCIAL"),),
               now=NOW)
    assert (d.allowed, d.code) == (False, "FORBIDDEN")


def test_kle_outside_every_privilege_is_forbidden_even_with_consent() -> None:
    other = facts("SOCIAL", "28.01.00")
    d = decide(principal("jobcenter"), other, own_borger_id=None, consents=(consent("SOCIAL"),),
               now=NOW)
    assert d.code == "FORBIDDEN"


def test_other_municipality_is_forbidden() -> None:
    d = decide(principal("socialraadgiver"), facts("SOCIAL", "27.36.12", cvr="22222222"),
               own_borger_id=None, consents=(), now=NOW)
    assert d.code == "FORBIDDEN"


@pytest.mark.parametrize("name", ["jobcenter", "socialraadgiver", "ungevejleder",
                                  "hoi-koordinator", "revisor"])
def test_no_non_health_role_sees_health_data_even_with_consent(name: str) -> None:
    d = decide(principal(name), HEALTH, own_borger_id=None,
               consents=(consent("SUNDHED", "SOCIAL"),), now=NOW)
    assert (d.allowed, d.code) == (False, "FORBIDDEN")


def test_the_nurse_sees_health_data() -> None:
    d = decide(principal("sygeplejerske"), HEALTH, own_borger_id=None, consents=(), now=NOW)
    assert (d.allowed, d.basis) == (True, "hjemmel:sundhed-laes")


def test_a_citizen_sees_own_data_but_not_internal_and_not_others() -> None:
    me = principal("borger")
    assert decide(me, HEALTH, own_borger_id=CITIZEN, consents=(), now=NOW).basis == "egne-data"
    assert not decide(me, facts("SOCIAL", "27.36.12", intern=True), own_borger_id=CITIZEN,
                      consents=(), now=NOW).allowed
    assert not decide(me, facts("SOCIAL", "27.36.12", borger=OTHER), own_borger_id=CITIZEN,
                      consents=(), now=NOW).allowed
    assert not decide(me, SOCIAL, own_borger_id=None, consents=(), now=NOW).allowed


def test_borger_objects() -> None:
    assert decide_borger(principal("jobcenter"), CITIZEN, own_borger_id=None).allowed
    assert not decide_borger(principal("revisor"), CITIZEN, own_borger_id=None).allowed
    assert decide_borger(principal("borger"), CITIZEN, own_borger_id=CITIZEN).allowed
    assert not decide_borger(principal("borger"), OTHER, own_borger_id=CITIZEN).allowed


def test_incomplete_metadata_is_denied() -> None:
    assert decide(principal("sygeplejerske"), None, own_borger_id=None, consents=(),
                  now=NOW).code == "FORBIDDEN"
    base = {"kommuneCvr": CVR, "sektor": "SOCIAL", "kle": "27.36.12",
            "foelsomhed": "FOELSOMME_PERSONOPLYSNINGER", "synlighed": "BORGER_SYNLIG",
            "borgerId": CITIZEN, "id": "x"}
    assert read_object_facts("SocialSag", base) is not None
    for key, bad in [("kommuneCvr", None), ("sektor", "NOPE"), ("kle", "27"), ("kle", "x.y"),
                     ("foelsomhed", None), ("synlighed", None), ("borgerId", None),
                     ("borgerId", "")]:
        broken = {**base, key: bad}
        if key == "kle" and bad == "27":
            assert read_object_facts("SocialSag", broken) is not None  # a hovedgruppe is valid
            continue
        assert read_object_facts("SocialSag", broken) is None, key


def _case(koordinator: str = "hoi-koordinator", *omraader: str) -> HoiCaseAccess:
    persona = PERSONAS[koordinator]
    return HoiCaseAccess(case_id="c1", borger_id=CITIZEN, koordinator_id=persona.subject,
                         koordinator_cvr=CVR, samtykke_id="s9",
                         omraader=frozenset(omraader or ("SOCIAL", "BESKAEFTIGELSE")))


HOI_PLAN = facts("TVAERGAAENDE", None)


def test_the_koordinator_reads_the_consented_sectors_of_that_citizen_only() -> None:
    koordinator = principal("hoi-koordinator")
    case = _case()
    d = decide(koordinator, SOCIAL, own_borger_id=None, consents=(), now=NOW, hoi_cases=(case,))
    assert (d.allowed, d.basis, d.reason) == (True, "samtykke:s9", "HOI koordinator")
    assert decide(koordinator, facts("UDDANNELSE", "54.10.00"), own_borger_id=None, consents=(),
                  now=NOW, hoi_cases=(case,)).code == "CONSENT_REQUIRED"
    other = facts("SOCIAL", "27.36.12", borger=OTHER)
    assert not decide(koordinator, other, own_borger_id=None, consents=(), now=NOW,
                      hoi_cases=(case,)).allowed
    assert not decide(koordinator, HEALTH, own_borger_id=None, consents=(), now=NOW,
                      hoi_cases=(_case("hoi-koordinator", "SUNDHED"),)).allowed
    assert not decide(principal("jobcenter"), SOCIAL, own_borger_id=None, consents=(), now=NOW,
                      hoi_cases=(case,)).allowed  # not the koordinator


def test_the_hoi_plan_is_read_by_koordinator_and_consented_sectors_only() -> None:
    case = _case("hoi-koordinator", "SOCIAL", "BESKAEFTIGELSE")
    for name in ("hoi-koordinator", "socialraadgiver", "jobcenter"):
        assert decide(principal(name), HOI_PLAN, own_borger_id=None, consents=(), now=NOW,
                      hoi_cases=(case,)).allowed, name
    assert decide(principal("ungevejleder"), HOI_PLAN, own_borger_id=None, consents=(),
                  now=NOW, hoi_cases=(case,)).code == "CONSENT_REQUIRED"
    assert decide(principal("socialraadgiver"), HOI_PLAN, own_borger_id=None, consents=(),
                  now=NOW).code == "FORBIDDEN"  # no active case: nobody
    assert decide(principal("borger"), HOI_PLAN, own_borger_id=CITIZEN, consents=(),
                  now=NOW).allowed
