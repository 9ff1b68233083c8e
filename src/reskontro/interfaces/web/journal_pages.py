"""Journals: templates and batches, the editable grid of lines, the test report, posting.

The grid works with htmx (rows edited, added and deleted in place) and without it (the same
forms post normally and the page comes back). Each row's fields belong to a small form in the
row's last cell through the ``form`` attribute, so Enter in any field saves the row.
"""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from reskontro.domain.access import Action
from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import NotFoundError, ReskontroError
from reskontro.domain.journal import JournalLine
from reskontro.interfaces.web.core import PAGE_SIZE, Ctx, Web, is_htmx, page_number, url
from reskontro.interfaces.web.forms import FieldError, parse_date_field, parse_money_field
from reskontro.services import journals, posting, reports
from reskontro.services.journals import BatchInfo, JournalLineInput

REPORT_LINES = 1000
"""The most lines the test report page shows (its counts always cover the whole batch)."""
OPEN_DOCUMENTS = 50
LINE_TEXT_FIELDS = (
    "posting_date",
    "document_type",
    "document_no",
    "account_type",
    "account_no",
    "description",
    "amount",
    "bal_account_type",
    "bal_account_no",
    "applies_to_doc_type",
    "applies_to_doc_no",
)


@dataclass(frozen=True)
class LineReport:
    line: JournalLine
    problems: list[str]
    warnings: list[str]


def _enum(kind: type[Any], text: str, field: str) -> Any:
    try:
        return kind(text)
    except ValueError as exc:
        raise FieldError("form.bad_choice", field, text) from exc


def _line_values(ctx: Ctx) -> dict[str, Any]:
    """A grid row's fields as the service wants them; refuses a field it cannot read."""
    applies_no = ctx.field("applies_to_doc_no")
    applies_type = _enum(DocumentType, ctx.field("applies_to_doc_type"), "applies_to_doc_type")
    if applies_no and applies_type is DocumentType.NONE:
        applies_type = DocumentType.INVOICE
    return {
        "posting_date": parse_date_field(ctx.field("posting_date"), "posting_date"),
        "document_type": _enum(DocumentType, ctx.field("document_type"), "document_type"),
        "document_no": ctx.field("document_no"),
        "account_type": _enum(AccountType, ctx.field("account_type") or "gl", "account_type"),
        "account_no": ctx.field("account_no"),
        "description": ctx.field("description"),
        "amount": parse_money_field(ctx.field("amount"), "amount"),
        "bal_account_type": _enum(
            AccountType, ctx.field("bal_account_type") or "gl", "bal_account_type"
        ),
        "bal_account_no": ctx.field("bal_account_no"),
        "applies_to_doc_type": applies_type,
        "applies_to_doc_no": applies_no,
    }


def _typed_values(ctx: Ctx) -> dict[str, str]:
    return {name: ctx.field(name) for name in LINE_TEXT_FIELDS}


