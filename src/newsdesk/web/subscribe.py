"""Newsletter sign-up: double opt-in and one-click unsubscribe (RFC 8058).

POST /subscribe                (CSRF token)  -> pending subscriber + confirmation mail
GET  /subscribe/confirm?token  -> a page with a button; POST confirms (mail scanners only GET)
GET  /unsubscribe?token        -> a page with a button
POST /unsubscribe?token        -> unsubscribed. The RFC 8058 one-click POST from a mail client
                                  carries ``List-Unsubscribe=One-Click`` and no CSRF token: the
                                  unguessable per-subscriber token is itself the proof.
"""

from __future__ import annotations

import logging
import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import InputError, NewsdeskError
from .auth import check_public_csrf, new_token
from .forms import Host, form_of, same_origin

log = logging.getLogger("newsdesk.web")
EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$")


def subscribe_routes(portal: Host) -> list[Route]:
    async def form_page(request: Request) -> Response:
        return portal.html(request, "message.html", "Subscribe", {"kind": "subscribe"})

    async def subscribe(request: Request) -> Response:
        try:
            form = form_of(await request.body())
        except InputError as exc:
            return portal.html(request, "message.html", "Bad request", {"kind": "error", "text": str(exc)}, 400)
        if not same_origin(request) or not check_public_csrf(portal.secret, "subscribe", form.get("csrf", "")):
            return portal.html(request, "message.html", "Form expired",
                               {"kind": "error", "text": "The form expired or came from another site; "
                                "please try again."}, 403)
        email = form.get("email", "").strip()
        if not EMAIL.match(email):
            return portal.html(request, "message.html", "Subscribe",
                               {"kind": "subscribe", "error": "That does not look like an email address.",
                                "email": email[:200]}, 400)
        sub = portal.accounts.subscriber_add(email, new_token(), new_token())
        if sub.status == "pending" and portal.mailer is not None:
            try:
                await run_in_threadpool(portal.mailer.send_confirmation, sub, portal.base_url(request))
            except NewsdeskError as exc:
                log.warning("confirmation mail to %s failed: %s", email, exc)
        return portal.html(request, "message.html", "Check your inbox", {"kind": "pending", "email": email})

    async def confirm_page(request: Request) -> Response:
        token = request.query_params.get("token", "")
        return portal.html(request, "message.html", "Confirm your subscription",
                           {"kind": "confirm", "token": token[:100]})

    async def confirm(request: Request) -> Response:
        form = form_of(await request.body())
        if not same_origin(request) or not check_public_csrf(portal.secret, "subscribe", form.get("csrf", "")):
            return portal.html(request, "message.html", "Form expired",
                               {"kind": "error", "text": "The form expired; open the link again."}, 403)
        sub = portal.accounts.subscriber_confirm(form.get("token", ""))
        if sub is None:
            return portal.html(request, "message.html", "Link not valid",
                               {"kind": "error", "text": "This link is not valid or was already used."}, 404)
        return portal.html(request, "message.html", "Subscribed", {"kind": "confirmed", "email": sub.email})

    async def unsubscribe_page(request: Request) -> Response:
        return portal.html(request, "message.html", "Unsubscribe",
                           {"kind": "unsubscribe", "token": request.query_params.get("token", "")[:100]})

    async def unsubscribe(request: Request) -> Response:
        form = form_of(await request.body())
        token = request.query_params.get("token") or form.get("token", "")
        one_click = form.get("List-Unsubscribe") == "One-Click"
        if not one_click and not check_public_csrf(portal.secret, "subscribe", form.get("csrf", "")):
            return portal.html(request, "message.html", "Form expired",
                               {"kind": "error", "text": "The form expired; open the link again."}, 403)
        sub = portal.accounts.subscriber_unsubscribe(token) if token else None
        if one_click:
            return Response("unsubscribed" if sub else "unknown token", 200 if sub else 404,
                            media_type="text/plain")
        if sub is None:
            return portal.html(request, "message.html", "Link not valid",
                               {"kind": "error", "text": "This link is not valid."}, 404)
        return portal.html(request, "message.html", "Unsubscribed", {"kind": "unsubscribed", "email": sub.email})

    return [
        Route("/subscribe", form_page, methods=["GET"]),
        Route("/subscribe", subscribe, methods=["POST"]),
        Route("/subscribe/confirm", confirm_page, methods=["GET"]),
        Route("/subscribe/confirm", confirm, methods=["POST"]),
        Route("/unsubscribe", unsubscribe_page, methods=["GET"]),
        Route("/unsubscribe", unsubscribe, methods=["POST"]),
    ]
