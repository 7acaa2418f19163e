"""The plan as a one-page PDF in plain Danish: the "køleskabsplan" (reportlab).

Three parts a citizen can act on: the goals, who does what, and the next meetings; then
whether the citizen has approved this version. Built from :class:`.content.PlanUdskrift`
only (nothing internal, no employee names). Everything is shrunk to fit one A4 page, and long
lists are cut with a line saying how many more there are. The font is Bitstream Vera (shipped
with reportlab, embedded): æ, ø and å are real glyphs and come back out as text.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from authz.store import Sektor
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.documents import danish
from subgraphs.hoi.documents.content import PlanUdskrift

__all__ = ["MAX_MAAL", "MAX_MOEDER", "plan_pdf"]

MAX_MAAL = 8
MAX_MOEDER = 6
MAX_OPGAVER = 4
MAX_TEXT = 240
_MARGIN = 16 * mm
_SHOWN_GOALS = (state.MaalStatus.AKTIV, state.MaalStatus.DELVIST_OPNAAET,
                state.MaalStatus.OPNAAET)


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="VeraBd", italic="Vera",
                                  boldItalic="VeraBd")
    body = ParagraphStyle("body", fontName="Vera", fontSize=10.5, leading=14)
    return {
        "titel": ParagraphStyle("titel", parent=body, fontName="VeraBd", fontSize=24,
                                leading=28),
        "under": ParagraphStyle("under", parent=body, fontSize=13, leading=17),
        "afsnit": ParagraphStyle("afsnit", parent=body, fontName="VeraBd", fontSize=14,
                                 leading=18, spaceBefore=10, spaceAfter=4),
        "tekst": body,
        "lille": ParagraphStyle("lille", parent=body, fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#444444")),
    }


def _p(text: str, style: str = "tekst") -> Paragraph:
    """A paragraph of plain text (escaped: a goal's text is never markup)."""
    return Paragraph(escape(text), _styles()[style])


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1].rstrip() + "…"


