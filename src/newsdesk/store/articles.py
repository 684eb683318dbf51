"""SQL for articles: idempotent upsert, versions, reads."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..errors import StoreError
from ..model import Article, Image, Page
from ..urlid import identity_key
from ._sql import SQLBase, dumps, equal_to, loads, where
from .identity import content_identity, now_iso, to_utc_iso
from .records import DUPLICATE, NEW, UPDATED, ArticleVersion, StoredArticle, UpsertResult
from .stories import refresh_story

#: Columns written from an ``Article`` (the record's fields, flattened).
_ARTICLE_COLS = (
    "url", "canonical_url", "title", "description", "body", "body_html", "authors", "published", "modified",
    "site_name", "language", "section", "tags", "image_url", "image_caption", "image_credit", "provenance",
    "related", "trending", "word_count",
)
_EDITABLE = {"section", "section_source", "title", "hidden", "language", "enriched_at", "description",
             "page_type", "page_type_reason", "page_type_source"}
#: the clause that keeps pages judged not-news off the home page, top stories, trending and the digest
NEWS_ONLY = "COALESCE(a.page_type, 'news')='news'"
_SELECT = "SELECT a.*, m.story_id AS story_id FROM articles a LEFT JOIN story_members m ON m.article_id=a.id"


def _values(article: Article) -> tuple[Any, ...]:
    img = article.image
    return (
        article.url, article.canonical_url, article.title, article.description, article.body or "",
        article.body_html or "", dumps(list(article.authors)), article.published, article.modified,
        article.site_name, article.language, article.section, dumps(list(article.tags)),
        img.url if img else None, img.caption if img else None, img.credit if img else None,
        dumps(dict(article.provenance)), dumps(list(article.related)), dumps(list(article.trending)),
        len((article.body or "").split()),
    )


def row_article(row: sqlite3.Row) -> Article:
    img = None
    if row["image_url"] or row["image_caption"] or row["image_credit"]:
        img = Image(url=row["image_url"], caption=row["image_caption"], credit=row["image_credit"])
    return Article(
        title=row["title"], authors=loads(row["authors"], []), published=row["published"],
        modified=row["modified"], site_name=row["site_name"], url=row["url"], canonical_url=row["canonical_url"],
        language=row["language"], section=row["section"], tags=loads(row["tags"], []),
        description=row["description"], image=img, body=row["body"], body_html=row["body_html"],
        provenance=loads(row["provenance"], {}), related=loads(row["related"], []),
        trending=loads(row["trending"], []),
    )


def row_stored(row: sqlite3.Row) -> StoredArticle:
    keys = row.keys()
    return StoredArticle(
        id=row["id"], article=row_article(row), content_hash=row["content_hash"], norm_url=row["norm_url"],
        version=row["version"], sort_time=row["sort_time"], first_seen=row["first_seen"],
        last_seen=row["last_seen"], source_id=row["source_id"], page_id=row["page_id"],
        section_source=row["section_source"], word_count=row["word_count"], hidden=bool(row["hidden"]),
        story_id=row["story_id"] if "story_id" in keys else None,
        page_type=row["page_type"] if "page_type" in keys else None,
        page_type_reason=row["page_type_reason"] if "page_type_reason" in keys else None,
    )


def _site_key(norm_url: str | None) -> str | None:
    """The outlet an URL belongs to (mobile / amp hosts fold into the main one)."""
    if not norm_url:
        return None
    host = (urlsplit(norm_url).hostname or "").lower()
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host or None


def _usable_canonical(norm: str | None) -> str | None:
    """A canonical URL pointing at a site root names no article (some sites set it on every page)."""
    if not norm:
        return None
    return norm if urlsplit(norm).path not in ("", "/") else None


class ArticlesSQL(SQLBase):
    def upsert_article(self, article: Article, page: Page | None = None, *, source_id: int | None = None,
                       page_id: int | None = None) -> UpsertResult:
        now = now_iso()
        canon = _usable_canonical(identity_key(article.canonical_url))
        fetched = identity_key(article.url or (page.url if page is not None else None))
        h, identifies = content_identity(article.title, article.body)
        keys = list(dict.fromkeys(k for k in (canon, fetched) if k))
        with self._tx() as c:
            aid = None
            if keys:  # the canonical URL wins over the fetched one when both are known
                rows = dict(c.execute(f"SELECT norm_url, article_id FROM article_urls WHERE norm_url IN "
                                      f"({','.join('?' * len(keys))})", keys).fetchall())
                aid = next((rows[k] for k in keys if k in rows), None)
            if aid is None and (identifies or not keys):  # no URL: the body is all we have
                aid = self._by_hash(c, h, _site_key(canon or fetched))
            if aid is None:
                cur = c.execute(
                    f"INSERT INTO articles ({', '.join(_ARTICLE_COLS)}, norm_url, content_hash, sort_time, "
                    "source_id, page_id, first_seen, last_seen, updated_at) "
                    f"VALUES ({', '.join('?' * (len(_ARTICLE_COLS) + 8))}) RETURNING id",
                    (*_values(article), canon or fetched, h, to_utc_iso(article.published) or now, source_id,
                     page_id, now, now, now),
                )
                aid = int(cur.fetchone()[0])
                self._add_urls(c, aid, keys)
                return UpsertResult(aid, NEW, 1)
            self._add_urls(c, aid, keys)
            cur_row = c.execute("SELECT * FROM articles WHERE id=?", (aid,)).fetchone()
            known = cur_row["content_hash"] == h or c.execute(
                "SELECT 1 FROM article_versions WHERE article_id=? AND content_hash=?", (aid, h)
            ).fetchone()
            if known:
                c.execute("UPDATE articles SET last_seen=? WHERE id=?", (now, aid))
                return UpsertResult(aid, DUPLICATE, cur_row["version"])
            version = cur_row["version"] + 1
            c.execute(
                "INSERT INTO article_versions (article_id, version, content_hash, data, page_id, seen_at) "
                "VALUES (?,?,?,?,?,?)",
                (aid, cur_row["version"], cur_row["content_hash"], dumps(row_article(cur_row).to_dict()),
                 cur_row["page_id"], cur_row["updated_at"]),
            )
            merged = _keep_enriched(article, cur_row)
            sets = ", ".join(f"{col}=?" for col in _ARTICLE_COLS)
            c.execute(
                f"UPDATE articles SET {sets}, content_hash=?, version=?, sort_time=?, page_id=COALESCE(?, page_id), "
                "last_seen=?, updated_at=?, norm_url=COALESCE(norm_url, ?) WHERE id=?",
                (*_values(merged), h, version, to_utc_iso(merged.published) or cur_row["sort_time"], page_id,
                 now, now, canon or fetched, aid),
            )
            story = c.execute("SELECT story_id FROM story_members WHERE article_id=?", (aid,)).fetchone()
            if story is not None:  # its time or outlet may have changed: the story's figures follow
                refresh_story(c, story[0])
            return UpsertResult(aid, UPDATED, version)

    @staticmethod
    def _by_hash(c: sqlite3.Connection, h: str, site: str | None) -> int | None:
        """An article (current or older version) with this body from the same outlet."""
        rows = c.execute(
            "SELECT id, norm_url FROM articles WHERE content_hash=? UNION ALL "
            "SELECT a.id, a.norm_url FROM article_versions v JOIN articles a ON a.id=v.article_id "
            "WHERE v.content_hash=? LIMIT 50", (h, h),
        ).fetchall()
        for aid, norm in rows:
            other = _site_key(norm)
            if site is None or other is None or other == site:
                return int(aid)
        return None

    @staticmethod
    def _add_urls(c: sqlite3.Connection, aid: int, keys: list[str]) -> None:
        for key in keys:
            c.execute("INSERT INTO article_urls (norm_url, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING", (key, aid))

    def get_article(self, article_id: int) -> StoredArticle | None:
        row = self._row(f"{_SELECT} WHERE a.id=?", (article_id,))
        return row_stored(row) if row is not None else None

    def find_article(self, url: str) -> StoredArticle | None:
        norm = identity_key(url)
        if not norm:
            return None
        row = self._row(f"{_SELECT} JOIN article_urls u ON u.article_id=a.id WHERE u.norm_url=?", (norm,))
        return row_stored(row) if row is not None else None

    def latest_articles(self, section: str | None = None, limit: int = 20, offset: int = 0, *,
                        source_id: int | None = None, site_name: str | None = None,
                        include_hidden: bool = False, news_only: bool = False) -> list[StoredArticle]:
        clauses, params = equal_to((("a.section", section), ("a.source_id", source_id),
                                    ("a.site_name", site_name)))
        if not include_hidden:
            clauses.append("a.hidden=0")
        if news_only:
            clauses.append(NEWS_ONLY)
        # the page's ids from an index alone (articles_visible_*, which hold the page type: an offset
        # skips index entries, not rows), then their rows
        ids = [r[0] for r in self._rows(f"SELECT a.id FROM articles a{where(clauses)} "
                                        "ORDER BY a.sort_time DESC, a.id DESC LIMIT ? OFFSET ?",
                                        (*params, int(limit), int(offset)))]
        if not ids:
            return []
        rows = {r["id"]: r for r in self._rows(f"{_SELECT} WHERE a.id IN ({','.join('?' * len(ids))})", ids)}
        return [row_stored(rows[i]) for i in ids if i in rows]

    def iter_articles(self, after_id: int = 0, batch: int = 500) -> Iterator[StoredArticle]:
        last = after_id
        while True:
            rows = self._rows(f"{_SELECT} WHERE a.id > ? ORDER BY a.id LIMIT ?", (last, batch))
            if not rows:
                return
            for row in rows:
                last = row["id"]
                yield row_stored(row)

    def article_versions(self, article_id: int) -> list[ArticleVersion]:
        rows = self._rows("SELECT * FROM article_versions WHERE article_id=? ORDER BY version", (article_id,))
        return [ArticleVersion(article_id=r["article_id"], version=r["version"], content_hash=r["content_hash"],
                               article=Article.from_dict(loads(r["data"], {})), seen_at=r["seen_at"]) for r in rows]

    def set_article_fields(self, article_id: int, **fields: Any) -> None:
        bad = set(fields) - _EDITABLE
        if bad:
            raise StoreError(f"cannot edit article fields {sorted(bad)}")
        if not fields:
            return
        values = [int(v) if k == "hidden" else v for k, v in fields.items()]
        with self._tx() as c:
            c.execute(f"UPDATE articles SET {', '.join(f'{k}=?' for k in fields)} WHERE id=?",
                      (*values, article_id))

    def set_page_type(self, article_id: int, page_type: str, reason: str, source: str = "operator") -> None:
        """Record a page-type verdict; an operator's stays until an operator changes it."""
        with self._tx() as c:
            cur = c.execute("UPDATE articles SET page_type=?, page_type_reason=?, page_type_source=? WHERE id=?",
                            (page_type, reason, source, article_id))
            if cur.rowcount == 0:
                raise StoreError(f"no article {article_id}")

    def count_articles(self, source_id: int | None = None) -> int:
        if source_id is None:
            return int(self._scalar("SELECT COUNT(*) FROM articles"))
        return int(self._scalar("SELECT COUNT(*) FROM articles WHERE source_id=?", (source_id,)))

    def sections(self) -> list[tuple[str, int]]:
        rows = self._rows("SELECT section, COUNT(*) FROM articles WHERE section IS NOT NULL AND hidden=0 "
                          "GROUP BY section ORDER BY 2 DESC, 1")
        return [(r[0], int(r[1])) for r in rows]


def _keep_enriched(new: Article, row: sqlite3.Row) -> Article:
    """A new version keeps what enrichment or an operator set when the page itself says nothing."""
    new = replace(new)
    if row["section"] and (not new.section or row["section_source"] == "operator"):
        new.section = row["section"]
    if not new.language and row["language"]:
        new.language = row["language"]
    return new
