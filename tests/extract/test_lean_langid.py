"""The lean py3langid loader in meta.py installs the very model py3langid would load itself."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.extract import meta

lid = pytest.importorskip("py3langid.langid")


def test_lean_loader_matches_py3langid(monkeypatch):
    monkeypatch.setattr(lid, "IDENTIFIER", None)
    meta._lean_langid()
    lean = lid.IDENTIFIER
    assert lean is not None, "the lean loader fell back (model layout changed?)"
    ref = lid._load_identifier()
    assert np.array_equal(lean.nb_ptc, ref.nb_ptc) and lean.nb_ptc.dtype == ref.nb_ptc.dtype
    assert np.array_equal(lean.nb_pc, ref.nb_pc)
    assert lean.nb_classes == ref.nb_classes and lean.tk_output == ref.tk_output
    assert lean.tk_nextmove == ref.tk_nextmove and lean.tk_row == ref.tk_row
    for text in ("The council approved the new budget on Tuesday after a long debate.",
                 "Le conseil municipal a adopté le budget mardi après un long débat."):
        assert lean.classify(text) == ref.classify(text)


def test_detect_language_uses_it():
    assert meta.detect_language("The council approved the new budget on Tuesday after a long debate.") == "en"
