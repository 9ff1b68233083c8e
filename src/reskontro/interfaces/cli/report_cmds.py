"""Report commands: trial balance, customer ledger, customer balances, aging, registers.

Every report prints a table, or JSON with ``--json`` (amounts as strings with two decimals,
dates ISO). Reports only read; ``reskontro report trial-balance --json`` on a sound ledger
always has the total ``"0.00"``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated

import typer

from reskontro.interfaces.cli.main import JsonOption, get_state, report_app
from reskontro.interfaces.cli.masterdata_cmds import iso_date

AsOfOpt = Annotated[
    date | None,
    typer.Option(
        "--as-of", parser=iso_date, metavar="DATE", help="Entries posted up to this date."
    ),
]
CustomerOpt = Annotated[
    str | None, typer.Option("--customer", metavar="NO", help="Only this customer's entries.")
]
OpenOpt = Annotated[bool, typer.Option("--open", help="Only open entries.")]
LEDGER_COLUMNS = (
    "entry_no",
    "customer_no",
    "document_type",
    "document_no",
    "posting_date",
    "due_date",
    "amount",
    "remaining_amount",
    "open",
    "payment_reference",
)
AGING_COLUMNS = (
    "customer_no",
    "name",
    "not_due",
    "days_1_30",
    "days_31_60",
    "days_61_90",
    "over_90",
    "balance",
)
AGING_HEADINGS = {
    "customer_no": "Customer",
    "days_1_30": "1-30",
    "days_31_60": "31-60",
    "days_61_90": "61-90",
    "over_90": "Over 90",
}
REGISTER_COLUMNS = (
    "register_no",
    "created_at",
    "source",
    "journal_template",
    "journal_batch",
    "from_gl_entry_no",
    "to_gl_entry_no",
    "from_customer_entry_no",
    "to_customer_entry_no",
)


def print_with_total(
    rows: Sequence[object],
    columns: Sequence[str],
    total: Mapping[str, object],
    *,
    title: str,
    headings: Mapping[str, str] | None = None,
) -> None:
    """A table of dataclass *rows* with a total line under a rule (*total* by column)."""
    from decimal import Decimal

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from reskontro.interfaces.cli import output

    table = Table(title=title)
    for name in columns:
        heading = (headings or {}).get(name) or output.heading(name)
        values = [getattr(row, name) for row in rows] + [total.get(name)]
        if any(isinstance(v, Decimal) for v in values):
            # Amounts are never cut short; narrow terminals wrap the text columns instead.
            widest = max(len(output.cell(v)) for v in values)
            table.add_column(heading, justify="right", no_wrap=True, min_width=widest)
        else:
            table.add_column(heading)
    for row in rows:
        table.add_row(*(Text(output.cell(getattr(row, name))) for name in columns))
    table.add_section()
    table.add_row(*(Text(output.cell(total.get(name)), style="bold") for name in columns))
    Console().print(table)


def print_fields(values: Mapping[str, object], *, title: str) -> None:
    """One record as a two-column table of field and value (for records that are not a
    plain dataclass, such as a dataclass without some of its fields)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from reskontro.interfaces.cli import output

    table = Table(title=title, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for name, value in values.items():
        table.add_row(Text(output.heading(name)), Text(output.cell(value)))
    Console().print(table)


@report_app.command("trial-balance")
def trial_balance(ctx: typer.Context, as_of: AsOfOpt = None, as_json: JsonOption = False) -> None:
    """Each G/L account with entries: debit, credit and balance; the total is zero."""
    from reskontro.interfaces.cli import output
    from reskontro.services import reports

    state = get_state(ctx)
    report = reports.trial_balance(state.engine, state.company_id, as_of=as_of)
    if as_json:
        output.print_json({"as_of": report.as_of, "lines": report.lines, "total": report.total})
        return
    print_with_total(
        report.lines,
        ("no", "name", "debit", "credit", "balance"),
        {
            "no": "Total",
            "debit": report.total_debit,
            "credit": report.total_credit,
            "balance": report.total,
        },
        title=f"Trial balance{f' as of {as_of.isoformat()}' if as_of else ''}",
    )


@report_app.command("customer-ledger")
def customer_ledger(
    ctx: typer.Context,
    customer: CustomerOpt = None,
    open_only: OpenOpt = False,
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", min=1, help="At most this many entries.")
    ] = None,
    offset: Annotated[
        int, typer.Option("--offset", metavar="N", min=0, help="Skip this many.")
    ] = 0,
    as_json: JsonOption = False,
) -> None:
    """Customer ledger entries in entry order, with remaining amounts."""
    from reskontro.interfaces.cli import output
    from reskontro.services import reports

    state = get_state(ctx)
    rows = reports.customer_ledger(
        state.engine,
        state.company_id,
        customer_no=customer,
        open_only=open_only,
        limit=limit,
        offset=offset,
    )
    output.show(
        rows,
        as_json=as_json,
        columns=LEDGER_COLUMNS,
        title="Customer ledger entries",
        empty="No customer ledger entries.",
    )


@report_app.command("customer-balances")
def customer_balances(
    ctx: typer.Context, as_of: AsOfOpt = None, as_json: JsonOption = False
) -> None:
    """Each customer's balance (in the company's currency) and the total."""
    from reskontro.interfaces.cli import output
    from reskontro.services import reports

    state = get_state(ctx)
    report = reports.customer_balances(state.engine, state.company_id, as_of=as_of)
    if as_json:
        output.print_json({"as_of": report.as_of, "lines": report.lines, "total": report.total})
        return
    print_with_total(
        report.lines,
        ("no", "name", "balance"),
        {"no": "Total", "balance": report.total},
        title=f"Customer balances{f' as of {as_of.isoformat()}' if as_of else ''}",
    )


@report_app.command("aging")
def aging(
    ctx: typer.Context,
    as_of: Annotated[
        date,
        typer.Option(
            "--as-of", parser=iso_date, metavar="DATE", help="Age the entries as of this date."
        ),
    ],
    customer: CustomerOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Aged receivables by days overdue: not due, 1-30, 31-60, 61-90, over 90."""
    from dataclasses import asdict

    from reskontro.interfaces.cli import output
    from reskontro.services import reports

    state = get_state(ctx)
    report = reports.aging(state.engine, state.company_id, as_of, customer_no=customer)
    if as_json:
        output.print_json(report)
        return
    print_with_total(
        report.lines,
        AGING_COLUMNS,
        {"customer_no": "Total", **asdict(report.total)},
        title=f"Aged receivables as of {as_of.isoformat()} (days overdue)",
        headings=AGING_HEADINGS,
    )


@report_app.command("registers")
def registers(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", min=1, help="The latest this many.")
    ] = 50,
    as_json: JsonOption = False,
) -> None:
    """The latest posting runs (G/L registers), newest first, with their entry numbers."""
    from reskontro.interfaces.cli import output
    from reskontro.services import reports

    state = get_state(ctx)
    output.show(
        reports.gl_registers(state.engine, state.company_id, limit=limit),
        as_json=as_json,
        columns=REGISTER_COLUMNS,
        title="G/L registers",
        empty="Nothing has been posted yet.",
    )
