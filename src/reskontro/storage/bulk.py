"""Bulk writes for posting: tuples straight to the driver's ``executemany``.

Posting writes several rows per journal line; going through SQLAlchemy's per-row parameter
processing costs more than the database's own work. Here each column's conversion (money to
minor units, enums to text, dates and booleans as the dialect stores them) is chosen once per
column, and the rows go to the driver as plain tuples. The values written are exactly those the
column types would write, so reads through the ORM see the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Boolean, Date, Table
from sqlalchemy.orm import Session

from reskontro.domain.money import to_minor
from reskontro.storage.types import EnumText, Money, Rate

Converter = Callable[[Any], Any]


def _money(value: Decimal | None) -> int | None:
    return None if value is None else to_minor(value)


def _enum(value: Enum | str | None) -> str | None:
    # ``_value_`` is a plain attribute; ``.value`` goes through a slow descriptor.
    return value._value_ if isinstance(value, Enum) else value


def _rate(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _same(value: Any) -> Any:
    return value


def converter(table: Table, column: str, dialect: str) -> Converter:
    kind = table.c[column].type
    if isinstance(kind, Money):
        return _money
    if isinstance(kind, EnumText):
        return _enum
    if isinstance(kind, Rate):
        return _rate
    if dialect == "sqlite" and isinstance(kind, Date):
        return _iso
    if dialect == "sqlite" and isinstance(kind, Boolean):
        return _flag
    return _same


def _placeholder(dialect: str) -> str:
    return "?" if dialect == "sqlite" else "%s"


CHUNK = 10_000
"""Rows converted and sent per ``executemany``: keeps a second full copy of a large posting
out of memory."""


def _prepare(
    table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]], dialect: str
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows as tuples, converted only in the columns that need it, in chunks."""
    needed = [
        (index, convert)
        for index, convert in enumerate(converter(table, c, dialect) for c in columns)
        if convert is not _same
    ]
    params: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(row)
        for index, convert in needed:
            values[index] = convert(values[index])
        params.append(tuple(values))
        if len(params) == CHUNK:
            yield params
            params = []
    if params:
        yield params


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """INSERT the rows (values in *columns* order) with one executemany."""
    connection = session.connection()
    mark = _placeholder(connection.dialect.name)
    names = ", ".join(columns)
    marks = ", ".join([mark] * len(columns))
    statement = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608 - names come from the table definition
    for params in _prepare(table, columns, rows, connection.dialect.name):
        connection.exec_driver_sql(statement, params)


def update_rows(
    session: Session,
    table: Table,
    keys: Sequence[str],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    """UPDATE by primary key; each row holds the *columns* values, then the *keys* values."""
    connection = session.connection()
    dialect = connection.dialect.name
    mark = _placeholder(dialect)
    assignments = ", ".join(f"{c} = {mark}" for c in columns)
    where = " AND ".join(f"{k} = {mark}" for k in keys)
    statement = f"UPDATE {table.name} SET {assignments} WHERE {where}"  # noqa: S608 - names come from the table definition
    for params in _prepare(table, [*columns, *keys], rows, dialect):
        connection.exec_driver_sql(statement, params)
