"""Writing HOI plan items back to their sector systems (Min Plan for beskæftigelse).

``python -m subgraphs.hoi.writeback once --database-url ... --mock-url ... --beskaeftigelse-url
...`` runs one round; the hoi subgraph runs rounds in the background (``create_app``).
"""

from __future__ import annotations

from subgraphs.hoi.writeback.minplan import MinPlanSender
from subgraphs.hoi.writeback.sender import Sender, SendFailed, WritebackItem
from subgraphs.hoi.writeback.worker import RoundResult, WritebackSettings, WritebackWorker

__all__ = ["MinPlanSender", "RoundResult", "SendFailed", "Sender", "WritebackItem",
           "WritebackSettings", "WritebackWorker"]
