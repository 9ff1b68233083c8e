"""The company's KID set-up, as NAV's Sales & Receivables Setup (Norway) has it.

The set-up says what a KID is made of: the document no., the customer no., the document type
(1 invoice, 2 finance charge memo, 3 reminder), each number left-padded with zeros to the
length the set-up gives, and a MOD10 or MOD11 check digit at the end.

>>> setup = KidSetup(KidLayout.DOCUMENT_NO_CUSTOMER_NO, document_no_length=10,
...                  customer_no_length=10)
>>> make_kid(setup, "12345", "67890")
'000001234500000678909'
>>> parse_kid(setup, "000001234500000678909")
KidParts(document_no='12345', customer_no='67890', document_type=None)
>>> make_kid(KidSetup(KidLayout.DOCUMENT_NO_DOCUMENT_TYPE, document_no_length=10), "12345")
'000001234517'
>>> make_kid(KidSetup(KidLayout.DOCUMENT_NO, document_no_length=4), "12345")
Traceback (most recent call last):
    ...
reskontro.domain.kid_setup.KidNotPossible: document no. 12345 has 5 digits, more than the 4 \
of Document No. length in the KID set-up; make that length longer

Where we differ from NAV, and why:

* A document no. or customer no. with anything but digits (``INV1001``) gets no KID in NAV:
  the KID is left blank and an error flag is set. :func:`make_kid` refuses it with
  :class:`KidNotPossible` saying so; the caller decides (post without a KID, or stop).
  Only the digits of a number ever go into a KID; letters are never dropped silently, as that
  would let ``INV1001`` and ``CR1001`` share a KID.
* NAV cuts the parts to 24 digits before the check digit. A set-up whose lengths add up to
  more is refused here, as a cut KID cannot be read back.
* NAV reads the document no. of the layout "Document No.+Document Type" one digit too far to
  the right (it takes the check digit as the type); :func:`parse_kid` reads the right digits.
* NAV makes MOD10 KIDs only; MOD11 is offered as the Nets agreement allows it.
* :func:`parse_kid` validates the check digit and the length; NAV does neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reskontro.domain.enums import DocumentType
from reskontro.domain.errors import ValidationError
from reskontro.domain.references import kid as kid_numbers
from reskontro.domain.references.kid import InvalidKidFormat, InvalidKidLength, KidMethod


class KidLayout(StrEnum):
    """What a KID is made of, in order (NAV: KID Setup)."""

    NONE = "none"
    DOCUMENT_NO = "document_no"
    DOCUMENT_NO_CUSTOMER_NO = "document_no+customer_no"
    CUSTOMER_NO_DOCUMENT_NO = "customer_no+document_no"
    DOCUMENT_TYPE_DOCUMENT_NO = "document_type+document_no"
    DOCUMENT_NO_DOCUMENT_TYPE = "document_no+document_type"

    @property
    def parts(self) -> tuple[str, ...]:
        """The parts in the order they stand in the KID: ``document_no``, ``customer_no``,
        ``document_type``."""
        return () if self is KidLayout.NONE else tuple(self.value.split("+"))

    @property
    def nav_name(self) -> str:
        """The option's name in NAV's KID Setup field."""
        return _NAV_NAMES[self]


_NAV_NAMES = {
    KidLayout.NONE: "Do not use",
    KidLayout.DOCUMENT_NO: "Document No.",
    KidLayout.DOCUMENT_NO_CUSTOMER_NO: "Document No.+Customer No.",
    KidLayout.CUSTOMER_NO_DOCUMENT_NO: "Customer No.+Document No.",
    KidLayout.DOCUMENT_TYPE_DOCUMENT_NO: "Document Type+Document No.",
    KidLayout.DOCUMENT_NO_DOCUMENT_TYPE: "Document No.+Document Type",
}

#: The one digit a KID uses for the document type (NAV's numbering).
DOCUMENT_TYPE_DIGITS = {
    DocumentType.INVOICE: "1",
    DocumentType.FINANCE_CHARGE_MEMO: "2",
    DocumentType.REMINDER: "3",
}
_DOCUMENT_TYPES_BY_DIGIT = {digit: kind for kind, digit in DOCUMENT_TYPE_DIGITS.items()}


class KidSetupError(ValidationError):
    """The KID set-up itself is not usable; the message says which field to change."""


class KidNotPossible(ValidationError):  # noqa: N818 - named for what happened, as in errors.py
    """No KID can be made for this document with this set-up (letters, or too many digits)."""


@dataclass(frozen=True)
class KidSetup:
    """A company's KID set-up. Lengths not used by the layout are ignored."""

    layout: KidLayout = KidLayout.NONE
    document_no_length: int = 0
    """Digits of the document no. in the KID, left-padded with zeros (NAV: Document No. length)."""
    customer_no_length: int = 0
    """Digits of the customer no. in the KID (NAV: Customer No. length)."""
    method: KidMethod = KidMethod.MOD10
    """How the check digit is computed; the company's OCR agreement with Nets says which."""
    use_on_finance_charge_memo: bool = False
    use_on_reminder: bool = False

    def __post_init__(self) -> None:
        parts = self.layout.parts
        if self.document_no_length < 0 or self.customer_no_length < 0:
            raise KidSetupError("KID set-up: the lengths cannot be negative")
        if "document_no" in parts and self.document_no_length < 1:
            raise KidSetupError(
                f"KID set-up: layout {self.layout.nav_name} needs a Document No. length"
            )
        if "customer_no" in parts and self.customer_no_length < 1:
            raise KidSetupError(
                f"KID set-up: layout {self.layout.nav_name} needs a Customer No. length"
            )
        if self.kid_length > kid_numbers.MAX_LENGTH:
            raise KidSetupError(
                f"KID set-up: layout {self.layout.nav_name} with these lengths makes KIDs of "
                f"{self.kid_length} digits (check digit included); a KID has at most "
                f"{kid_numbers.MAX_LENGTH}, so shorten Document No. or Customer No. length"
            )
        if (self.use_on_finance_charge_memo or self.use_on_reminder) and (
            "document_type" not in parts
        ):
            raise KidSetupError(
                "KID set-up: KIDs on reminders or finance charge memos need a layout with the "
                "document type (Document Type+Document No. or Document No.+Document Type), "
                "or their KIDs could be the same as an invoice's"
            )

    @property
    def kid_length(self) -> int:
        """How many characters every KID of this set-up has (0 when no KIDs are made)."""
        if self.layout is KidLayout.NONE:
            return 0
        widths = {
            "document_no": self.document_no_length,
            "customer_no": self.customer_no_length,
            "document_type": 1,
        }
        return sum(widths[part] for part in self.layout.parts) + 1


