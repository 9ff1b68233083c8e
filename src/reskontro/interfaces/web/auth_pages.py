"""Logging in and out, the language and the company of the session."""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from reskontro.domain.access import Action
from reskontro.domain.errors import ReskontroError
from reskontro.interfaces.web.core import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    Ctx,
    Web,
    cookie_secure,
    new_login_token,
    read_form,
    same_site_path,
)
from reskontro.interfaces.web.i18n import LANGUAGES, Formatter
from reskontro.services import auth


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    signed_in = web.writer(Action.READ)

    def login_form(
        request: Request,
        *,
        language: str,
        chosen: str,
        next_path: str,
        error: str = "",
        username: str = "",
        status: int = 200,
    ) -> Response:
        token = new_login_token()
        response = web.render(
            None,
            "login.html",
            fmt=Formatter(language),
            status=status,
            login_token=token,
            next=next_path,
            error=error,
            username=username,
            chosen_language=chosen,
        )
        response.set_cookie(
            LOGIN_COOKIE,
            token,
            max_age=3600,
            path="/login",
            httponly=True,
            samesite="strict",
            secure=cookie_secure(request),
        )
        return response

    @routes.get("/login")
    def login_page(request: Request) -> Response:
        session_id = request.cookies.get(SESSION_COOKIE, "")
        next_path = same_site_path(request.query_params.get("next"))
        if session_id and auth.load_session(web.engine, session_id) is not None:
            return RedirectResponse(next_path, status_code=303)
        chosen = request.query_params.get("lang", "")
        return login_form(
            request,
            language=web.login_language(request),
            chosen=chosen if chosen in LANGUAGES else "",
            next_path=next_path,
        )

    @routes.post("/login")
    def login(request: Request, form: Annotated[FormData, Depends(read_form)]) -> Response:
        chosen = _text(form, "language")
        chosen = chosen if chosen in LANGUAGES else ""
        language = chosen or web.login_language(request)
        fmt = Formatter(language)
        next_path = same_site_path(_text(form, "next"))
        sent = _text(form, "login_token")
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            return web.render(
                None, "error.html", fmt=fmt, status=403, message=fmt.t("error.login_csrf")
            )
        username = _text(form, "username").strip()
        user = auth.authenticate(web.engine, username, _text(form, "password"))
        if user is None:
            return login_form(
                request,
                language=language,
                chosen=chosen,
                next_path=next_path,
                error=fmt.t("login.failed"),
                username=username,
                status=401,
            )
        companies = auth.user_companies(web.engine, user.id)
        if not companies:
            return login_form(
                request,
                language=language,
                chosen=chosen,
                next_path=next_path,
                error=fmt.t("login.no_company"),
                username=username,
                status=403,
            )
        session_id, _csrf = auth.create_session(
            web.engine, user.id, companies[0][0].id, language=chosen or None
        )
        response = RedirectResponse(next_path, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            session_id,
            path="/",
            httponly=True,
            samesite="lax",
            secure=cookie_secure(request),
        )
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    @routes.post("/logout")
    def logout(ctx: Annotated[Ctx, Depends(signed_in)]) -> Response:
        auth.end_session(web.engine, ctx.session_id)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @routes.post("/language")
    def language(ctx: Annotated[Ctx, Depends(signed_in)]) -> Response:
        code = ctx.field("language")
        if code in LANGUAGES:
            auth.set_session_language(web.engine, ctx.session_id, code)
        return web.redirect(ctx.request, same_site_path(ctx.field("next")))

    @routes.post("/company")
    def company(ctx: Annotated[Ctx, Depends(signed_in)]) -> Response:
        chosen = ctx.field("company_id")
        if not any(str(c.id) == chosen for c, _ in ctx.companies):
            raise ctx.refuse(403, "error.company")
        try:
            auth.switch_company(web.engine, ctx.session_id, int(chosen))
        except ReskontroError as exc:
            raise ctx.refuse(403, "error.company") from exc
        return web.redirect(ctx.request, "/")

    return routes
