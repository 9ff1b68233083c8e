"""Journal commands: templates, batches, lines, the test report and posting (DESIGN §5).

``reskontro journal add-line CASH DEFAULT --account-type customer --account 10000
--amount -1225.00 --document-type payment --applies-to-doc 100001`` enters a payment;
``reskontro journal test-report CASH DEFAULT`` lists what stops it from posting (exit 1 when
anything does) and ``reskontro journal post CASH DEFAULT`` posts the batch, all or nothing.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.interfaces.cli.main import EXIT_REFUSED, JsonOption, get_state, journal_app
from reskontro.interfaces.cli.masterdata_cmds import done, given, iso_date, money, nothing_to_change
from reskontro.interfaces.cli.report_cmds import print_fields

if TYPE_CHECKING:
    from reskontro.domain.journal import JournalLine

NO_BALANCING_ACCOUNT = "none"
ACCOUNT_TYPES = ", ".join(t.value for t in AccountType)
DOCUMENT_TYPES = ", ".join(t.value for t in DocumentType if t.value)
LINE_COLUMNS = (
    "line_no",
    "posting_date",
    "document_type",
    "document_no",
    "account_type",
    "account_no",
    "description",
    "amount",
    "bal_account_no",
    "applies_to_doc_no",
    "warnings",
)
# Fields only sales documents fill in; a stored journal line never has them.
NOT_ON_JOURNAL_LINES = ("vat_code", "vat_base", "pmt_disc_base")


def account_type(text: str) -> AccountType:
    try:
        return AccountType(text.strip().lower())
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an account type; use {ACCOUNT_TYPES}") from None


def document_type(text: str) -> DocumentType:
    """``payment``, ``credit_memo`` (or ``credit-memo``) …; ``none`` for no document type."""
    cleaned = text.strip().lower().replace("-", "_").replace(" ", "_")
    if cleaned == NO_BALANCING_ACCOUNT:
        return DocumentType.NONE
    try:
        return DocumentType(cleaned)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a document type; use {DOCUMENT_TYPES} or none"
        ) from None


TemplateArg = Annotated[str, typer.Argument(help="Journal template, e.g. CASH.")]
BatchArg = Annotated[str, typer.Argument(help="Journal batch, e.g. DEFAULT.")]
LineArg = Annotated[int, typer.Argument(help="Line number, as journal lines shows it.")]
Text = str | None
DateOpt = Annotated[
    date | None,
    typer.Option("--posting-date", parser=iso_date, metavar="DATE", help="Default: today."),
]
DueDateOpt = Annotated[
    date | None, typer.Option("--due-date", parser=iso_date, metavar="DATE", help="Due date.")
]
AccountTypeOpt = Annotated[
    AccountType | None,
    typer.Option("--account-type", parser=account_type, metavar="TYPE", help=ACCOUNT_TYPES),
]
AccountOpt = Annotated[Text, typer.Option("--account", metavar="NO", help="Account number.")]
AmountOpt = Annotated[
    Decimal | None,
    typer.Option("--amount", parser=money, metavar="AMOUNT", help="Signed: a payment is negative."),
]
DocTypeOpt = Annotated[
    DocumentType | None,
    typer.Option("--document-type", parser=document_type, metavar="TYPE", help=DOCUMENT_TYPES),
]
DocNoOpt = Annotated[
    Text,
    typer.Option("--document-no", metavar="NO", help="Default: the batch's number series."),
]
DescriptionOpt = Annotated[Text, typer.Option("--description", metavar="TEXT", help="Description.")]
BalTypeOpt = Annotated[
    AccountType | None,
    typer.Option(
        "--bal-account-type",
        parser=account_type,
        metavar="TYPE",
        help=f"Balancing account type ({ACCOUNT_TYPES}); default gl.",
    ),
]
BalAccountOpt = Annotated[
    Text,
    typer.Option(
        "--bal-account",
        metavar="NO",
        help="Balancing account; default: the batch's; none: no balancing account.",
    ),
]
AppliesTypeOpt = Annotated[
    DocumentType | None,
    typer.Option(
        "--applies-to-doc-type",
        parser=document_type,
        metavar="TYPE",
        help="Type of the document to apply to; default: any open one with that number.",
    ),
]
AppliesDocOpt = Annotated[
    Text, typer.Option("--applies-to-doc", metavar="NO", help="Document no. to apply to.")
]
AppliesIdOpt = Annotated[
    Text, typer.Option("--applies-to-id", metavar="ID", help="Applies-to ID of marked entries.")
]
ExternalDocOpt = Annotated[
    Text, typer.Option("--external-doc", metavar="NO", help="External document no.")
]
ReferenceOpt = Annotated[
    Text, typer.Option("--payment-reference", metavar="REF", help="KID / OCR / RF reference.")
]
CurrencyOpt = Annotated[
    Text,
    typer.Option("--currency", metavar="CODE", help="Currency code; empty = the company's own."),
]


def _line_dict(line: JournalLine) -> dict[str, Any]:
    return {
        f.name: getattr(line, f.name) for f in fields(line) if f.name not in NOT_ON_JOURNAL_LINES
    }


def _show_line(line: JournalLine, *, as_json: bool, title: str) -> None:
    from reskontro.interfaces.cli import output

    if as_json:
        output.print_json(_line_dict(line))
    else:
        print_fields(_line_dict(line), title=title)


def _balancing(
    bal_type: AccountType | None, bal_account: str | None
) -> tuple[AccountType | None, str | None]:
    """The balancing account as the journal service takes it (None, None = the batch's)."""
    if bal_account is None:
        if bal_type is not None:
            raise typer.BadParameter("give the balancing account too", param_hint="'--bal-account'")
        return None, None
    if bal_account.strip().lower() == NO_BALANCING_ACCOUNT:
        return None, ""
    return bal_type or AccountType.GL, bal_account.strip()


@journal_app.command("templates")
def templates(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the journal templates."""
    from reskontro.interfaces.cli import output
    from reskontro.services.journals import list_templates

    state = get_state(ctx)
    output.show(
        list_templates(state.engine, state.company_id),
        as_json=as_json,
        title="Journal templates",
        empty="No journal templates.",
    )


@journal_app.command("batches")
def batches(
    ctx: typer.Context,
    template: Annotated[str | None, typer.Argument(help="Only this template's.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List journal batches with their line counts and balances."""
    from reskontro.interfaces.cli import output
    from reskontro.services.journals import list_batches

    state = get_state(ctx)
    output.show(
        list_batches(state.engine, state.company_id, template),
        as_json=as_json,
        title="Journal batches",
        empty="No journal batches.",
    )


@journal_app.command("batch-create")
def batch_create(
    ctx: typer.Context,
    template: TemplateArg,
    name: Annotated[str, typer.Argument(help="Name of the new batch.")],
    description: Annotated[
        str, typer.Option("--description", metavar="TEXT", help="Description.")
    ] = "",
) -> None:
    """Create a journal batch; it takes its template's balancing account and number series."""
    from reskontro.services.journals import create_batch

    state = get_state(ctx)
    info = create_batch(state.engine, state.company_id, template, name, description)
    done(f"Created journal batch {info.template}/{info.name}.")


@journal_app.command("lines")
def lines(
    ctx: typer.Context, template: TemplateArg, batch: BatchArg, as_json: JsonOption = False
) -> None:
    """List the lines of a journal batch."""
    from reskontro.interfaces.cli import output
    from reskontro.services.journals import list_lines

    state = get_state(ctx)
    rows = list_lines(state.engine, state.company_id, template, batch)
    if as_json:
        output.print_json([_line_dict(line) for line in rows])
    else:
        output.print_table(
            rows,
            columns=LINE_COLUMNS,
            title=f"Journal {template}/{batch}",
            empty=f"Journal batch {template}/{batch} has no lines.",
        )


@journal_app.command("add-line")
def add_line(
    ctx: typer.Context,
    template: TemplateArg,
    batch: BatchArg,
    account_type_: Annotated[
        AccountType,
        typer.Option("--account-type", parser=account_type, metavar="TYPE", help=ACCOUNT_TYPES),
    ],
    account: Annotated[str, typer.Option("--account", metavar="NO", help="Account number.")],
    amount: Annotated[
        Decimal,
        typer.Option(
            "--amount", parser=money, metavar="AMOUNT", help="Signed: a payment is negative."
        ),
    ],
    posting_date: DateOpt = None,
    document_type_: DocTypeOpt = None,
    document_no: DocNoOpt = "",
    description: DescriptionOpt = "",
    bal_account_type: BalTypeOpt = None,
    bal_account: BalAccountOpt = None,
    applies_to_doc_type: AppliesTypeOpt = None,
    applies_to_doc: AppliesDocOpt = "",
    applies_to_id: AppliesIdOpt = "",
    external_doc: ExternalDocOpt = "",
    payment_reference: ReferenceOpt = "",
    currency: CurrencyOpt = "",
    due_date: DueDateOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Add a line to a journal batch and show it."""
    from reskontro.services.journals import JournalLineInput, add_line

    bal_type, bal_no = _balancing(bal_account_type, bal_account)
    item = JournalLineInput(
        account_type=account_type_,
        account_no=account.strip(),
        amount=amount,
        posting_date=posting_date,
        document_type=document_type_ or DocumentType.NONE,
        document_no=(document_no or "").strip(),
        description=description or "",
        bal_account_type=bal_type,
        bal_account_no=bal_no,
        currency=(currency or "").strip().upper(),
        external_document_no=external_doc or "",
        payment_reference=payment_reference or "",
        applies_to_doc_type=applies_to_doc_type or DocumentType.NONE,
        applies_to_doc_no=(applies_to_doc or "").strip(),
        applies_to_id=(applies_to_id or "").strip(),
        due_date=due_date,
    )
    state = get_state(ctx)
    line = add_line(state.engine, state.company_id, template, batch, item, user=state.user)
    _show_line(line, as_json=as_json, title=f"Added line {line.line_no} to {template}/{batch}")


@journal_app.command("update-line")
def update_line(
    ctx: typer.Context,
    template: TemplateArg,
    batch: BatchArg,
    line_no: LineArg,
    account_type_: AccountTypeOpt = None,
    account: AccountOpt = None,
    amount: AmountOpt = None,
    posting_date: DateOpt = None,
    document_type_: DocTypeOpt = None,
    document_no: DocNoOpt = None,
    description: DescriptionOpt = None,
    bal_account_type: BalTypeOpt = None,
    bal_account: BalAccountOpt = None,
    applies_to_doc_type: AppliesTypeOpt = None,
    applies_to_doc: AppliesDocOpt = None,
    applies_to_id: AppliesIdOpt = None,
    external_doc: ExternalDocOpt = None,
    payment_reference: ReferenceOpt = None,
    currency: CurrencyOpt = None,
    due_date: DueDateOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Change fields of a journal line (give "" to clear a text field) and show it."""
    from reskontro.services.journals import update_line

    bal_type, bal_no = (
        _balancing(bal_account_type, bal_account)
        if bal_account is not None
        else (bal_account_type, None)
    )
    changes = given(
        account_type=account_type_,
        account_no=account,
        amount=amount,
        posting_date=posting_date,
        document_type=document_type_,
        document_no=document_no,
        description=description,
        bal_account_type=bal_type,
        bal_account_no=bal_no,
        applies_to_doc_type=applies_to_doc_type,
        applies_to_doc_no=applies_to_doc,
        applies_to_id=applies_to_id,
        external_document_no=external_doc,
        payment_reference=payment_reference,
        currency=currency.strip().upper() if currency is not None else None,
        due_date=due_date,
    )
    nothing_to_change(changes)
    state = get_state(ctx)
    line = update_line(
        state.engine, state.company_id, template, batch, line_no, changes, user=state.user
    )
    _show_line(line, as_json=as_json, title=f"Changed line {line.line_no} of {template}/{batch}")


@journal_app.command("delete-line")
def delete_line(
    ctx: typer.Context, template: TemplateArg, batch: BatchArg, line_no: LineArg
) -> None:
    """Delete a journal line."""
    from reskontro.services.journals import delete_line

    state = get_state(ctx)
    delete_line(state.engine, state.company_id, template, batch, line_no, user=state.user)
    done(f"Deleted line {line_no} of {template}/{batch}.")


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


@journal_app.command("test-report")
def show_test_report(
    ctx: typer.Context,
    template: TemplateArg,
    batch: BatchArg,
    as_json: JsonOption = False,
    only_warnings: Annotated[
        bool,
        typer.Option(
            "--only-warnings",
            help="List only the warnings (problems are still counted and set the exit code).",
        ),
    ] = False,
) -> None:
    """Check a batch as posting would; exit code 1 when it has problems that stop posting."""
    from reskontro.interfaces.cli import output
    from reskontro.services.posting import batch_test_report

    state = get_state(ctx)
    report = batch_test_report(state.engine, state.company_id, template, batch)
    problems = [] if only_warnings else report.problems
    if as_json:
        output.print_json(
            {
                "template": report.template,
                "batch": report.batch,
                "lines": report.lines,
                "ok": report.ok,
                "problems": problems,
                "warnings": report.warnings,
            }
        )
    else:
        verdict = "ready to post" if report.ok else _plural(len(report.problems), "problem")
        typer.echo(
            f"Journal batch {template}/{batch}: {_plural(report.lines, 'line')}, {verdict}, "
            f"{_plural(len(report.warnings), 'warning')}."
        )
        if problems:
            output.print_table(problems, title="Problems (posting is refused)")
        if report.warnings:
            output.print_table(report.warnings, title="Warnings")
    if not report.ok:
        typer.echo(
            f"error: journal batch {template}/{batch} cannot be posted: "
            f"{_plural(len(report.problems), 'problem')}",
            err=True,
        )
        raise typer.Exit(EXIT_REFUSED)


@journal_app.command("post")
def post(
    ctx: typer.Context, template: TemplateArg, batch: BatchArg, as_json: JsonOption = False
) -> None:
    """Post every line of a batch in one transaction, or nothing at all."""
    from reskontro.interfaces.cli import output
    from reskontro.services.posting import post_batch

    state = get_state(ctx)
    summary = post_batch(state.engine, state.company_id, template, batch, user=state.user)
    if as_json:
        output.print_json({"template": template, "batch": batch, **asdict(summary)})
        return
    done(
        f"Posted journal batch {template}/{batch} as register {summary.register_no}: "
        f"{_plural(summary.lines_posted, 'line')} in "
        f"{_plural(summary.transactions, 'transaction')}; "
        f"{_plural(summary.gl_entries, 'G/L entry', 'G/L entries')}, "
        f"{_plural(summary.customer_entries, 'customer entry', 'customer entries')}, "
        f"{_plural(summary.vendor_entries, 'vendor entry', 'vendor entries')}, "
        f"{_plural(summary.bank_entries, 'bank entry', 'bank entries')}."
    )
