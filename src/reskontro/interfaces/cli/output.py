"""Show results: a Rich table for people, JSON (``--json``) for scripts.

Results are dataclasses (see :mod:`reskontro.services`). In JSON, amounts are strings with two
decimals (``"1234.50"``), dates are ISO (``"2026-11-20"``), enums are their values and a missing
value is ``null``; the field names of the dataclass are the keys, in their order.

>>> from dataclasses import dataclass
>>> from datetime import date
>>> @dataclass
... class Row:
...     document_no: str
...     due_date: date
...     remaining_amount: Decimal
>>> print(dumps([Row("103001", date(2026, 11, 20), Decimal("1234.5"))]))
[
  {
    "document_no": "103001",
    "due_date": "2026-11-20",
    "remaining_amount": "1234.50"
  }
]
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reskontro.domain.money import fmt

JsonValue = None | bool | int | str | list["JsonValue"] | dict[str, "JsonValue"]


def json_decimal(value: Decimal) -> str:
    """An amount with two decimals; a finer number (a rate) keeps all its digits.

    >>> json_decimal(Decimal("-12.3")), json_decimal(Decimal("10.654321"))
    ('-12.30', '10.654321')
    """
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        # Never round silently: only amounts have two decimals.
        return f"{value:f}"
    return fmt(value)


def jsonable(value: object) -> JsonValue:
    """*value* as plain JSON data (see the module docstring for the rules)."""
    if isinstance(value, Enum):
        return jsonable(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return json_decimal(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    # A float or an unknown object here is a bug in the caller: say so instead of guessing.
    raise TypeError(f"cannot show a {type(value).__name__} as JSON")


def dumps(value: object) -> str:
    return json.dumps(jsonable(value), ensure_ascii=False, indent=2)


def print_json(value: object) -> None:
    typer.echo(dumps(value))


def cell(value: object) -> str:
    """The text of *value* in a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return json_decimal(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(cell(item) for item in value)
    return str(value)


def heading(name: str) -> str:
    """A column heading from a field name: ``remaining_amount`` → ``Remaining amount``."""
    return name.replace("_", " ").capitalize()


def _field_names(row: object) -> list[str]:
    if not dataclasses.is_dataclass(row) or isinstance(row, type):
        raise TypeError(f"cannot show a {type(row).__name__} as a table row")
    return [f.name for f in dataclasses.fields(row)]


def _is_number(values: list[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(
        isinstance(v, Decimal | int) and not isinstance(v, bool) for v in present
    )


def print_table(
    rows: Sequence[object],
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    empty: str = "Nothing to show.",
) -> None:
    """Print dataclass *rows* as a table; *columns* picks and orders the fields."""
    if not rows:
        typer.echo(empty)
        return
    names = list(columns) if columns else _field_names(rows[0])
    table = Table(title=title)
    for name in names:
        numeric = _is_number([getattr(row, name) for row in rows])
        table.add_column(heading(name), justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*(Text(cell(getattr(row, name))) for name in names))
    Console().print(table)


def print_record(row: object, *, title: str | None = None) -> None:
    """Print one dataclass as a two-column table of field and value."""
    table = Table(title=title, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for name in _field_names(row):
        table.add_row(Text(heading(name)), Text(cell(getattr(row, name))))
    Console().print(table)


def show(
    rows: Sequence[object],
    *,
    as_json: bool,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    empty: str = "Nothing to show.",
) -> None:
    """The usual ending of a list command: JSON with ``--json``, else a table."""
    if as_json:
        print_json(list(rows))
    else:
        print_table(rows, columns=columns, title=title, empty=empty)


def show_record(row: object, *, as_json: bool, title: str | None = None) -> None:
    """The usual ending of a command that shows one thing."""
    if as_json:
        print_json(row)
    else:
        print_record(row, title=title)
