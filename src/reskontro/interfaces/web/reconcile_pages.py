"""Payment reconciliation (NAV's Payment Reconciliation Journal): a statement's lines applied to
open customer and vendor entries or to accounts, reviewed, changed and posted. Its set-up (the
text-to-account mappings and the rule table) is in :mod:`.reconcile_setup_pages`.

Every change goes through :mod:`reskontro.services.reconcile`. A row's changes work with htmx
(the line's ``<tbody>`` is swapped, the header with the totals comes along out of band) and
without it (the form posts, the browser comes back to the page it was on). A refusal is shown
with the service's own words: in the row for htmx, at the top of the page otherwise.

A batch line itemised by a camt.054 or by its own transaction details is a heading row with a
row per payment under it; a payment's actions are the line's, under
``/lines/{line_no}/details/{detail_no}`` (detail 0: the heading, for what the payments leave
unexplained).
"""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from reskontro.domain.access import Action
from reskontro.domain.errors import NotFoundError, ReskontroError
from reskontro.interfaces.web.core import (
    PAGE_SIZE,
    Ctx,
    Web,
    is_htmx,
    page_number,
    same_site_path,
    url,
    with_message,
)
from reskontro.interfaces.web.forms import FieldError, parse_int_field, parse_money_field
from reskontro.interfaces.web.statement_pages import numbers, status_of
from reskontro.services import reconcile, statements
from reskontro.services.reconcile_view import ReconcileLine, ReconcileView

ROWS_PER_PAGE = 100
"""Statement lines per page of the journal."""
FILTERS = ("all", "review", "difference")
ACCOUNT_TYPES = ("customer", "vendor", "gl")
CANDIDATES = 50
"""The most candidates the panel of one line lists."""
LINE = "/reconcile/{bank}/{no}/lines/{line_no}"
DETAIL = LINE + "/details/{detail_no}"


def journal_path(bank: str, no: int) -> str:
    """The payment reconciliation journal of a statement.

    >>> journal_path("BANK 2", 3)
    '/reconcile/BANK%202/3'
    """
    return f"/reconcile/{quote(bank, safe='')}/{no}"


def post_blockers(
    view: ReconcileView, t: Callable[..., str], money: Callable[..., str]
) -> list[str]:
    """Why "post payments and reconcile bank account" cannot be done now, in words; empty when
    the lines add up to the closing balance and every line is applied in full."""
    reasons = []
    if view.closing_balance is None:
        reasons.append(t("reconcile.no_closing_balance"))
    else:
        expected = view.closing_balance - view.balance_last_statement
        if view.total_lines != expected:
            reasons.append(
                t(
                    "reconcile.lines_do_not_add_up",
                    total=money(view.total_lines),
                    expected=money(expected),
                )
            )
    if view.total_difference != 0 or view.counts.get("with_difference", 0):
        reasons.append(
            t(
                "reconcile.lines_with_difference",
                n=view.counts.get("with_difference", 0),
                difference=money(view.total_difference),
            )
        )
    return reasons


def has_kept_applications(lines: Sequence[ReconcileLine]) -> bool:
    """Whether applying automatically would meet accepted or manual applications (the page
    then offers to overwrite them)."""
    return any(line.status in ("accepted", "manual") and not line.posted for line in lines)


Row = tuple[int, int | None]
"""A row of the journal as its address names it: (line no., detail no.); None when the address
names the line only (an ordinary line, or the heading of an itemised one)."""


def row_of(lines: Sequence[ReconcileLine], row: Row) -> ReconcileLine | None:
    """The row of the view the address names."""
    line_no, detail_no = row
    return next(
        (x for x in lines if x.line_no == line_no and (x.detail_no or 0) == (detail_no or 0)),
        None,
    )


@dataclass(frozen=True)
class RowAt:
    """A row of a statement's journal, as the address of a line's page names it."""

    bank: str
    no: int
    line_no: int
    detail_no: int | None

    @property
    def row(self) -> Row:
        return (self.line_no, self.detail_no)


def row_at(bank: str, no: int, line_no: int, detail_no: int | None = None) -> RowAt:
    """The row a line's (or a payment's) address names; a dependency of the line routes."""
    return RowAt(bank, no, line_no, detail_no)


