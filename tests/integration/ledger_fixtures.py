"""A company with customers, ready for posting tests (used by several test modules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, select

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.services.documents import (
    SalesDocumentInput,
    SalesLineInput,
    create_sales_document,
    post_sales_document,
)
from reskontro.services.journals import JournalLineInput, add_line
from reskontro.services.posting import PostingSummary, post_batch
from reskontro.services.setup import create_company
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork

D = Decimal
INVOICE_DATE = date(2026, 3, 2)


@dataclass
class Books:
    engine: Engine
    company_id: int
    receivables: str
    bank_gl: str
    discount_account: str
    tolerance_debit: str
    tolerance_credit: str

    def invoice(
        self,
        customer: str = "10000",
        net: str = "1000.00",
        *,
        vat_code: str = "3",
        day: date = INVOICE_DATE,
    ) -> str:
        draft = create_sales_document(
            self.engine,
            self.company_id,
            SalesDocumentInput(
                DocumentType.INVOICE,
                customer,
                [SalesLineInput("Consulting", D("1"), D(net), vat_code)],
                posting_date=day,
            ),
        )
        return post_sales_document(self.engine, self.company_id, DocumentType.INVOICE, draft.no).no

    def pay(
        self,
        amount: str,
        day: date,
        *,
        customer: str = "10000",
        invoice: str = "",
        applies_to_id: str = "",
        document_no: str = "",
    ) -> PostingSummary:
        add_line(
            self.engine,
            self.company_id,
            "CASH",
            "DEFAULT",
            JournalLineInput(
                account_type=AccountType.CUSTOMER,
                account_no=customer,
                amount=-D(amount),
                posting_date=day,
                document_type=DocumentType.PAYMENT,
                document_no=document_no,
                applies_to_doc_type=DocumentType.INVOICE if invoice else DocumentType.NONE,
                applies_to_doc_no=invoice,
                applies_to_id=applies_to_id,
            ),
        )
        return post_batch(self.engine, self.company_id, "CASH", "DEFAULT")

    def entry(self, document_type: DocumentType, document_no: str) -> m.CustomerLedgerEntryRow:
        with UnitOfWork(self.engine) as uow:
            row = uow.session.scalars(
                select(m.CustomerLedgerEntryRow).where(
                    m.CustomerLedgerEntryRow.company_id == self.company_id,
                    m.CustomerLedgerEntryRow.document_type == document_type,
                    m.CustomerLedgerEntryRow.document_no == document_no,
                    m.CustomerLedgerEntryRow.reversed_entry_no.is_(None),
                )
            ).one()
            uow.session.expunge(row)
            return row

    def gl_balance(self, account: str) -> Decimal:
        with UnitOfWork(self.engine) as uow:
            rows = uow.session.scalars(
                select(m.GLEntryRow.amount).where(
                    m.GLEntryRow.company_id == self.company_id,
                    m.GLEntryRow.account_no == account,
                )
            ).all()
            return sum(rows, D("0.00"))


def make_books(engine: Engine, *, tolerance_pct: str = "0", max_tolerance: str = "0") -> Books:
    company = create_company(engine, "Testfirma AS", "NO")
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        setup = session.get(m.GLSetup, company.id)
        assert setup is not None
        setup.payment_tolerance_pct = D(tolerance_pct)
        setup.max_payment_tolerance = D(max_tolerance)
        setup.pmt_disc_grace_period = "5D"
        for no, name, terms in (
            ("10000", "Fjordkraft Handel AS", "2%10N30"),
            ("20000", "Nordlys Bygg AS", "14D"),
        ):
            session.add(
                m.Customer(
                    company_id=company.id,
                    no=no,
                    name=name,
                    payment_terms=terms,
                    posting_group="DOMESTIC",
                    country="NO",
                )
            )
        group = session.get(m.CustomerPostingGroup, (company.id, "DOMESTIC"))
        bank = session.get(m.BankAccount, (company.id, "BANK"))
        assert group is not None and bank is not None
        bank_group = session.get(m.BankPostingGroup, (company.id, bank.posting_group))
        assert bank_group is not None
        books = Books(
            engine,
            company.id,
            group.account,
            bank_group.gl_account,
            group.pmt_disc_debit,
            group.pmt_tol_debit,
            group.pmt_tol_credit,
        )
        uow.commit()
    return books
