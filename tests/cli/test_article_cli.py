"""``newsdesk article show / set-type``: the operator's override of the page type."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsdesk.cli.main import cli
from newsdesk.model import Article, Enrichment
from newsdesk.store import open_store


def test_set_type_and_show(tmp_path):
    db = str(tmp_path / "n.db")
    with open_store(path=db) as store:
        aid = store.upsert_article(Article(title="Wine regions", body="Wine. " * 50, url="https://w.example/1")).article_id
        store.save_enrichment(aid, Enrichment(page_type="news", page_type_reason="news: auto"))
    run = CliRunner().invoke
    res = run(cli, ["article", "set-type", str(aid), "not-news", "--reason", "evergreen", "--db", db])
    assert res.exit_code == 0, res.output
    assert "not news (other)" in res.output
    res = run(cli, ["article", "show", str(aid), "--json", "--db", db])
    out = json.loads(res.output)
    assert out["page_type"] == "other" and "operator" in out["page_type_reason"] and "evergreen" in out["page_type_reason"]
    res = run(cli, ["article", "set-type", "999", "news", "--db", db])
    assert res.exit_code != 0
    res = run(cli, ["article", "set-type", str(aid), "banana", "--db", db])
    assert res.exit_code != 0
