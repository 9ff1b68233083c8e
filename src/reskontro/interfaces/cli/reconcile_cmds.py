"""``reskontro reconcile …``: the payment reconciliation journal.

``apply-auto`` applies a statement's lines to open customer and vendor entries, ``show`` tells
what each line is applied to, how sure and why, ``candidates``/``apply``/``accept``/``remove``/
``transfer`` change it, and ``post`` posts the payments (``--reconcile``: and reconciles the
bank account in the same step). The text-to-account mappings and the rule table are edited
with ``mappings``/``mapping-add``/``mapping-delete`` and ``rules``/``rule-set``/
``rule-delete``/``rules-reset``. STATEMENT is ``BANK/NO`` (a bank account and our statement
no., as ``reskontro statement list`` shows) or ``NO`` when only one bank account has it.

A batch line itemised by a camt.054 or by its own transaction details is applied payment by
payment: LINE is ``LINE.DETAIL`` for one of its payments (``10000.2``), and ``LINE`` alone the
line itself (for ``remove`` and ``accept``: the line with all its payments).

``show --json`` prints ``{"statement": {...}, "lines": [...]}``, a stable shape scripts rely on;
each line has ``detail_no``: null for an ordinary line, 0 for the heading of an itemised line,
1, 2, … for its payments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.interfaces.cli.main import JsonOption, app, get_state

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from reskontro.services.reconcile_view import ReconcileLine, ReconcileView

reconcile_app = typer.Typer(
    help="Payment reconciliation journal: apply statement lines to open entries and post.",
    no_args_is_help=True,
)
app.add_typer(reconcile_app, name="reconcile")

StatementArg = Annotated[
    str, typer.Argument(metavar="STATEMENT", help="BANK/NO, or NO when it is unambiguous.")
]
LineArg = Annotated[
    str,
    typer.Argument(
        metavar="LINE[.DETAIL]",
        help="The statement line no.; LINE.DETAIL for one payment of a batch line.",
    ),
]
CustomerOpt = Annotated[str | None, typer.Option("--customer", metavar="NO", help="A customer.")]
VendorOpt = Annotated[str | None, typer.Option("--vendor", metavar="NO", help="A vendor.")]
GlOpt = Annotated[str | None, typer.Option("--gl", metavar="NO", help="A G/L account.")]


def _statement(ctx: typer.Context, ref: str) -> tuple[str, int]:
    from reskontro.services.reconcile import resolve_statement

    state = get_state(ctx)
    return resolve_statement(state.engine, state.company_id, ref)


def _line_ref(text: str) -> tuple[int, int | None]:
    """``10000`` → (10000, None); ``10000.2`` → (10000, 2)."""
    line, dot, detail = text.strip().partition(".")
    try:
        return int(line), int(detail) if dot else None
    except ValueError:
        raise typer.BadParameter(
            f"{text!r}: write LINE or LINE.DETAIL, e.g. 10000 or 10000.2"
        ) from None


def _one_account(customer: str | None, vendor: str | None, gl: str | None) -> tuple[str, str]:
    chosen = [(kind, no) for kind, no in (("customer", customer), ("vendor", vendor), ("gl", gl))]
    given = [(kind, no) for kind, no in chosen if no]
    if len(given) != 1:
        raise typer.BadParameter("give exactly one of --customer, --vendor or --gl")
    return given[0][0], str(given[0][1])


@dataclass(frozen=True)
class _Target:
    """A line (or one payment of a batch line) to apply, and the one account named for it."""

    where: tuple[Engine, int, str, int, int]
    """The service's leading arguments: engine, company, bank account, statement no., line no."""
    detail_no: int
    account_type: str
    account_no: str
    user: str


def _target(
    ctx: typer.Context,
    statement: str,
    line: str,
    customer: str | None,
    vendor: str | None,
    gl: str | None,
) -> _Target:
    state = get_state(ctx)
    account_type, account_no = _one_account(customer, vendor, gl)
    bank, no = _statement(ctx, statement)
    line_no, detail_no = _line_ref(line)
    where = (state.engine, state.company_id, bank, no, line_no)
    return _Target(where, detail_no or 0, account_type, account_no, state.user)