@dataclass(frozen=True)
class Panel:
    """The "apply manually" panel of one line: the entries it may be applied to."""

    line_no: int
    candidates: list[Any]
    search: str
    account_type: str
    account_no: str
    error: str = ""
    values: dict[str, str] | None = None
    """What the user sent when the service refused it, to show again."""
    detail_no: int | None = None
    """The payment of a batch line the panel is for; None for a line."""

    def is_for(self, line: ReconcileLine) -> bool:
        return (self.line_no, self.detail_no or 0) == (line.line_no, line.detail_no or 0)


def _amount_or_none(text: str) -> Decimal | None:
    return parse_money_field(text, "amount") if text.strip() else None


def account_type_field(text: str) -> str:
    """The account type a form sent, or a refusal naming the field."""
    if text not in ACCOUNT_TYPES:
        raise FieldError("form.bad_choice", "account_type", text)
    return text


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    enter_reader = web.reader(Action.ENTER)
    enterer = web.writer(Action.ENTER)
    poster = web.writer(Action.POST)

    # -- the list of statements to reconcile ---------------------------------------------------

    @routes.get("/reconcile")
    def statement_list(ctx: Annotated[Ctx, Depends(reader)], statement: str = "") -> Response:
        error = ""
        if statement.strip():
            try:
                bank, no = reconcile.resolve_statement(web.engine, ctx.company_id, statement)
            except ReskontroError as exc:
                error = ctx.explain(exc)[0]
            else:
                return web.redirect(ctx.request, journal_path(bank, no))
        page = page_number(ctx.request)
        rows = statements.list_statements(
            web.engine, ctx.company_id, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
        )
        return web.render(
            ctx,
            "reconcile/list.html",
            status=422 if error else 200,
            section="nav.reconcile",
            statements=rows[:PAGE_SIZE],
            has_next=len(rows) > PAGE_SIZE,
            page=page,
            statement=statement,
            error=error,
        )

    # -- the journal ---------------------------------------------------------------------------

    def chosen_filter(ctx: Ctx) -> str:
        chosen = ctx.request.query_params.get("filter", "")
        return chosen if chosen in FILTERS else "all"

    def load(ctx: Ctx, bank: str, no: int, filter_: str = "all") -> ReconcileView:
        try:
            return reconcile.show(web.engine, ctx.company_id, bank, no, filter=filter_)
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        except ReskontroError as exc:
            # A statement that cannot have a journal (a report, a notification): say why.
            raise ctx.refuse(status_of(exc), "reconcile.refused", reason=str(exc)) from exc

    def panel_for(
        ctx: Ctx,
        bank: str,
        no: int,
        row: Row,
        values: dict[str, str],
        *,
        error: str = "",
        sent: dict[str, str] | None = None,
    ) -> Panel:
        search = values.get("search", "").strip()
        account_type = values.get("account_type", "").strip()
        account_no = values.get("account_no", "").strip()
        found: list[Any] = []
        try:
            found = reconcile.candidates(
                web.engine,
                ctx.company_id,
                bank,
                no,
                row[0],
                search=search,
                account_type=account_type if account_type in ACCOUNT_TYPES else None,
                account_no=account_no or None,
                limit=CANDIDATES,
                detail_no=row[1] or 0,
            )
        except ReskontroError as exc:
            # A customer or vendor no. searched for that is not there, among others.
            error = error or ctx.explain(exc)[0]
        return Panel(row[0], found, search, account_type, account_no, error, sent, row[1])

    def journal_page(
        ctx: Ctx,
        bank: str,
        no: int,
        *,
        status: int = 200,
        error: str = "",
        problems: list[str] | None = None,
        panel: Panel | None = None,
    ) -> Response:
        filter_ = chosen_filter(ctx)
        view = load(ctx, bank, no, filter_)
        page = page_number(ctx.request)
        if panel is not None:
            # The page that holds the line whose panel is open.
            found = [i for i, line in enumerate(view.lines) if panel.is_for(line)]
            page = found[0] // ROWS_PER_PAGE + 1 if found else page
        first = (page - 1) * ROWS_PER_PAGE
        shown = view.lines[first : first + ROWS_PER_PAGE]
        base = journal_path(bank, no)
        return web.render(
            ctx,
            "reconcile/journal.html",
            status=status,
            section="nav.reconcile",
            base=base,
            view=view,
            lines=shown,
            page=page,
            has_next=first + ROWS_PER_PAGE < len(view.lines),
            filter=filter_,
            filters=FILTERS,
            back=url(
                base, filter=filter_ if filter_ != "all" else "", page=page if page > 1 else ""
            ),
            blockers=post_blockers(view, ctx.t, ctx.fmt.money),
            kept=has_kept_applications(view.lines),
            panel=panel,
            account_types=ACCOUNT_TYPES,
            error=error,
            problems=problems or [],
        )

    def back_to(ctx: Ctx, bank: str, no: int) -> str:
        return same_site_path(ctx.field("back"), journal_path(bank, no))

    def line_part(
        ctx: Ctx, bank: str, no: int, row: Row, *, panel: Panel | None = None
    ) -> Response:
        """One row's ``<tbody>`` and, out of band, the header with the totals (htmx)."""
        view = load(ctx, bank, no)
        line = row_of(view.lines, row)
        if line is None:
            raise ctx.refuse(404, "error.not_found")
        return web.render(
            ctx,
            "reconcile/line_part.html",
            base=journal_path(bank, no),
            view=view,
            line=line,
            back=same_site_path(
                ctx.field("back") or ctx.request.query_params.get("back", ""),
                journal_path(bank, no),
            ),
            blockers=post_blockers(view, ctx.t, ctx.fmt.money),
            kept=has_kept_applications(view.lines),
            panel=panel,
            account_types=ACCOUNT_TYPES,
        )

    @routes.get("/reconcile/{bank}/{no}")
    def show_journal(ctx: Annotated[Ctx, Depends(reader)], bank: str, no: int) -> Response:
        return journal_page(ctx, bank, no)

    @routes.get(LINE)
    @routes.get(DETAIL)
    def show_line(
        ctx: Annotated[Ctx, Depends(reader)], at: Annotated[RowAt, Depends(row_at)]
    ) -> Response:
        """A line's ``<tbody>`` as it is (closing its panel)."""
        return line_part(ctx, at.bank, at.no, at.row)

    @routes.get(LINE + "/candidates")
    @routes.get(DETAIL + "/candidates")
    def show_candidates(
        ctx: Annotated[Ctx, Depends(enter_reader)], at: Annotated[RowAt, Depends(row_at)]
    ) -> Response:
        """The line with its "apply manually" panel: the scored entries, or those found."""
        values = dict(ctx.request.query_params)
        panel = panel_for(ctx, at.bank, at.no, at.row, values)
        if not is_htmx(ctx.request):
            return journal_page(ctx, at.bank, at.no, panel=panel)
        return line_part(ctx, at.bank, at.no, at.row, panel=panel)

    def changed(
        ctx: Ctx,
        bank: str,
        no: int,
        row: Row | None,
        change: Callable[[], object],
        done: str,
        *,
        panel_on_error: bool = False,
    ) -> Response:
        """Run *change*; then the changed line (htmx) or the page again (with *done*); or the
        refusal, in the line's panel or at the top of the page."""
        try:
            ref = change()
        except (ReskontroError, FieldError) as exc:
            # Also an account or entry the user named that is not there; a line or statement
            # that is not there is a 404 when the page is built again below.
            message, problems = ctx.explain(exc)
            sent = {k: v for k, v in ctx.form.items() if isinstance(v, str)}
            panel = None
            if row is not None and (panel_on_error or is_htmx(ctx.request)):
                panel = panel_for(ctx, bank, no, row, {}, error=message, sent=sent)
            if row is not None and is_htmx(ctx.request):
                return line_part(ctx, bank, no, row, panel=panel)
            return journal_page(
                ctx,
                bank,
                no,
                status=status_of(exc) if isinstance(exc, ReskontroError) else 422,
                error=message,
                problems=problems,
                panel=panel,
            )
        if row is not None and is_htmx(ctx.request):
            return line_part(ctx, bank, no, row)
        target = back_to(ctx, bank, no)
        return web.redirect(ctx.request, with_message(target, done, str(ref)))

    @routes.post("/reconcile/{bank}/{no}/apply-automatically")
    def apply_automatically(ctx: Annotated[Ctx, Depends(enterer)], bank: str, no: int) -> Response:
        def change() -> str:
            summary = reconcile.apply_automatically(
                web.engine,
                ctx.company_id,
                bank,
                no,
                overwrite=bool(ctx.field("overwrite")),
                user=ctx.user,
            )
            return f"{summary.applied}/{summary.lines}"

        return changed(ctx, bank, no, None, change, "done.reconcile_applied")

    @routes.post("/reconcile/{bank}/{no}/accept")
    def accept_all(ctx: Annotated[Ctx, Depends(enterer)], bank: str, no: int) -> Response:
        chosen = numbers(ctx, "line")

        def change() -> int:
            return reconcile.accept(
                web.engine, ctx.company_id, bank, no, chosen or None, user=ctx.user
            )

        return changed(ctx, bank, no, None, change, "done.reconcile_accepted")

    @routes.post(LINE + "/accept")
    @routes.post(DETAIL + "/accept")
    def accept_line(
        ctx: Annotated[Ctx, Depends(enterer)], at: Annotated[RowAt, Depends(row_at)]
    ) -> Response:
        line_no, detail_no = at.row
        wanted: int | tuple[int, int] = line_no if detail_no is None else (line_no, detail_no)

        def change() -> int:
            return reconcile.accept(
                web.engine, ctx.company_id, at.bank, at.no, [wanted], user=ctx.user
            )

        return changed(ctx, at.bank, at.no, at.row, change, "done.reconcile_accepted")

    @routes.post(LINE + "/remove")
    @routes.post(DETAIL + "/remove")
    def remove_line(
        ctx: Annotated[Ctx, Depends(enterer)], at: Annotated[RowAt, Depends(row_at)]
    ) -> Response:
        def change() -> int:
            reconcile.remove(
                web.engine,
                ctx.company_id,
                at.bank,
                at.no,
                at.line_no,
                user=ctx.user,
                detail_no=at.detail_no,
            )
            return at.line_no

        return changed(ctx, at.bank, at.no, at.row, change, "done.reconcile_removed")

    @routes.post(LINE + "/apply")
    @routes.post(DETAIL + "/apply")
    def apply_line(
        ctx: Annotated[Ctx, Depends(enterer)], at: Annotated[RowAt, Depends(row_at)]
    ) -> Response:
        def change() -> int:
            entry = ctx.field("entry_no")
            account_type = account_type_field(ctx.field("account_type"))
            reconcile.apply_manually(
                web.engine,
                ctx.company_id,
                at.bank,
                at.no,
                at.line_no,
                account_type=account_type,
                account_no=ctx.field("account_no"),
                entry_no=parse_int_field(entry, "entry_no") if entry else None,
                amount=_amount_or_none(ctx.field("amount")),
                user=ctx.user,
                detail_no=at.detail_no or 0,
            )
            return at.line_no

        done = "done.reconcile_applied_line"
        return changed(ctx, at.bank, at.no, at.row, change, done, panel_on_error=True)

    @routes.post(LINE + "/transfer")
    @routes.post(DETAIL + "/transfer")
    def transfer_line(
        ctx: Annotated[Ctx, Depends(enterer)], at: Annotated[RowAt, Depends(row_at)]
    ) -> Response:
        def change() -> int:
            reconcile.transfer_difference(
                web.engine,
                ctx.company_id,
                at.bank,
                at.no,
                at.line_no,
                account_type=account_type_field(ctx.field("account_type") or "gl"),
                account_no=ctx.field("account_no"),
                user=ctx.user,
                detail_no=at.detail_no or 0,
            )
            return at.line_no

        done = "done.reconcile_transferred"
        return changed(ctx, at.bank, at.no, at.row, change, done, panel_on_error=True)

    @routes.post("/reconcile/{bank}/{no}/post")
    def post(ctx: Annotated[Ctx, Depends(poster)], bank: str, no: int) -> Response:
        with_rec = ctx.field("reconcile") == "1"

        def change() -> int:
            summary = reconcile.post(
                web.engine, ctx.company_id, bank, no, reconcile=with_rec, user=ctx.user
            )
            return summary.register_no

        done = "done.reconcile_posted_reconciled" if with_rec else "done.reconcile_posted"
        return changed(ctx, bank, no, None, change, done)

    return routes
