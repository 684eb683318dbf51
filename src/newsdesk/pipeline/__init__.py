"""The pipeline: sources -> Page -> extract -> (enrichment hooks) -> store sink.

``core`` is the step runner (stages, counts, progress), ``sink`` the store at
the end, ``ingest`` the runs the CLI verbs call. The records (``Item``,
``Extracted``) are ground (``newsdesk.model``); the source adapters are
``newsdesk.ingest``'s (``newsdesk.ingest.sources``).
"""

from __future__ import annotations

from ..model import Extracted, Item
from .core import Counts, Progress, Stage, run, run_stages

__all__ = ["Counts", "Extracted", "Item", "Progress", "Stage", "run", "run_stages"]
