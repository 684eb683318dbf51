"""Schema migrations: one append-only history for SQLite and PostgreSQL.

Never edit or reorder a step once committed; add a new one at the end. Step
``i`` (0-based) brings the schema to version ``i + 1``; ``schema_version``
holds the version reached. Each step runs in its own transaction.

A step is SQL written in SQLite's dialect (a plain string), or a ``Step`` whose
``sql`` is common to both backends and whose ``sqlite`` / ``postgresql`` parts
hold what only one of them has (today: full-text search, and PostgreSQL's
set-up of the collation and text search configuration the common SQL relies
on). The common SQL reaches PostgreSQL through ``dialect.postgres_ddl`` (column
types; text compares byte-wise as in SQLite): the dialect differences live in
``dialect.py`` and in the ``postgresql`` parts here, nowhere else.

All timestamps are ISO 8601 UTC strings (``2026-01-31T12:00:00Z``); JSON
columns hold text that ``json.loads`` reads.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """A migration step with parts only one backend runs (after the common ``sql``)."""

    sql: str
    sqlite: str = ""
    postgresql: str = ""


# PostgreSQL set-up the common SQL relies on: case-insensitive equality for ``COLLATE NOCASE``
# columns (an ICU collation), and a text search configuration that folds case and accents like
# FTS5's ``unicode61 remove_diacritics 2`` (no stemming, no stop words).
_PG_SETUP = """
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION newsdesk_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION newsdesk_search
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
"""

# PostgreSQL full-text search: a tsvector per article beside the table (as FTS5's external-content
# table is), kept by a trigger, weighted title A / description B / body C, behind a GIN index.
# tsvector holds at most 1 MB: the body is cut at 500k characters for indexing only.
_PG_FTS = """
CREATE TABLE articles_fts (
    id  BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    fts tsvector NOT NULL
);
CREATE INDEX articles_fts_gin ON articles_fts USING GIN (fts);
CREATE FUNCTION articles_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO articles_fts (id, fts) VALUES (NEW.id,
        setweight(to_tsvector('newsdesk_search', COALESCE(NEW.title, '')), 'A') ||
        setweight(to_tsvector('newsdesk_search', COALESCE(NEW.description, '')), 'B') ||
        setweight(to_tsvector('newsdesk_search', left(COALESCE(NEW.body, ''), 500000)), 'C'))
    ON CONFLICT (id) DO UPDATE SET fts = excluded.fts;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles FOR EACH ROW EXECUTE FUNCTION articles_fts_sync();
CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, description, body ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_fts_sync();
"""

MIGRATIONS: list[str | Step] = [
    # 1: sources, runs, fetches, raw pages, drops
    Step(
    """
    CREATE TABLE sources (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL,              -- feed, sitemap, site, url, warc, folder
        location      TEXT NOT NULL,              -- URL or filesystem path
        name          TEXT NOT NULL UNIQUE,
        schedule_s    INTEGER NOT NULL DEFAULT 1800,
        paused        INTEGER NOT NULL DEFAULT 0,
        options       TEXT NOT NULL DEFAULT '{}', -- JSON, adapter options (depth, limits...)
        etag          TEXT,
        last_modified TEXT,
        checkpoint    TEXT NOT NULL DEFAULT '{}', -- JSON resume state, written with the articles
        created_at    TEXT NOT NULL,
        last_fetch_at TEXT,
        next_fetch_at TEXT,
        UNIQUE (kind, location)
    );
    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        source_id   INTEGER REFERENCES sources(id) ON DELETE CASCADE,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        status      TEXT NOT NULL DEFAULT 'running', -- running, done, failed, interrupted
        counts      TEXT NOT NULL DEFAULT '{}'       -- JSON summary: new, duplicate, updated, dropped
    );
    CREATE INDEX runs_source ON runs (source_id, id);
    CREATE TABLE fetches (
        id           INTEGER PRIMARY KEY,
        source_id    INTEGER REFERENCES sources(id) ON DELETE CASCADE,
        run_id       INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        url          TEXT NOT NULL,
        status       INTEGER,             -- HTTP status, NULL when no response
        ok           INTEGER NOT NULL,
        fetched_at   TEXT NOT NULL,
        elapsed_ms   REAL,
        bytes        INTEGER,
        error_reason TEXT,                -- errors.*.reason, e.g. too-large, blocked
        error_detail TEXT
    );
    CREATE INDEX fetches_source ON fetches (source_id, id);
    CREATE TABLE pages (
        id           INTEGER PRIMARY KEY,
        source_id    INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        url          TEXT,
        fetched_at   TEXT,
        status       INTEGER,
        content_type TEXT,
        kind         TEXT NOT NULL DEFAULT 'html',  -- html or text (a flattened dump)
        headers      TEXT NOT NULL DEFAULT '{}',
        raw_hash     TEXT NOT NULL UNIQUE,          -- sha1 of the raw bytes: same bytes stored once
        codec        TEXT NOT NULL DEFAULT 'zlib',
        size         INTEGER NOT NULL,
        data         BLOB NOT NULL
    );
    CREATE TABLE drops (
        source_id INTEGER NOT NULL DEFAULT 0,  -- 0: no source
        run_id    INTEGER NOT NULL DEFAULT 0,
        reason    TEXT NOT NULL,
        count     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source_id, run_id, reason)
    );
    CREATE TABLE drop_samples (                 -- a few examples per reason and run
        id        INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL DEFAULT 0,
        run_id    INTEGER NOT NULL DEFAULT 0,
        reason    TEXT NOT NULL,
        url       TEXT,
        detail    TEXT,
        at        TEXT NOT NULL
    );
    CREATE INDEX drop_samples_reason ON drop_samples (source_id, run_id, reason);
    """,
    postgresql=_PG_SETUP,
    ),
    # 2: articles, their URLs and versions, full-text search (FTS5 / tsvector: one dialect part each)
    Step(
    """
    CREATE TABLE articles (
        id             INTEGER PRIMARY KEY,
        url            TEXT,
        canonical_url  TEXT,
        norm_url       TEXT,                 -- normalised canonical (or fetched) URL
        content_hash   TEXT NOT NULL,        -- hash of the normalised body of the current version
        version        INTEGER NOT NULL DEFAULT 1,
        title          TEXT,
        description    TEXT,
        body           TEXT NOT NULL DEFAULT '',
        body_html      TEXT NOT NULL DEFAULT '',
        authors        TEXT NOT NULL DEFAULT '[]',
        published      TEXT,                 -- as the page gave it (with its offset)
        modified       TEXT,
        sort_time      TEXT NOT NULL,        -- published in UTC, else first_seen: the ordering key
        site_name      TEXT,
        language       TEXT,
        section        TEXT,
        section_source TEXT,                 -- "publisher:<signal>", classifier, operator
        section_score  REAL,
        language_score REAL,
        tags           TEXT NOT NULL DEFAULT '[]',
        image_url      TEXT,
        image_caption  TEXT,
        image_credit   TEXT,
        provenance     TEXT NOT NULL DEFAULT '{}',
        related        TEXT NOT NULL DEFAULT '[]',
        trending       TEXT NOT NULL DEFAULT '[]',
        word_count     INTEGER NOT NULL DEFAULT 0,
        source_id      INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        page_id        INTEGER REFERENCES pages(id) ON DELETE SET NULL,
        first_seen     TEXT NOT NULL,
        last_seen      TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        hidden         INTEGER NOT NULL DEFAULT 0,
        enriched_at    TEXT
    );
    CREATE INDEX articles_sort ON articles (sort_time DESC, id DESC);
    CREATE INDEX articles_section ON articles (section, sort_time DESC);
    CREATE INDEX articles_hash ON articles (content_hash);
    CREATE INDEX articles_source ON articles (source_id, sort_time DESC);
    CREATE INDEX articles_site ON articles (site_name);
    CREATE TABLE article_urls (               -- every normalised URL an article was seen at
        norm_url   TEXT PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX article_urls_article ON article_urls (article_id);
    CREATE TABLE article_versions (           -- superseded versions; the current one is in articles
        id           INTEGER PRIMARY KEY,
        article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        version      INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        data         TEXT NOT NULL,           -- JSON: Article.to_dict() of that version
        page_id      INTEGER REFERENCES pages(id) ON DELETE SET NULL,
        seen_at      TEXT NOT NULL,
        UNIQUE (article_id, version)
    );
    CREATE INDEX article_versions_hash ON article_versions (content_hash);
    """,
    sqlite="""
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, description, body,
        content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, description, body)
        VALUES (new.id, new.title, new.description, new.body);
    END;
    CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, description, body)
        VALUES ('delete', old.id, old.title, old.description, old.body);
    END;
    CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, description, body ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, description, body)
        VALUES ('delete', old.id, old.title, old.description, old.body);
        INSERT INTO articles_fts (rowid, title, description, body)
        VALUES (new.id, new.title, new.description, new.body);
    END;
    """,
    postgresql=_PG_FTS,
    ),
    # 3: enrichment (entities, keywords, shorts), near-duplicates, stories
    """
    CREATE TABLE entities (
        id        INTEGER PRIMARY KEY,
        norm      TEXT NOT NULL,            -- the one key for "Nicolás Maduro" / "Maduro" (model.Entity.norm)
        kind      TEXT NOT NULL,            -- person, org, place, other
        name      TEXT NOT NULL,            -- display name
        UNIQUE (norm, kind)
    );
    CREATE TABLE article_entities (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        mentions   INTEGER NOT NULL DEFAULT 1,
        salience   REAL NOT NULL DEFAULT 0,
        surface    TEXT,                    -- the form the article used
        PRIMARY KEY (article_id, entity_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_entities_entity ON article_entities (entity_id, article_id);
    CREATE TABLE keywords (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        keyword    TEXT NOT NULL,
        score      REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (article_id, keyword)
    ) WITHOUT ROWID;
    CREATE INDEX keywords_keyword ON keywords (keyword);
    CREATE TABLE shorts (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        text       TEXT NOT NULL,
        sources    TEXT NOT NULL DEFAULT '[]',  -- JSON: [[start, end], ...] offsets of each sentence in the body
        method     TEXT NOT NULL DEFAULT 'extractive',
        created_at TEXT NOT NULL
    );
    CREATE TABLE dup_groups (
        id          INTEGER PRIMARY KEY,
        original_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE dup_members (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        group_id   INTEGER NOT NULL REFERENCES dup_groups(id) ON DELETE CASCADE,
        similarity REAL NOT NULL DEFAULT 1
    );
    CREATE INDEX dup_members_group ON dup_members (group_id);
    CREATE TABLE stories (
        id           INTEGER PRIMARY KEY,
        title        TEXT,
        title_locked INTEGER NOT NULL DEFAULT 0,  -- operator edited the headline: keep it
        first_seen   TEXT NOT NULL,
        last_update  TEXT NOT NULL,
        pinned       INTEGER NOT NULL DEFAULT 0,
        hidden       INTEGER NOT NULL DEFAULT 0,
        merged_into  INTEGER REFERENCES stories(id) ON DELETE SET NULL,
        size         INTEGER NOT NULL DEFAULT 0,
        outlets      INTEGER NOT NULL DEFAULT 0,
        section      TEXT,
        data         TEXT NOT NULL DEFAULT '{}'   -- JSON: clusterer state (centroid terms...)
    );
    CREATE INDEX stories_update ON stories (last_update DESC);
    CREATE TABLE story_members (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id   INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        reason     TEXT NOT NULL DEFAULT '{}',    -- JSON: shared entities, terms, time
        locked     INTEGER NOT NULL DEFAULT 0,    -- placed by an operator: the clusterer leaves it
        added_at   TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members (story_id);
    CREATE TABLE story_ops (                      -- operator merges / splits / edits, in order
        id       INTEGER PRIMARY KEY,
        op       TEXT NOT NULL,
        story_id INTEGER,
        data     TEXT NOT NULL DEFAULT '{}',
        actor    TEXT,
        at       TEXT NOT NULL
    );
    """,
    # 4: portal accounts: subscribers (double opt-in), users, sessions
    """
    CREATE TABLE subscribers (
        id                INTEGER PRIMARY KEY,
        email             TEXT NOT NULL UNIQUE COLLATE NOCASE,
        status            TEXT NOT NULL DEFAULT 'pending',  -- pending, confirmed, unsubscribed
        confirm_token     TEXT UNIQUE,
        unsubscribe_token TEXT NOT NULL UNIQUE,
        created_at        TEXT NOT NULL,
        confirmed_at      TEXT,
        options           TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        is_admin      INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL
    );
    CREATE TABLE sessions (
        token      TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    """,
    # 5: saved state of the stateful cores (clusterer, near-duplicates, enrichment corpus stats);
    #    the clusterer's own story ids
    """
    CREATE TABLE core_state (
        name       TEXT PRIMARY KEY,   -- e.g. "stories", "dedup", "enrich"
        data       TEXT NOT NULL,      -- JSON from the core's state() / to_dict()
        updated_at TEXT NOT NULL
    );
    ALTER TABLE stories ADD COLUMN key TEXT;
    CREATE UNIQUE INDEX stories_key ON stories (key);
    """,
    # 6: a saved state's version, raised by every save: a writer sees that another one saved since
    """
    ALTER TABLE core_state ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    """,
    # 7: page type (news or a not-news kind) with its reason; an operator's verdict is kept
    """
    ALTER TABLE articles ADD COLUMN page_type TEXT;           -- NULL: not judged yet (read as news)
    ALTER TABLE articles ADD COLUMN page_type_reason TEXT;
    ALTER TABLE articles ADD COLUMN page_type_source TEXT;    -- "auto" or "operator"
    """,
]


def latest_version() -> int:
    return len(MIGRATIONS)


def script(step: "str | Step", dialect: str) -> str:
    """The SQL one backend runs for a step (``dialect``: ``sqlite`` or ``postgresql``)."""
    if isinstance(step, str):
        step = Step(step)
    if dialect == "sqlite":
        return step.sql + step.sqlite
    if dialect == "postgresql":
        from .dialect import postgres_ddl

        return postgres_ddl(step.sql) + step.postgresql
    raise ValueError(f"unknown dialect {dialect!r}")
