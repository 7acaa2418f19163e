"""The plan on paper and for other systems: the one-page PDF read back as text, the XML
validated against its XSD, and nothing internal in either."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pypdf
import pytest
from lxml import etree

from authz.store import Actor, Sektor
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.documents import (
    PLAN_NAMESPACE,
    SCHEMA_PATH,
    Borger,
    PlanUdskrift,
    plan_pdf,
    plan_xml,
    udskrift,
)
from subgraphs.hoi.documents.danish import SAG_STATUS
from subgraphs.hoi.plan_state import HoiStore
from tests.subgraphs.hoi_plan.samples import KOORDINATOR, SOCIAL, citizen, open_case

NOW = datetime(2026, 5, 20, 8, tzinfo=UTC)
SECRET_GOAL = "Intern vurdering: mistanke om misbrug"
CPR = "7105984017"


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


async def _plan(hoi: HoiStore) -> tuple[state.PlanVersion, state.HoiSag]:
    """A plan with goals, aftaler (one internal), an indsats, a comment and an approval."""
    sag = await open_case(hoi)
    edits: list[tuple[state.PlanEdit, Actor]] = [
        (state.TilfoejMaal(type=state.MaalType.BESKAEFTIGELSESMAAL,
                           beskrivelse="Job på 20 timer i detailhandlen inden påske",
                           formuleret_af=state.VurderetAf.FAELLES, frist=date(2027, 3, 1),
                           fagomraade=Sektor.BESKAEFTIGELSE), KOORDINATOR),
        (state.TilfoejMaal(type=state.MaalType.LIVSMESTRINGSMAAL, beskrivelse=SECRET_GOAL,
                           formuleret_af=state.VurderetAf.FAGPERSON,
                           synlighed=state.Synlighed.INTERN, fagomraade=Sektor.SOCIAL), SOCIAL),
        (state.TilfoejAftale(type=state.AftaleType.MOEDE, titel="Netværksmøde med Søren",
                             fra=datetime(2026, 6, 1, 7, tzinfo=UTC), sted="Østergade 4, Ærø",
                             fagomraade=Sektor.BESKAEFTIGELSE), KOORDINATOR),
        (state.TilfoejAftale(type=state.AftaleType.SAMTALE, titel="Intern sparring",
                             fra=datetime(2026, 6, 2, 7, tzinfo=UTC),
                             synlighed=state.Synlighed.INTERN), SOCIAL),
        (state.TilfoejAftale(type=state.AftaleType.AKTIVITET, titel="Søg tre job om ugen",
                             fra=datetime(2026, 6, 30, 20, tzinfo=UTC),
                             fagomraade=Sektor.BESKAEFTIGELSE), KOORDINATOR),
    ]
    version = 1
    for edit, actor in edits:
        version = (await hoi.planer.aendr(sag.plan_id, version, edit, actor)).version
    borger = citizen(sag.borger_id)
    for edit in (state.TilfoejMaal(type=state.MaalType.BORGERENS_EGET_MAAL,
                                   beskrivelse="Jeg vil gå til håndbold igen",
                                   formuleret_af=state.VurderetAf.BORGER),
                 state.TilfoejBidrag(type=state.BorgerBidragType.OENSKE,
                                     tekst="Møder før kl. 12, tak")):
        version = (await hoi.planer.aendr(sag.plan_id, version, edit, borger)).version
    stored = await hoi.planer.aendr(sag.plan_id, version, state.Godkend(kanal="MitID"), borger)
    return stored, sag


def _paper(version: state.PlanVersion, sag: state.HoiSag) -> PlanUdskrift:
    return udskrift(version, sag, Borger(id=sag.borger_id, navn="Dorthe Korsbæk"), NOW)


async def test_the_pdf_is_one_page_of_plain_danish_without_internal_items(
        hoi: HoiStore) -> None:
    version, sag = await _plan(hoi)
    pages, text = _pdf_text(plan_pdf(_paper(version, sag)))
    flat = " ".join(text.split())
    assert pages == 1
    for expected in ("Min plan", "Helhedsorienteret plan for Dorthe Korsbæk", "Mine mål",
                     "Job på 20 timer i detailhandlen inden påske", "frist 1. marts 2027",
                     "Jeg vil gå til håndbold igen", "Hvem gør hvad", "Jobcentret og dig",
                     "Søg tre job om ugen (senest 30. juni 2026)", "Næste møder",
                     "mandag 1. juni 2026 kl. 09.00", "Netværksmøde med Søren",
                     "Østergade 4, Ærø", "Planen er i gang. Du godkendte planen den",
                     "planens version 9"):
        assert expected in flat, expected
    for secret in (SECRET_GOAL, "Intern sparring", KOORDINATOR.id, SOCIAL.id, sag.borger_id,
                   CPR):
        assert secret not in flat
    assert "æ" in flat and "ø" in flat and "å" in flat and "Æ" in flat


async def test_the_xml_validates_against_its_schema_without_internal_fields(
        hoi: HoiStore) -> None:
    version, sag = await _plan(hoi)
    data = plan_xml(_paper(version, sag))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    document = etree.fromstring(data)
    schema.assertValid(document)
    ns = {"p": PLAN_NAMESPACE}
    assert document.get("version") == str(version.version)
    assert document.findtext("p:Borger/p:Navn", namespaces=ns) == "Dorthe Korsbæk"
    assert document.find("p:Borger", ns).get("id") == sag.borger_id
    goals = [m.findtext("p:Beskrivelse", namespaces=ns) for m in document.iterfind(
        "p:Maal/p:Maal", ns)]
    assert goals == ["Job på 20 timer i detailhandlen inden påske",
                     "Jeg vil gå til håndbold igen"]
    titles = [a.findtext("p:Titel", namespaces=ns) for a in document.iterfind(
        "p:Aftaler/p:Aftale", ns)]
    assert titles == ["Netværksmøde med Søren", "Søg tre job om ugen"]
    assert document.find("p:Godkendelse", ns).get("gaelder") == "true"
    assert [(b.get("type"), b.findtext("p:Tekst", namespaces=ns)) for b in document.iterfind(
        "p:BorgerBidrag/p:Bidrag", ns)] == [("EGET_MAAL", "Jeg vil gå til håndbold igen"),
                                            ("OENSKE", "Møder før kl. 12, tak")]
    text = data.decode("utf-8")
    for secret in (SECRET_GOAL, "Intern sparring", KOORDINATOR.id, SOCIAL.id, CPR, "INTERN"):
        assert secret not in text


def test_the_schema_refuses_what_the_format_does_not_allow() -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    plan = PlanUdskrift(
        plan_id="4e1b0107-5c3a-42d1-8005-deece66d0000", version=2, udskrevet=NOW,
        borger=Borger(id="4e1b0001-5c3a-42d1-8005-deece66d0000", navn=None),
        kommune_cvr="11111111", status=state.HoiSagStatus.AKTIV, oprettet=NOW, afsluttet=None,
        omraader=(Sektor.SOCIAL,), maal=(), aftaler=(), indsatser=(), bidrag=(),
        godkendelse=None, godkendt=False)
    document = etree.fromstring(plan_xml(plan))
    assert schema.validate(document)
    etree.SubElement(document.find(f"{{{PLAN_NAMESPACE}}}Borger"), f"{{{PLAN_NAMESPACE}}}Cpr"
                     ).text = CPR
    assert not schema.validate(document)


async def test_a_long_plan_still_fits_one_page_and_says_what_was_left_out(
        hoi: HoiStore) -> None:
    version, sag = await _plan(hoi)
    stempel = version.indhold.maal[0].oprettet
    many_goals = tuple(replace(version.indhold.maal[0], id=f"m{i}",
                               beskrivelse=f"Delmål nummer {i}: " + "lang tekst " * 40)
                       for i in range(30))
    meetings = tuple(state.PlanAftale(id=f"a{i}", type=state.AftaleType.SAMTALE,
                                      titel=f"Samtale {i}", fra=NOW + timedelta(days=i + 1),
                                      oprettet=stempel, aendret=stempel) for i in range(20))
    long = replace(version, indhold=replace(version.indhold, maal=many_goals,
                                            aftaler=meetings))
    pages, text = _pdf_text(plan_pdf(_paper(long, sag)))
    flat = " ".join(text.split())
    assert pages == 1
    assert "og 22 mål mere" in flat and "og 14 møder mere" in flat


async def test_the_same_plan_at_the_same_time_gives_the_same_bytes(hoi: HoiStore) -> None:
    version, sag = await _plan(hoi)
    paper = _paper(version, sag)
    assert plan_pdf(paper) == plan_pdf(paper)
    assert plan_xml(paper) == plan_xml(paper)


@pytest.mark.parametrize("status", list(state.HoiSagStatus))
def test_every_case_status_has_plain_words(status: state.HoiSagStatus) -> None:
    plan = PlanUdskrift(
        plan_id="4e1b0107-5c3a-42d1-8005-deece66d0000", version=1, udskrevet=NOW,
        borger=Borger(id="4e1b0001-5c3a-42d1-8005-deece66d0000", navn=None),
        kommune_cvr="11111111", status=status, oprettet=NOW, afsluttet=None,
        omraader=(Sektor.SOCIAL,), maal=(), aftaler=(), indsatser=(), bidrag=(),
        godkendelse=None, godkendt=False)
    _, text = _pdf_text(plan_pdf(plan))
    flat = " ".join(text.split())
    assert SAG_STATUS[status] in flat and "Der er ingen mål i planen endnu." in flat
    assert status.value not in flat  # words, not codes
