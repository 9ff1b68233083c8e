"""Reading form fields: amounts, quantities and dates as people type them, with clear refusals.

Field problems raise :class:`FieldError`, which pages show next to the form; anything wrong
after that is for the services to say.

>>> parse_money_field("1 234,50", "amount"), parse_money_field("-12", "amount")
(Decimal('1234.50'), Decimal('-12.00'))
>>> parse_date_field("2026-03-02", "posting_date")
datetime.date(2026, 3, 2)
>>> parse_date_field("02.03.2026", "posting_date")
datetime.date(2026, 3, 2)
>>> parse_decimal_field("2,5", "quantity")
Decimal('2.5')
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from reskontro.domain.errors import AmountError
from reskontro.domain.money import parse_amount


class FieldError(ValueError):
    """One field cannot be read: *key* is the message id, *field* the field's label id."""

    def __init__(self, key: str, field: str, value: str) -> None:
        super().__init__(f"{field}: {value!r}")
        self.key = key
        self.field = field
        self.value = value


def _clean(text: str) -> str:
    return text.strip().replace("\u00a0", "").replace("\u2212", "-")


def parse_money_field(text: str, field: str) -> Decimal:
    """An amount (required), written with either decimal sign and spaces between thousands."""
    cleaned = _clean(text)
    if not cleaned:
        raise FieldError("form.required", field, text)
    try:
        return parse_amount(cleaned)
    except AmountError as exc:
        raise FieldError("form.bad_amount", field, text) from exc


def parse_decimal_field(text: str, field: str) -> Decimal:
    """A quantity, price or percentage (required): any number of decimals, either sign."""
    cleaned = _clean(text).replace(" ", "")
    if not cleaned:
        raise FieldError("form.required", field, text)
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise FieldError("form.bad_number", field, text) from exc
    if not number.is_finite():
        raise FieldError("form.bad_number", field, text)
    return number


def parse_date_field(text: str, field: str, *, required: bool = False) -> date | None:
    """ISO (what ``<input type=date>`` sends), or dd.mm.yyyy as Norwegians write it."""
    cleaned = text.strip()
    if not cleaned:
        if required:
            raise FieldError("form.required", field, text)
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(cleaned, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise FieldError("form.bad_date", field, text)


def parse_int_field(text: str, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError as exc:
        raise FieldError("form.bad_number", field, text) from exc
