"""Curation behind a login: pin/hide stories, merge/split, edit headlines and sections, sources.

Every admin page needs a session (else: a redirect to the login form for GET, 403 for POST);
every POST needs the session's CSRF token and a same-origin request.
"""

from __future__ import annotations

import logging
from typing import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..errors import ConfigError, InputError, NewsdeskError
from .auth import SESSION_COOKIE, SESSION_DAYS, Editor, check_public_csrf, current_session, login
from .forms import Host, form_of, same_origin
from .ratelimit import client_of

log = logging.getLogger("newsdesk.web")
KINDS = ("feed", "sitemap", "site", "url")


def _ints(text: str) -> list[int]:
    try:
        return [int(x) for x in text.replace(",", " ").split()]
    except ValueError:
        raise InputError("expected numbers separated by spaces or commas") from None


# The curation actions: each reads its form, changes the store and names what it did.
def _sid(request: Request) -> int:
    return int(request.path_params["id"])


def _pin(portal: Host, form: dict[str, str], request: Request, s: Editor) -> str:
    portal.data.story_pin(_sid(request), form.get("value") == "1", s.username)
    return "pinned" if form.get("value") == "1" else "unpinned"


def _hide(portal: Host, form: dict[str, str], request: Request, s: Editor) -> str:
    portal.data.story_hide(_sid(request), form.get("value") == "1", s.username)
    return "hidden" if form.get("value") == "1" else "shown"


def _headline(portal: Host, form: dict[str, str], request: Request, s: Editor) -> str:
    text = form.get("headline", "").strip()
    if not 3 <= len(text) <= 300:
        raise InputError("a headline has 3 to 300 characters")
    portal.data.story_headline(_sid(request), text, s.username)
    return "headline"


def _merge(portal: Host, form: dict[str, str], request: Request, s: Editor) -> str:
    others = _ints(form.get("others", ""))
    if not others:
        raise InputError("name the stories to merge in")
    portal.data.story_merge(int(form.get("target", "0")), others, s.username)
    return "merged"


def _split(portal: Host, form: dict[str, str], request: Request, s: Editor) -> str:
    ids = _ints(form.get("articles", ""))
    if not ids:
        raise InputError("name the articles to split off")
    new = portal.data.story_split(_sid(request), ids, s.username)
    return f"split-into-{new}"


def _section(portal: Host, form: dict[str, str], request: Request, s: Editor) -> str:
    name = form.get("section", "").strip()
    if not 2 <= len(name) <= 40:
        raise InputError("a section name has 2 to 40 characters")
    portal.data.article_section(_sid(request), name, s.username)
    return "section"


def _page_type(portal: Host, form: dict[str, str], request: Request, s: Editor) -> str:
    value = form.get("value", "")
    if value not in ("news", "not-news"):
        raise InputError("an article is news or not-news")
    portal.data.article_page_type(_sid(request), value == "news", s.username)
    return value


def _source_add(portal: Host, form: dict[str, str], request: Request, s: Editor) -> str:
    kind, location = form.get("kind", "feed"), form.get("location", "").strip()
    if kind not in KINDS or not location.startswith(("http://", "https://")):
        raise InputError("a source is a kind (feed, sitemap, site, url) and an http(s) address")
    portal.accounts.source_add(kind, location, form.get("name", "").strip() or location)
    return "source-added"


def _source_pause(portal: Host, form: dict[str, str], request: Request, s: Editor) -> str:
    portal.accounts.source_pause(_sid(request), form.get("value") == "1")
    return "paused" if form.get("value") == "1" else "resumed"