def _table(rows: list[list[Flowable]], widths: Sequence[float]) -> Table:
    table = Table(rows, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#BBBBBB")),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _more(count: int, what: str) -> list[Flowable]:
    return [] if count <= 0 else [_p(f"… og {count} {what} mere. Spørg din koordinator.",
                                     "lille")]


def _maal(plan: PlanUdskrift, width: float) -> list[Flowable]:
    goals = [m for m in plan.maal if m.status in _SHOWN_GOALS]
    if not goals:
        return [_p("Der er ingen mål i planen endnu.")]
    rows = []
    for maal in goals[:MAX_MAAL]:
        detail = danish.MAAL_STATUS[maal.status]
        if maal.frist is not None:
            detail += f" · frist {danish.dato(maal.frist)}"
        rows.append([_p(_clip(maal.beskrivelse)), _p(danish.hvem(maal)), _p(detail)])
    return [_table(rows, (width * 0.55, width * 0.22, width * 0.23)),
            *_more(len(goals) - MAX_MAAL, "mål")]


def _antal(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _party(sektor: Sektor | None, default: str) -> str:
    return default if sektor is None else danish.SEKTOR.get(sektor, sektor.value)


def _opgaver(plan: PlanUdskrift) -> dict[str, list[str]]:
    """Per party, in a few words: what they do (their goals, activities, meetings, indsatser)."""
    parties: dict[str, list[str]] = {"Dig": [], "Din koordinator": [
        "holder sammen på planen og er din faste kontakt i kommunen"]}
    for sektor in plan.omraader:
        parties.setdefault(_party(sektor, "Din koordinator"), [])
    goals: Counter[str] = Counter()
    for maal in plan.maal:
        if maal.status not in _SHOWN_GOALS:
            continue
        if maal.formuleret_af is state.VurderetAf.BORGER:
            parties["Dig"].append(f"dit mål: {_clip(maal.beskrivelse)}")
        else:
            goals[_party(maal.fagomraade, "Din koordinator")] += 1
    meetings: Counter[str] = Counter()
    for aftale in plan.kommende_aftaler():
        if aftale.type in (state.AftaleType.AKTIVITET, state.AftaleType.FRIST):
            parties.setdefault(_party(aftale.fagomraade, "Dig"), []).append(
                f"{_clip(aftale.titel)} (senest {danish.dato(aftale.fra)})")
        else:
            meetings[_party(aftale.fagomraade, "Din koordinator")] += 1
    indsatser = Counter(_party(ref.sektor, "Din koordinator") for ref in plan.indsatser)
    for party in sorted({*goals, *meetings, *indsatser}):
        tasks = parties.setdefault(party, [])
        if goals[party]:
            tasks.append(f"hjælper dig med {_antal(goals[party], 'mål', 'mål')}")
        if meetings[party]:
            tasks.append(f"har {_antal(meetings[party], 'møde', 'møder')} med dig")
        if indsatser[party]:
            tasks.append(f"giver dig {_antal(indsatser[party], 'indsats', 'indsatser')} i planen")
    parties["Dig"] = parties["Dig"][:MAX_OPGAVER] or [
        "kommer til møderne og siger til, hvis noget skal ændres"]
    return {party: tasks[:MAX_OPGAVER] for party, tasks in parties.items()}


def _hvem(plan: PlanUdskrift, width: float) -> list[Flowable]:
    rows = [[_p(party), _p("; ".join(dict.fromkeys(tasks)) or "er med i planen")]
            for party, tasks in _opgaver(plan).items()]
    return [_table(rows, (width * 0.3, width * 0.7))]


def _moeder(plan: PlanUdskrift, width: float) -> list[Flowable]:
    meetings = [a for a in plan.kommende_aftaler()
                if a.type not in (state.AftaleType.AKTIVITET, state.AftaleType.FRIST)]
    if not meetings:
        return [_p("Der er ingen planlagte møder lige nu.")]
    rows = []
    for aftale in meetings[:MAX_MOEDER]:
        what = f"{danish.AFTALE_TYPE[aftale.type]}: {_clip(aftale.titel)}"
        if aftale.borger_bekraeftet is not None:
            what += " (du har sagt ja)"
        rows.append([_p(danish.tidspunkt(aftale.fra)), _p(what),
                     _p(_clip(aftale.sted or "Aftales nærmere"))])
    return [_table(rows, (width * 0.34, width * 0.41, width * 0.25)),
            *_more(len(meetings) - MAX_MOEDER, "møder")]


def _godkendelse(plan: PlanUdskrift) -> str:
    if plan.godkendelse is None:
        return "Du har ikke godkendt planen endnu."
    when = danish.dato(plan.godkendelse.tid)
    if plan.godkendt:
        return f"Du godkendte planen den {when}."
    return f"Du godkendte planen den {when}. Den er ændret siden, så du kan godkende den igen."


def _story(plan: PlanUdskrift, width: float) -> list[Flowable]:
    navn = plan.borger.navn
    return [
        _p("Min plan", "titel"), Spacer(1, 2),
        _p(f"Helhedsorienteret plan for {navn}" if navn else "Din helhedsorienterede plan",
           "under"),
        Spacer(1, 6), _p(f"{danish.SAG_STATUS[plan.status]} {_godkendelse(plan)}"),
        _p("Mine mål", "afsnit"), *_maal(plan, width),
        _p("Hvem gør hvad", "afsnit"), *_hvem(plan, width),
        _p("Næste møder", "afsnit"), *_moeder(plan, width),
        Spacer(1, 10),
        _p(f"Udskrevet {danish.dato(plan.udskrevet)} · planens version {plan.version} · "
           f"Har du spørgsmål, så kontakt din koordinator i kommunen "
           f"(CVR {plan.kommune_cvr}).", "lille"),
    ]


def plan_pdf(plan: PlanUdskrift) -> bytes:
    """The one-page PDF (the same bytes for the same plan and printing time)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN,
        bottomMargin=_MARGIN, title="Min plan", author="Helhed HOI",
        subject="Helhedsorienteret plan", creator="Helhed HOI", invariant=True)
    width, height = document.width, document.height
    document.build([KeepInFrame(width, height, _story(plan, width), mode="shrink")])
    return buffer.getvalue()