def _print_view(view: ReconcileView, *, as_json: bool) -> None:
    from dataclasses import fields

    from reskontro.domain.bankrec import amount_words
    from reskontro.interfaces.cli import output

    if as_json:
        statement = {f.name: getattr(view, f.name) for f in fields(view) if f.name != "lines"}
        output.print_json({"statement": statement, "lines": view.lines})
        return
    closing = "-" if view.closing_balance is None else amount_words(view.closing_balance)
    counts = view.counts
    typer.echo(
        f"Statement {view.bank_account_no}/{view.statement_no} ({view.status}): lines "
        f"{amount_words(view.total_lines)}, applied {amount_words(view.total_applied)}, "
        f"difference {amount_words(view.total_difference)}; last balance "
        f"{amount_words(view.balance_last_statement)}, closing {closing}; "
        f"{counts.get('high', 0)} high, {counts.get('medium', 0)} medium, "
        f"{counts.get('low', 0)} low, {counts.get('not_applied', 0)} not applied, "
        f"{counts.get('to_review', 0)} to review"
    )
    for line in view.lines:
        if line.detail_no:
            _print_payment(line)
            continue
        flags = _flags(line)
        batch = f" ({line.details} payments)" if line.details else ""
        typer.echo(
            f"line {line.line_no}  {line.booking_date or '-'}  {amount_words(line.amount):>14}  "
            f"{(line.text or line.counterparty_name)[:50]}{batch}  [{flags}]"
        )
        _print_applied(line, "    ")


def _flags(line: ReconcileLine) -> str:
    return " ".join(
        flag
        for flag, on in (
            (line.confidence, bool(line.confidence)),
            (line.status, bool(line.status)),
            ("REVIEW", line.review),
            ("posted", line.posted),
        )
        if on
    )


def _print_payment(line: ReconcileLine) -> None:
    """One payment of an itemised batch line, indented under its line."""
    from reskontro.domain.bankrec import amount_words

    who = line.counterparty_name or line.text
    references = f" {', '.join(line.references)}" if line.references else ""
    typer.echo(
        f"  {line.line_no}.{line.detail_no}  {amount_words(line.amount):>14}  "
        f"{who[:40]}{references}  [{_flags(line)}]"
    )
    _print_applied(line, "      ")


def _print_applied(line: ReconcileLine, indent: str) -> None:
    from reskontro.domain.bankrec import amount_words

    for applied in line.applied:
        target = f"{applied.account_type} {applied.account_no}"
        entry = f" entry {applied.entry_no} {applied.document_no}" if applied.entry_no else ""
        discount = f" (discount {amount_words(applied.discount)})" if applied.discount else ""
        typer.echo(
            f"{indent}{target}{entry}: {amount_words(applied.amount)}{discount} "
            f"[{applied.confidence} {applied.status}] {applied.explanation}"
        )
    if line.difference and not line.posted:
        typer.echo(f"{indent}difference {amount_words(line.difference)}")
    for note in line.notes:
        typer.echo(f"{indent}note: {note}")


