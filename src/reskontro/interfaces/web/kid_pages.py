"""The KID set-up page: what the KID on posted invoices is made of."""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime.
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from reskontro.domain.access import Action
from reskontro.domain.errors import ReskontroError
from reskontro.domain.kid_setup import KidLayout
from reskontro.interfaces.web.core import Ctx, Web, url
from reskontro.services import kid

FIELDS = ("layout", "document_no_length", "customer_no_length", "method")


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    admin = web.writer(Action.ADMIN)

    def page(ctx: Ctx, values: dict[str, str], *, status: int = 200, error: str = "") -> Response:
        return web.render(
            ctx,
            "setup/kid.html",
            status=status,
            section="nav.setup",
            values=values,
            layouts=[layout.value for layout in KidLayout],
            error=error,
        )

    @routes.get("/setup/kid")
    def show(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        current = kid.get_kid_setup(web.engine, ctx.company_id)
        return page(ctx, {name: str(getattr(current, name)) for name in FIELDS})

    @routes.post("/setup/kid")
    def save(ctx: Annotated[Ctx, Depends(admin)]) -> Response:
        values = {name: ctx.field(name) for name in FIELDS}
        try:
            kid.update_kid_setup(
                web.engine,
                ctx.company_id,
                layout=values["layout"] or "none",
                document_no_length=_number(values["document_no_length"]),
                customer_no_length=_number(values["customer_no_length"]),
                method=values["method"] or "mod10",
                user=ctx.user,
            )
        except (ReskontroError, ValueError) as exc:
            return page(ctx, values, status=422, error=str(exc))
        return web.redirect(ctx.request, url("/setup/kid", done="done.saved"))

    return routes


def _number(text: str) -> int:
    stripped = text.strip()
    if not stripped:
        return 0
    if not stripped.isdigit():
        raise ValueError(f"{stripped!r} is not a whole number")
    return int(stripped)