@dataclass(frozen=True)
class KidParts:
    """What a KID says, for finding the invoice and the customer of a payment."""

    document_no: str | None = None
    """Without the zeros that padded it, as NAV reads it."""
    customer_no: str | None = None
    document_type: DocumentType | None = None


def _digits(value: str, length: int, what: str) -> str:
    number = value.strip()
    if not number:
        raise KidNotPossible(f"the {what} is blank, so no KID can be made")
    if not (number.isdecimal() and number.isascii()):
        raise KidNotPossible(
            f"{what} {number!r} has other characters than digits; a KID holds digits only, so "
            f"no KID can be made for it (NAV leaves the KID blank). Use a number series of "
            f"digits only"
        )
    if len(number) > length:
        field = "Document No." if what == "document no." else "Customer No."
        raise KidNotPossible(
            f"{what} {number} has {len(number)} digits, more than the {length} of "
            f"{field} length in the KID set-up; make that length longer"
        )
    return number.zfill(length)


def make_kid(
    setup: KidSetup,
    document_no: str,
    customer_no: str = "",
    document_type: DocumentType = DocumentType.INVOICE,
) -> str:
    """The KID for a posted document, or ``""`` when this document gets none.

    Invoices get a KID whenever the layout is not ``NONE``; reminders and finance charge memos
    only when the set-up says so; credit memos and other documents never (a KID pays money
    in, as NAV's documentation says). Raises :class:`KidNotPossible` when a number has other
    characters than digits or more digits than its length in the set-up.
    """
    if setup.layout is KidLayout.NONE:
        return ""
    wanted = {
        DocumentType.INVOICE: True,
        DocumentType.FINANCE_CHARGE_MEMO: setup.use_on_finance_charge_memo,
        DocumentType.REMINDER: setup.use_on_reminder,
    }
    if not wanted.get(document_type, False):
        return ""
    pieces = []
    for part in setup.layout.parts:
        if part == "document_no":
            pieces.append(_digits(document_no, setup.document_no_length, "document no."))
        elif part == "customer_no":
            pieces.append(_digits(customer_no, setup.customer_no_length, "customer no."))
        else:
            pieces.append(DOCUMENT_TYPE_DIGITS[document_type])
    body = "".join(pieces)
    return body + kid_numbers.calc_check_digit(body, setup.method)


def parse_kid(setup: KidSetup, kid: str) -> KidParts:
    """The document no., customer no. and document type a KID of this set-up holds.

    Raises :class:`~reskontro.domain.references.kid.InvalidKid` when the check digit is wrong
    for the set-up's method, when the KID has another length than the set-up makes, or when
    its document-type digit is not 1, 2 or 3. With layout ``NONE`` only the check digit is
    validated and no parts are returned.
    """
    number = kid_numbers.validate(kid, setup.method)
    if setup.layout is KidLayout.NONE:
        return KidParts()
    if len(number) != setup.kid_length:
        raise InvalidKidLength(
            f"KID {number} has {len(number)} digits, but the KID set-up "
            f"({setup.layout.nav_name}) makes KIDs of {setup.kid_length}"
        )
    widths = {"document_no": setup.document_no_length, "customer_no": setup.customer_no_length}
    found: dict[str, str] = {}
    position = 0
    for part in setup.layout.parts:
        size = widths.get(part, 1)
        found[part] = number[position : position + size]
        position += size
    document_type = None
    if "document_type" in found:
        document_type = _DOCUMENT_TYPES_BY_DIGIT.get(found["document_type"])
        if document_type is None:
            raise InvalidKidFormat(
                f"KID {number}: the document type digit is {found['document_type']}; it must "
                "be 1 (invoice), 2 (finance charge memo) or 3 (reminder)"
            )

    def unpadded(part: str) -> str | None:
        return (found[part].lstrip("0") or "0") if part in found else None

    return KidParts(unpadded("document_no"), unpadded("customer_no"), document_type)
