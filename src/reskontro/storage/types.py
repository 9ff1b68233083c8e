"""Column types: money as integer minor units, enums as their string values."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from reskontro.domain.money import from_minor, to_minor


class Money(TypeDecorator[Decimal]):
    """A ``Decimal`` amount stored as integer minor units (øre/öre/cent). Never a float."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return to_minor(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return from_minor(int(value))


class Rate(TypeDecorator[Decimal]):
    """A rate or percentage kept exactly as text (``"2.5"``, ``"11.234567"``)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else format(value, "f")

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class EnumText(TypeDecorator[StrEnum]):
    """A ``StrEnum`` stored as its value; the column stays a plain string."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_class: type[StrEnum], length: int = 32) -> None:
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value: StrEnum | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum_class(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> StrEnum | None:
        if value is None:
            return None
        member = self.enum_class._value2member_map_.get(value)
        return self.enum_class(value) if member is None else member  # type: ignore[return-value]
