"""Ledger entry commands: list, mark for application, apply, unapply, reverse.

Posted entries never change; these commands post new entries that correct them (DESIGN §4):
``reskontro ledger apply 5 --to 2`` applies customer entry 5 (a payment) to entry 2 (an
invoice), ``reskontro ledger unapply 5`` undoes that, and
``reskontro ledger reverse --transaction 7`` posts the mirror image of a transaction.
Entries are customer entries unless ``--vendor`` is given.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.domain.enums import AccountType
from reskontro.interfaces.cli.main import JsonOption, get_state, ledger_app
from reskontro.interfaces.cli.masterdata_cmds import iso_date, money
from reskontro.interfaces.cli.report_cmds import customer_ledger

if TYPE_CHECKING:
    from reskontro.services.applying import ApplyTarget, CorrectionResult

ENTRY_FORMAT = "ENTRY[:AMOUNT]"
ENTRY_COLUMNS = (
    "entry_no",
    "party_no",
    "document_type",
    "document_no",
    "posting_date",
    "amount",
    "remaining_amount",
    "open",
    "applies_to_id",
    "amount_to_apply",
)

VendorFlag = Annotated[
    bool, typer.Option("--vendor", help="The entries are vendor entries, not customer entries.")
]
PostingDateOpt = Annotated[
    date | None,
    typer.Option(
        "--posting-date",
        parser=iso_date,
        metavar="DATE",
        help="Default: the latest posting date of the entries involved.",
    ),
]

ledger_app.command(
    "customer-entries", help="Customer ledger entries (the same as report customer-ledger)."
)(customer_ledger)


def _party(vendor: bool) -> AccountType:
    return AccountType.VENDOR if vendor else AccountType.CUSTOMER


def parse_target(text: str, option: str) -> ApplyTarget:
    """``12`` (all that remains of entry 12) or ``12:-500.00`` (that much of it)."""
    from reskontro.services.applying import ApplyTarget

    entry, _, amount = text.partition(":")
    if not entry.strip().isdigit():
        raise typer.BadParameter(
            f"{text!r} is not an entry number; write {ENTRY_FORMAT}", param_hint=f"'{option}'"
        )
    if not amount.strip():
        return ApplyTarget(int(entry))
    try:
        return ApplyTarget(int(entry), money(amount))
    except typer.BadParameter as exc:
        raise typer.BadParameter(f"{text!r}: {exc.message}", param_hint=f"'{option}'") from None


def _show_result(result: CorrectionResult, *, as_json: bool, message: str) -> None:
    from reskontro.interfaces.cli import output

    if as_json:
        output.print_json(result)
        return
    typer.echo(message)
    if result.entries:
        output.print_table(result.entries, columns=ENTRY_COLUMNS, title="Entries now")


@ledger_app.command("set-applies-to-id")
def set_applies_to_id(
    ctx: typer.Context,
    applies_to_id: Annotated[
        str, typer.Option("--id", metavar="ID", help="The applies-to ID, as on the journal line.")
    ],
    entries: Annotated[
        list[str],
        typer.Argument(
            metavar=f"{ENTRY_FORMAT}...",
            help="Open entries to mark; AMOUNT is the amount to apply (default: all).",
        ),
    ],
    vendor: VendorFlag = False,
    as_json: JsonOption = False,
) -> None:
    """Mark open entries with an applies-to ID, for a journal line to apply them all."""
    from reskontro.interfaces.cli import output
    from reskontro.services.applying import set_applies_to_id

    targets = [parse_target(text, "ENTRY") for text in entries]
    state = get_state(ctx)
    marked = set_applies_to_id(
        state.engine, state.company_id, _party(vendor), applies_to_id, targets, user=state.user
    )
    if as_json:
        output.print_json(marked)
        return
    numbers = ", ".join(str(entry.entry_no) for entry in marked)
    typer.echo(f"Marked {_party(vendor)} entries {numbers} with applies-to ID {applies_to_id}.")
    output.print_table(marked, columns=ENTRY_COLUMNS, title="Marked entries")


@ledger_app.command("apply")
def apply(
    ctx: typer.Context,
    applying_entry: Annotated[
        int, typer.Argument(help="The entry that applies, usually a payment or credit memo.")
    ],
    to: Annotated[
        list[str],
        typer.Option(
            "--to",
            metavar=ENTRY_FORMAT,
            help="An entry to apply to, with the amount to apply (default: all); repeatable.",
        ),
    ],
    posting_date: PostingDateOpt = None,
    vendor: VendorFlag = False,
    as_json: JsonOption = False,
) -> None:
    """Apply a posted entry to other open entries of the same customer or vendor."""
    from reskontro.services.applying import apply_entries

    targets = [parse_target(text, "--to") for text in to]
    state = get_state(ctx)
    result = apply_entries(
        state.engine,
        state.company_id,
        _party(vendor),
        applying_entry,
        targets,
        posting_date=posting_date,
        user=state.user,
    )
    applied = ", ".join(str(t.entry_no) for t in targets)
    _show_result(
        result,
        as_json=as_json,
        message=f"Applied {_party(vendor)} entry {applying_entry} to {applied} on "
        f"{result.posting_date.isoformat()} (transaction {result.transaction_no}, "
        f"register {result.register_no}).",
    )


@ledger_app.command("unapply")
def unapply(
    ctx: typer.Context,
    entry: Annotated[int, typer.Argument(help="An entry whose newest application to undo.")],
    posting_date: PostingDateOpt = None,
    vendor: VendorFlag = False,
    as_json: JsonOption = False,
) -> None:
    """Undo the newest application of an entry; the entries it closed open again."""
    from reskontro.services.applying import unapply_entry

    state = get_state(ctx)
    result = unapply_entry(
        state.engine,
        state.company_id,
        _party(vendor),
        entry,
        posting_date=posting_date,
        user=state.user,
    )
    _show_result(
        result,
        as_json=as_json,
        message=f"Unapplied {_party(vendor)} entry {entry} on "
        f"{result.posting_date.isoformat()} (transaction {result.transaction_no}, "
        f"register {result.register_no}).",
    )


@ledger_app.command("reverse")
def reverse(
    ctx: typer.Context,
    transaction: Annotated[
        int | None, typer.Option("--transaction", metavar="N", help="The transaction to reverse.")
    ] = None,
    entry: Annotated[
        int | None,
        typer.Option("--entry", metavar="N", help="Reverse the transaction of this entry."),
    ] = None,
    vendor: VendorFlag = False,
    as_json: JsonOption = False,
) -> None:
    """Post the mirror image of a transaction (unapply its entries first)."""
    from reskontro.services.applying import reverse, transaction_of_entry

    if (transaction is None) == (entry is None):
        raise typer.BadParameter(
            "give either --transaction N or --entry N", param_hint="'--transaction'"
        )
    state = get_state(ctx)
    if entry is not None:
        transaction = transaction_of_entry(state.engine, state.company_id, _party(vendor), entry)
    assert transaction is not None  # noqa: S101 - one of the two was given
    result = reverse(state.engine, state.company_id, transaction, user=state.user)
    _show_result(
        result,
        as_json=as_json,
        message=f"Reversed transaction {transaction} with transaction {result.transaction_no} "
        f"(register {result.register_no}).",
    )
