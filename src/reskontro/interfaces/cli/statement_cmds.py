"""``reskontro statement parse FILE``: what a bank statement file holds, without a database.

The format (camt, MT940 or CSV) is detected from the file unless ``--format`` names it; CSV
files are read through an import profile (``--profile``: a built-in name or a JSON file).
With ``--json`` it prints ``{"statements": [...]}``; amounts are strings with at least two
decimals, signed with money in positive. A file that cannot be read exits with 1 and one line
naming the file, the line and the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reskontro.domain.errors import ValidationError
from reskontro.interfaces.cli.main import JsonOption, app

if TYPE_CHECKING:
    from reskontro.formats.bank_csv import CsvProfile
    from reskontro.formats.statements import Entry, Reference, Statement, TransactionDetail

statement_app = typer.Typer(help="Bank statements: camt.052/053/054, MT940 and CSV.")
app.add_typer(statement_app, name="statement")


class FileFormat(StrEnum):
    camt = "camt"
    mt940 = "mt940"
    csv = "csv"


@dataclass(frozen=True)
class EntryRow:
    """One entry as a table row."""

    booking_date: date | None
    amount: Decimal
    status: str
    text: str
    counterparty: str
    references: str
    bank_reference: str


@statement_app.command("parse")
def parse(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The statement file.")
    ],
    file_format: Annotated[
        FileFormat | None,
        typer.Option("--format", case_sensitive=False, help="The file's format; else detected."),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="NAME|FILE.json",
            help="CSV import profile: a built-in one (generic, nordic, dnb, nordea-no, "
            "nordea-se, sparebank1, danske-bank-no, danske-bank-se, swedbank, …) or a JSON file.",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="The encoding of an MT940 or CSV file."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show what a bank statement file holds (no database is touched)."""
    from reskontro.formats.statements import parse_statement_file

    chosen = csv_profile(profile) if profile else None
    with file.open("rb") as stream:
        statements = parse_statement_file(
            stream,
            file_format.value if file_format else None,
            source=file.name,
            profile=chosen,
            encoding=encoding,
        )
    if as_json:
        typer.echo(
            json.dumps(
                {"statements": [statement_json(s) for s in statements]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    _print_tables(statements)


def csv_profile(name: str) -> CsvProfile:
    """A built-in CSV profile by name, or one read from a JSON file."""
    from reskontro.formats.bank_csv import PROFILES, CsvProfile

    if name in PROFILES:
        return PROFILES[name]
    path = Path(name)
    if not path.is_file():
        raise ValidationError(
            f"no CSV profile {name!r}: give one of {', '.join(PROFILES)} or a JSON file"
        )
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{path.name}: the profile is not JSON ({exc})") from None
    if not isinstance(values, dict):
        raise ValidationError(f"{path.name}: the profile must be a JSON object")
    return CsvProfile.from_mapping(values)


def save_account_profile(ctx: typer.Context, bank_no: str, value: str) -> None:
    """``bank-account update NO --csv-profile NAME|FILE.json`` (``none`` forgets it): the
    profile a CSV statement of the account is read with when no ``--profile`` is given."""
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.statements import set_csv_profile

    state = get_state(ctx)
    profile = None if value.strip().lower() in ("", "none") else csv_profile(value)
    set_csv_profile(state.engine, state.company_id, bank_no, profile, user=state.user)
    typer.echo(
        f"Bank account {bank_no} reads CSV statements with profile {profile.name}."
        if profile
        else f"Bank account {bank_no} has no CSV profile of its own any more."
    )


# -- JSON ------------------------------------------------------------------------------------


def _amount(value: Decimal | None) -> str | None:
    from reskontro.interfaces.cli.output import json_decimal

    return None if value is None else json_decimal(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def reference_json(reference: Reference) -> dict[str, Any]:
    return {
        "kind": reference.kind,
        "value": reference.value,
        "code": reference.code,
        "issuer": reference.issuer,
        "amount": _amount(reference.amount),
    }


def transaction_json(detail: TransactionDetail) -> dict[str, Any]:
    return {
        "amount": _amount(detail.amount),
        "end_to_end_id": detail.end_to_end_id,
        "counterparty_name": detail.counterparty_name,
        "counterparty_account": detail.counterparty_account,
        "text": detail.text,
        "references": [reference_json(r) for r in detail.references],
    }


def entry_json(entry: Entry) -> dict[str, Any]:
    batch = entry.batch
    return {
        "amount": _amount(entry.amount),
        "currency": entry.currency,
        "status": entry.status,
        "booking_date": _day(entry.booking_date),
        "value_date": _day(entry.value_date),
        "bank_reference": entry.bank_reference,
        "entry_reference": entry.entry_reference,
        "bank_code": entry.bank_code,
        "reversal": entry.reversal,
        "text": entry.text,
        "counterparty_name": entry.counterparty_name,
        "counterparty_account": entry.counterparty_account,
        "references": [reference_json(r) for r in entry.references],
        "batch": None
        if batch is None
        else {
            "number_of_transactions": batch.number_of_transactions,
            "total": _amount(batch.total),
            "message_id": batch.message_id,
            "payment_information_id": batch.payment_information_id,
        },
        "transactions": [transaction_json(t) for t in entry.transactions],
    }


def statement_json(statement: Statement) -> dict[str, Any]:
    """A statement as the JSON of ``statement parse --json``."""
    return {
        "id": statement.id,
        "kind": statement.kind,
        "version": statement.version,
        "sequence": statement.sequence,
        "account": statement.account,
        "account_scheme": statement.account_scheme,
        "currency": statement.currency,
        "opening_balance": _amount(statement.opening_balance),
        "opening_date": _day(statement.opening_date),
        "closing_balance": _amount(statement.closing_balance),
        "closing_date": _day(statement.closing_date),
        "created_at": statement.created_at.isoformat() if statement.created_at else None,
        "warnings": list(statement.warnings),
        "entries": [entry_json(e) for e in statement.entries],
    }


# -- tables ----------------------------------------------------------------------------------


def _print_tables(statements: list[Statement]) -> None:
    from reskontro.interfaces.cli import output

    for statement in statements:
        title = " · ".join(
            part
            for part in (
                statement.kind,
                f"statement {statement.id}" if statement.id else "",
                statement.account or "",
                statement.currency or "",
                f"opening {_amount(statement.opening_balance)}"
                if statement.opening_balance is not None
                else "",
                f"closing {_amount(statement.closing_balance)}"
                if statement.closing_balance is not None
                else "",
            )
            if part
        )
        rows = [
            EntryRow(
                booking_date=e.booking_date,
                amount=e.amount,
                status=e.status,
                text=(e.text or "")[:60],
                counterparty=e.counterparty_name or e.counterparty_account or "",
                references=", ".join(r.value for r in e.references[:3])
                + (" …" if len(e.references) > 3 else ""),
                bank_reference=e.bank_reference or "",
            )
            for e in statement.entries
        ]
        output.print_table(rows, title=title, empty=f"{title}: no entries.")
        for warning in statement.warnings:
            typer.echo(f"warning: {warning}", err=True)


# -- import, list, show ----------------------------------------------------------------------


@statement_app.command("import")
def import_file(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The statement file.")
    ],
    bank_account: Annotated[
        str, typer.Option("--bank-account", metavar="NO", help="The bank account it belongs to.")
    ],
    file_format: Annotated[
        FileFormat | None,
        typer.Option("--format", case_sensitive=False, help="The file's format; else detected."),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="NAME|FILE.json",
            help="CSV import profile; else the bank account's own (bank-account update "
            "--csv-profile), else generic.",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="The encoding of an MT940 or CSV file."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Import a statement file's booked entries into a bank account: all of it or nothing,
    and never the same money twice. A camt.052 is imported provisional, until its camt.053
    supersedes it; a camt.054 adds no lines but itemises the batch lines it belongs to."""
    from reskontro.interfaces.cli import output
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.statements import import_statements

    state = get_state(ctx)
    result = import_statements(
        state.engine,
        state.company_id,
        file.read_bytes(),
        file.name,
        bank_account_no=bank_account,
        format=file_format.value if file_format else None,
        profile=csv_profile(profile) if profile else None,
        encoding=encoding,
        user=state.user,
    )
    if as_json:
        output.print_json(result)
        return
    output.print_table(
        result.statements,
        title=f"Import {result.import_no}: {file.name} → {bank_account}",
        empty=f"Import {result.import_no}: {result.notifications} camt.054 entries kept as "
        "details; no statement lines.",
    )
    for link in result.linked:
        typer.echo(
            f"Linked statement {link.statement_no}, line {link.line_no} ({link.amount}) to "
            f"{link.matched_by}: {link.details} payments as its details."
        )
    for gone in result.superseded:
        typer.echo(
            f"camt.052 statement {gone.statement_no}: {gone.replaced} line(s) replaced, "
            f"{gone.dropped} dropped by statement {gone.superseded_by} ({gone.status})."
        )
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)


@statement_app.command("list")
def list_cmd(
    ctx: typer.Context,
    bank_account: Annotated[
        str | None, typer.Option("--bank-account", metavar="NO", help="Only this bank account.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Imported statements, newest first."""
    from reskontro.interfaces.cli import output
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.statements import list_statements

    state = get_state(ctx)
    rows = list_statements(state.engine, state.company_id, bank_account)
    output.show(
        rows,
        as_json=as_json,
        columns=[
            "bank_account_no",
            "statement_no",
            "import_no",
            "kind",
            "id",
            "closing_date",
            "closing_balance",
            "lines",
            "pending",
            "status",
        ],
        title="Bank statements",
        empty="No statements imported.",
    )


@statement_app.command("show")
def show_cmd(
    ctx: typer.Context,
    bank: Annotated[str, typer.Argument(metavar="BANK", help="The bank account no.")],
    number: Annotated[int, typer.Argument(metavar="NO", help="Our statement no.")],
    as_json: JsonOption = False,
) -> None:
    """One imported statement and its lines."""
    from reskontro.interfaces.cli import output
    from reskontro.interfaces.cli.main import get_state
    from reskontro.services.statements import get_statement

    state = get_state(ctx)
    detail = get_statement(state.engine, state.company_id, bank, number)
    if as_json:
        output.print_json(detail)
        return
    output.print_record(detail.statement, title=f"Statement {number} of {bank}")
    output.print_table(
        detail.lines,
        columns=[
            "line_no",
            "booking_date",
            "amount",
            "text",
            "counterparty_name",
            "batch_count",
            "detail_kind",
        ],
        empty="No lines.",
    )
    for line in detail.lines:
        if line.details:
            output.print_table(
                line.details,
                columns=["detail_no", "amount", "counterparty_name", "references", "text"],
                title=f"Line {line.line_no}: {line.detail_kind} import {line.detail_import_no}"
                + (f" ({line.detail_note})" if line.detail_note else ""),
            )