@reconcile_app.command("apply-auto")
def apply_auto(
    ctx: typer.Context,
    statement: StatementArg,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace accepted and manual applications too.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Apply the statement's lines to open entries automatically."""
    from reskontro.interfaces.cli import output
    from reskontro.services.reconcile import apply_automatically

    state = get_state(ctx)
    bank, no = _statement(ctx, statement)
    summary = apply_automatically(
        state.engine, state.company_id, bank, no, overwrite=overwrite, user=state.user
    )
    if as_json:
        output.print_json(summary)
        return
    typer.echo(
        f"{summary.applied} of {summary.lines} line(s) applied: {summary.high} high, "
        f"{summary.medium} medium, {summary.low} low; {summary.not_applied} not applied. "
        f"See: reskontro reconcile show {bank}/{no}"
    )


@reconcile_app.command("show")
def show_cmd(
    ctx: typer.Context,
    statement: StatementArg,
    filter_: Annotated[
        str,
        typer.Option("--filter", metavar="all|review|difference", help="Which lines to show."),
    ] = "all",
    as_json: JsonOption = False,
) -> None:
    """The lines, what each is applied to, how sure and why."""
    from reskontro.services.reconcile import show

    state = get_state(ctx)
    bank, no = _statement(ctx, statement)
    _print_view(show(state.engine, state.company_id, bank, no, filter=filter_), as_json=as_json)


@reconcile_app.command("candidates")
def candidates_cmd(
    ctx: typer.Context,
    statement: StatementArg,
    line: LineArg,
    search: Annotated[
        str, typer.Option("--search", help="A document no. or a name to look for.")
    ] = "",
    customer: CustomerOpt = None,
    vendor: VendorOpt = None,
    gl: Annotated[bool, typer.Option("--gl", help="List G/L accounts instead.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=500)] = 50,
    as_json: JsonOption = False,
) -> None:
    """What the line could be applied to, best first."""
    from reskontro.interfaces.cli import output
    from reskontro.services.reconcile import candidates

    state = get_state(ctx)
    bank, no = _statement(ctx, statement)
    line_no, detail_no = _line_ref(line)
    account_type, account_no = None, None
    if customer or vendor:
        account_type, account_no = _one_account(customer, vendor, None)
    elif gl:
        account_type = "gl"
    rows = candidates(
        state.engine,
        state.company_id,
        bank,
        no,
        line_no,
        search=search,
        account_type=account_type,
        account_no=account_no,
        limit=limit,
        detail_no=detail_no or 0,
    )
    output.show(
        rows,
        as_json=as_json,
        columns=(
            "account_type",
            "account_no",
            "account_name",
            "entry_no",
            "document_no",
            "remaining_amount",
            "suggested_amount",
            "score",
            "confidence",
        ),
        title=f"Candidates for line {line}",
        empty="No candidates.",
    )


@reconcile_app.command("accept")
def accept_cmd(
    ctx: typer.Context,
    statement: StatementArg,
    lines: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[LINE[.DETAIL]]...",
            help="The lines (a batch line with its payments) or payments; none: every line "
            "to review.",
        ),
    ] = None,
) -> None:
    """Accept the automatic applications of the lines."""
    from reskontro.services.reconcile import accept

    state = get_state(ctx)
    bank, no = _statement(ctx, statement)
    wanted: list[int | tuple[int, int]] = []
    for text in lines or []:
        line_no, detail_no = _line_ref(text)
        wanted.append(line_no if detail_no is None else (line_no, detail_no))
    count = accept(state.engine, state.company_id, bank, no, wanted or None, user=state.user)
    typer.echo(f"{count} line(s) accepted")


@reconcile_app.command("remove")
def remove_cmd(ctx: typer.Context, statement: StatementArg, line: LineArg) -> None:
    """Remove the line's applications (a batch line's: of every payment, or LINE.DETAIL's)."""
    from reskontro.services.reconcile import remove

    state = get_state(ctx)
    bank, no = _statement(ctx, statement)
    line_no, detail_no = _line_ref(line)
    remove(state.engine, state.company_id, bank, no, line_no, user=state.user, detail_no=detail_no)
    typer.echo(f"line {line} is no longer applied")


@reconcile_app.command("apply")
def apply_cmd(
    ctx: typer.Context,
    statement: StatementArg,
    line: LineArg,
    customer: CustomerOpt = None,
    vendor: VendorOpt = None,
    gl: GlOpt = None,
    entry: Annotated[
        int | None, typer.Option("--entry", help="The customer or vendor ledger entry no.")
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="How much; else what the line lacks.")
    ] = None,
) -> None:
    """Apply the line by hand to an entry, or straight to an account."""
    from reskontro.domain.money import parse_amount
    from reskontro.services.reconcile import apply_manually

    t = _target(ctx, statement, line, customer, vendor, gl)
    apply_manually(
        *t.where,
        account_type=t.account_type,
        account_no=t.account_no,
        entry_no=entry,
        amount=parse_amount(amount) if amount is not None else None,
        user=t.user,
        detail_no=t.detail_no,
    )
    target = f"{t.account_type} {t.account_no}" + (f" entry {entry}" if entry else "")
    typer.echo(f"line {line} applied to {target}")


@reconcile_app.command("transfer")
def transfer_cmd(
    ctx: typer.Context,
    statement: StatementArg,
    line: LineArg,
    customer: CustomerOpt = None,
    vendor: VendorOpt = None,
    gl: GlOpt = None,
) -> None:
    """Post what the line lacks to an account (a batch line's: what its payments leave
    unexplained)."""
    from reskontro.services.reconcile import transfer_difference

    t = _target(ctx, statement, line, customer, vendor, gl)
    transfer_difference(
        *t.where,
        account_type=t.account_type,
        account_no=t.account_no,
        user=t.user,
        detail_no=t.detail_no,
    )
    typer.echo(f"the difference of line {line} goes to {t.account_type} {t.account_no}")


