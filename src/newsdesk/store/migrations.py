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

# PostgreSQL's kept counts (migration 14). Row triggers append +1 / -1 rows to count_deltas and a
# statement trigger a 'version' row; ``newsdesk_fold_counts()``, called by the store in every write
# transaction before it commits, sums them into facet_counts (and per entity into entities.articles)
# and empties the table. Writers already commit one at a time (the store's advisory lock), so the
# fold adds no serialisation; counting into facet_counts row by row instead would rewrite one row
# thousands of times in a bulk transaction, each rewrite slower than the last.
# ``newsdesk_recount()`` recounts everything from the tables (this migration, and after a bulk delete).
_PG_COUNTS = """
ALTER TABLE entities ADD COLUMN articles BIGINT NOT NULL DEFAULT 0;
CREATE TABLE count_deltas (facet TEXT COLLATE "C" NOT NULL, value TEXT COLLATE "C" NOT NULL, n BIGINT NOT NULL);
CREATE FUNCTION newsdesk_recount() RETURNS void LANGUAGE sql AS $$
    DELETE FROM count_deltas;
    DELETE FROM facet_counts WHERE facet <> 'version';
    INSERT INTO facet_counts (facet, value, n) VALUES ('version', '', 0) ON CONFLICT DO NOTHING;
    INSERT INTO facet_counts (facet, value, n) SELECT '*', '', COUNT(*) FROM articles;
    INSERT INTO facet_counts (facet, value, n) SELECT 'section', section, COUNT(*) FROM articles
        WHERE section IS NOT NULL AND hidden=0 GROUP BY section;
    INSERT INTO facet_counts (facet, value, n) SELECT 'site', site_name, COUNT(*) FROM articles
        WHERE site_name IS NOT NULL AND hidden=0 GROUP BY site_name;
    INSERT INTO facet_counts (facet, value, n) SELECT 'language', language, COUNT(*) FROM articles
        WHERE language IS NOT NULL AND hidden=0 GROUP BY language;
    INSERT INTO facet_counts (facet, value, n) SELECT 'stories', '', COUNT(*) FROM stories
        WHERE merged_into IS NULL AND size > 0;
    UPDATE entities SET articles=(SELECT COUNT(*) FROM article_entities WHERE entity_id=entities.id);
    UPDATE facet_counts SET n=n+1 WHERE facet='version';
$$;
SELECT newsdesk_recount();
CREATE FUNCTION newsdesk_fold_counts() RETURNS void LANGUAGE sql AS $$
    WITH d AS (DELETE FROM count_deltas RETURNING facet, value, n),
    s AS (SELECT facet, value, SUM(n) AS n FROM d GROUP BY facet, value),
    e AS (UPDATE entities SET articles=entities.articles + s.n FROM s
          WHERE s.facet='entity' AND entities.id=CAST(s.value AS BIGINT))
    INSERT INTO facet_counts (facet, value, n) SELECT facet, value, n FROM s WHERE facet <> 'entity'
    ON CONFLICT (facet, value) DO UPDATE SET n=facet_counts.n + excluded.n;
$$;
CREATE FUNCTION count_articles_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO count_deltas (facet, value, n) SELECT f, v, -1 FROM (VALUES ('*', '', TG_OP = 'DELETE'),
            ('section', OLD.section, OLD.hidden = 0), ('site', OLD.site_name, OLD.hidden = 0),
            ('language', OLD.language, OLD.hidden = 0)) x (f, v, ok) WHERE ok AND v IS NOT NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO count_deltas (facet, value, n) SELECT f, v, 1 FROM (VALUES ('*', '', TG_OP = 'INSERT'),
            ('section', NEW.section, NEW.hidden = 0), ('site', NEW.site_name, NEW.hidden = 0),
            ('language', NEW.language, NEW.hidden = 0)) x (f, v, ok) WHERE ok AND v IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER count_articles_ai AFTER INSERT ON articles FOR EACH ROW EXECUTE FUNCTION count_articles_delta();
CREATE TRIGGER count_articles_ad AFTER DELETE ON articles FOR EACH ROW EXECUTE FUNCTION count_articles_delta();
CREATE TRIGGER count_articles_au AFTER UPDATE OF section, site_name, language, hidden ON articles FOR EACH ROW
    WHEN (OLD.section IS DISTINCT FROM NEW.section OR OLD.site_name IS DISTINCT FROM NEW.site_name
          OR OLD.language IS DISTINCT FROM NEW.language OR OLD.hidden <> NEW.hidden)
    EXECUTE FUNCTION count_articles_delta();
CREATE FUNCTION count_stories_delta() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d BIGINT := 0;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.merged_into IS NULL AND OLD.size > 0 THEN d := d - 1; END IF;
    IF TG_OP <> 'DELETE' AND NEW.merged_into IS NULL AND NEW.size > 0 THEN d := d + 1; END IF;
    IF d <> 0 THEN INSERT INTO count_deltas (facet, value, n) VALUES ('stories', '', d); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER count_stories AFTER INSERT OR DELETE OR UPDATE OF size, merged_into ON stories
    FOR EACH ROW EXECUTE FUNCTION count_stories_delta();
CREATE FUNCTION count_entities_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO count_deltas (facet, value, n) VALUES ('entity', CAST(OLD.entity_id AS TEXT), -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO count_deltas (facet, value, n) VALUES ('entity', CAST(NEW.entity_id AS TEXT), 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER count_entities AFTER INSERT OR DELETE OR UPDATE OF entity_id ON article_entities
    FOR EACH ROW EXECUTE FUNCTION count_entities_delta();
CREATE FUNCTION count_version_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO count_deltas (facet, value, n) VALUES ('version', '', 1);
    RETURN NULL;
END $$;
CREATE TRIGGER version_articles AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION count_version_delta();
CREATE TRIGGER version_stories AFTER INSERT OR UPDATE OR DELETE ON stories
    FOR EACH STATEMENT EXECUTE FUNCTION count_version_delta();
CREATE TRIGGER version_story_members AFTER INSERT OR UPDATE OR DELETE ON story_members
    FOR EACH STATEMENT EXECUTE FUNCTION count_version_delta();
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
    # 8: the cores' state kept incrementally: each batch appends what it fed the cores (new
    #    documents' dedup signatures, story documents, enrichment observations) to core_log in the
    #    articles' transaction; core_state holds a snapshot now and then, up to core_log entry log_seq.
    #    A load is the snapshot plus the entries after it, in seq (commit) order.
    """
    CREATE TABLE core_log (
        seq        INTEGER PRIMARY KEY,   -- commit order (appended under the write lock)
        writer     TEXT NOT NULL,         -- the run that wrote it
        docs       INTEGER NOT NULL,      -- documents it holds
        data       TEXT NOT NULL,         -- JSON: {"enrich": [...], "dedup": [...], "stories": [...]}
        created_at TEXT NOT NULL
    );
    ALTER TABLE core_state ADD COLUMN log_seq INTEGER NOT NULL DEFAULT 0;
    """,
    # 9: the portal's counts kept by triggers, so no page counts a million rows: articles ('*'),
    #    visible articles per section / site / language, live stories; small partial indexes for
    #    hidden articles and pinned stories. The triggers are SQLite's (PostgreSQL's: step 14)
    Step(
    """
    CREATE TABLE facet_counts (
        facet TEXT NOT NULL,           -- '*' (every article), section, site, language, stories
        value TEXT NOT NULL,
        n     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (facet, value)
    ) WITHOUT ROWID;
    INSERT INTO facet_counts (facet, value, n) SELECT '*', '', COUNT(*) FROM articles;
    INSERT INTO facet_counts (facet, value, n) SELECT 'section', section, COUNT(*) FROM articles
        WHERE section IS NOT NULL AND hidden=0 GROUP BY section;
    INSERT INTO facet_counts (facet, value, n) SELECT 'site', site_name, COUNT(*) FROM articles
        WHERE site_name IS NOT NULL AND hidden=0 GROUP BY site_name;
    INSERT INTO facet_counts (facet, value, n) SELECT 'language', language, COUNT(*) FROM articles
        WHERE language IS NOT NULL AND hidden=0 GROUP BY language;
    INSERT INTO facet_counts (facet, value, n) SELECT 'stories', '', COUNT(*) FROM stories
        WHERE merged_into IS NULL AND size > 0;
    CREATE INDEX articles_hidden ON articles (id) WHERE hidden=1;
    CREATE INDEX stories_pinned ON stories (last_update) WHERE pinned=1;
    """,
    sqlite="""
    CREATE TRIGGER facet_counts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO facet_counts (facet, value, n) VALUES ('*', '', 1)
            ON CONFLICT (facet, value) DO UPDATE SET n=n+1;
        INSERT INTO facet_counts (facet, value, n)
            SELECT f, v, 1 FROM (SELECT 'section' AS f, new.section AS v UNION ALL SELECT 'site', new.site_name
                                 UNION ALL SELECT 'language', new.language) WHERE v IS NOT NULL AND new.hidden=0
            ON CONFLICT (facet, value) DO UPDATE SET n=n+1;
    END;
    CREATE TRIGGER facet_counts_ad AFTER DELETE ON articles BEGIN
        UPDATE facet_counts SET n=n-1 WHERE facet='*';
        UPDATE facet_counts SET n=n-1 WHERE old.hidden=0 AND ((facet='section' AND value=old.section)
            OR (facet='site' AND value=old.site_name) OR (facet='language' AND value=old.language));
    END;
    CREATE TRIGGER facet_counts_au AFTER UPDATE OF section, site_name, language, hidden ON articles
    WHEN old.section IS NOT new.section OR old.site_name IS NOT new.site_name
        OR old.language IS NOT new.language OR old.hidden != new.hidden BEGIN
        UPDATE facet_counts SET n=n-1 WHERE old.hidden=0 AND ((facet='section' AND value=old.section)
            OR (facet='site' AND value=old.site_name) OR (facet='language' AND value=old.language));
        INSERT INTO facet_counts (facet, value, n)
            SELECT f, v, 1 FROM (SELECT 'section' AS f, new.section AS v UNION ALL SELECT 'site', new.site_name
                                 UNION ALL SELECT 'language', new.language) WHERE v IS NOT NULL AND new.hidden=0
            ON CONFLICT (facet, value) DO UPDATE SET n=n+1;
    END;
    CREATE TRIGGER facet_counts_story_ai AFTER INSERT ON stories
    WHEN new.merged_into IS NULL AND new.size > 0 BEGIN
        INSERT INTO facet_counts (facet, value, n) VALUES ('stories', '', 1)
            ON CONFLICT (facet, value) DO UPDATE SET n=n+1;
    END;
    CREATE TRIGGER facet_counts_story_au AFTER UPDATE OF size, merged_into ON stories
    WHEN (old.merged_into IS NULL AND old.size > 0) IS NOT (new.merged_into IS NULL AND new.size > 0) BEGIN
        INSERT INTO facet_counts (facet, value, n)
            VALUES ('stories', '', CASE WHEN new.merged_into IS NULL AND new.size > 0 THEN 1 ELSE -1 END)
            ON CONFLICT (facet, value) DO UPDATE SET n=n+excluded.n;
    END;
    CREATE TRIGGER facet_counts_story_ad AFTER DELETE ON stories
    WHEN old.merged_into IS NULL AND old.size > 0 BEGIN
        UPDATE facet_counts SET n=n-1 WHERE facet='stories';
    END;
    """,
    ),
    # 10: hidden, sort_time and page type by article id without reading the row (whose body sits
    #    before them, in overflow pages): entity pages order an entity's articles by time through it
    """
    CREATE INDEX articles_id_time ON articles (id, hidden, sort_time, page_type);
    """,
    # 11: the store's write version, raised by triggers on every change to articles, stories and
    #    story membership, from any process: what the portal computed for one version (top stories,
    #    trends, facets) stays good until it moves
    Step(
    """
    INSERT INTO facet_counts (facet, value, n) VALUES ('version', '', 0);
    """,
    sqlite="""
    CREATE TRIGGER store_version_ai AFTER INSERT ON articles BEGIN
        UPDATE facet_counts SET n=n+1 WHERE facet='version';
    END;
    CREATE TRIGGER store_version_au AFTER UPDATE ON articles BEGIN
        UPDATE facet_counts SET n=n+1 WHERE facet='version';
    END;
    CREATE TRIGGER store_version_ad AFTER DELETE ON articles BEGIN
        UPDATE facet_counts SET n=n+1 WHERE facet='version';
    END;
    CREATE TRIGGER store_version_si AFTER INSERT ON stories BEGIN
        UPDATE facet_counts SET n=n+1 WHERE facet='version';
    END;
    CREATE TRIGGER store_version_su AFTER UPDATE ON stories BEGIN
        UPDATE facet_counts SET n=n+1 WHERE facet='version';
    END;
    CREATE TRIGGER store_version_sd AFTER DELETE ON stories BEGIN
        UPDATE facet_counts SET n=n+1 WHERE facet='version';
    END;
    CREATE TRIGGER store_version_mi AFTER INSERT ON story_members BEGIN
        UPDATE facet_counts SET n=n+1 WHERE facet='version';
    END;
    CREATE TRIGGER store_version_mu AFTER UPDATE ON story_members BEGIN
        UPDATE facet_counts SET n=n+1 WHERE facet='version';
    END;
    CREATE TRIGGER store_version_md AFTER DELETE ON story_members BEGIN
        UPDATE facet_counts SET n=n+1 WHERE facet='version';
    END;
    """,
    ),
    # 12: articles naming each entity, kept by triggers (an entity page showed it by counting them);
    #     SQLite only, as 9 and 11
    Step(
    "",
    sqlite="""
    ALTER TABLE entities ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
    UPDATE entities SET articles=(SELECT COUNT(*) FROM article_entities WHERE entity_id=entities.id);
    CREATE TRIGGER entity_articles_ai AFTER INSERT ON article_entities BEGIN
        UPDATE entities SET articles=articles+1 WHERE id=new.entity_id;
    END;
    CREATE TRIGGER entity_articles_ad AFTER DELETE ON article_entities BEGIN
        UPDATE entities SET articles=articles-1 WHERE id=old.entity_id;
    END;
    CREATE TRIGGER entity_articles_au AFTER UPDATE OF entity_id ON article_entities
    WHEN old.entity_id != new.entity_id BEGIN
        UPDATE entities SET articles=articles-1 WHERE id=old.entity_id;
        UPDATE entities SET articles=articles+1 WHERE id=new.entity_id;
    END;
    """,
    ),
    # 13: visible articles newest first, overall, per section and per outlet: a deep page (offset
    #     25,000) walks index entries instead of reading 25,000 rows to check ``hidden``
    #     and the page type (and whether the page gave a date: the home's "dated news" lists)
    """
    CREATE INDEX articles_visible_sort ON articles (sort_time DESC, id DESC, page_type, published) WHERE hidden=0;
    CREATE INDEX articles_visible_section ON articles (section, sort_time DESC, id DESC, page_type, published)
        WHERE hidden=0;
    CREATE INDEX articles_visible_site ON articles (site_name, sort_time DESC, id DESC, page_type) WHERE hidden=0;
    """,
    # 14: PostgreSQL keeps the portal's counts too (SQLite's triggers of 9, 11 and 12): its triggers
    #     append deltas to count_deltas (insert-only: no row is updated twice in a transaction) and the
    #     store folds them into facet_counts and entities.articles once, just before each write commits
    Step("", postgresql=_PG_COUNTS),
    # 15: undated visible articles newest first, overall and per section (they hold only pages that
    #     gave no date): a section's first page and its feed list its undated pages, and where there
    #     are few or none that walked every visible article of the section (17-22 ms CPU per section
    #     page at 1,019,515 articles, none undated; 0.06 ms with these)
    """
    CREATE INDEX articles_undated ON articles (sort_time DESC, id DESC, page_type) WHERE hidden=0 AND published IS NULL;
    CREATE INDEX articles_undated_section ON articles (section, sort_time DESC, id DESC, page_type)
        WHERE hidden=0 AND published IS NULL;
    """,
    # 16: a second FTS5 index over the newest articles only (ids above ``search_recent.cutoff``; the
    #     newest ``keep`` to ``keep + step``): bm25 counts every row a term is in for its IDF, over
    #     the whole index it ranks from, ~7 ms CPU per query at 1,019,515 articles whatever the
    #     window; a query whose newest RANK_WINDOW matches all lie in this index is ranked here
    #     (``search.py``). Triggers keep it: a new article goes in, and once it holds ``keep +
    #     step`` ids the oldest ``step`` leave (one trim per ``step`` inserts). SQLite only.
    Step(
    "",
    sqlite="""
    CREATE TABLE search_recent (cutoff INTEGER NOT NULL, keep INTEGER NOT NULL, step INTEGER NOT NULL);
    INSERT INTO search_recent (cutoff, keep, step) SELECT MAX(0, COALESCE(MAX(id), 0) - 100000), 100000, 1000
        FROM articles;
    CREATE VIRTUAL TABLE articles_fts_recent USING fts5 (
        title, description, body,
        content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts_recent (rowid, title, description, body)
        SELECT id, title, description, body FROM articles WHERE id > (SELECT cutoff FROM search_recent);
    INSERT INTO articles_fts_recent (articles_fts_recent) VALUES ('optimize');
    CREATE TRIGGER articles_fts_recent_ai AFTER INSERT ON articles
    WHEN new.id > (SELECT cutoff FROM search_recent) BEGIN
        INSERT INTO articles_fts_recent (rowid, title, description, body)
        VALUES (new.id, new.title, new.description, new.body);
    END;
    CREATE TRIGGER articles_fts_recent_ad AFTER DELETE ON articles
    WHEN old.id > (SELECT cutoff FROM search_recent) BEGIN
        INSERT INTO articles_fts_recent (articles_fts_recent, rowid, title, description, body)
        VALUES ('delete', old.id, old.title, old.description, old.body);
    END;
    CREATE TRIGGER articles_fts_recent_au AFTER UPDATE OF title, description, body ON articles
    WHEN old.id > (SELECT cutoff FROM search_recent) BEGIN
        INSERT INTO articles_fts_recent (articles_fts_recent, rowid, title, description, body)
        VALUES ('delete', old.id, old.title, old.description, old.body);
        INSERT INTO articles_fts_recent (rowid, title, description, body)
        VALUES (new.id, new.title, new.description, new.body);
    END;
    CREATE TRIGGER articles_fts_recent_trim AFTER INSERT ON articles
    WHEN new.id - (SELECT cutoff FROM search_recent) > (SELECT keep + step FROM search_recent) BEGIN
        INSERT INTO articles_fts_recent (articles_fts_recent, rowid, title, description, body)
            SELECT 'delete', id, title, description, body FROM articles
            WHERE id > (SELECT cutoff FROM search_recent) AND id <= new.id - (SELECT keep FROM search_recent);
        UPDATE search_recent SET cutoff = new.id - keep;
    END;
    """,
    ),
    # 17: every column a search filter reads, by article id: a filtered search walks its words'
    #     matches newest first until enough pass, and read each match's row for that (the body
    #     sits in it). 'talks' in a section without it, 101,925 articles: ~23 -> ~5 ms CPU. SQLite
    #     only (``search.py`` names it: ``INDEXED BY``; the planner would take the row by id)
    Step(
    "",
    sqlite="""
    CREATE INDEX articles_search_filters ON articles (id, hidden, section, site_name, language, source_id, sort_time);
    """,
    ),
]


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