def _action(portal: Host, fn: Callable[[Host, dict[str, str], Request, Editor], str]
            ) -> Callable[[Request], Awaitable[Response]]:
    """A POST endpoint for a curation action: session, same origin and CSRF checked first."""
    async def endpoint(request: Request) -> Response:
        s = current_session(portal.accounts, request.cookies.get(SESSION_COOKIE))
        if s is None:
            return Response("login required", 403, media_type="text/plain")
        try:
            form = form_of(await request.body())
        except InputError as exc:
            return Response(str(exc), 400, media_type="text/plain")
        if not same_origin(request) or form.get("csrf", "") != s.csrf_token:
            return Response("CSRF token missing or wrong", 403, media_type="text/plain")
        try:
            done = await run_in_threadpool(fn, portal, form, request, s)
        except (KeyError, ValueError, InputError, ConfigError) as exc:
            return Response(f"cannot do that: {exc}", 400, media_type="text/plain")
        except NewsdeskError as exc:
            log.warning("admin action failed: %s", exc)
            return Response(f"failed: {exc}", 500, media_type="text/plain")
        portal.written()
        return RedirectResponse(f"/admin?done={done}", 303)

    return endpoint


def admin_routes(portal: Host) -> list[Route]:
    def session_of(request: Request) -> Editor | None:
        return current_session(portal.accounts, request.cookies.get(SESSION_COOKIE))

    async def login_page(request: Request) -> Response:
        return portal.html(request, "admin_login.html", "Editor login", {"error": None})

    async def do_login(request: Request) -> Response:
        form = form_of(await request.body())
        if not same_origin(request) or not check_public_csrf(portal.secret, "subscribe", form.get("csrf", "")):
            return portal.html(request, "admin_login.html", "Editor login", {"error": "The form expired."}, 403)
        client, username = client_of(request.scope), form.get("username", "")
        wait = max(portal.limits.wait("login", client), portal.logins.wait(client, username))
        if wait:  # throttled: refused before the password is even checked
            return portal.too_many(request, wait)
        s = await run_in_threadpool(login, portal.accounts, username, form.get("password", ""))
        if s is None:
            portal.logins.failed(client, username)
            return portal.html(request, "admin_login.html", "Editor login",
                               {"error": "Wrong username or password."}, 401)
        portal.logins.succeeded(client, username)
        resp = RedirectResponse("/admin", 303)
        resp.set_cookie(SESSION_COOKIE, s.token, max_age=SESSION_DAYS * 86400, path="/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
        return resp

    async def dashboard(request: Request) -> Response:
        s = session_of(request)
        if s is None:
            return RedirectResponse("/admin/login", 303)
        data = portal.data
        stories = data.top_stories(40)
        return portal.html(request, "admin.html", "Newsroom", {
            "session": s, "stories": stories, "sources": portal.accounts.sources(), "sections": data.sections(),
            "latest": data.latest(None, 20, news_only=False), "counts": data.counts(),
            "flash": request.query_params.get("done", "")[:80],
        }, extra={"csrf": s.csrf_token})


    async def logout(request: Request) -> Response:
        s = session_of(request)
        form = form_of(await request.body())
        if s is None or form.get("csrf", "") != s.csrf_token:
            return Response("CSRF token missing or wrong", 403, media_type="text/plain")
        portal.accounts.session_delete(s.token)
        resp = RedirectResponse("/", 303)
        resp.delete_cookie(SESSION_COOKIE, path="/")
        return resp

    return [
        Route("/admin/login", login_page, methods=["GET"]),
        Route("/admin/login", do_login, methods=["POST"]),
        Route("/admin/logout", logout, methods=["POST"]),
        Route("/admin", dashboard, methods=["GET"]),
        Route("/admin/story/{id:int}/pin", _action(portal, _pin), methods=["POST"]),
        Route("/admin/story/{id:int}/hide", _action(portal, _hide), methods=["POST"]),
        Route("/admin/story/{id:int}/headline", _action(portal, _headline), methods=["POST"]),
        Route("/admin/story/{id:int}/split", _action(portal, _split), methods=["POST"]),
        Route("/admin/story/merge", _action(portal, _merge), methods=["POST"]),
        Route("/admin/article/{id:int}/section", _action(portal, _section), methods=["POST"]),
        Route("/admin/article/{id:int}/type", _action(portal, _page_type), methods=["POST"]),
        Route("/admin/sources/add", _action(portal, _source_add), methods=["POST"]),
        Route("/admin/sources/{id:int}/pause", _action(portal, _source_pause), methods=["POST"]),
    ]
