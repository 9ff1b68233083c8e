"""Nets OCR giro payments: the upload page (file in, journal lines and warnings out) and the
OCR set-up of a bank account."""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from reskontro.domain.access import Action
from reskontro.domain.errors import NotFoundError, ReskontroError
from reskontro.interfaces.web.core import Ctx, Web, url
from reskontro.interfaces.web.forms import FieldError, parse_money_field
from reskontro.services import masterdata, ocr

SETUP_FIELDS = (
    "agreement_id",
    "journal_template",
    "journal_batch",
    "max_divergence",
    "divergence_account",
    "unknown_kid",
    "suspense_customer_no",
)


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    enterer = web.writer(Action.ENTER)
    admin = web.writer(Action.ADMIN)

    def import_page(ctx: Ctx, *, status: int = 200, error: str = "", **extra: Any) -> Response:
        return web.render(
            ctx,
            "ocr/import.html",
            status=status,
            section="nav.journals",
            accounts=masterdata.list_bank_accounts(web.engine, ctx.company_id),
            error=error,
            result=extra.get("result"),
        )

    @routes.get("/ocr/import")
    def show_import(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        return import_page(ctx)

    @routes.post("/ocr/import")
    def upload(ctx: Annotated[Ctx, Depends(enterer)]) -> Response:
        sent = ctx.form.get("file")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return import_page(ctx, status=422, error=ctx.t("ocr.no_file"))
        try:
            result = ocr.import_ocr(
                web.engine,
                ctx.company_id,
                sent.file.read(),
                sent.filename,
                bank_account_no=ctx.field("bank_account") or None,
                user=ctx.user,
            )
        except ReskontroError as exc:
            return import_page(ctx, status=409, error=ctx.explain(exc)[0])
        return import_page(ctx, result=result)

    def setup_page(
        ctx: Ctx, no: str, values: dict[str, str], *, status: int = 200, error: str = ""
    ) -> Response:
        return web.render(
            ctx,
            "ocr/setup.html",
            status=status,
            section="nav.setup",
            bank=no,
            values=values,
            error=error,
        )

    @routes.get("/ocr/setup/{no}")
    def show_setup(ctx: Annotated[Ctx, Depends(reader)], no: str) -> Response:
        try:
            info = ocr.get_ocr_setup(web.engine, ctx.company_id, no)
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        values = {name: str(getattr(info, name)) for name in SETUP_FIELDS}
        return setup_page(ctx, no, values)

    @routes.post("/ocr/setup/{no}")
    def save_setup(ctx: Annotated[Ctx, Depends(admin)], no: str) -> Response:
        values = {name: ctx.field(name) for name in SETUP_FIELDS}
        try:
            ocr.update_ocr_setup(
                web.engine,
                ctx.company_id,
                no,
                agreement_id=values["agreement_id"],
                journal_template=values["journal_template"] or None,
                journal_batch=values["journal_batch"] or None,
                max_divergence=parse_money_field(values["max_divergence"] or "0", "max_divergence"),
                divergence_account=values["divergence_account"],
                unknown_kid=values["unknown_kid"] or "leave",
                suspense_customer_no=values["suspense_customer_no"],
                user=ctx.user,
            )
        except (FieldError, ReskontroError) as exc:
            return setup_page(ctx, no, values, status=422, error=ctx.explain(exc)[0])
        return web.redirect(ctx.request, url(f"/ocr/setup/{no}", done="done.saved", ref=no))

    return routes
