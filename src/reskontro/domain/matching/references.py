"""Structured payment references in statement lines: KID, Swedish OCR, RF and Finnish references.

A reference counts only when its check digit holds. The same digits can be valid under more
than one scheme (a MOD10 KID and a Swedish OCR number use the same Luhn digit), so a
:class:`Reference` carries every kind it is valid as; matching compares only the compact value
with the open entries' payment references.

Structured fields (the bank's "reference" element) are read as given. Free text is read more
carefully: only digit runs of at least :data:`MIN_TEXT_LENGTH` digits standing alone (dates and
amounts are shorter or broken by dots and dashes) and ``RF`` references, whose groups of four
may be spaced as they are printed. A valid check digit alone matches nothing: the engine
accepts a reference only when it equals an open entry's payment reference.

>>> [(r.label, r.value) for r in structured_references(["0000 0123 455", "RF18 5390 0754 7034"])]
[('KID/OCR', '00000123455'), ('RF', 'RF18539007547034')]
>>> [r.value for r in text_references("Faktura 1001 KID 00000123451- dato 12.03.2026")]
['00000123451-']
>>> [r.value for r in text_references("Ref. RF18 5390 0754 7034 and thanks")]
['RF18539007547034']
>>> text_references("bet. 123456783")  # a wrong check digit
[]
>>> compact_reference(" rf18 5390 0754 7034 ")
'RF18539007547034'
>>> is_finnish_reference("1232"), is_finnish_reference("1231")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from stdnum import iso11649, luhn

from reskontro.domain.references import kid

MIN_TEXT_LENGTH = 5
"""The shortest KID or OCR number taken from free text: shorter digit runs are days, years,
amounts and counts far more often than references."""

FINNISH_MIN_LENGTH = 4
FINNISH_MAX_LENGTH = 20
_FINNISH_WEIGHTS = (7, 3, 1)

# A digit run standing alone, perhaps ending in the '-' a MOD11 check digit gives. A digit run
# glued to letters ("INV10023") is a document no., not a reference.
_TEXT_DIGITS = re.compile(
    rf"(?<![0-9A-Za-z.,])(\d{{{MIN_TEXT_LENGTH},25}}-?)(?![0-9A-Za-z]|[.,]\d)"
)
# RF, two check digits, then up to 21 letters or digits, printed in groups of four.
_TEXT_RF = re.compile(r"(?<![0-9A-Za-z])RF\d{2}(?: ?[0-9A-Za-z]{1,4}){1,6}(?![0-9A-Za-z])", re.I)
_SEPARATORS = str.maketrans("", "", " .\t")


class ReferenceKind(StrEnum):
    KID = "KID"
    OCR = "OCR"
    FINNISH = "FI"
    RF = "RF"


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference with a valid check digit: its compact *value* and the kinds it is valid as."""

    value: str
    kinds: tuple[ReferenceKind, ...]
    in_text: bool = False
    """Found in the free text rather than in a structured field."""

    @property
    def kind(self) -> ReferenceKind:
        return self.kinds[0]

    @property
    def label(self) -> str:
        """The kinds in words, e.g. ``KID/OCR``."""
        return "/".join(str(kind) for kind in self.kinds)


def compact_reference(text: str) -> str:
    """The reference without spaces and dots, upper case; a final MOD11 ``-`` is kept.

    Entries' payment references are compacted the same way, so that ``"0000 0123 455"`` on
    the invoice equals ``"00000123455"`` on the statement.
    """
    value = text.strip().upper()
    if value.endswith("-"):
        return value[:-1].translate(_SEPARATORS).replace("-", "") + "-"
    return value.translate(_SEPARATORS).replace("-", "")


def is_finnish_reference(number: str) -> bool:
    """Whether *number* is a Finnish national reference (viitenumero): weights 7, 3, 1 from
    the right of the digits before the check digit, which is the distance to the next ten."""
    if not (number.isdecimal() and number.isascii()):
        return False
    if not FINNISH_MIN_LENGTH <= len(number) <= FINNISH_MAX_LENGTH:
        return False
    body = number[:-1]
    total = sum(
        int(digit) * _FINNISH_WEIGHTS[index % 3] for index, digit in enumerate(reversed(body))
    )
    return (10 - total % 10) % 10 == int(number[-1])


def _is_swedish_ocr(number: str) -> bool:
    """Luhn over 2 to 25 digits; the variant with a length digit passes the same check."""
    return (
        number.isdecimal()
        and number.isascii()
        and kid.MIN_LENGTH <= len(number) <= kid.MAX_LENGTH
        and luhn.is_valid(number)
    )


def kinds_of(value: str) -> tuple[ReferenceKind, ...]:
    """Every kind the compact *value* is a valid reference of (empty when none)."""
    if value.startswith("RF"):
        return (ReferenceKind.RF,) if iso11649.is_valid(value) else ()
    kinds: list[ReferenceKind] = []
    if kid.is_valid(value):
        kinds.append(ReferenceKind.KID)
    if _is_swedish_ocr(value):
        kinds.append(ReferenceKind.OCR)
    if is_finnish_reference(value):
        kinds.append(ReferenceKind.FINNISH)
    return tuple(kinds)


def structured_references(values: Iterable[str]) -> list[Reference]:
    """The valid references among a line's structured reference fields, each value once."""
    found: dict[str, Reference] = {}
    for raw in values:
        value = compact_reference(raw)
        kinds = kinds_of(value) if value else ()
        if kinds and value not in found:
            found[value] = Reference(value, kinds)
    return list(found.values())


def text_references(text: str) -> list[Reference]:
    """The valid references in free text: standalone digit runs of at least
    :data:`MIN_TEXT_LENGTH` digits, and RF references (spaced in groups or not)."""
    found: dict[str, Reference] = {}
    for match in _TEXT_RF.finditer(text):
        value = _valid_rf_prefix(match.group(0))
        if value and value not in found:
            found[value] = Reference(value, (ReferenceKind.RF,), in_text=True)
    for match in _TEXT_DIGITS.finditer(text):
        value = match.group(1)
        if value in found:
            continue
        kinds = kinds_of(value)
        if not kinds and value.endswith("-"):
            # "12345-" may be a number followed by a dash, not a MOD11 check digit.
            value = value[:-1]
            kinds = kinds_of(value) if len(value) >= MIN_TEXT_LENGTH else ()
        if kinds and value not in found:
            found[value] = Reference(value, kinds, in_text=True)
    return list(found.values())


def _valid_rf_prefix(spaced: str) -> str:
    """The longest valid RF reference at the start of *spaced* ("RF18 5390 0754 7034 and"
    holds "RF18539007547034": the pattern cannot tell where the groups end, the check can)."""
    groups = spaced.split()
    for end in range(len(groups), 0, -1):
        value = compact_reference("".join(groups[:end]))
        if len(value) > len("RF00") and iso11649.is_valid(value):
            return value
    return ""


def line_references(structured: Iterable[str], text: str) -> list[Reference]:
    """A line's references: its structured fields first, then new ones from its text."""
    refs = structured_references(structured)
    seen = {ref.value for ref in refs}
    refs.extend(ref for ref in text_references(text) if ref.value not in seen)
    return refs
