"""The web app: server-rendered pages (Jinja2) with htmx, for bookkeepers.

:func:`mount` adds the pages at ``/`` and the static files at ``/static`` to a FastAPI app.
Every page calls the services (never the storage) with the company of the logged-in user;
how sessions, CSRF tokens and roles are checked is told in :mod:`.core`.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from reskontro.interfaces.web import (
    auth_pages,
    customer_pages,
    entry_pages,
    journal_pages,
    kid_pages,
    ocr_pages,
    reconcile_pages,
    reconcile_setup_pages,
    report_pages,
    sales_pages,
    setup_pages,
    statement_pages,
)
from reskontro.interfaces.web.core import (
    SESSION_COOKIE,
    STATIC_DIR,
    LoginRequired,
    Refused,
    Web,
    is_htmx,
    url,
)
from reskontro.interfaces.web.i18n import Formatter

__all__ = ["mount"]


def mount(app: FastAPI, engine: Engine) -> None:
    """Serve the web app from *app*, on *engine*'s database."""
    web = Web(engine)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (
        auth_pages,
        customer_pages,
        sales_pages,
        journal_pages,
        entry_pages,
        report_pages,
        setup_pages,
        kid_pages,
        ocr_pages,
        statement_pages,
        reconcile_pages,
        reconcile_setup_pages,
    ):
        app.include_router(module.router(web))

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)  # noqa: S101 - registered for this class only
        target = url("/login", next=exc.next_path if exc.next_path != "/" else "")
        if is_htmx(request):
            return Response(status_code=401, headers={"HX-Redirect": target})
        response = RedirectResponse(target, status_code=303)
        if request.cookies.get(SESSION_COOKIE):
            response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)  # noqa: S101 - registered for this class only
        fmt = Formatter(exc.language)
        return web.render(
            None,
            "error.html",
            fmt=fmt,
            status=exc.status,
            message=fmt.t(exc.message_key, **exc.params),
        )

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(Refused, refused)
