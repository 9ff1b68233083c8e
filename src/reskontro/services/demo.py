"""A demo company with customers, invoices, payments and open entries to look at.

``reskontro init --demo`` makes it, with the web user ``demo`` (password ``demo``, admin).
Dates are set around today, so some invoices are overdue and the aging report has something
in every band. A bank statement that pays some of the open invoices is imported, ready for
the payment reconciliation journal (:mod:`reskontro.services.demo_statement`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.parties import CustomerData, VendorData
from reskontro.services.applying import ApplyTarget, set_applies_to_id
from reskontro.services.companies import CompanyInfo
from reskontro.services.demo_statement import add_demo_statement
from reskontro.services.documents import (
    SalesDocumentInput,
    SalesLineInput,
    create_sales_document,
    post_sales_document,
)
from reskontro.services.journals import JournalLineInput, add_lines
from reskontro.services.masterdata import create_customer, create_vendor
from reskontro.services.posting import post_batch
from reskontro.services.setup import create_company, update_gl_setup

DEMO_COMPANY = "Demo AS"
DEMO_USER = "demo"
DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo login

CUSTOMERS = (
    ("10000", "Fjordkraft Handel AS", "Strandgata 12", "5013", "Bergen", "2%10N30"),
    ("10100", "Nordlys Bygg AS", "Storgata 40", "9008", "Tromsø", "30D"),
    ("10200", "Hansen & Dahl Regnskap", "Kirkegata 3", "0153", "Oslo", "14D"),
    ("10300", "Vestland Fisk AS", "Havnegata 7", "6002", "Ålesund", "14D"),
    ("10400", "Trøndelag Elektro AS", "Munkegata 22", "7011", "Trondheim", "30D"),
    ("10500", "Sørlandet Marina AS", "Tollbodgata 5", "4611", "Kristiansand", "10D"),
)

# (customer, days before today, net amount, VAT code, text)
INVOICES = (
    ("10000", 150, "12000.00", "3", "Rådgivning mars"),
    ("10000", 40, "8000.00", "3", "Rådgivning september"),
    ("10000", 5, "4000.00", "3", "Rådgivning november"),
    ("10100", 95, "45200.00", "3", "Byggeledelse"),
    ("10100", 65, "18750.00", "3", "Prosjektering"),
    ("10100", 20, "9900.00", "3", "Befaring"),
    ("10200", 50, "3200.00", "3", "Lisens regnskapsprogram"),
    ("10200", 10, "3200.00", "3", "Lisens regnskapsprogram"),
    ("10300", 75, "15600.00", "31", "Råvarer"),
    ("10300", 30, "22400.00", "31", "Råvarer"),
    ("10400", 25, "6400.00", "3", "Service elanlegg"),
    ("10500", 3, "2500.00", "3", "Vinteropplag"),
)


@dataclass(frozen=True)
class DemoResult:
    company: CompanyInfo
    customers: int
    invoices: int
    payments: int
    user: str


def create_demo(engine: Engine, *, today: date | None = None) -> DemoResult:
    """Create the demo company and its data (refused if a company named Demo AS exists)."""
    day = today or date.today()  # noqa: DTZ011 - the demo is set around the user's today
    company = create_company(engine, DEMO_COMPANY, "NO", org_no="923609016")
    cid = company.id
    update_gl_setup(
        engine,
        cid,
        payment_tolerance_pct=Decimal("1"),
        max_payment_tolerance=Decimal("10.00"),
        pmt_disc_grace_period="5D",
    )
    for no, name, address, post_code, city, terms in CUSTOMERS:
        create_customer(
            engine,
            cid,
            CustomerData(
                no=no,
                name=name,
                address=address,
                post_code=post_code,
                city=city,
                country="NO",
                payment_terms=terms,
            ),
        )
    create_vendor(
        engine, cid, VendorData(no="50000", name="Kontorrekvisita AS", payment_terms="30D")
    )
    invoices: dict[tuple[str, int], str] = {}
    for customer, age, net, vat, text in INVOICES:
        draft = create_sales_document(
            engine,
            cid,
            SalesDocumentInput(
                DocumentType.INVOICE,
                customer,
                [SalesLineInput(text, Decimal("1"), Decimal(net), vat)],
                posting_date=day - timedelta(days=age),
            ),
        )
        invoices[(customer, age)] = post_sales_document(
            engine, cid, DocumentType.INVOICE, draft.no
        ).no
    credit = create_sales_document(
        engine,
        cid,
        SalesDocumentInput(
            DocumentType.CREDIT_MEMO,
            "10200",
            [SalesLineInput("Kreditert lisens", Decimal("1"), Decimal("800.00"), "3")],
            posting_date=day - timedelta(days=8),
            applies_to_doc_no=invoices[("10200", 10)],
        ),
    )
    post_sales_document(engine, cid, DocumentType.CREDIT_MEMO, credit.no)
    payments = _payments(engine, cid, day, invoices)
    add_demo_statement(engine, cid, "BANK", day)
    _demo_user(engine, cid)
    return DemoResult(company, len(CUSTOMERS), len(INVOICES), payments, DEMO_USER)


def _payments(engine: Engine, cid: int, day: date, invoices: dict[tuple[str, int], str]) -> int:
    """Post some payments: in full, in part, with discount, on account; leave one unposted."""
    entries = _entry_nos(engine, cid)
    set_applies_to_id(
        engine,
        cid,
        AccountType.CUSTOMER,
        "DEMO-LUMP",
        [
            ApplyTarget(entries[invoices[("10300", 75)]]),
            ApplyTarget(entries[invoices[("10300", 30)]]),
        ],
    )

    def pay(customer: str, amount: str, age: int, **kwargs: object) -> JournalLineInput:
        return JournalLineInput(
            account_type=AccountType.CUSTOMER,
            account_no=customer,
            amount=-Decimal(amount),
            posting_date=day - timedelta(days=age),
            document_type=DocumentType.PAYMENT,
            description=f"Innbetaling {customer}",
            **kwargs,  # type: ignore[arg-type]
        )

    applied = DocumentType.INVOICE
    posted = [
        pay(
            "10000",
            "15000.00",
            120,
            applies_to_doc_type=applied,
            applies_to_doc_no=invoices[("10000", 150)],
        ),
        pay(
            "10000",
            "9800.00",
            32,
            applies_to_doc_type=applied,
            applies_to_doc_no=invoices[("10000", 40)],
        ),
        pay(
            "10100",
            "20000.00",
            60,
            applies_to_doc_type=applied,
            applies_to_doc_no=invoices[("10100", 95)],
        ),
        pay(
            "10200",
            "4000.00",
            35,
            applies_to_doc_type=applied,
            applies_to_doc_no=invoices[("10200", 50)],
        ),
        pay("10300", "43540.00", 12, applies_to_id="DEMO-LUMP"),
        pay("10400", "2000.00", 2),
    ]
    add_lines(engine, cid, "CASH", "DEFAULT", posted)
    post_batch(engine, cid, "CASH", "DEFAULT")
    waiting = [
        pay(
            "10100",
            "11750.00",
            0,
            applies_to_doc_type=applied,
            applies_to_doc_no=invoices[("10100", 20)],
        )
    ]
    add_lines(engine, cid, "CASH", "DEFAULT", waiting)
    return len(posted)


def _entry_nos(engine: Engine, cid: int) -> dict[str, int]:
    from reskontro.services.reports import customer_ledger

    return {
        line.document_no: line.entry_no
        for line in customer_ledger(engine, cid, open_only=True)
        if line.document_type is DocumentType.INVOICE
    }


def _demo_user(engine: Engine, cid: int) -> None:
    from reskontro.domain.access import Role
    from reskontro.services.auth import create_user

    create_user(
        engine,
        DEMO_USER,
        DEMO_PASSWORD,
        company_id=cid,
        role=Role.ADMIN,
        full_name="Demo Bruker",
        language="nb",
    )
