"""The HOI sag and the shared HOI plan: state in the shared database, no web framework.

Importable without the hoi subgraph's app (only SQLAlchemy and :mod:`authz.store`), so the
gateway can call :func:`active_hoi_cases` once per request for its policy (rule H3 and who
reads the plan). Tables in migration versions 100–199 of the database that also holds the
samtykke registry and the adgangslog. See ``subgraphs/hoi/plan_state/README.md``.
"""

from __future__ import annotations

from subgraphs.hoi.plan_state.edits import (
    AendrAftale,
    AendrMaal,
    BekraeftAftale,
    FjernIndsats,
    Godkend,
    PlanEdit,
    TilfoejAftale,
    TilfoejBidrag,
    TilfoejIndsats,
    TilfoejMaal,
)
from subgraphs.hoi.plan_state.errors import (
    ConsentRequired,
    HoiStateError,
    InvalidChange,
    NotFound,
    NotPermitted,
    PlanFrozen,
    SagExists,
    VersionConflict,
)
from subgraphs.hoi.plan_state.gateway_access import (
    HoiCaseAccess,
    HoiCaseLoader,
    active_hoi_cases,
    hoi_case_loader,
)
from subgraphs.hoi.plan_state.migrations import HOI_MIGRATIONS, HOI_VERSIONS
from subgraphs.hoi.plan_state.outbox import RetryPolicy, WritebackJob, WritebackQueue
from subgraphs.hoi.plan_state.plan import (
    AftaleStatus,
    AftaleType,
    BorgerBidrag,
    BorgerBidragType,
    IndsatsReference,
    MaalStatus,
    MaalType,
    PlanAendring,
    PlanAftale,
    PlanIndhold,
    PlanMaal,
    PlanVersion,
    Synlighed,
    VurderetAf,
)
from subgraphs.hoi.plan_state.sag import (
    AfslutningsKode,
    HoiSag,
    HoiSagStatus,
    Koordinator,
    SagHaendelse,
    SagVersion,
)
from subgraphs.hoi.plan_state.sager import NySag
from subgraphs.hoi.plan_state.settings import DEFAULT_SETTINGS, PLACEHOLDER_HOI_KLE, HoiSettings
from subgraphs.hoi.plan_state.store import HoiStore, ensure_schema
from subgraphs.hoi.plan_state.tilbud import HoiTilbud, TilbudKanal, TilbudRegistry
from subgraphs.hoi.plan_state.writeback import Tilbageskrivning, TilbageskrivningStatus

__all__ = [
    "DEFAULT_SETTINGS", "HOI_MIGRATIONS", "HOI_VERSIONS", "PLACEHOLDER_HOI_KLE", "AendrAftale",
    "AendrMaal", "AfslutningsKode", "AftaleStatus", "AftaleType", "BekraeftAftale", "BorgerBidrag",
    "BorgerBidragType", "ConsentRequired", "FjernIndsats", "Godkend", "HoiCaseAccess",
    "HoiCaseLoader", "HoiSag", "HoiSagStatus", "HoiSettings", "HoiStateError", "HoiStore",
    "HoiTilbud", "IndsatsReference", "InvalidChange", "Koordinator", "MaalStatus", "MaalType",
    "NotFound", "NotPermitted", "NySag", "PlanAendring", "PlanAftale", "PlanEdit", "PlanFrozen",
    "PlanIndhold", "PlanMaal", "PlanVersion", "RetryPolicy", "SagExists", "SagHaendelse",
    "SagVersion", "Synlighed", "Tilbageskrivning", "TilbageskrivningStatus", "TilbudKanal",
    "TilbudRegistry", "TilfoejAftale", "TilfoejBidrag", "TilfoejIndsats", "TilfoejMaal",
    "VersionConflict", "VurderetAf", "WritebackJob", "WritebackQueue", "active_hoi_cases",
    "ensure_schema", "hoi_case_loader",
]