def _shown_values(line: JournalLine, ctx: Ctx) -> dict[str, str]:
    return {
        "posting_date": line.posting_date.isoformat() if line.posting_date else "",
        "document_type": line.document_type.value,
        "document_no": line.document_no,
        "account_type": line.account_type.value,
        "account_no": line.account_no,
        "description": line.description,
        "amount": ctx.fmt.input_amount(line.amount),
        "bal_account_type": line.bal_account_type.value,
        "bal_account_no": line.bal_account_no,
        "applies_to_doc_type": line.applies_to_doc_type.value,
        "applies_to_doc_no": line.applies_to_doc_no,
    }


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    enter_reader = web.reader(Action.ENTER)
    enter = web.writer(Action.ENTER)
    poster = web.writer(Action.POST)

    def batch_info(ctx: Ctx, template: str, batch: str) -> BatchInfo:
        found = next(
            (
                b
                for b in journals.list_batches(web.engine, ctx.company_id, template)
                if b.name == batch
            ),
            None,
        )
        if found is None:
            raise ctx.refuse(404, "error.not_found")
        return found

    @routes.get("/journals")
    def journal_index(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        return web.render(
            ctx,
            "journals/index.html",
            section="nav.journals",
            templates=journals.list_templates(web.engine, ctx.company_id),
            batches=journals.list_batches(web.engine, ctx.company_id),
            error="",
        )

    @routes.post("/journals/batches")
    def create_batch(ctx: Annotated[Ctx, Depends(enter)]) -> Response:
        template = ctx.field("template")
        try:
            created = journals.create_batch(
                web.engine, ctx.company_id, template, ctx.field("name"), ctx.field("description")
            )
        except ReskontroError as exc:
            return web.render(
                ctx,
                "journals/index.html",
                status=422,
                section="nav.journals",
                templates=journals.list_templates(web.engine, ctx.company_id),
                batches=journals.list_batches(web.engine, ctx.company_id),
                error=ctx.explain(exc)[0],
            )
        return web.redirect(ctx.request, f"/journals/{created.template}/{created.name}")

    def grid_page(
        ctx: Ctx,
        template: str,
        batch: str,
        *,
        status: int = 200,
        error: str = "",
        problems: list[str] | None = None,
        new_values: dict[str, str] | None = None,
    ) -> Response:
        info = batch_info(ctx, template, batch)
        page = page_number(ctx.request)
        lines = journals.list_lines(
            web.engine,
            ctx.company_id,
            template,
            batch,
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
        try:
            editing = int(ctx.request.query_params.get("edit", "0"))
        except ValueError:
            editing = 0
        edited = next((line for line in lines if line.line_no == editing), None)
        return web.render(
            ctx,
            "journals/batch.html",
            status=status,
            section="nav.journals",
            info=info,
            lines=lines[:PAGE_SIZE],
            has_next=len(lines) > PAGE_SIZE,
            page=page,
            editing=editing,
            edit_values=_shown_values(edited, ctx) if edited and ctx.can("enter") else None,
            new=new_values or blank_line(info, lines[-1] if lines else None),
            error=error,
            problems=problems or [],
        )

    def blank_line(info: BatchInfo, last: JournalLine | None) -> dict[str, str]:
        """A new row: the batch's balancing account, and the date and type of the last line."""
        return {
            "posting_date": last.posting_date.isoformat() if last and last.posting_date else "",
            "document_type": last.document_type.value if last else "",
            "document_no": "",
            "account_type": last.account_type.value if last else "customer",
            "account_no": "",
            "description": "",
            "amount": "",
            "bal_account_type": info.bal_account_type.value,
            "bal_account_no": info.bal_account_no,
            "applies_to_doc_type": "",
            "applies_to_doc_no": "",
        }

    @routes.get("/journals/{template}/{batch}")
    def batch_grid(ctx: Annotated[Ctx, Depends(reader)], template: str, batch: str) -> Response:
        return grid_page(ctx, template, batch)

    def row(ctx: Ctx, info: BatchInfo, line: JournalLine, *, oob_balance: bool) -> Response:
        return web.render(
            ctx,
            "journals/line_row.html",
            info=info,
            line=line,
            page=page_number(ctx.request),
            oob_balance=oob_balance,
        )

    def line_of(ctx: Ctx, template: str, batch: str, line_no: int) -> JournalLine:
        """The line, looked for on the grid page it was shown on (``?page=``), so one row
        costs one page of lines, never the whole batch."""
        page = page_number(ctx.request)
        shown = journals.list_lines(
            web.engine,
            ctx.company_id,
            template,
            batch,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        for line in shown:
            if line.line_no == line_no:
                return line
        raise ctx.refuse(404, "error.line_moved")

    @routes.get("/journals/{template}/{batch}/lines/{line_no}")
    def show_line(
        ctx: Annotated[Ctx, Depends(reader)], template: str, batch: str, line_no: int
    ) -> Response:
        info = batch_info(ctx, template, batch)
        return row(ctx, info, line_of(ctx, template, batch, line_no), oob_balance=False)

    @routes.get("/journals/{template}/{batch}/lines/{line_no}/edit")
    def edit_line(
        ctx: Annotated[Ctx, Depends(enter_reader)], template: str, batch: str, line_no: int
    ) -> Response:
        info = batch_info(ctx, template, batch)
        line = line_of(ctx, template, batch, line_no)
        return web.render(
            ctx,
            "journals/line_edit.html",
            info=info,
            line_no=line_no,
            page=page_number(ctx.request),
            values=_shown_values(line, ctx),
        )

    @routes.post("/journals/{template}/{batch}/lines/{line_no}")
    def save_line(
        ctx: Annotated[Ctx, Depends(enter)], template: str, batch: str, line_no: int
    ) -> Response:
        info = batch_info(ctx, template, batch)
        try:
            changes = _line_values(ctx)
            line = journals.update_line(
                web.engine, ctx.company_id, template, batch, line_no, changes, user=ctx.user
            )
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        except (ReskontroError, FieldError) as exc:
            if not is_htmx(ctx.request):
                return grid_page(ctx, template, batch, status=422, error=ctx.explain(exc)[0])
            return web.render(
                ctx,
                "journals/line_edit.html",
                info=info,
                line_no=line_no,
                page=page_number(ctx.request),
                values=_typed_values(ctx),
                row_error=ctx.explain(exc)[0],
            )
        if not is_htmx(ctx.request):
            return web.redirect(ctx.request, f"/journals/{template}/{batch}")
        return row(ctx, batch_info(ctx, template, batch), line, oob_balance=True)

    @routes.post("/journals/{template}/{batch}/lines/{line_no}/delete")
    def delete_line(
        ctx: Annotated[Ctx, Depends(enter)], template: str, batch: str, line_no: int
    ) -> Response:
        try:
            journals.delete_line(web.engine, ctx.company_id, template, batch, line_no)
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        if not is_htmx(ctx.request):
            return web.redirect(ctx.request, f"/journals/{template}/{batch}")
        return web.render(ctx, "journals/balance.html", info=batch_info(ctx, template, batch))

    @routes.post("/journals/{template}/{batch}/lines")
    def add_line(ctx: Annotated[Ctx, Depends(enter)], template: str, batch: str) -> Response:
        info = batch_info(ctx, template, batch)
        try:
            values = _line_values(ctx)
            line = journals.add_line(
                web.engine,
                ctx.company_id,
                template,
                batch,
                JournalLineInput(**values),
                user=ctx.user,
            )
        except (ReskontroError, FieldError) as exc:
            if not is_htmx(ctx.request):
                return grid_page(
                    ctx,
                    template,
                    batch,
                    status=422,
                    error=ctx.explain(exc)[0],
                    new_values=_typed_values(ctx),
                )
            return web.render(
                ctx,
                "journals/add_row.html",
                info=batch_info(ctx, template, batch),
                new=_typed_values(ctx),
                add_error=ctx.explain(exc)[0],
                oob=True,
            )
        if not is_htmx(ctx.request):
            return web.redirect(ctx.request, f"/journals/{template}/{batch}")
        info = batch_info(ctx, template, batch)
        return web.render(
            ctx,
            "journals/line_added.html",
            info=info,
            line=line,
            page=page_number(ctx.request),
            new=blank_line(info, line),
        )

    @routes.get("/journals/{template}/{batch}/test")
    def test_report(
        ctx: Annotated[Ctx, Depends(enter_reader)], template: str, batch: str, only: str = ""
    ) -> Response:
        info = batch_info(ctx, template, batch)
        report = posting.batch_test_report(web.engine, ctx.company_id, template, batch)
        lines = journals.list_lines(web.engine, ctx.company_id, template, batch, limit=REPORT_LINES)
        problems: dict[int | None, list[str]] = {}
        warnings: dict[int | None, list[str]] = {}
        for problem in report.problems:
            problems.setdefault(problem.line_no, []).append(problem.message)
        for warning in report.warnings:
            warnings.setdefault(warning.line_no, []).append(warning.message)
        shown = [
            LineReport(line, problems.get(line.line_no, []), warnings.get(line.line_no, []))
            for line in lines
        ]
        if only:
            shown = [r for r in shown if r.problems or r.warnings]
        return web.render(
            ctx,
            "journals/test_report.html",
            section="nav.journals",
            info=info,
            report=report,
            batch_problems=problems.get(None, []),
            shown=shown,
            only=bool(only),
            capped=report.lines > len(lines),
        )

    @routes.post("/journals/{template}/{batch}/post")
    def post_batch(ctx: Annotated[Ctx, Depends(poster)], template: str, batch: str) -> Response:
        try:
            summary = posting.post_batch(web.engine, ctx.company_id, template, batch, user=ctx.user)
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        except ReskontroError as exc:
            message, problems = ctx.explain(exc)
            return grid_page(ctx, template, batch, status=422, error=message, problems=problems)
        target = url(
            f"/journals/{template}/{batch}",
            done="done.batch_posted",
            ref=str(summary.register_no),
        )
        return web.redirect(ctx.request, target)

    @routes.get("/entries/open-documents")
    def open_documents(
        ctx: Annotated[Ctx, Depends(reader)], account_type: str = "", account_no: str = ""
    ) -> Response:
        """``<option>``s of a customer's open documents for an applies-to field (htmx)."""
        entries = []
        if account_type == AccountType.CUSTOMER.value and account_no:
            entries = reports.customer_ledger(
                web.engine,
                ctx.company_id,
                customer_no=account_no,
                open_only=True,
                limit=OPEN_DOCUMENTS,
            )
        return web.render(ctx, "journals/open_documents.html", entries=entries)

    return routes
