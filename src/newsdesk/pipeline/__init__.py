"""The pipeline: sources -> Page -> extract -> (enrichment hooks) -> store sink.

``core`` is the step runner (records, stages, counts, progress), ``sink`` the
store at the end, ``sources`` the adapters by kind, ``ingest`` the runs the
CLI verbs call.
"""

from __future__ import annotations

from .core import Counts, Extracted, Item, Progress, Stage, run, run_stages

__all__ = ["Counts", "Extracted", "Item", "Progress", "Stage", "run", "run_stages"]
