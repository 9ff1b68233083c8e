"""What every page shares: the logged-in user, the checks each request passes, rendering.

Sessions and cookies
    Logging in makes a server-side session (:mod:`reskontro.services.auth`); the browser gets
    only its random id in the cookie ``reskontro_session``: HttpOnly (scripts cannot read it),
    SameSite=Lax (other sites' forms do not carry it) and Secure (sent over https only). The one
    exception to Secure is plain http on ``localhost``/``127.0.0.1``/``::1``, where a browser
    would otherwise never send the cookie back: development, tests and ``reskontro serve`` on
    this machine. Any other plain-http host still gets a Secure cookie, so a server exposed
    without TLS fails closed (the login does not stick) instead of leaking the session.

CSRF
    Each session has a random token. Every form that changes something carries it in the hidden
    field ``csrf_token``; htmx requests send it in the ``X-CSRF-Token`` header (``hx-headers``
    on ``<body>``). A POST whose token is missing or wrong is refused with 403 before anything
    else happens. The login form, which has no session yet, uses a double-submit cookie.

Roles
    Every route names the :class:`~reskontro.domain.access.Action` it does; the dependency
    refuses with 403 when the user's role does not allow it, whatever the page showed.
    Templates hide buttons with :meth:`Ctx.can`, but that is only for the eye.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy import Engine
from starlette.datastructures import FormData

from reskontro.domain.access import Action, Principal, Role, allowed
from reskontro.domain.enums import AccountType, DocumentType
from reskontro.interfaces.web.forms import FieldError
from reskontro.interfaces.web.i18n import LANGUAGES, Formatter, best_language
from reskontro.services import auth
from reskontro.services.companies import CompanyInfo

SESSION_COOKIE = "reskontro_session"
LOGIN_COOKIE = "reskontro_login"
"""Holds the login form's CSRF token until the form is sent (double-submit)."""
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PAGE_SIZE = 50
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
STATIC_DIR = Path(__file__).parent / "static"

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}


class LoginRequired(Exception):  # noqa: N818 - a signal, handled in one place
    """No valid session: send the browser to the login page."""

    def __init__(self, next_path: str = "/") -> None:
        super().__init__(next_path)
        self.next_path = next_path


class Refused(Exception):  # noqa: N818
    """Answer with an error page (403 role or CSRF, 404 not found) and nothing else."""

    def __init__(self, status: int, message_key: str, language: str = "en", **params: str):
        super().__init__(message_key)
        self.status = status
        self.message_key = message_key
        self.language = language
        self.params = params


def cookie_secure(request: Request) -> bool:
    """Secure unless the request is plain http to this machine (see the module docstring)."""
    return not (request.url.scheme == "http" and (request.url.hostname or "") in LOCAL_HOSTS)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def same_site_path(target: str | None, default: str = "/") -> str:
    """*target* if it is a path on this site, else *default* (no open redirects).

    >>> same_site_path("/customers?q=a"), same_site_path("//evil.example"), same_site_path("x")
    ('/customers?q=a', '/', '/')
    """
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


@dataclass
class Ctx:
    """One request of a logged-in user: who, in which company, in which language."""

    request: Request
    session_id: str
    principal: Principal
    csrf_token: str
    company: CompanyInfo
    companies: list[tuple[CompanyInfo, Role]]
    fmt: Formatter
    form: FormData = field(default_factory=FormData)

    @property
    def company_id(self) -> int:
        return self.principal.company_id

    @property
    def user(self) -> str:
        return self.principal.username

    @property
    def language(self) -> str:
        return self.fmt.language

    def can(self, action: str | Action) -> bool:
        return allowed(self.principal.role, Action(action))

    def t(self, key: str, **params: object) -> str:
        return self.fmt.t(key, **params)

    def field(self, name: str, default: str = "") -> str:
        """A form field, trimmed (people paste numbers and names with spaces around)."""
        return self.raw(name, default).strip()

    def raw(self, name: str, default: str = "") -> str:
        """A form field exactly as sent (passwords)."""
        value = self.form.get(name)
        return value if isinstance(value, str) else default

    def refuse(self, status: int, key: str, **params: str) -> Refused:
        return Refused(status, key, self.language, **params)

    def explain(self, exc: Exception) -> tuple[str, list[str]]:
        """What went wrong, for the page: a form field's problem in the user's language, or
        the service's own message and, for posting, every problem it found."""
        if isinstance(exc, FieldError):
            label = self.t("field." + exc.field)
            return self.t(exc.key, field=label, value=exc.value), []
        problems = list(getattr(exc, "problems", []) or [])
        message = str(exc)
        return message, [p for p in problems if p != message]


