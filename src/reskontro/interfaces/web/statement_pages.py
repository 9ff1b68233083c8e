"""Bank statements and bank account reconciliation: the list of imported statements with the
upload form, and a statement's reconciliation page (match, unmatch, move a line to a journal,
post, undo).

Every change goes through :mod:`reskontro.services.bankrec`; a refusal is shown on the
statement page with the service's own words."""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from reskontro.domain.access import Action
from reskontro.domain.errors import (
    ConflictError,
    ImportRefused,
    NotFoundError,
    ReskontroError,
)
from reskontro.interfaces.web.core import PAGE_SIZE, Ctx, Web, page_number, url, with_message
from reskontro.services import bankrec, masterdata, statements

FORMATS = ("camt", "mt940", "csv")


def status_of(exc: ReskontroError) -> int:
    """The page's status code for a refusal of the services."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError | ImportRefused):
        return 409
    return 422


def statement_path(bank: str, no: int) -> str:
    """The statement's page.

    >>> statement_path("BANK 2", 3)
    '/statements/BANK%202/3'
    """
    return f"/statements/{quote(bank, safe='')}/{no}"


def numbers(ctx: Ctx, name: str) -> list[int]:
    """The whole numbers a form sent under *name* (checkboxes); others are left out."""
    found = []
    for value in ctx.form.getlist(name):
        if isinstance(value, str) and value.strip().isdigit():
            found.append(int(value.strip()))
    return found


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    enterer = web.writer(Action.ENTER)
    poster = web.writer(Action.POST)

    def list_page(
        ctx: Ctx, *, status: int = 200, error: str = "", problems: list[str] | None = None
    ) -> Response:
        page = page_number(ctx.request)
        bank = ctx.request.query_params.get("bank", "").strip()
        rows = statements.list_statements(
            web.engine,
            ctx.company_id,
            bank or None,
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
        return web.render(
            ctx,
            "statements/list.html",
            status=status,
            section="nav.statements",
            accounts=masterdata.list_bank_accounts(web.engine, ctx.company_id),
            statements=rows[:PAGE_SIZE],
            has_next=len(rows) > PAGE_SIZE,
            page=page,
            bank=bank,
            formats=FORMATS,
            error=error,
            problems=problems or [],
        )

    @routes.get("/statements")
    def show_list(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        return list_page(ctx)

    @routes.post("/statements")
    def upload(ctx: Annotated[Ctx, Depends(enterer)]) -> Response:
        sent = ctx.form.get("file")
        bank = ctx.field("bank_account")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return list_page(ctx, status=422, error=ctx.t("statements.no_file"))
        if not bank:
            return list_page(ctx, status=422, error=ctx.t("statements.no_bank"))
        chosen = ctx.field("format")
        try:
            result = statements.import_statements(
                web.engine,
                ctx.company_id,
                sent.file.read(),
                sent.filename,
                bank_account_no=bank,
                format=chosen if chosen in FORMATS else None,
                user=ctx.user,
            )
        except ReskontroError as exc:
            message, problems = ctx.explain(exc)
            return list_page(ctx, status=status_of(exc), error=message, problems=problems)
        if len(result.statements) != 1:
            target = url("/statements", bank=bank)
        else:
            target = statement_path(bank, result.statements[0].statement_no)
        return web.redirect(
            ctx.request, with_message(target, "done.statement_imported", str(result.import_no))
        )

    def statement_page(
        ctx: Ctx,
        bank: str,
        no: int,
        *,
        status: int = 200,
        error: str = "",
        problems: list[str] | None = None,
    ) -> Response:
        try:
            detail = statements.get_statement(web.engine, ctx.company_id, bank, no)
            view = bankrec.show(web.engine, ctx.company_id, bank, no)
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        return web.render(
            ctx,
            "bankrec/statement.html",
            status=status,
            section="nav.statements",
            reconcilable=detail.statement.kind in ("camt.053", "mt940", "csv"),
            base=statement_path(bank, no),
            info=detail.statement,
            itemised={line.line_no: line for line in detail.lines if line.details},
            view=view,
            error=error,
            problems=problems or [],
        )

    def after(ctx: Ctx, bank: str, no: int, change: Any, done: str) -> Response:
        """Run *change*; back to the statement with *done*, or the page with the refusal."""
        try:
            ref = change()
        except ReskontroError as exc:
            message, problems = ctx.explain(exc)
            return statement_page(
                ctx, bank, no, status=status_of(exc), error=message, problems=problems
            )
        target = with_message(statement_path(bank, no), done, str(ref))
        return web.redirect(ctx.request, target)

    @routes.get("/statements/{bank}/{no}")
    def show_statement(ctx: Annotated[Ctx, Depends(reader)], bank: str, no: int) -> Response:
        return statement_page(ctx, bank, no)

    @routes.post("/statements/{bank}/{no}/match-automatically")
    def auto(ctx: Annotated[Ctx, Depends(enterer)], bank: str, no: int) -> Response:
        def change() -> int:
            return bankrec.match_automatically(web.engine, ctx.company_id, bank, no, user=ctx.user)

        return after(ctx, bank, no, change, "done.matched_automatically")

    @routes.post("/statements/{bank}/{no}/match")
    def manual(ctx: Annotated[Ctx, Depends(enterer)], bank: str, no: int) -> Response:
        line_nos, entry_nos = numbers(ctx, "line"), numbers(ctx, "entry")
        if not line_nos or not entry_nos:
            return statement_page(ctx, bank, no, status=422, error=ctx.t("bankrec.choose_both"))

        def change() -> str:
            bankrec.match_manually(
                web.engine, ctx.company_id, bank, no, line_nos, entry_nos, user=ctx.user
            )
            return ", ".join(map(str, line_nos))

        return after(ctx, bank, no, change, "done.matched")

    @routes.post("/statements/{bank}/{no}/unmatch")
    def unmatch(ctx: Annotated[Ctx, Depends(enterer)], bank: str, no: int) -> Response:
        line_nos = numbers(ctx, "line")
        if len(line_nos) != 1:
            return statement_page(ctx, bank, no, status=422, error=ctx.t("bankrec.choose_line"))

        def change() -> str:
            lines = bankrec.remove_match(
                web.engine, ctx.company_id, bank, no, line_nos[0], user=ctx.user
            )
            return ", ".join(map(str, lines))

        return after(ctx, bank, no, change, "done.unmatched")

    @routes.post("/statements/{bank}/{no}/transfer")
    def transfer(ctx: Annotated[Ctx, Depends(enterer)], bank: str, no: int) -> Response:
        line_nos, account = numbers(ctx, "line"), ctx.field("gl_account")
        if len(line_nos) != 1 or not account:
            return statement_page(ctx, bank, no, status=422, error=ctx.t("bankrec.choose_account"))

        def change() -> str:
            return bankrec.transfer_to_journal(
                web.engine, ctx.company_id, bank, no, line_nos[0], account, user=ctx.user
            )

        return after(ctx, bank, no, change, "done.line_transferred")

    @routes.post("/statements/{bank}/{no}/post")
    def post(ctx: Annotated[Ctx, Depends(poster)], bank: str, no: int) -> Response:
        def change() -> int:
            bankrec.post(web.engine, ctx.company_id, bank, no, user=ctx.user)
            return no

        return after(ctx, bank, no, change, "done.rec_posted")

    @routes.post("/statements/{bank}/{no}/undo")
    def undo(ctx: Annotated[Ctx, Depends(poster)], bank: str, no: int) -> Response:
        def change() -> int:
            bankrec.undo(web.engine, ctx.company_id, bank, no, user=ctx.user)
            return no

        return after(ctx, bank, no, change, "done.rec_undone")

    return routes
