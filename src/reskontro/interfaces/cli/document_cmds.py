"""Sales invoice and credit memo commands: drafts, posting, posted documents.

``reskontro invoice create --customer 10000 --line "Consulting;10;100;3" --post`` makes a draft
and posts it; a line is ``DESCRIPTION;QTY;PRICE;VATCODE[;GLACCOUNT]`` (without a G/L account
the VAT code's sales account is used). Drafts are numbered from the draft series and get their
final number when posted; posted documents never change.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.domain.enums import DocumentType
from reskontro.domain.errors import ReskontroError
from reskontro.domain.money import fmt
from reskontro.interfaces.cli.main import JsonOption, credit_memo_app, get_state, invoice_app
from reskontro.interfaces.cli.masterdata_cmds import done, iso_date, money, number
from reskontro.interfaces.cli.report_cmds import print_fields

if TYPE_CHECKING:
    from reskontro.services.documents import SalesDocumentView, SalesLineInput

LINE_FORMAT = "DESCRIPTION;QTY;PRICE;VATCODE[;GLACCOUNT]"
LIST_COLUMNS = (
    "no",
    "customer_no",
    "customer_name",
    "posting_date",
    "due_date",
    "amount",
    "vat_amount",
    "amount_including_vat",
    "payment_reference",
)
LABELS = {DocumentType.INVOICE: "invoice", DocumentType.CREDIT_MEMO: "credit memo"}

DraftArg = Annotated[str, typer.Argument(help="The draft's number, e.g. D00001.")]
CustomerOpt = Annotated[str, typer.Option("--customer", metavar="NO", help="Customer no.")]
LinesOpt = Annotated[
    list[str],
    typer.Option(
        "--line",
        metavar=LINE_FORMAT,
        help="A document line; repeat for more lines. QTY and PRICE accept 2,5 or 2.5.",
    ),
]
PostingDateOpt = Annotated[
    date | None, typer.Option("--posting-date", parser=iso_date, metavar="DATE")
]
DueDateOpt = Annotated[
    date | None,
    typer.Option(
        "--due-date", parser=iso_date, metavar="DATE", help="Default: by the payment terms."
    ),
]
ExternalDocOpt = Annotated[
    str, typer.Option("--external-doc", metavar="NO", help="The customer's reference.")
]
PostFlag = Annotated[bool, typer.Option("--post", help="Post the document right away.")]


def parse_line(text: str) -> SalesLineInput:
    """One ``--line`` value as a sales line."""
    from reskontro.services.documents import SalesLineInput

    parts = [part.strip() for part in text.split(";")]
    if len(parts) not in (4, 5):
        raise typer.BadParameter(
            f"{text!r} has {len(parts)} parts; write {LINE_FORMAT}", param_hint="'--line'"
        )
    description, quantity, price, vat_code = parts[:4]
    try:
        parsed_quantity, parsed_price = number(quantity), money(price)
    except typer.BadParameter as exc:
        raise typer.BadParameter(f"{text!r}: {exc.message}", param_hint="'--line'") from None
    if not vat_code:
        raise typer.BadParameter(f"{text!r} has no VAT code", param_hint="'--line'")
    return SalesLineInput(
        description=description,
        quantity=parsed_quantity,
        unit_price=parsed_price,
        vat_code=vat_code,
        gl_account=parts[4] if len(parts) == 5 else "",
    )


def _print_document(view: SalesDocumentView, title: str) -> None:
    from reskontro.interfaces.cli import output

    print_fields(_without_lines(view), title=title)
    output.print_table(view.lines, title="Lines", empty="No lines yet.")


def _show(view: SalesDocumentView, *, as_json: bool, message: str) -> None:
    from reskontro.interfaces.cli import output

    if as_json:
        output.print_json(view)
    else:
        done(message)


def _summary(view: SalesDocumentView) -> str:
    label = LABELS[view.document_type]
    if not view.posted:
        return (
            f"Draft {label} {view.no} for customer {view.customer_no} {view.customer_name}: "
            f"{fmt(view.amount_including_vat)} including VAT."
        )
    due = f", due {view.due_date.isoformat()}" if view.due_date else ""
    reference = f", payment reference {view.payment_reference}" if view.payment_reference else ""
    return (
        f"Posted {label} {view.no} (draft {view.draft_no}) for customer {view.customer_no} "
        f"{view.customer_name}: {fmt(view.amount_including_vat)} including VAT{due}{reference}; "
        f"customer entry {view.customer_entry_no}."
    )


def _create(
    ctx: typer.Context,
    kind: DocumentType,
    *,
    customer: str,
    lines: list[str],
    posting_date: date | None,
    due_date: date | None,
    external_doc: str,
    applies_to: str,
    post: bool,
    as_json: bool,
) -> None:
    from reskontro.services.documents import (
        SalesDocumentInput,
        create_sales_document,
        post_sales_document,
    )

    data = SalesDocumentInput(
        document_type=kind,
        customer_no=customer.strip(),
        lines=[parse_line(text) for text in lines],
        posting_date=posting_date,
        due_date=due_date,
        external_document_no=external_doc,
        applies_to_doc_no=applies_to.strip(),
    )
    state = get_state(ctx)
    view = create_sales_document(state.engine, state.company_id, data, user=state.user)
    if post:
        try:
            view = post_sales_document(
                state.engine, state.company_id, kind, view.no, user=state.user
            )
        except ReskontroError:
            typer.echo(
                f"The draft {LABELS[kind]} {view.no} was kept; fix it and post it.", err=True
            )
            raise
    _show(view, as_json=as_json, message=_summary(view))


@invoice_app.command("create")
def invoice_create(
    ctx: typer.Context,
    customer: CustomerOpt,
    lines: LinesOpt,
    posting_date: PostingDateOpt = None,
    due_date: DueDateOpt = None,
    external_doc: ExternalDocOpt = "",
    post: PostFlag = False,
    as_json: JsonOption = False,
) -> None:
    """Create a draft sales invoice (and post it with --post)."""
    _create(
        ctx,
        DocumentType.INVOICE,
        customer=customer,
        lines=lines,
        posting_date=posting_date,
        due_date=due_date,
        external_doc=external_doc,
        applies_to="",
        post=post,
        as_json=as_json,
    )


@credit_memo_app.command("create")
def credit_memo_create(
    ctx: typer.Context,
    customer: CustomerOpt,
    lines: LinesOpt,
    posting_date: PostingDateOpt = None,
    due_date: DueDateOpt = None,
    external_doc: ExternalDocOpt = "",
    applies_to: Annotated[
        str,
        typer.Option(
            "--applies-to", metavar="INVOICE", help="The posted invoice this credit memo corrects."
        ),
    ] = "",
    post: PostFlag = False,
    as_json: JsonOption = False,
) -> None:
    """Create a draft sales credit memo (and post it with --post); lines are positive."""
    _create(
        ctx,
        DocumentType.CREDIT_MEMO,
        customer=customer,
        lines=lines,
        posting_date=posting_date,
        due_date=due_date,
        external_doc=external_doc,
        applies_to=applies_to,
        post=post,
        as_json=as_json,
    )


def _add_document_commands(group: typer.Typer, kind: DocumentType) -> None:
    """``add-line``, ``post``, ``show``, ``list`` and ``delete`` for one kind of document."""
    label = LABELS[kind]

    @group.command("add-line", help=f"Add lines to a draft {label}.")
    def add_line(
        ctx: typer.Context, draft: DraftArg, lines: LinesOpt, as_json: JsonOption = False
    ) -> None:
        from reskontro.services.documents import add_sales_lines

        inputs = [parse_line(text) for text in lines]
        state = get_state(ctx)
        view = add_sales_lines(state.engine, state.company_id, kind, draft, inputs, user=state.user)
        _show(view, as_json=as_json, message=_summary(view))

    @group.command("post", help=f"Post a draft {label}; it gets its final number.")
    def post(
        ctx: typer.Context,
        draft: DraftArg,
        posting_date: PostingDateOpt = None,
        as_json: JsonOption = False,
    ) -> None:
        from reskontro.services.documents import post_sales_document

        state = get_state(ctx)
        view = post_sales_document(
            state.engine, state.company_id, kind, draft, posting_date=posting_date, user=state.user
        )
        _show(view, as_json=as_json, message=_summary(view))

    @group.command("show", help=f"Show a posted {label} (or a draft with --draft) and its lines.")
    def show(
        ctx: typer.Context,
        no: Annotated[str, typer.Argument(help="The document's number.")],
        draft: Annotated[bool, typer.Option("--draft", help="NO is a draft's number.")] = False,
        as_json: JsonOption = False,
    ) -> None:
        from reskontro.interfaces.cli import output
        from reskontro.services.documents import get_sales_document

        state = get_state(ctx)
        view = get_sales_document(state.engine, state.company_id, kind, no, posted=not draft)
        if as_json:
            output.print_json(view)
        else:
            _print_document(view, f"{'Draft' if draft else 'Posted'} {label} {view.no}")

    @group.command("list", help=f"List posted {label}s (or drafts with --drafts), newest first.")
    def list_(
        ctx: typer.Context,
        drafts: Annotated[bool, typer.Option("--drafts", help="List the drafts.")] = False,
        customer: Annotated[
            str | None, typer.Option("--customer", metavar="NO", help="Only this customer's.")
        ] = None,
        limit: Annotated[
            int, typer.Option("--limit", metavar="N", min=1, help="At most this many.")
        ] = 50,
        offset: Annotated[
            int, typer.Option("--offset", metavar="N", min=0, help="Skip this many.")
        ] = 0,
        as_json: JsonOption = False,
    ) -> None:
        from reskontro.interfaces.cli import output
        from reskontro.services.documents import list_sales_documents

        state = get_state(ctx)
        rows = list_sales_documents(
            state.engine,
            state.company_id,
            posted=not drafts,
            document_type=kind,
            customer_no=customer,
            limit=limit,
            offset=offset,
        )
        if as_json:
            output.print_json([_without_lines(view) for view in rows])
            return
        what = f"draft {label}s" if drafts else f"posted {label}s"
        output.print_table(rows, columns=LIST_COLUMNS, title=what.capitalize(), empty=f"No {what}.")

    @group.command("delete", help=f"Delete a draft {label}; posted documents stay forever.")
    def delete(ctx: typer.Context, draft: DraftArg) -> None:
        from reskontro.services.documents import delete_sales_document

        state = get_state(ctx)
        delete_sales_document(state.engine, state.company_id, kind, draft, user=state.user)
        done(f"Deleted the draft {label} {draft}.")


def _without_lines(view: SalesDocumentView) -> dict[str, object]:
    """A listed document: its header (lists carry no lines)."""
    return {
        field.name: getattr(view, field.name) for field in fields(view) if field.name != "lines"
    }


_add_document_commands(invoice_app, DocumentType.INVOICE)
_add_document_commands(credit_memo_app, DocumentType.CREDIT_MEMO)
