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


def setting(default: Any, help: str, env: str | None = None) -> Any:
    """Declare a settings field with its help text and environment variable."""
    return field(default=default, metadata={"help": help, "env": env})


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = setting("newsdesk.db", "SQLite file of the store (relative to the working directory).", "NEWSDESK_DB")
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
        False, "Allow fetches to private and loopback addresses.", "NEWSDESK_ALLOW_PRIVATE"
    )
    extract_max_bytes: int = setting(
        20_000_000, "Pages larger than this are truncated before extraction.", "NEWSDESK_EXTRACT_MAX_BYTES"
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
