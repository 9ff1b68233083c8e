"""Bulk writes and keyed reads: plain tuples straight to and from the driver.

Posting writes several rows per journal line; going through SQLAlchemy's per-row parameter
processing costs more than the database's own work. Here each column's conversion (money to
minor units, enums to text, dates and booleans as the dialect stores them) is chosen once per
column, and the rows go to the driver as plain tuples. The values written are exactly those the
column types would write, so reads through the ORM see the same thing.

Reading the rows whose key is one of 100,000 values is the same story: SQLAlchemy renders an
expanding ``IN`` list value by value and processes each result row. :func:`select_rows` sends
the keys in chunks of placeholders to the driver and converts only the columns that need it,
as the column types would read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from itertools import islice
from typing import Any

from sqlalchemy import Boolean, Date, Table
from sqlalchemy.orm import Session

from reskontro.domain.money import to_minor
from reskontro.storage.types import EnumText, Money, Rate

Converter = Callable[[Any], Any]
ColumnConverter = Callable[[Sequence[Any]], Sequence[Any]]


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


def _column_converter(convert: Converter) -> ColumnConverter:
    """*convert* over a whole column; the common kinds inline (no call per value)."""
    if convert is _enum:
        return lambda values: [v._value_ if isinstance(v, Enum) else v for v in values]
    if convert is _iso:
        return lambda values: [None if v is None else v.isoformat() for v in values]
    if convert is _flag:
        return lambda values: [None if v is None else int(v) for v in values]
    return lambda values: [convert(v) for v in values]


def _prepare(
    table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]], dialect: str
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows as tuples, converted only in the columns that need it, in chunks.

    A chunk is turned into columns, the columns that need it are converted as a whole, and the
    columns are turned back into rows: the transposing is done by ``zip`` in C.
    """
    needed = [
        (index, _column_converter(convert))
        for index, convert in enumerate(converter(table, c, dialect) for c in columns)
        if convert is not _same
    ]
    source = iter(rows)
    while True:
        chunk = list(islice(source, CHUNK))
        if not chunk:
            return
        if not needed:
            yield [tuple(row) for row in chunk]
            continue
        values: list[Sequence[Any]] = list(zip(*chunk, strict=True))
        if len(values) != len(columns):
            raise ValueError(f"rows for {table.name} must hold {len(columns)} values")
        for index, convert in needed:
            values[index] = convert(values[index])
        yield list(zip(*values, strict=True))


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


# -- keyed reads ---------------------------------------------------------------------------


KEYS_PER_QUERY = 900
"""Keys per query: below the bound-parameter limit of any SQLite build."""


def _money_column(values: Sequence[Any]) -> list[Any]:
    # The same Decimal as from_minor (two decimals), without the division and quantize.
    return [None if v is None else Decimal(v).scaleb(-2) for v in values]


def _checked(convert: Converter) -> ColumnConverter:
    """*convert* over a column by ``map`` when it holds no NULL, else value by value."""

    def column(values: Sequence[Any]) -> list[Any]:
        if None in values:
            return [None if v is None else convert(v) for v in values]
        return list(map(convert, values))

    return column


def _enum_column(enum_class: type[Enum]) -> ColumnConverter:
    members = enum_class._value2member_map_

    def column(values: Sequence[Any]) -> list[Any]:
        found = list(map(members.get, values))
        if None in found:  # NULLs, or a value that is no member: let the enum say so
            return [None if v is None else enum_class(v) for v in values]
        return found

    return column


def _reader(table: Table, column: str, dialect: str) -> ColumnConverter | None:
    """What turns the driver's values of *column* into what the column type reads, if anything
    (a whole column at a time)."""
    kind = table.c[column].type
    if isinstance(kind, Money):
        return _money_column
    if isinstance(kind, EnumText):
        return _enum_column(kind.enum_class)
    if isinstance(kind, Rate):
        return _checked(Decimal)
    if dialect == "sqlite" and isinstance(kind, Date):
        return _checked(date.fromisoformat)
    if dialect == "sqlite" and isinstance(kind, Boolean):
        return _checked(bool)
    return None


def _condition(
    table: Table, column: str, value: Any, mark: str, dialect: str
) -> tuple[str, list[Any]]:
    convert = converter(table, column, dialect)
    name = table.c[column].name
    if isinstance(value, tuple | list | set | frozenset):
        values = [convert(v) for v in value]
        return f"{name} IN ({', '.join([mark] * len(values))})", values
    if value is None:
        return f"{name} IS NULL", []
    return f"{name} = {mark}", [convert(value)]


def select_rows(
    session: Session,
    table: Table,
    columns: Sequence[str],
    key: str,
    keys: Iterable[Any],
    where: Mapping[str, Any] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The *columns* of the rows whose *key* is one of *keys*, as plain tuples.

    *where* narrows the rows further: a column equals the value given, or is one of the values
    when a tuple, list or set is given. The keys go to the database in chunks of placeholders,
    one query per chunk and only as far as the rows are read; the values come back as the
    column types read them (money as ``Decimal``, enums as members, ...).
    """
    connection = session.connection()
    dialect = connection.dialect.name
    mark = _placeholder(dialect)
    conditions = [_condition(table, c, v, mark, dialect) for c, v in (where or {}).items()]
    fixed = [v for _, values in conditions for v in values]
    names = ", ".join(table.c[c].name for c in columns)
    head = " AND ".join([text for text, _ in conditions] + [f"{table.c[key].name} IN ("])
    readers = [
        (index, reader)
        for index, reader in enumerate(_reader(table, c, dialect) for c in columns)
        if reader is not None
    ]
    convert_key = converter(table, key, dialect)
    source = iter(keys)
    while True:
        chunk = [convert_key(k) for k in islice(source, KEYS_PER_QUERY)]
        if not chunk:
            return
        marks = ", ".join([mark] * len(chunk))
        statement = f"SELECT {names} FROM {table.name} WHERE {head}{marks})"  # noqa: S608 - names come from the table definition
        rows = connection.exec_driver_sql(statement, tuple(fixed + chunk)).fetchall()
        if not rows:
            continue
        if not readers:
            yield from (tuple(row) for row in rows)
            continue
        values: list[Sequence[Any]] = list(zip(*rows, strict=True))
        for index, reader in readers:
            values[index] = reader(values[index])
        yield from zip(*values, strict=True)
