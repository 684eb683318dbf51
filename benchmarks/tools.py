"""Which tools the harness runs, per input form, and from which virtual environment.

Standard library only: imported both by the orchestrator (`run.py`, project venv) and by the
worker in either venv. A runner is "module:function" with the reference scorer's signature
f(data: bytes, url) -> dict(title, author, date, body).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SHARED = REPO.parent / "shared"
SHARED_TOOLS = SHARED / "tools"
EXTRACTION = SHARED / "benchmarks" / "extraction"
SETS = ("scrapinghub", "wcxb-dev-article")
INPUTS = ("html", "text")

PROJECT_VENV = REPO / ".venv"
PEERS_VENV = REPO / ".peers-venv"
PEERS_REQUIREMENTS = BENCH / "requirements-peers.txt"


@dataclass(frozen=True)
class Tool:
    name: str
    runner: str  # module:function under benchmarks/
    venv: str  # "project" (.venv, newsdesk installed) or "peers" (.peers-venv)
    note: str = ""
    site: bool = False  # text mode: learn a site profile from the other pages of the same site

    @property
    def python(self) -> Path:
        return (PROJECT_VENV if self.venv == "project" else PEERS_VENV) / "bin" / "python"


HTML_TOOLS: tuple[Tool, ...] = (
    Tool("newsdesk", "newsdesk_runner:html", "project", "newsdesk.extract, defaults"),
    Tool("trafilatura", "peers:trafilatura_default", "peers", "extract(), defaults, with metadata"),
    Tool("trafilatura-precision", "peers:trafilatura_precision", "peers", "favor_precision=True"),
    Tool("trafilatura-recall", "peers:trafilatura_recall", "peers", "favor_recall=True"),
    Tool("readability", "peers:readability", "peers", "readability-lxml Document.summary()"),
    Tool("newspaper4k", "peers:newspaper4k", "peers", "Article.parse(), no NLP"),
    Tool("goose3", "peers:goose3", "peers", "Goose().extract(raw_html=...)"),
    Tool("resiliparse", "peers:resiliparse", "peers", "extract_plain_text(main_content=True)"),
    Tool("justext", "peers:justext_", "peers", "English stop-list, default thresholds"),
    Tool("boilerpy3", "peers:boilerpy3", "peers", "ArticleExtractor"),
)

TEXT_TOOLS: tuple[Tool, ...] = (
    Tool("newsdesk", "newsdesk_runner:text", "project", "newsdesk.extract_text, one page alone"),
    Tool("newsdesk-site", "newsdesk_runner:text_site", "project",
         "extract_text with a SiteProfile learned from the set's OTHER pages of the same site", site=True),
    Tool("keep-all", "text_baselines:keep_all", "project", "the whole dump as the body"),
    Tool("c4", "text_baselines:c4", "project", "C4 line filter (Raffel et al. 2020)"),
    Tool("justext", "text_baselines:justext_lines", "peers", "jusText on the lines as <p>"),
    Tool("trafilatura", "text_baselines:trafilatura_lines", "peers", "trafilatura on the lines as <p>"),
)

TOOLS: dict[str, dict[str, Tool]] = {
    "html": {t.name: t for t in HTML_TOOLS},
    "text": {t.name: t for t in TEXT_TOOLS},
}


def tool(form: str, name: str) -> Tool:
    try:
        return TOOLS[form][name]
    except KeyError:
        raise SystemExit(f"unknown {form} tool {name!r}; known: {', '.join(TOOLS[form])}") from None
