"""The value types of the API's JSON: amounts and other numbers as strings, never floats.

* :data:`Money`: an amount, written ``"1234.50"`` (two decimals). Requests must send a string
  with at most two decimals; a JSON number is refused, because a float cannot hold every
  amount exactly.
* :data:`Number`: a quantity, price or percentage (``"1.5"``, ``"25.00"``, ``"10.654321"``),
  written with at least two decimals and every digit it has.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema

from reskontro.domain.money import amount, fmt

AMOUNT_HINT = 'give amounts as strings with at most two decimals, such as "1234.50"'
NUMBER_HINT = 'give numbers as strings, such as "1.5" or "25"'
MAX_NUMBER_DIGITS = 30


def _amount_in(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, str):
        try:
            return amount(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not an amount; {AMOUNT_HINT}") from None
    raise ValueError(AMOUNT_HINT)


def _number_in(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str) and len(value) <= MAX_NUMBER_DIGITS:
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return number
        raise ValueError(f"{value!r} is not a number; {NUMBER_HINT}")
    raise ValueError(NUMBER_HINT)


def number_text(value: Decimal) -> str:
    """A number with at least two decimals and no rounding.

    >>> number_text(Decimal("25.0000")), number_text(Decimal("1")), number_text(Decimal("0.125"))
    ('25.00', '1.00', '0.125')
    """
    text = f"{value:f}"
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.rstrip('0').ljust(2, '0')}"


Money = Annotated[
    Decimal,
    PlainValidator(_amount_in),
    PlainSerializer(fmt, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$", "examples": ["1234.50"]}),
]
Number = Annotated[
    Decimal,
    PlainValidator(_number_in),
    PlainSerializer(number_text, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "examples": ["1.50"]}),
]


class Model(BaseModel):
    """Base of the API's bodies and answers: unknown fields are refused, answers are built from
    the services' dataclasses by attribute."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")


M = TypeVar("M", bound=Model)


def build(model: type[M], value: object) -> M:
    """*value* (a service result) as the answer model *model*."""
    return model.model_validate(value, from_attributes=True)


class ErrorBody(Model):
    type: str
    """A stable name: not_authenticated, access_denied, not_found, validation_error, …"""
    message: str
    problems: list[str]


class ErrorResponse(Model):
    """Every refusal of the API has this shape."""

    error: ErrorBody


class Done(Model):
    """The answer of an action that returns nothing else."""

    done: bool = True
    message: str = ""
