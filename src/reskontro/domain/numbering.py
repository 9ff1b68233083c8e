"""Document numbers: the next number after one already used, as NAV's number series count.

The last run of digits counts up and keeps its width, so the prefix and any suffix stay as
they are. When the digits run out (``99``) the number grows by one digit rather than wrapping
round to a number that was used before.

>>> increment("CR000009")
'CR000010'
>>> increment("99")
'100'
>>> increment("100001")
'100002'
>>> increment("D00099")
'D00100'
>>> increment("2026-INV-0042")
'2026-INV-0043'
>>> increment("A9Z")
'A10Z'
>>> increment("INV")  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
reskontro.domain.errors.ValidationError: 'INV' has no digits to count up; ...
"""

from __future__ import annotations

import re

from reskontro.domain.errors import ValidationError

_LAST_DIGITS = re.compile(r"(\d+)(?=\D*$)")


def increment(no: str) -> str:
    """The number after *no*: its last run of digits plus one, zero-padded to the same width."""
    match = _LAST_DIGITS.search(no)
    if match is None:
        raise ValidationError(
            f"{no!r} has no digits to count up; a number in a series needs digits, e.g. INV0001"
        )
    digits = match.group(1)
    bumped = str(int(digits) + 1).zfill(len(digits))
    return f"{no[: match.start(1)]}{bumped}{no[match.end(1) :]}"