def url(path: str, **params: object) -> str:
    """*path* with the non-empty *params* as a query string."""
    query = {k: str(v) for k, v in params.items() if v not in (None, "", False)}
    return f"{path}?{urlencode(query)}" if query else path


def with_message(path: str, done: str, ref: str = "") -> str:
    """*path* (a local path with or without a query) carrying a done-message for the next page.

    >>> with_message("/entries?customer=10000&done=done.applied&ref=1", "done.reversed", "7")
    '/entries?customer=10000&done=done.reversed&ref=7'
    """
    base, _, query = path.partition("?")
    kept = [(k, v) for k, v in parse_qsl(query) if k not in ("done", "ref")]
    kept += [("done", done)] + ([("ref", ref)] if ref else [])
    return f"{base}?{urlencode(kept)}"


def page_number(request: Request) -> int:
    try:
        return max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        return 1


@cache
def templates() -> Environment:
    """The page templates, compiled once per process and shared by every app."""
    env = Environment(
        loader=PackageLoader("reskontro.interfaces.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        url=url,
        languages=LANGUAGES,
        page_size=PAGE_SIZE,
        document_types=[d.value for d in DocumentType],
        account_types=[a.value for a in AccountType],
    )
    return env


class Web:
    """The web app's shared parts: the database engine and the templates."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.env = templates()

    # -- rendering ------------------------------------------------------------------------

    def render(
        self,
        ctx: Ctx | None,
        template: str,
        *,
        status: int = 200,
        fmt: Formatter | None = None,
        headers: dict[str, str] | None = None,
        **values: Any,
    ) -> HTMLResponse:
        formatter = ctx.fmt if ctx is not None else (fmt or Formatter("en"))
        html = self.env.get_template(template).render(
            ctx=ctx, t=formatter.t, f=formatter, lang=formatter.language, **values
        )
        response = HTMLResponse(html, status_code=status)
        response.headers.update(SECURITY_HEADERS)
        if headers:
            response.headers.update(headers)
        return response

    def redirect(self, request: Request, target: str) -> Response:
        """After a change: back to a page (303, so the browser GETs it; htmx follows too)."""
        if is_htmx(request):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    # -- who is asking ----------------------------------------------------------------------

    def _load(self, request: Request) -> Ctx:
        session_id = request.cookies.get(SESSION_COOKIE, "")
        info = auth.load_session(self.engine, session_id) if session_id else None
        if info is None:
            path = request.url.path
            if request.url.query:
                path += "?" + request.url.query
            raise LoginRequired(path if request.method == "GET" else "/")
        principal = info.principal
        companies = auth.user_companies(self.engine, principal.user_id)
        company = next((c for c, _ in companies if c.id == principal.company_id), None)
        if company is None:
            # The user's role in the session's company was taken away.
            raise LoginRequired("/")
        return Ctx(
            request=request,
            session_id=session_id,
            principal=principal,
            csrf_token=info.csrf_token,
            company=company,
            companies=companies,
            fmt=Formatter(principal.language),
        )

    def reader(self, action: Action = Action.READ) -> Callable[..., Ctx]:
        """A dependency for pages that show things: logged in, and the role allows *action*."""

        def dependency(request: Request) -> Ctx:
            ctx = self._load(request)
            if not ctx.can(action):
                raise ctx.refuse(403, "error.role")
            return ctx

        return dependency

    def writer(self, action: Action) -> Callable[..., Ctx]:
        """A dependency for changes (POST): logged in, right CSRF token, role allows *action*."""

        def dependency(request: Request, form: Annotated[FormData, Depends(read_form)]) -> Ctx:
            ctx = self._load(request)
            ctx.form = form
            sent = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD) or ""
            if not isinstance(sent, str) or not hmac.compare_digest(
                sent.encode(), ctx.csrf_token.encode()
            ):
                raise ctx.refuse(403, "error.csrf")
            if not ctx.can(action):
                raise ctx.refuse(403, "error.role")
            return ctx

        return dependency

    def login_language(self, request: Request) -> str:
        chosen = request.query_params.get("lang", "")
        if chosen in LANGUAGES:
            return chosen
        return best_language(request.headers.get("Accept-Language", ""))


async def read_form(request: Request) -> FormData:
    if request.method != "POST":
        return FormData()
    return await request.form()


def new_login_token() -> str:
    return secrets.token_urlsafe(32)
