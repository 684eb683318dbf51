"""Settings declared once.

Each field has its default, help text and environment variable. The CLI,
``newsdesk config`` and the docs are generated from this one declaration.
Pass a ``Settings`` object down; no module reads a global.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import ConfigError


#: pages over this many bytes are not extracted (``Settings.extract_max_bytes``)
DEFAULT_EXTRACT_MAX_BYTES = 20_000_000


def setting(default: Any, help: str, env: str | None = None) -> Any:
    """Declare a settings field with its help text and environment variable."""
    return field(default=default, metadata={"help": help, "env": env})


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = setting("newsdesk.db", "The store: a SQLite file (relative to the working directory) or a "
                       "postgresql://user@host/db URL (extra: newsdesk[postgres]).", "NEWSDESK_DB")
    host: str = setting("127.0.0.1", "Address the portal listens on.", "NEWSDESK_HOST")
    port: int = setting(8000, "Port the portal listens on.", "NEWSDESK_PORT")
    user_agent: str = setting(
        "newsdesk/0.1 (+https://github.com/newsdesk; news reader)",
        "User-Agent sent with every fetch.",
        "NEWSDESK_USER_AGENT",
    )
    fetch_timeout: float = setting(20.0, "Seconds allowed for one fetch, all of it.", "NEWSDESK_FETCH_TIMEOUT")
    fetch_max_bytes: int = setting(
        10_000_000, "Largest response body accepted, after decompression.", "NEWSDESK_FETCH_MAX_BYTES"
    )
    fetch_max_redirects: int = setting(5, "Redirects followed before a fetch fails.", "NEWSDESK_FETCH_MAX_REDIRECTS")
    allow_private: bool = setting(
        False, "Allow fetches to private and loopback addresses (never to cloud metadata addresses).", "NEWSDESK_ALLOW_PRIVATE"
    )
    fetch_retries: int = setting(3, "Retries on 429/5xx and network errors (with backoff).", "NEWSDESK_FETCH_RETRIES")
    fetch_host_delay: float = setting(
        1.0, "Seconds between two request starts to the same host.", "NEWSDESK_FETCH_HOST_DELAY"
    )
    fetch_host_concurrency: int = setting(
        2, "Requests in flight to the same host at once.", "NEWSDESK_FETCH_HOST_CONCURRENCY"
    )
    fetch_robots: bool = setting(True, "Obey robots.txt when fetching.", "NEWSDESK_FETCH_ROBOTS")
    extract_max_bytes: int = setting(
        DEFAULT_EXTRACT_MAX_BYTES, "Pages larger than this are not extracted (a too-large drop or error).", "NEWSDESK_EXTRACT_MAX_BYTES"
    )
    # -- portal, digest (issue 6) --
    public_url: str = setting(
        "", "The portal's public address for links in feeds and emails (default: http://host:port).",
        "NEWSDESK_PUBLIC_URL",
    )
    secret_key: str = setting(
        "", "Key that signs CSRF tokens (default: a random key kept in <db>.secret).", "NEWSDESK_SECRET_KEY"
    )
    cache_ttl: float = setting(10.0, "Seconds a rendered page stays in the portal's cache.", "NEWSDESK_CACHE_TTL")
    demo: str = setting("auto", "Demo content: auto (when the store is empty), on, off.", "NEWSDESK_DEMO")
    workers: int = setting(0, "Portal processes newsdesk serve runs (0: one per CPU core, at most 8).",
                           "NEWSDESK_WORKERS")
    render_threads: int = setting(
        0, "Threads per portal process that render pages (0: 1 on SQLite, 8 on PostgreSQL).",
        "NEWSDESK_RENDER_THREADS",
    )
    smtp_host: str = setting("localhost", "SMTP server for the digest and confirmation mails.", "NEWSDESK_SMTP_HOST")
    smtp_port: int = setting(25, "SMTP port.", "NEWSDESK_SMTP_PORT")
    smtp_user: str = setting("", "SMTP login (empty: no login).", "NEWSDESK_SMTP_USER")
    smtp_password: str = setting("", "SMTP password.", "NEWSDESK_SMTP_PASSWORD")
    smtp_starttls: bool = setting(False, "Use STARTTLS with the SMTP server.", "NEWSDESK_SMTP_STARTTLS")
    mail_from: str = setting("newsdesk <newsdesk@localhost>", "From address of every mail.", "NEWSDESK_MAIL_FROM")
    digest_every_h: float = setting(24.0, "Hours between two digests (newsdesk serve sends them).",
                                    "NEWSDESK_DIGEST_EVERY_H")
    digest_stories: int = setting(10, "Top stories in one digest.", "NEWSDESK_DIGEST_STORIES")
    enrich_entities: str = setting(
        "rules", "Entity backend: rules (built in) or spacy (needs the nlp extra).", "NEWSDESK_ENRICH_ENTITIES"
    )
    local_sections: str = setting(
        "", "Local sections, e.g. 'India:india|indian,Cricket:cricket' (name:publisher labels).",
        "NEWSDESK_LOCAL_SECTIONS",
    )
    story_join_threshold: float = setting(
        0.2, "Similarity an article needs to join a story (else it starts one).", "NEWSDESK_STORY_JOIN_THRESHOLD"
    )
    story_merge_threshold: float = setting(
        0.2, "Similarity at which two live stories merge (same scale as joining).",
        "NEWSDESK_STORY_MERGE_THRESHOLD"
    )
    story_window_hours: float = setting(
        96.0, "Hours without a new article after which a story closes.", "NEWSDESK_STORY_WINDOW_HOURS"
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults, then environment variables, then explicit overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = f.metadata.get("env")
            if name and name in env:
                values[f.name] = _coerce(f.name, f.type, env[name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """One row per setting: name, default, env, help (for docs and ``newsdesk config``)."""
        return [
            {"name": f.name, "default": f.default, "env": f.metadata.get("env"), "help": f.metadata.get("help")}
            for f in fields(cls)
        ]


def _coerce(name: str, typ: Any, raw: str) -> Any:
    t = typ if isinstance(typ, str) else getattr(typ, "__name__", str(typ))
    try:
        if t == "bool":
            low = raw.strip().lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if t == "int":
            return int(raw)
        if t == "float":
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"setting {name}: cannot read {raw!r} as {t}") from exc
    return raw
