"""What each persona may see and count in the index (rules A1, A2, A5, C1, H2), key by key."""

from __future__ import annotations

import pytest

from authz.principal import Foelsomhed, Medarbejder, Privilege
from mocks.idp.personas import HEALTH_ROLE, role_uri
from subgraphs.hoi.index.access import key_visible, may_search, visible_key_ids
from subgraphs.hoi.index.model import AccessKey
from tests.subgraphs.maalgruppe.support import persona

CVR = "11111111"
UNIT_A, UNIT_B = "4e1b0002-0000-4000-8000-000000000001", "4e1b0002-0000-4000-8000-000000000002"
FORTROLIG, FOELSOM = Foelsomhed.FORTROLIGE_PERSONOPLYSNINGER, Foelsomhed.FOELSOMME_PERSONOPLYSNINGER
KEYS = {
    "ydelse 32.24.04": AccessKey("BESKAEFTIGELSE", CVR, "32.24.04", FORTROLIG, UNIT_A),
    "mentor 15.20.36": AccessKey("BESKAEFTIGELSE", CVR, "15.20.36", FORTROLIG, UNIT_A),
    "SEL §85": AccessKey("SOCIAL", CVR, "27.36.12", FOELSOM, UNIT_A),
    "SEL §85, unit B": AccessKey("SOCIAL", CVR, "27.36.12", FOELSOM, UNIT_B),
    "SEL §85, VIP": AccessKey("SOCIAL", CVR, "27.36.12", Foelsomhed.VIP_SAGER, UNIT_A),
    "SEL §85, other kommune": AccessKey("SOCIAL", "22222222", "27.36.12", FOELSOM, UNIT_A),
    "KUI sag": AccessKey("UDDANNELSE", CVR, "54.10.00", FORTROLIG, UNIT_A),
    "frafaldstruet": AccessKey("UDDANNELSE", CVR, "54.10.00", FOELSOM, UNIT_A),
    "sygepleje": AccessKey("SUNDHED", CVR, "29.24.00", FOELSOM, UNIT_A),
}
ACROSS = {"ydelse 32.24.04", "mentor 15.20.36", "SEL §85", "SEL §85, unit B", "KUI sag",
          "frafaldstruet"}
EXPECTED = {
    # home role (beskæftigelse 15/32, FORTROLIGE) + hoi-overblik-laes (15/32/27/17/54, FOELSOMME)
    "jobcenter": ACROSS,
    "hoi-koordinator": ACROSS,
    # social-laes (27) + the same overview role
    "socialraadgiver": ACROSS,
    # overview without 32.*: the ydelse (kontaktgruppe, sag, Min Plan under 32.24.04) is hidden
    "ungevejleder": ACROSS - {"ydelse 32.24.04"},
    # sundhed-laes and a national health role: health metadata only (A5)
    "sygeplejerske": {"sygepleje"},
}


def _visible(worker: Medarbejder) -> set[str]:
    return {name for name, key in KEYS.items() if key_visible(worker, key)}


@pytest.mark.parametrize("name", EXPECTED)
def test_each_persona_sees_exactly_their_metadata(name: str) -> None:
    worker = may_search(persona(name))
    assert worker is not None
    assert _visible(worker) == EXPECTED[name]


@pytest.mark.parametrize("name", ["borger", "revisor"])
def test_citizens_and_auditors_may_not_search(name: str) -> None:
    assert may_search(persona(name)) is None


def _worker(*privileges: Privilege) -> Medarbejder:
    return Medarbejder(user_id="u", cvr=CVR, privileges=privileges)


def test_a_worker_without_a_read_role_may_not_search() -> None:
    assert may_search(_worker(Privilege(cvr=CVR, role=role_uri("hoi-plan-skriv")),
                              Privilege(cvr=CVR, role=role_uri("se-cpr")))) is None


def test_without_the_overview_role_only_the_home_sector_counts() -> None:
    worker = _worker(Privilege(cvr=CVR, role=role_uri("social-laes"), kle=("27.*",),
                               foelsomhed=FOELSOM))
    assert _visible(worker) == {"SEL §85", "SEL §85, unit B"}


def test_the_unit_constraint_narrows_the_rows() -> None:
    worker = _worker(Privilege(cvr=CVR, role=role_uri("social-laes"), kle=("27.*",),
                               foelsomhed=FOELSOM, orgenheder=(UNIT_A,)))
    assert _visible(worker) == {"SEL §85"}


def test_the_overview_role_never_reaches_health_metadata() -> None:
    worker = _worker(Privilege(cvr=CVR, role=role_uri("hoi-overblik-laes"), kle=("*",),
                               foelsomhed=Foelsomhed.VIP_SAGER))
    assert "sygepleje" not in _visible(worker)
    assert {"SEL §85, VIP", "ydelse 32.24.04"} <= _visible(worker)


def test_health_metadata_needs_a_health_professional() -> None:
    reader = Privilege(cvr=CVR, role=role_uri("sundhed-laes"), kle=("29.*",), foelsomhed=FOELSOM)
    assert _visible(_worker(reader)) == set()
    assert _visible(_worker(reader, Privilege(cvr=CVR, role=HEALTH_ROLE))) == {"sygepleje"}


def test_visible_key_ids_are_the_covered_keys_in_order() -> None:
    worker = may_search(persona("ungevejleder"))
    assert worker is not None
    numbered = list(enumerate(KEYS.values(), start=1))
    names = list(KEYS)
    assert [names[i - 1] for i in visible_key_ids(worker, reversed(numbered))] == [
        n for n in names if n in EXPECTED["ungevejleder"]]