@reconcile_app.command("post")
def post_cmd(
    ctx: typer.Context,
    statement: StatementArg,
    reconcile: Annotated[
        bool,
        typer.Option("--reconcile", help="Also reconcile the bank account with the statement."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Post the lines as payments, all or nothing."""
    from reskontro.domain.bankrec import amount_words
    from reskontro.interfaces.cli import output
    from reskontro.services.reconcile import post

    state = get_state(ctx)
    bank, no = _statement(ctx, statement)
    summary = post(state.engine, state.company_id, bank, no, reconcile=reconcile, user=state.user)
    if as_json:
        output.print_json(summary)
        return
    message = f"{summary.lines_posted} line(s) posted"
    if summary.register_no:
        message += f" as register {summary.register_no}"
    if summary.reconciled and summary.balance is not None:
        message += f"; bank account {bank} reconciled, balance {amount_words(summary.balance)}"
    typer.echo(message)


# -- mappings and rules ------------------------------------------------------------------------


@reconcile_app.command("mappings")
def mappings_cmd(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The text-to-account mappings."""
    from reskontro.interfaces.cli import output
    from reskontro.services.reconcile import list_mappings

    state = get_state(ctx)
    rows = list_mappings(state.engine, state.company_id)
    output.show(rows, as_json=as_json, title="Text-to-account mappings", empty="No mappings.")


@reconcile_app.command("mapping-add")
def mapping_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The words the lines hold, e.g. 'Gebyr'.")],
    gl_debit: Annotated[
        str | None, typer.Option("--gl-debit", metavar="NO", help="G/L account for money in.")
    ] = None,
    gl_credit: Annotated[
        str | None, typer.Option("--gl-credit", metavar="NO", help="G/L account for money out.")
    ] = None,
    customer: CustomerOpt = None,
    vendor: VendorOpt = None,
) -> None:
    """Add a text-to-account mapping."""
    from reskontro.services.reconcile import add_mapping

    state = get_state(ctx)
    if gl_debit or gl_credit:
        if customer or vendor:
            raise typer.BadParameter("give G/L accounts, or --customer, or --vendor")
        number = add_mapping(
            state.engine,
            state.company_id,
            text=text,
            account_type="gl",
            debit_account_no=gl_debit or "",
            credit_account_no=gl_credit or "",
            user=state.user,
        )
    else:
        account_type, account_no = _one_account(customer, vendor, None)
        number = add_mapping(
            state.engine,
            state.company_id,
            text=text,
            account_type=account_type,
            account_no=account_no,
            user=state.user,
        )
    typer.echo(f"mapping {number} added")


@reconcile_app.command("mapping-delete")
def mapping_delete(ctx: typer.Context, number: Annotated[int, typer.Argument(metavar="N")]) -> None:
    """Delete a text-to-account mapping."""
    from reskontro.services.reconcile import delete_mapping

    state = get_state(ctx)
    delete_mapping(state.engine, state.company_id, number, user=state.user)
    typer.echo(f"mapping {number} deleted")


@reconcile_app.command("rules")
def rules_cmd(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The matching rules, best score first."""
    from reskontro.interfaces.cli import output
    from reskontro.services.reconcile import list_rules

    state = get_state(ctx)
    output.show(
        list_rules(state.engine, state.company_id),
        as_json=as_json,
        columns=("confidence", "priority", "score", "description"),
        title="Matching rules",
    )


@reconcile_app.command("rule-set")
def rule_set(
    ctx: typer.Context,
    confidence: Annotated[str, typer.Argument(metavar="CONF", help="high, medium or low.")],
    priority: Annotated[int, typer.Argument(metavar="PRIO", help="0-999; lower wins.")],
    party: Annotated[
        str, typer.Option("--party", help="fully, partially, no or not_considered.")
    ] = "not_considered",
    document: Annotated[
        str, typer.Option("--document", help="yes, yes_multiple, no or not_considered.")
    ] = "not_considered",
    amount: Annotated[
        str, typer.Option("--amount", help="one, multiple, none or not_considered.")
    ] = "not_considered",
    structured_reference: Annotated[
        bool,
        typer.Option("--structured-reference", help="Only with a valid KID/OCR/RF reference."),
    ] = False,
    review: Annotated[
        bool | None, typer.Option("--review/--no-review", help="Whether to ask for review.")
    ] = None,
) -> None:
    """Add or change a matching rule."""
    from reskontro.services.reconcile import save_rule

    state = get_state(ctx)
    save_rule(
        state.engine,
        state.company_id,
        confidence=confidence.lower(),
        priority=priority,
        party=party.lower(),
        document=document.lower(),
        amount=amount.lower(),
        structured_reference=structured_reference,
        review_required=review if review is not None else confidence.lower() != "high",
        user=state.user,
    )
    typer.echo(f"rule {confidence.lower()} {priority} saved")


@reconcile_app.command("rule-delete")
def rule_delete(
    ctx: typer.Context,
    confidence: Annotated[str, typer.Argument(metavar="CONF")],
    priority: Annotated[int, typer.Argument(metavar="PRIO")],
) -> None:
    """Delete a matching rule."""
    from reskontro.services.reconcile import delete_rule

    state = get_state(ctx)
    delete_rule(
        state.engine, state.company_id, confidence=confidence.lower(), priority=priority,
        user=state.user,
    )  # fmt: skip
    typer.echo(f"rule {confidence.lower()} {priority} deleted")


@reconcile_app.command("rules-reset")
def rules_reset(
    ctx: typer.Context,
) -> None:
    """Go back to the default matching rules."""
    from reskontro.services.reconcile import reset_rules

    state = get_state(ctx)
    reset_rules(state.engine, state.company_id, user=state.user)
    typer.echo("the default rules are back")
