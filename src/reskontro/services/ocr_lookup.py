"""Finding the invoice and the customer of an OCR payment by its KID.

The stored KID (the payment reference of the invoice's ledger entry) first, then the
document-no. part of the KID read with the company's KID set-up (check digit validated), then
the customer by its customer-no. part. Everything a file needs is loaded in a few queries
(``IN`` lists in chunks, read as plain tuples), never one query per payment.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from reskontro.domain.enums import DocumentType
from reskontro.domain.kid_setup import KidLayout, KidParts, KidSetup, parse_kid
from reskontro.domain.references.kid import InvalidKid, InvalidKidChecksum
from reskontro.formats.ocr_giro import Transaction
from reskontro.services.kid import load_kid_setup
from reskontro.storage import bulk
from reskontro.storage import models as m


class Entry(NamedTuple):
    entry_no: int
    customer_no: str
    document_type: DocumentType
    document_no: str
    remaining: Decimal
    open: bool


_ENTRY_COLUMNS = (
    "entry_no",
    "party_no",
    "document_type",
    "document_no",
    "remaining_amount",
    "open",
)


def _entries_by(
    session: Session, company_id: int, column: str, values: set[str]
) -> list[tuple[str, Entry]]:
    """Invoices, reminders and finance charge memos whose *column* is one of *values*."""
    rows = bulk.select_rows(
        session,
        m.Base.metadata.tables[m.CustomerLedgerEntryRow.__tablename__],
        (column, *_ENTRY_COLUMNS),
        column,
        sorted(values),
        {"company_id": company_id, "reversed": False, "document_type": _KID_DOCUMENTS},
    )
    make = Entry._make
    return [(row[0], make(row[1:])) for row in rows]


_KID_DOCUMENTS = (DocumentType.INVOICE, DocumentType.FINANCE_CHARGE_MEMO, DocumentType.REMINDER)


def _keep(index: dict[Any, Entry], key: Any, entry: Entry) -> None:
    """An open entry wins over a closed one; among equals the latest."""
    current = index.get(key)
    if current is None or (entry.open, entry.entry_no) > (current.open, current.entry_no):
        index[key] = entry


class Finder:
    """The invoices and customers a file's KIDs point at, loaded in a few queries per file
    (``IN`` lists in chunks), never one query per payment."""

    def __init__(self, session: Session, company_id: int, kids: set[str]) -> None:
        self.setup: KidSetup = load_kid_setup(session, company_id)
        self.by_kid: dict[str, Entry] = {}
        by_kid = self.by_kid
        for kid, found in _entries_by(session, company_id, "payment_reference", kids):
            if kid in by_kid:
                _keep(by_kid, kid, found)
            else:
                by_kid[kid] = found
        self.parts: dict[str, KidParts | InvalidKid] = {}
        documents: set[str] = set()
        customers: set[str] = set()
        if self.setup.layout is not KidLayout.NONE:
            for kid in kids - self.by_kid.keys():
                try:
                    parts = parse_kid(self.setup, kid)
                except InvalidKid as exc:
                    self.parts[kid] = exc
                    continue
                self.parts[kid] = parts
                if parts.document_no:
                    documents.add(parts.document_no)
                if parts.customer_no:
                    customers.add(parts.customer_no)
        self.by_document: dict[tuple[DocumentType, str], Entry] = {}
        for no, found in _entries_by(session, company_id, "document_no", documents):
            _keep(self.by_document, (found.document_type, no), found)
        self.customers: set[str] = {
            no
            for (no,) in bulk.select_rows(
                session,
                m.Base.metadata.tables[m.Customer.__tablename__],
                ("no",),
                "no",
                sorted(customers),
                {"company_id": company_id},
            )
        }


def find(finder: Finder, t: Transaction) -> tuple[str, Entry | None, list[str]]:
    """The customer and the invoice a payment is for, and what to tell the user about it."""
    kid = t.kid
    if not kid:
        text = f" (text: {t.free_text})" if t.free_text else ""
        return "", None, [f"the payment has no KID{text}; choose the customer and invoice"]
    found = finder.by_kid.get(kid)
    if found is not None:
        return found.customer_no, found, []
    parts = finder.parts.get(kid)
    if isinstance(parts, InvalidKidChecksum):
        return "", None, [f"KID {kid} has a wrong check digit; no invoice carries it"]
    if isinstance(parts, InvalidKid):
        return "", None, [f"KID {kid} is not valid for the company's KID set-up: {parts}"]
    if parts is None:
        return "", None, [f"no invoice carries KID {kid}, and the KID set-up reads nothing from it"]
    if parts.document_no:
        document_type = parts.document_type or DocumentType.INVOICE
        found = finder.by_document.get((document_type, parts.document_no))
        if found is not None:
            notes = []
            if parts.customer_no and parts.customer_no != found.customer_no:
                notes.append(
                    f"KID {kid} names customer {parts.customer_no}, but "
                    f"{document_type.replace('_', ' ')} {found.document_no} is customer "
                    f"{found.customer_no}'s; check the line"
                )
            return found.customer_no, found, notes
    missing = f"document no. {parts.document_no} of KID {kid} does not exist"
    if parts.customer_no and parts.customer_no in finder.customers:
        return (
            parts.customer_no,
            None,
            [f"{missing}; the payment is left unapplied on the customer"],
        )
    if parts.customer_no:
        missing += f", nor customer {parts.customer_no}"
    return "", None, [missing]
