"""``reskontro bankrec …``: reconcile a bank account against an imported statement.

``match-auto`` pairs lines with open bank ledger entries, ``show`` tells what is matched and
why, ``match``/``unmatch`` change it by hand, ``transfer`` moves a fee or interest line to a
journal, ``post`` closes the matched entries, and ``undo`` takes the newest posting back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.interfaces.cli.main import JsonOption, app

if TYPE_CHECKING:
    from reskontro.services.bankrec_view import ReconciliationView

bankrec_app = typer.Typer(
    help="Bank account reconciliation: match statement lines to bank ledger entries and post.",
    no_args_is_help=True,
)
app.add_typer(bankrec_app, name="bankrec")

BankArg = Annotated[str, typer.Argument(metavar="BANK", help="The bank account no.")]
StatementArg = Annotated[int, typer.Argument(metavar="STATEMENT", help="Our statement no.")]


def _print_view(view: ReconciliationView, *, as_json: bool) -> None:
    from reskontro.domain.bankrec import amount_words
    from reskontro.interfaces.cli import output

    if as_json:
        output.print_json(view)
        return
    typer.echo(
        f"Statement {view.statement_no} of {view.bank_account_no} ({view.status}): "
        f"last balance {amount_words(view.balance_last_statement)} + lines "
        f"{amount_words(view.total_lines)}; closing "
        f"{'-' if view.closing_balance is None else amount_words(view.closing_balance)}; "
        f"difference {'-' if view.difference is None else amount_words(view.difference)}; "
        f"{view.matched_lines} matched, {view.unmatched_lines} unmatched"
    )
    for line in view.lines:
        typer.echo(
            f"line {line.line_no}  {line.booking_date or '-'}  {amount_words(line.amount):>14}  "
            f"{line.text[:50]}"
        )
        if not line.entries:
            typer.echo("    (unmatched)")
        for entry in line.entries:
            typer.echo(
                f"    entry {entry.entry_no} {entry.document_no} {amount_words(entry.amount)} "
                f"[{entry.match_kind}] {entry.explanation}"
            )
    if view.outstanding:
        output.print_table(
            view.outstanding,
            title=f"Open bank entries not matched ({amount_words(view.outstanding_total)})",
        )


@bankrec_app.command("match-auto")
def match_auto(
    ctx: typer.Context,
    bank: BankArg,
    statement: StatementArg,
    days: Annotated[
        int, typer.Option("--days", min=0, help="Transaction date tolerance in days.")
    ] = 3,
    as_json: JsonOption = False,
) -> None:
    """Match the unmatched lines to open bank ledger entries automatically."""
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.bankrec import match_automatically, show

    state = get_state(ctx)
    pairs = match_automatically(
        state.engine, state.company_id, bank, statement, date_tolerance=days, user=state.user
    )
    if not as_json:
        typer.echo(f"{pairs} line(s) matched")
    _print_view(show(state.engine, state.company_id, bank, statement), as_json=as_json)


@bankrec_app.command("show")
def show_cmd(
    ctx: typer.Context, bank: BankArg, statement: StatementArg, as_json: JsonOption = False
) -> None:
    """The lines with their matched entries and why, the open entries, and the difference."""
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.bankrec import show

    state = get_state(ctx)
    _print_view(show(state.engine, state.company_id, bank, statement), as_json=as_json)


@bankrec_app.command("match")
def match_cmd(
    ctx: typer.Context,
    bank: BankArg,
    statement: StatementArg,
    line: Annotated[list[int], typer.Option("--line", help="A statement line no. (repeat).")],
    entry: Annotated[list[int], typer.Option("--entry", help="A bank ledger entry no. (repeat).")],
) -> None:
    """Match by hand: one line to several entries, or several lines to one entry."""
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.bankrec import match_manually

    state = get_state(ctx)
    typer.echo(
        match_manually(state.engine, state.company_id, bank, statement, line, entry, state.user)
    )


@bankrec_app.command("unmatch")
def unmatch_cmd(
    ctx: typer.Context,
    bank: BankArg,
    statement: StatementArg,
    line: Annotated[int, typer.Option("--line", help="The statement line no.")],
) -> None:
    """Remove a line's match (and that of lines matched to the same entry)."""
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.bankrec import remove_match

    state = get_state(ctx)
    lines = remove_match(state.engine, state.company_id, bank, statement, line, state.user)
    typer.echo(f"unmatched line(s) {', '.join(map(str, lines))}")


@bankrec_app.command("transfer")
def transfer_cmd(
    ctx: typer.Context,
    bank: BankArg,
    statement: StatementArg,
    line: Annotated[int, typer.Option("--line", help="The unmatched statement line no.")],
    account: Annotated[str, typer.Option("--account", metavar="GL", help="The G/L account.")],
    template: Annotated[str, typer.Option("--template", help="Journal template.")] = "GENERAL",
    batch: Annotated[str, typer.Option("--batch", help="Journal batch.")] = "DEFAULT",
) -> None:
    """Move an unmatched line (a fee, interest) to a journal against a G/L account."""
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.bankrec import transfer_to_journal

    state = get_state(ctx)
    document_no = transfer_to_journal(
        state.engine,
        state.company_id,
        bank,
        statement,
        line,
        account,
        template=template,
        batch=batch,
        user=state.user,
    )
    typer.echo(
        f"line {line} is in journal {template}/{batch} as document {document_no}; post it, "
        f"then match it: reskontro bankrec match-auto {bank} {statement}"
    )


@bankrec_app.command("post")
def post_cmd(
    ctx: typer.Context, bank: BankArg, statement: StatementArg, as_json: JsonOption = False
) -> None:
    """Post the reconciliation: close the matched entries and move the bank balance on."""
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.bankrec import post

    state = get_state(ctx)
    _print_view(post(state.engine, state.company_id, bank, statement, state.user), as_json=as_json)


@bankrec_app.command("undo")
def undo_cmd(
    ctx: typer.Context, bank: BankArg, statement: StatementArg, as_json: JsonOption = False
) -> None:
    """Undo the newest posted reconciliation of the bank account."""
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.bankrec import undo

    state = get_state(ctx)
    _print_view(undo(state.engine, state.company_id, bank, statement, state.user), as_json=as_json)
