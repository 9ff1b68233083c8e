"""Money: one way to make, round and show amounts.

Every amount in reskontro is a :class:`decimal.Decimal`. Amounts are kept to the currency's
precision (two decimals for NOK, SEK, EUR, DKK) and stored as integer minor units.

>>> amount("1234.5")
Decimal('1234.50')
>>> amount("-0.005")
Traceback (most recent call last):
    ...
reskontro.domain.errors.AmountError: -0.005 has more than 2 decimals
>>> round_amount(Decimal("10.005"))
Decimal('10.01')
>>> to_minor(Decimal("-12.30")), from_minor(-1230)
(-1230, Decimal('-12.30'))
>>> percent_of(Decimal("1000.00"), Decimal("2"))
Decimal('20.00')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from reskontro.domain.errors import AmountError

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MINOR_PER_UNIT = 100


def amount(value: Decimal | int | str) -> Decimal:
    """Return *value* as an exact two-decimal amount; refuse anything finer or not a number."""
    if isinstance(value, float):  # pragma: no cover - guarded by the type checker
        raise AmountError("amounts must never be floats")
    try:
        number = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError) as exc:
        raise AmountError(f"{value!r} is not an amount") from exc
    if not number.is_finite():
        raise AmountError(f"{value!r} is not an amount")
    quantized = number.quantize(CENT)
    if quantized != number:
        raise AmountError(f"{value} has more than 2 decimals")
    return quantized


def parse_amount(text: str) -> Decimal:
    """Parse an amount as people write it: ``1234.50``, ``1 234,50``, ``-12``.

    >>> parse_amount("1 234,50")
    Decimal('1234.50')
    >>> parse_amount("12,5")
    Decimal('12.50')
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." in cleaned:
        # 1.234,50 (Nordic thousands dot) or 1,234.50 (English thousands comma)
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    if not cleaned or not all(c in "0123456789.-+" for c in cleaned):
        raise AmountError(f"{text!r} is not an amount")
    return amount(cleaned)


def round_amount(value: Decimal, precision: Decimal = CENT) -> Decimal:
    """Round half away from zero to *precision* (0.01 by default), as invoices do."""
    if precision <= 0:
        return value
    steps = (value / precision).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (steps * precision).quantize(CENT)


def percent_of(base: Decimal, percent: Decimal) -> Decimal:
    """*percent* % of *base*, rounded to the cent."""
    return round_amount(base * percent / Decimal(100))


def to_minor(value: Decimal) -> int:
    """Decimal amount → integer minor units (øre, öre, cent). Refuses fractions of a cent."""
    minor = value.scaleb(2)
    whole = int(minor)
    if whole != minor:
        raise AmountError(f"{value} has more than 2 decimals")
    return whole


def from_minor(value: int) -> Decimal:
    """Integer minor units → Decimal amount with two decimals."""
    return (Decimal(value) / MINOR_PER_UNIT).quantize(CENT)


def fmt(value: Decimal) -> str:
    """The JSON form of an amount: a string with two decimals (``"1234.50"``)."""
    return f"{value.quantize(CENT):f}"
