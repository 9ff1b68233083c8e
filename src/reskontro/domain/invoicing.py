"""Sales invoices and credit memos: line amounts, VAT and the lines they post (pure).

VAT is computed per VAT code on the sum of the lines with that code, so many small lines do
not add up rounding differences. An invoice posts the customer for the total including VAT,
each revenue account for its net amount and each VAT code's output account for its VAT; a
credit memo posts the same with the opposite signs.

>>> lines = [SalesLine(1, "3000", "Consulting", Decimal("3"), Decimal("333.33"), "3"),
...          SalesLine(2, "3000", "Travel", Decimal("1"), Decimal("100"), "3")]
>>> t = totals(lines, {"3": Decimal("25")})
>>> t.amount, t.vat_amount, t.amount_including_vat
(Decimal('1099.99'), Decimal('275.00'), Decimal('1374.99'))
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import ValidationError
from reskontro.domain.journal import JournalLine
from reskontro.domain.money import ZERO, percent_of, round_amount

SALES_DOCUMENT_TYPES = (DocumentType.INVOICE, DocumentType.CREDIT_MEMO)


@dataclass(frozen=True)
class SalesLine:
    line_no: int
    gl_account: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_code: str

    @property
    def amount(self) -> Decimal:
        return round_amount(self.quantity * self.unit_price)


@dataclass(frozen=True)
class VatLine:
    vat_code: str
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    amount: Decimal
    vat_amount: Decimal
    amount_including_vat: Decimal
    vat: tuple[VatLine, ...]


def totals(lines: list[SalesLine], rates: dict[str, Decimal]) -> Totals:
    bases: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        if line.vat_code not in rates:
            raise ValidationError(f"Line {line.line_no}: VAT code {line.vat_code!r} does not exist")
        bases[line.vat_code] += line.amount
    vat = tuple(
        VatLine(code, rates[code], base, percent_of(base, rates[code]))
        for code, base in sorted(bases.items())
    )
    net = sum((v.base for v in vat), ZERO)
    tax = sum((v.amount for v in vat), ZERO)
    return Totals(net, tax, net + tax, vat)


@dataclass(frozen=True)
class SalesDocumentData:
    document_type: DocumentType
    no: str
    customer_no: str
    posting_date: date
    document_date: date
    due_date: date | None
    currency: str
    external_document_no: str
    description: str
    applies_to_doc_no: str
    payment_reference: str
    lines: tuple[SalesLine, ...]


def journal_lines(
    document: SalesDocumentData,
    rates: dict[str, Decimal],
    vat_accounts: dict[str, str],
    *,
    pmt_disc_excl_vat: bool = False,
) -> list[JournalLine]:
    """The balanced lines that post *document* (customer, revenue per account, VAT per code)."""
    if document.document_type not in SALES_DOCUMENT_TYPES:
        raise ValidationError(f"{document.document_type} is not a sales document type")
    if not document.lines:
        raise ValidationError(f"{document.document_type} {document.no} has no lines")
    for line in document.lines:
        if not line.gl_account:
            raise ValidationError(f"Line {line.line_no}: no G/L account for the revenue")
        if line.quantity == 0:
            raise ValidationError(f"Line {line.line_no}: quantity is zero")
    sum_ = totals(list(document.lines), rates)
    if sum_.amount_including_vat <= 0:
        raise ValidationError(
            f"{document.document_type.replace('_', ' ').capitalize()} {document.no}: the total "
            f"must be positive (it is {sum_.amount_including_vat})"
        )
    sign = Decimal(1) if document.document_type is DocumentType.INVOICE else Decimal(-1)
    common = {
        "posting_date": document.posting_date,
        "document_date": document.document_date,
        "document_type": document.document_type,
        "document_no": document.no,
        "currency": document.currency,
        "external_document_no": document.external_document_no,
    }
    customer = JournalLine(
        line_no=1,
        account_type=AccountType.CUSTOMER,
        account_no=document.customer_no,
        amount=sign * sum_.amount_including_vat,
        description=document.description,
        due_date=document.due_date,
        payment_reference=document.payment_reference,
        applies_to_doc_type=DocumentType.INVOICE
        if document.applies_to_doc_no
        else DocumentType.NONE,
        applies_to_doc_no=document.applies_to_doc_no,
        pmt_disc_base=sign * sum_.amount if pmt_disc_excl_vat else None,
        **common,  # type: ignore[arg-type]
    )
    revenue: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in document.lines:
        revenue[line.gl_account] += line.amount
    result = [customer]
    for account, net in sorted(revenue.items()):
        if net:
            result.append(
                JournalLine(
                    line_no=len(result) + 1,
                    account_type=AccountType.GL,
                    account_no=account,
                    amount=-sign * net,
                    description=document.description,
                    **common,  # type: ignore[arg-type]
                )
            )
    for vat in sum_.vat:
        if vat.amount or vat.base:
            result.append(
                JournalLine(
                    line_no=len(result) + 1,
                    account_type=AccountType.GL,
                    account_no=vat_accounts[vat.vat_code],
                    amount=-sign * vat.amount,
                    description=f"VAT {vat.rate} % on {document.no}",
                    vat_code=vat.vat_code,
                    vat_base=-sign * vat.base,
                    **common,  # type: ignore[arg-type]
                )
            )
    # A 0 % VAT code posts no VAT line; its base is on the revenue line.
    return [line for line in result if line.amount]
