"""The adgangslog records of one request: one per citizen whose data it touched (DOMAIN §9.3, G4).

Each record says who asked (kind, id, municipality, purpose), about whom (the citizen's
internal id, never a CPR), what was shown (objects and ``Type.field``), on what legal basis
(samtykke ids, hjemmel), and what was refused. A request that touched no citizen — a search
without a hit, or one refused up front — still leaves one record without a subject.
"""

from __future__ import annotations

from datetime import datetime

from graphql import GraphQLSchema

from authz.principal import Borger, Principal, Revisor
from authz.store import AuditRecord, DeniedItem, EntityRef, LogHandling, ViewerKind
from gateway.http.access import RequestSummary
from helhed.criteria import render_criteria
from helhed.guard import Disclosure

__all__ = ["SEARCH_FIELDS", "audit_records"]

SEARCH_FIELDS = frozenset({"borger", "maalgruppe"})
"""Query root fields that search for citizens: logged as ``SOEG`` with their criteria (CPR
values masked), even when nothing is found."""


def _viewer(principal: Principal) -> tuple[ViewerKind, str, str | None]:
    if isinstance(principal, Borger):
        return ViewerKind.BORGER, principal.subject, None
    kind = ViewerKind.REVISOR if isinstance(principal, Revisor) else ViewerKind.MEDARBEJDER
    return kind, principal.user_id, principal.cvr


def _is_search(summary: RequestSummary) -> bool:
    return summary.operation_kind == "query" and any(
        f in SEARCH_FIELDS for f in summary.root_fields)


def _handling(summary: RequestSummary) -> LogHandling:
    if summary.operation_kind == "mutation":
        return LogHandling.AENDR
    return LogHandling.SOEG if _is_search(summary) else LogHandling.LAES


def _criterion(summary: RequestSummary, schema: GraphQLSchema | None) -> str | None:
    if schema is None or not _is_search(summary):
        return None
    found = [render_criteria(schema, "Query", name, args)
             for name, args in summary.root_arguments if name in SEARCH_FIELDS]
    return "; ".join(found)[:2000] or None


def audit_records(principal: Principal, summary: RequestSummary,
                  disclosures: dict[str | None, Disclosure], *, now: datetime,
                  purpose: str | None, schema: GraphQLSchema | None = None
                  ) -> list[AuditRecord]:
    """The records to append for one request: one per citizen it touched.

    A request that touched no citizen leaves one record without a subject only when it was
    a search, a write, or refused something; otherwise (schema reads, data that is nobody's)
    there is nothing to log.
    """
    if not disclosures and not (_is_search(summary) or summary.operation_kind == "mutation"
                                or summary.denied_fields):
        return []
    kind, viewer_id, cvr = _viewer(principal)
    statically_denied = tuple(DeniedItem(type=c, code="FORBIDDEN") for c in summary.denied_fields)
    common = {"tid": now, "transaktions_id": summary.request_id or "-", "viewer_kind": kind,
              "viewer_id": viewer_id, "kommune_cvr": cvr, "formaal": purpose,
              "handling": _handling(summary), "soegekriterium": _criterion(summary, schema)}
    subjects = disclosures or {None: Disclosure()}
    records = []
    for borger_id, note in subjects.items():
        shown = bool(note.entities)
        denied = tuple(DeniedItem(type=t, id=i, code=c) for t, i, c in note.denied)
        records.append(AuditRecord(
            **common, borger_id=borger_id,
            entiteter=tuple(EntityRef(type=t, id=i) for t, i in note.entities),
            felter=tuple(note.fields),
            samtykke_ider=tuple(b.removeprefix("samtykke:") for b in note.bases
                                if b.startswith("samtykke:")),
            hjemmel=tuple(b for b in note.bases if not b.startswith("samtykke:")),
            afvist=not shown and bool(denied or statically_denied),
            afvisnings_aarsag=(denied[0].code if denied else "FORBIDDEN")
            if not shown and (denied or statically_denied) else None,
            afviste=denied + statically_denied))
    return records
