"""What the form routes (``subscribe.py``, ``admin.py``) share, without importing the app.

``Host`` is the part of the ``Portal`` those routes use; ``app.py`` registers their routes, so
the arrows point one way: app -> admin, subscribe -> forms, auth, data.
"""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from ..errors import InputError
from .data import PortalData
from .ratelimit import LoginThrottle, RateLimiter

FORM_MAX_BYTES = 64_000


class Host(Protocol):
    """The portal as its form routes see it."""

    data: PortalData  # the content shown (the demo store while the real store is empty)
    accounts: PortalData  # subscribers, editors, sessions and sources: always the real store
    secret: bytes
    mailer: Any
    limits: RateLimiter  # per-client rate limits (ratelimit.py)
    logins: LoginThrottle  # failed-login waits

    def html(self, request: Request, template: str, title: str, data: dict[str, Any],
             status: int = 200, extra: dict[str, Any] | None = None) -> Response: ...

    def base_url(self, request: Request) -> str: ...

    def too_many(self, request: Request, wait: float, fmt: str = "html") -> Response: ...

    def written(self) -> None: ...


def form_of(body: bytes) -> dict[str, str]:
    """``application/x-www-form-urlencoded`` body -> dict (last value wins; bounded)."""
    if len(body) > FORM_MAX_BYTES:
        raise InputError("form too large")
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def same_origin(request: Request) -> bool:
    """False when the browser says the POST came from another site."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            return False
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")
