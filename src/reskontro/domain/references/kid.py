"""KID (kundeidentifikasjon), the Norwegian payment reference printed on invoices and giros.

A KID has 2 to 25 digits; the last is a check digit computed MOD10 (Luhn) or MOD11, as the
payee's OCR agreement with Nets says. MOD11 gives ``-`` when the remainder makes the check
digit 10, so a valid MOD11 KID can end in ``-`` (Nets recommends MOD10 because payers and some
banks stumble over the dash; the files still carry such KIDs).

The rules (Nets, OCR giro system manual §5):

* MOD10: weights 2, 1, 2, 1, … from the right of the digits before the check digit; add up the
  *digits* of the products; the check digit is ``(10 - sum % 10) % 10``.
* MOD11: weights 2, 3, 4, 5, 6, 7, 2, 3, … from the right; ``r = sum % 11``; the check digit is
  ``11 - r``, so ``r = 0`` gives ``0`` and ``r = 1`` gives ``-``.

python-stdnum has no KID module (2.2 has ``stdnum.no`` for birth numbers, accounts, VAT and
organisation numbers only), so MOD10 comes from ``stdnum.luhn`` and MOD11 is written here.

>>> calc_check_digit('0000012345')
'5'
>>> calc_check_digit('12345678', 'mod11')
'5'
>>> calc_check_digit('00000123451', 'mod11')
'-'
>>> validate('0000 0123 455')
'00000123455'
>>> validate('00000123451-')
'00000123451-'
>>> validate('00000123451-', 'mod10')
Traceback (most recent call last):
    ...
reskontro.domain.references.kid.InvalidKidChecksum: KID 00000123451- ends in '-', which only \
MOD11 gives; this KID must be MOD10
>>> validate('123456783')
Traceback (most recent call last):
    ...
reskontro.domain.references.kid.InvalidKidChecksum: KID 123456783 has a wrong check digit: \
it ends in 3, but MOD10 gives 2 and MOD11 gives 5
>>> is_valid('1234A')
False
>>> compact(' 1234-5678 5 ')
'123456785'
>>> compact('12.34.5-')
'12345-'
>>> format('0000-0123-455')
'00000123455'
"""

from __future__ import annotations

from enum import StrEnum

from stdnum import luhn

from reskontro.domain.errors import ValidationError

MIN_LENGTH = 2
MAX_LENGTH = 25
"""A KID has 2 to 25 characters, the check digit included."""

_SEPARATORS = str.maketrans("", "", " .-\t")
_MOD11_WEIGHTS = (2, 3, 4, 5, 6, 7)


class KidMethod(StrEnum):
    """How the check digit is computed (the payee's OCR agreement says which)."""

    MOD10 = "mod10"
    MOD11 = "mod11"


class InvalidKid(ValidationError):  # noqa: N818 - python-stdnum names its errors so
    """The text is not a valid KID; the message says why."""


class InvalidKidLength(InvalidKid):
    """The KID is shorter than 2 or longer than 25 characters."""


class InvalidKidFormat(InvalidKid):
    """The KID holds something else than digits (and a final MOD11 ``-``)."""


class InvalidKidChecksum(InvalidKid):
    """The last digit is not the check digit of the others."""


def _digits_only(text: str) -> bool:
    # isdecimal() alone accepts Arabic-Indic and other digits; a KID has ASCII ones.
    return text.isdecimal() and text.isascii()


def _method(method: KidMethod | str) -> KidMethod:
    try:
        return KidMethod(method)
    except ValueError:
        raise ValidationError(
            f"{method!r} is not a KID check digit method; use mod10 or mod11"
        ) from None


def compact(number: str) -> str:
    """Remove spaces, dots and dashes people write in a KID; keep a final MOD11 ``-``."""
    text = number.strip()
    if text.endswith("-"):
        return text[:-1].translate(_SEPARATORS) + "-"
    return text.translate(_SEPARATORS)


def _mod11(body: str) -> str:
    total = sum(
        int(digit) * _MOD11_WEIGHTS[index % 6] for index, digit in enumerate(reversed(body))
    )
    check = (11 - total % 11) % 11
    return "-" if check == 10 else str(check)


def calc_check_digit(number: str, method: KidMethod | str = KidMethod.MOD10) -> str:
    """The check digit for the digits *number* (without a check digit): ``0``-``9`` or ``-``."""
    if not _digits_only(number):
        raise InvalidKidFormat(f"{number!r}: a KID is made from digits only")
    if _method(method) is KidMethod.MOD10:
        return luhn.calc_check_digit(number)
    return _mod11(number)


def validate(number: str, method: KidMethod | str | None = None) -> str:
    """Return the KID in compact form, or raise :class:`InvalidKid` saying what is wrong.

    With *method* ``None`` a KID whose check digit holds by either MOD10 or MOD11 is accepted;
    the import passes the method of the company's KID set-up.
    """
    kid = compact(number)
    if not MIN_LENGTH <= len(kid) <= MAX_LENGTH:
        raise InvalidKidLength(
            f"KID {number.strip()!r} has {len(kid)} digits; a KID has {MIN_LENGTH} to "
            f"{MAX_LENGTH} digits, the last of them the check digit"
        )
    body, check = kid[:-1], kid[-1]
    if not _digits_only(body) or not (_digits_only(check) or check == "-"):
        raise InvalidKidFormat(
            f"KID {number.strip()!r} may hold only digits (the last may be '-' for MOD11)"
        )
    wanted = _method(method) if method is not None else None
    if check == "-" and wanted is KidMethod.MOD10:
        raise InvalidKidChecksum(
            f"KID {kid} ends in '-', which only MOD11 gives; this KID must be MOD10"
        )
    mod10 = luhn.calc_check_digit(body) if wanted is not KidMethod.MOD11 else None
    mod11 = _mod11(body) if wanted is not KidMethod.MOD10 else None
    if check in (mod10, mod11):
        return kid
    gives = " and ".join(
        f"{name} gives {digit}" for name, digit in (("MOD10", mod10), ("MOD11", mod11)) if digit
    )
    raise InvalidKidChecksum(f"KID {kid} has a wrong check digit: it ends in {check}, but {gives}")


def is_valid(number: str, method: KidMethod | str | None = None) -> bool:
    """Whether *number* is a valid KID (by *method*, or by either method when ``None``)."""
    try:
        validate(number, method)
    except InvalidKid:
        return False
    return True


def format(number: str) -> str:  # noqa: A001 - python-stdnum's name for the printed form
    """The KID as printed on the giro and typed into a bank: one unbroken string of digits."""
    return compact(number)
