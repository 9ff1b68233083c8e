"""The tables. ``company_id`` leads every business table's primary key and indexes (DESIGN §8).

Amounts are :class:`~reskontro.storage.types.Money` (integer minor units). Names follow NAV
where NAV has a name. Ledger tables are written by posting only and never edited, except for
the working fields NAV also changes (remaining amount, open, closed by, applies-to ID).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from reskontro.domain.enums import (
    AccountType,
    ApplicationMethod,
    Blocked,
    DetailedEntryType,
    DocumentType,
    GLAccountCategory,
    GLAccountKind,
    JournalTemplateType,
)
from reskontro.domain.money import ZERO
from reskontro.storage.types import EnumText, Money, Rate

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def company_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("company.id"), primary_key=True)


def txt(length: int = 20) -> Mapped[str]:
    """A text column that is never NULL: blank is the empty string, as in NAV."""
    return mapped_column(String(length), default="", server_default="")


def money() -> Mapped[Decimal]:
    return mapped_column(Money(), default=ZERO, server_default="0")


# -- company and set-up ------------------------------------------------------------------


class Company(Base):
    __tablename__ = "company"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    country: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    org_no: Mapped[str] = txt(20)
    address: Mapped[str] = txt(100)
    post_code: Mapped[str] = txt(20)
    city: Mapped[str] = txt(50)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GLSetup(Base):
    """NAV: General Ledger Setup (+ the accounts posting needs that are not in a group)."""

    __tablename__ = "gl_setup"

    company_id: Mapped[int] = company_fk()
    payment_tolerance_pct: Mapped[Decimal] = mapped_column(Rate(), default=ZERO)
    max_payment_tolerance: Mapped[Decimal] = money()
    pmt_disc_grace_period: Mapped[str] = txt(20)
    appln_rounding_precision: Mapped[Decimal] = money()
    pmt_disc_excl_vat: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_posting_from: Mapped[date | None] = mapped_column(Date)
    allow_posting_to: Mapped[date | None] = mapped_column(Date)
    opening_balance_account: Mapped[str] = txt()
    customer_invoice_nos: Mapped[str] = txt()
    customer_credit_memo_nos: Mapped[str] = txt()
    sales_draft_nos: Mapped[str] = txt()


class Counter(Base):
    """The last entry number used per kind; locked by posting (NAV locks G/L Entry likewise)."""

    __tablename__ = "counter"

    company_id: Mapped[int] = company_fk()
    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class NumberSeries(Base):
    __tablename__ = "number_series"

    company_id: Mapped[int] = company_fk()
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    description: Mapped[str] = txt(100)
    starting_no: Mapped[str] = mapped_column(String(20))
    last_no_used: Mapped[str] = txt(20)


class GLAccount(Base):
    __tablename__ = "gl_account"

    company_id: Mapped[int] = company_fk()
    no: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[GLAccountKind] = mapped_column(EnumText(GLAccountKind))
    category: Mapped[GLAccountCategory] = mapped_column(EnumText(GLAccountCategory))
    direct_posting: Mapped[bool] = mapped_column(Boolean, default=True)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)


class VatCode(Base):
    __tablename__ = "vat_code"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "output_account"], ["gl_account.company_id", "gl_account.no"]
        ),
    )

    company_id: Mapped[int] = company_fk()
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    description: Mapped[str] = txt(100)
    rate: Mapped[Decimal] = mapped_column(Rate())
    output_account: Mapped[str] = mapped_column(String(20))
    sales_account: Mapped[str] = txt()


class PaymentTerms(Base):
    __tablename__ = "payment_terms"

    company_id: Mapped[int] = company_fk()
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    description: Mapped[str] = txt(100)
    due_date_formula: Mapped[str] = txt(20)
    discount_date_formula: Mapped[str] = txt(20)
    discount_pct: Mapped[Decimal] = mapped_column(Rate(), default=ZERO)


class PartyPostingGroupMixin:
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    description: Mapped[str] = txt(100)
    account: Mapped[str] = mapped_column(String(20))
    pmt_disc_debit: Mapped[str] = txt()
    pmt_disc_credit: Mapped[str] = txt()
    pmt_tol_debit: Mapped[str] = txt()
    pmt_tol_credit: Mapped[str] = txt()
    rounding_debit: Mapped[str] = txt()
    rounding_credit: Mapped[str] = txt()


class CustomerPostingGroup(PartyPostingGroupMixin, Base):
    """``account`` is the receivables account."""

    __tablename__ = "customer_posting_group"


class VendorPostingGroup(PartyPostingGroupMixin, Base):
    """``account`` is the payables account."""

    __tablename__ = "vendor_posting_group"


class BankPostingGroup(Base):
    __tablename__ = "bank_posting_group"

    company_id: Mapped[int] = company_fk()
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    description: Mapped[str] = txt(100)
    gl_account: Mapped[str] = mapped_column(String(20))


class Currency(Base):
    __tablename__ = "currency"

    company_id: Mapped[int] = company_fk()
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    description: Mapped[str] = txt(100)
    realized_gains_account: Mapped[str] = txt()
    realized_losses_account: Mapped[str] = txt()
    appln_rounding_precision: Mapped[Decimal] = money()


class ExchangeRate(Base):
    """LCY per one unit of the currency, from a starting date on."""

    __tablename__ = "exchange_rate"

    company_id: Mapped[int] = company_fk()
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    starting_date: Mapped[date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Rate())


# -- master data -------------------------------------------------------------------------


class PartyMixin:
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    no: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = txt(100)
    post_code: Mapped[str] = txt(20)
    city: Mapped[str] = txt(50)
    country: Mapped[str] = txt(2)
    email: Mapped[str] = txt(100)
    org_no: Mapped[str] = txt(20)
    bank_account: Mapped[str] = txt(34)
    iban: Mapped[str] = txt(34)
    currency: Mapped[str] = txt(3)
    payment_terms: Mapped[str] = txt(10)
    posting_group: Mapped[str] = mapped_column(String(20))
    blocked: Mapped[Blocked] = mapped_column(EnumText(Blocked), default=Blocked.NO)
    application_method: Mapped[ApplicationMethod] = mapped_column(
        EnumText(ApplicationMethod), default=ApplicationMethod.MANUAL
    )
    block_payment_tolerance: Mapped[bool] = mapped_column(Boolean, default=False)


class Customer(PartyMixin, Base):
    __tablename__ = "customer"
    __table_args__ = (Index(None, "company_id", "name"),)


class Vendor(PartyMixin, Base):
    __tablename__ = "vendor"
    __table_args__ = (Index(None, "company_id", "name"),)


class BankAccount(Base):
    __tablename__ = "bank_account"

    company_id: Mapped[int] = company_fk()
    no: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    bank_account_no: Mapped[str] = txt(34)
    iban: Mapped[str] = txt(34)
    swift: Mapped[str] = txt(11)
    currency: Mapped[str] = txt(3)
    posting_group: Mapped[str] = mapped_column(String(20))
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_statement_no: Mapped[str] = txt(20)
    balance_last_statement: Mapped[Decimal] = money()
    match_tolerance_type: Mapped[str] = mapped_column(
        String(10), default="amount", server_default="amount"
    )
    """How payment matching compares amounts: ``amount`` (either way) or ``percent``."""
    match_tolerance_value: Mapped[Decimal] = mapped_column(Rate(), default=ZERO, server_default="0")


# -- journals ----------------------------------------------------------------------------


class JournalTemplate(Base):
    __tablename__ = "journal_template"

    company_id: Mapped[int] = company_fk()
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    description: Mapped[str] = txt(100)
    type: Mapped[JournalTemplateType] = mapped_column(EnumText(JournalTemplateType))
    force_doc_balance: Mapped[bool] = mapped_column(Boolean, default=True)
    bal_account_type: Mapped[AccountType] = mapped_column(
        EnumText(AccountType), default=AccountType.GL
    )
    bal_account_no: Mapped[str] = txt()
    number_series: Mapped[str] = txt()


class JournalBatch(Base):
    __tablename__ = "journal_batch"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "template_name"],
            ["journal_template.company_id", "journal_template.name"],
        ),
    )

    company_id: Mapped[int] = company_fk()
    template_name: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    description: Mapped[str] = txt(100)
    bal_account_type: Mapped[AccountType] = mapped_column(
        EnumText(AccountType), default=AccountType.GL
    )
    bal_account_no: Mapped[str] = txt()
    number_series: Mapped[str] = txt()


class JournalLine(Base):
    __tablename__ = "journal_line"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "template_name", "batch_name"],
            ["journal_batch.company_id", "journal_batch.template_name", "journal_batch.name"],
        ),
    )

    company_id: Mapped[int] = company_fk()
    template_name: Mapped[str] = mapped_column(String(20), primary_key=True)
    batch_name: Mapped[str] = mapped_column(String(20), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_date: Mapped[date | None] = mapped_column(Date)
    document_date: Mapped[date | None] = mapped_column(Date)
    document_type: Mapped[DocumentType] = mapped_column(
        EnumText(DocumentType), default=DocumentType.NONE
    )
    document_no: Mapped[str] = txt()
    external_document_no: Mapped[str] = txt(35)
    account_type: Mapped[AccountType] = mapped_column(EnumText(AccountType), default=AccountType.GL)
    account_no: Mapped[str] = txt()
    description: Mapped[str] = txt(100)
    amount: Mapped[Decimal] = money()
    currency: Mapped[str] = txt(3)
    amount_lcy: Mapped[Decimal | None] = mapped_column(Money())
    bal_account_type: Mapped[AccountType] = mapped_column(
        EnumText(AccountType), default=AccountType.GL
    )
    bal_account_no: Mapped[str] = txt()
    applies_to_doc_type: Mapped[DocumentType] = mapped_column(
        EnumText(DocumentType), default=DocumentType.NONE
    )
    applies_to_doc_no: Mapped[str] = txt()
    applies_to_id: Mapped[str] = txt(50)
    payment_reference: Mapped[str] = txt(50)
    due_date: Mapped[date | None] = mapped_column(Date)
    pmt_discount_date: Mapped[date | None] = mapped_column(Date)
    pmt_discount_pct: Mapped[Decimal | None] = mapped_column(Rate())
    source_file: Mapped[str] = txt(255)
    source_line: Mapped[str] = txt(100)
    warnings: Mapped[str] = mapped_column(Text, default="", server_default="")


# -- ledger ------------------------------------------------------------------------------


class RegisterRow(Base):
    """NAV: G/L Register. One per posting run."""

    __tablename__ = "register"

    company_id: Mapped[int] = company_fk()
    register_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[str] = txt(50)
    source: Mapped[str] = txt(30)
    journal_template: Mapped[str] = txt()
    journal_batch: Mapped[str] = txt()
    from_gl_entry_no: Mapped[int] = mapped_column(Integer, default=0)
    to_gl_entry_no: Mapped[int] = mapped_column(Integer, default=0)
    from_customer_entry_no: Mapped[int] = mapped_column(Integer, default=0)
    to_customer_entry_no: Mapped[int] = mapped_column(Integer, default=0)
    from_vendor_entry_no: Mapped[int] = mapped_column(Integer, default=0)
    to_vendor_entry_no: Mapped[int] = mapped_column(Integer, default=0)
    from_bank_entry_no: Mapped[int] = mapped_column(Integer, default=0)
    to_bank_entry_no: Mapped[int] = mapped_column(Integer, default=0)


class GLEntryRow(Base):
    __tablename__ = "gl_entry"
    __table_args__ = (
        Index(None, "company_id", "account_no", "posting_date"),
        Index(None, "company_id", "transaction_no"),
        Index(None, "company_id", "document_no"),
    )

    company_id: Mapped[int] = company_fk()
    entry_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    transaction_no: Mapped[int] = mapped_column(Integer)
    account_no: Mapped[str] = mapped_column(String(20))
    posting_date: Mapped[date] = mapped_column(Date)
    document_type: Mapped[DocumentType] = mapped_column(EnumText(DocumentType))
    document_no: Mapped[str] = mapped_column(String(20))
    external_document_no: Mapped[str] = txt(35)
    description: Mapped[str] = txt(100)
    amount: Mapped[Decimal] = mapped_column(Money())
    source_type: Mapped[str] = txt(10)
    source_no: Mapped[str] = txt()
    application_no: Mapped[int | None] = mapped_column(Integer)
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    reversed_by_entry_no: Mapped[int | None] = mapped_column(Integer)
    reversed_entry_no: Mapped[int | None] = mapped_column(Integer)


class PartyEntryMixin:
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    entry_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    party_no: Mapped[str] = mapped_column(String(20))
    transaction_no: Mapped[int] = mapped_column(Integer)
    posting_date: Mapped[date] = mapped_column(Date)
    document_date: Mapped[date] = mapped_column(Date)
    document_type: Mapped[DocumentType] = mapped_column(EnumText(DocumentType))
    document_no: Mapped[str] = mapped_column(String(20))
    external_document_no: Mapped[str] = txt(35)
    description: Mapped[str] = txt(100)
    currency: Mapped[str] = txt(3)
    amount: Mapped[Decimal] = mapped_column(Money())
    amount_lcy: Mapped[Decimal] = mapped_column(Money())
    remaining_amount: Mapped[Decimal] = mapped_column(Money())
    remaining_amount_lcy: Mapped[Decimal] = mapped_column(Money())
    posting_group: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date | None] = mapped_column(Date)
    pmt_discount_date: Mapped[date | None] = mapped_column(Date)
    original_pmt_disc_possible: Mapped[Decimal] = money()
    remaining_pmt_disc_possible: Mapped[Decimal] = money()
    pmt_disc_tolerance_date: Mapped[date | None] = mapped_column(Date)
    max_payment_tolerance: Mapped[Decimal] = money()
    payment_reference: Mapped[str] = txt(50)
    open: Mapped[bool] = mapped_column(Boolean)
    closed_by_entry_no: Mapped[int | None] = mapped_column(Integer)
    closed_at_date: Mapped[date | None] = mapped_column(Date)
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    reversed_by_entry_no: Mapped[int | None] = mapped_column(Integer)
    reversed_entry_no: Mapped[int | None] = mapped_column(Integer)
    applies_to_id: Mapped[str] = txt(50)
    amount_to_apply: Mapped[Decimal] = money()


class CustomerLedgerEntryRow(PartyEntryMixin, Base):
    __tablename__ = "customer_ledger_entry"
    __table_args__ = (
        ForeignKeyConstraint(["company_id", "party_no"], ["customer.company_id", "customer.no"]),
        Index(None, "company_id", "party_no", "open"),
        Index(None, "company_id", "document_no"),
        Index(None, "company_id", "open", "due_date"),
        Index(None, "company_id", "payment_reference"),
        Index(None, "company_id", "transaction_no"),
        Index(None, "company_id", "applies_to_id"),
    )


class VendorLedgerEntryRow(PartyEntryMixin, Base):
    __tablename__ = "vendor_ledger_entry"
    __table_args__ = (
        ForeignKeyConstraint(["company_id", "party_no"], ["vendor.company_id", "vendor.no"]),
        Index(None, "company_id", "party_no", "open"),
        Index(None, "company_id", "document_no"),
        Index(None, "company_id", "open", "due_date"),
        Index(None, "company_id", "payment_reference"),
        Index(None, "company_id", "transaction_no"),
        Index(None, "company_id", "applies_to_id"),
    )


class DetailedEntryMixin:
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    entry_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ledger_entry_no: Mapped[int] = mapped_column(Integer)
    entry_type: Mapped[DetailedEntryType] = mapped_column(EnumText(DetailedEntryType))
    posting_date: Mapped[date] = mapped_column(Date)
    document_type: Mapped[DocumentType] = mapped_column(EnumText(DocumentType))
    document_no: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money())
    amount_lcy: Mapped[Decimal] = mapped_column(Money())
    party_no: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = txt(3)
    transaction_no: Mapped[int] = mapped_column(Integer)
    applied_entry_no: Mapped[int | None] = mapped_column(Integer)
    application_no: Mapped[int | None] = mapped_column(Integer)
    initial_due_date: Mapped[date | None] = mapped_column(Date)
    unapplied: Mapped[bool] = mapped_column(Boolean, default=False)
    unapplied_by_entry_no: Mapped[int | None] = mapped_column(Integer)


class DetailedCustomerEntryRow(DetailedEntryMixin, Base):
    __tablename__ = "detailed_customer_ledger_entry"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "ledger_entry_no"],
            ["customer_ledger_entry.company_id", "customer_ledger_entry.entry_no"],
        ),
        Index(None, "company_id", "ledger_entry_no", "posting_date"),
        Index(None, "company_id", "application_no"),
        Index(None, "company_id", "transaction_no"),
    )


class DetailedVendorEntryRow(DetailedEntryMixin, Base):
    __tablename__ = "detailed_vendor_ledger_entry"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "ledger_entry_no"],
            ["vendor_ledger_entry.company_id", "vendor_ledger_entry.entry_no"],
        ),
        Index(None, "company_id", "ledger_entry_no", "posting_date"),
        Index(None, "company_id", "application_no"),
        Index(None, "company_id", "transaction_no"),
    )


class BankLedgerEntryRow(Base):
    __tablename__ = "bank_ledger_entry"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "bank_account_no"], ["bank_account.company_id", "bank_account.no"]
        ),
        Index(None, "company_id", "bank_account_no", "open"),
        Index(None, "company_id", "transaction_no"),
    )

    company_id: Mapped[int] = company_fk()
    entry_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    bank_account_no: Mapped[str] = mapped_column(String(20))
    transaction_no: Mapped[int] = mapped_column(Integer)
    posting_date: Mapped[date] = mapped_column(Date)
    document_type: Mapped[DocumentType] = mapped_column(EnumText(DocumentType))
    document_no: Mapped[str] = mapped_column(String(20))
    external_document_no: Mapped[str] = txt(35)
    description: Mapped[str] = txt(100)
    currency: Mapped[str] = txt(3)
    amount: Mapped[Decimal] = mapped_column(Money())
    amount_lcy: Mapped[Decimal] = mapped_column(Money())
    payment_reference: Mapped[str] = txt(50)
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    statement_no: Mapped[str] = txt(20)
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    reversed_by_entry_no: Mapped[int | None] = mapped_column(Integer)
    reversed_entry_no: Mapped[int | None] = mapped_column(Integer)


class VatEntryRow(Base):
    __tablename__ = "vat_entry"
    __table_args__ = (Index(None, "company_id", "posting_date"),)

    company_id: Mapped[int] = company_fk()
    entry_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    transaction_no: Mapped[int] = mapped_column(Integer)
    posting_date: Mapped[date] = mapped_column(Date)
    document_type: Mapped[DocumentType] = mapped_column(EnumText(DocumentType))
    document_no: Mapped[str] = mapped_column(String(20))
    vat_code: Mapped[str] = mapped_column(String(10))
    base: Mapped[Decimal] = mapped_column(Money())
    amount: Mapped[Decimal] = mapped_column(Money())
    party_no: Mapped[str] = txt()


# -- sales documents ---------------------------------------------------------------------


class SalesDocumentMixin:
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    document_type: Mapped[DocumentType] = mapped_column(EnumText(DocumentType), primary_key=True)
    no: Mapped[str] = mapped_column(String(20), primary_key=True)
    customer_no: Mapped[str] = mapped_column(String(20))
    customer_name: Mapped[str] = txt(100)
    posting_date: Mapped[date | None] = mapped_column(Date)
    document_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    payment_terms: Mapped[str] = txt(10)
    currency: Mapped[str] = txt(3)
    external_document_no: Mapped[str] = txt(35)
    your_reference: Mapped[str] = txt(50)
    applies_to_doc_no: Mapped[str] = txt()
    payment_reference: Mapped[str] = txt(50)
    amount: Mapped[Decimal] = money()
    vat_amount: Mapped[Decimal] = money()
    amount_including_vat: Mapped[Decimal] = money()


class SalesDocumentLineMixin:
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    document_type: Mapped[DocumentType] = mapped_column(EnumText(DocumentType), primary_key=True)
    document_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    gl_account: Mapped[str] = txt()
    description: Mapped[str] = txt(100)
    quantity: Mapped[Decimal] = mapped_column(Rate())
    unit_price: Mapped[Decimal] = mapped_column(Rate())
    vat_code: Mapped[str] = mapped_column(String(10))
    line_amount: Mapped[Decimal] = money()


class SalesDocument(SalesDocumentMixin, Base):
    """A draft invoice or credit memo; ``no`` is its draft number."""

    __tablename__ = "sales_document"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SalesDocumentLine(SalesDocumentLineMixin, Base):
    __tablename__ = "sales_document_line"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "document_type", "document_no"],
            ["sales_document.company_id", "sales_document.document_type", "sales_document.no"],
            ondelete="CASCADE",
        ),
    )


class PostedSalesDocument(SalesDocumentMixin, Base):
    """A posted invoice or credit memo. Never changed after posting."""

    __tablename__ = "posted_sales_document"
    __table_args__ = (Index(None, "company_id", "customer_no"),)
    draft_no: Mapped[str] = txt()
    customer_entry_no: Mapped[int] = mapped_column(Integer)
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PostedSalesDocumentLine(SalesDocumentLineMixin, Base):
    __tablename__ = "posted_sales_document_line"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "document_type", "document_no"],
            [
                "posted_sales_document.company_id",
                "posted_sales_document.document_type",
                "posted_sales_document.no",
            ],
        ),
    )


# -- imports -----------------------------------------------------------------------------


class ImportLog(Base):
    """Every imported file: its hash and identity, so nothing is imported twice (DESIGN §6)."""

    __tablename__ = "import_log"
    __table_args__ = (
        UniqueConstraint("company_id", "kind", "sha256"),
        Index(None, "company_id", "kind", "identity"),
    )

    company_id: Mapped[int] = company_fk()
    import_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(30))
    file_name: Mapped[str] = txt(255)
    sha256: Mapped[str] = mapped_column(String(64))
    identity: Mapped[str] = txt(200)
    records: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[str] = txt(50)
    register_no: Mapped[int | None] = mapped_column(Integer)


# -- users, access and the audit trail -----------------------------------------------------


class User(Base):
    """A person who logs in. Roles are per company (:class:`CompanyRole`)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = txt(100)
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CompanyRole(Base):
    """What a user may do in a company: viewer, accountant, approver or admin."""

    __tablename__ = "company_role"

    company_id: Mapped[int] = company_fk()
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))


class ApiToken(Base):
    """A token for the REST API; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    name: Mapped[str] = txt(100)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WebSession(Base):
    """A browser session; the cookie holds a random id whose SHA-256 is the key here."""

    __tablename__ = "web_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what, when: every post, apply, unapply, reverse, import and set-up change."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index(None, "company_id", "at"),)

    company_id: Mapped[int] = company_fk()
    entry_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[str] = txt(50)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = txt(40)
    object_id: Mapped[str] = txt(100)
    details: Mapped[str] = mapped_column(Text, default="", server_default="")


# -- Norwegian payments: KID and OCR giro -------------------------------------------------


class KidSetupRow(Base):
    """The company's KID set-up (NAV: Sales & Receivables Setup, KID fields)."""

    __tablename__ = "kid_setup"

    company_id: Mapped[int] = company_fk()
    layout: Mapped[str] = mapped_column(String(30), default="none")
    document_no_length: Mapped[int] = mapped_column(Integer, default=0)
    customer_no_length: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str] = mapped_column(String(10), default="mod10")
    use_on_finance_charge_memo: Mapped[bool] = mapped_column(Boolean, default=False)
    use_on_reminder: Mapped[bool] = mapped_column(Boolean, default=False)


class OcrSetup(Base):
    """How OCR giro payments into one of the company's bank accounts become journal lines."""

    __tablename__ = "ocr_setup"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "bank_account_no"], ["bank_account.company_id", "bank_account.no"]
        ),
    )

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    agreement_id: Mapped[str] = txt(20)
    """The Nets agreement (avtale-ID) whose payments go to this bank account; blank = any."""
    journal_template: Mapped[str] = mapped_column(String(20))
    journal_batch: Mapped[str] = mapped_column(String(20))
    max_divergence: Mapped[Decimal] = money()
    divergence_account: Mapped[str] = txt()
    unknown_kid: Mapped[str] = mapped_column(String(10), default="leave")
    """``leave``: the line is left without account for the user; ``suspense``: to a customer."""
    suspense_customer_no: Mapped[str] = txt()


class ImportedPayment(Base):
    """One payment from a payment file or statement, so the same money is never imported twice,
    whatever file it comes in (DESIGN §6)."""

    __tablename__ = "imported_payment"

    company_id: Mapped[int] = company_fk()
    identity: Mapped[str] = mapped_column(String(200), primary_key=True)
    import_no: Mapped[int] = mapped_column(Integer)


# -- bank statements -----------------------------------------------------------------------


class BankStatement(Base):
    """One imported bank statement (camt ``Stmt``/``Rpt``, an MT940 ``:20:`` block or a CSV
    file), numbered per bank account in the order it was imported."""

    __tablename__ = "bank_statement"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "bank_account_no"], ["bank_account.company_id", "bank_account.no"]
        ),
        Index(None, "company_id", "import_no"),
    )

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    statement_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    import_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    statement_id: Mapped[str] = txt(100)
    """The bank's id of the statement (camt ``Id``, MT940 ``:20:``); blank for CSV."""
    sequence: Mapped[str] = txt(35)
    account: Mapped[str] = txt(70)
    currency: Mapped[str] = txt(3)
    opening_balance: Mapped[Decimal | None] = mapped_column(Money())
    closing_balance: Mapped[Decimal | None] = mapped_column(Money())
    opening_date: Mapped[date | None] = mapped_column(Date)
    closing_date: Mapped[date | None] = mapped_column(Date)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    """The booked entries imported as lines."""
    pending: Mapped[int] = mapped_column(Integer, default=0)
    """Entries the file gave that were not booked (pending or information only): not lines."""
    status: Mapped[str] = mapped_column(String(12), default="", server_default="")
    """Blank for a final statement. ``provisional``: a camt.052 intraday report, replaced by the
    camt.053 of the same account and day(s) when it arrives; ``superseded``: so replaced, its
    lines removed so that no money counts twice."""
    superseded_by: Mapped[int | None] = mapped_column(Integer)
    """The statement no. of the camt.053 that superseded this camt.052."""


_STATEMENT_FK = (
    ["company_id", "bank_account_no", "statement_no"],
    ["bank_statement.company_id", "bank_statement.bank_account_no", "bank_statement.statement_no"],
)
"""The key of an imported statement, for the tables that hang on one."""


class BankStatementLine(Base):
    """One booked entry of an imported statement; reconciliation matches it to the ledger."""

    __tablename__ = "bank_statement_line"
    __table_args__ = (
        ForeignKeyConstraint(*_STATEMENT_FK),
        Index(None, "company_id", "bank_account_no", "applied"),
    )

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    statement_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    amount: Mapped[Decimal] = money()
    """Signed: money in positive."""
    booking_date: Mapped[date | None] = mapped_column(Date)
    value_date: Mapped[date | None] = mapped_column(Date)
    bank_reference: Mapped[str] = txt(100)
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    counterparty_name: Mapped[str] = txt(140)
    counterparty_account: Mapped[str] = txt(70)
    references: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The structured references (KID, OCR, RF, document nos.) as a JSON list."""
    end_to_end_ids: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The transactions' end-to-end ids, space-separated."""
    batch_count: Mapped[int] = mapped_column(Integer, default=0)
    """How many payments a batch entry ("Sumpost OCR") holds; 0 for a single payment."""
    status: Mapped[str] = mapped_column(String(10), default="booked")
    content_key: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the line's content (dates, amount, counterparty, text, references)."""
    applied: Mapped[bool] = mapped_column(Boolean, default=False)
    """Set when bank reconciliation has matched the line."""
    detail_kind: Mapped[str] = mapped_column(String(10), default="", server_default="")
    """Where the payments of a batch line are itemised (:class:`BankStatementDetail`):

    - ``""``: nowhere, or not a batch line;
    - ``"ocr"``: an OCR giro file (import ``detail_import_no``) whose payments were already put
      into a cash receipt journal by that import. The line is for bank reconciliation only,
      against the lump sum's bank ledger entry, and must NEVER be applied to customers again:
      the payment reconciliation journal skips lines with ``detail_kind == "ocr"``;
    - ``"camt.054"``: a camt.054 notification (import ``detail_import_no``) itemises it; its
      details are the payments to apply, the line itself holds the money once;
    - ``"camt.053"``: the statement's own transaction details carry amounts.
    """
    detail_import_no: Mapped[int | None] = mapped_column(Integer)
    """The import (``import_log``) of the file that itemises the line."""
    detail_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Why the details need a look, e.g. when they do not add up to the line's amount."""
    batch_id: Mapped[str] = txt(100)
    """A batch entry's payment information id (camt ``Btch/PmtInfId``, else ``Btch/MsgId``)."""


_STATEMENT_LINE_FK = (
    ["company_id", "bank_account_no", "statement_no", "line_no"],
    [
        "bank_statement_line.company_id",
        "bank_statement_line.bank_account_no",
        "bank_statement_line.statement_no",
        "bank_statement_line.line_no",
    ],
)
"""The key of a statement line, for the tables that hang on one."""


class BankStatementDetail(Base):
    """One payment of a batch line, from the file that itemises it (an OCR giro file, a camt.054
    or the statement's own transaction details). The money is the line's: the details say who
    paid what, they are never a second copy of it on the bank account."""

    __tablename__ = "bank_statement_detail"
    __table_args__ = (
        ForeignKeyConstraint(*_STATEMENT_LINE_FK),
        Index(None, "company_id", "import_no"),
    )

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    statement_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    detail_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    amount: Mapped[Decimal] = money()
    """Signed as the line: money in positive."""
    booking_date: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    counterparty_name: Mapped[str] = txt(140)
    counterparty_account: Mapped[str] = txt(70)
    references: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The structured references (KID, OCR, RF, document nos.) as a JSON list."""
    end_to_end_id: Mapped[str] = txt(100)
    import_no: Mapped[int] = mapped_column(Integer)
    """The import the detail came from (the statement's own import for ``camt.053``)."""


class BankDetailBatch(Base):
    """One lump sum of a detail file (an OCR giro settlement or a camt.054 batch entry), kept
    whether or not its statement line has arrived, so the two are linked on either import
    order. ``details`` holds its payments as JSON until the link copies them into
    :class:`BankStatementDetail`."""

    __tablename__ = "bank_detail_batch"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "bank_account_no"], ["bank_account.company_id", "bank_account.no"]
        ),
        Index(None, "company_id", "bank_account_no", "statement_no"),
    )

    company_id: Mapped[int] = company_fk()
    import_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    batch_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(10))
    """``ocr`` or ``camt.054``."""
    bank_account_no: Mapped[str] = mapped_column(String(20))
    account: Mapped[str] = txt(70)
    amount: Mapped[Decimal] = money()
    """Signed: money in positive."""
    booking_date: Mapped[date | None] = mapped_column(Date)
    bank_reference: Mapped[str] = txt(100)
    """The bank's reference of the entry (camt ``AcctSvcrRef``)."""
    batch_id: Mapped[str] = txt(100)
    """The batch's payment information id (camt ``PmtInfId``)."""
    message_id: Mapped[str] = txt(100)
    """The batch's message id (camt ``Btch/MsgId``)."""
    group_id: Mapped[str] = txt(100)
    """The larger unit the lump sum belongs to, which a statement may book as one line: the
    OCR assignment, the camt.054 notification."""
    payments: Mapped[int] = mapped_column(Integer, default=0)
    details: Mapped[str] = mapped_column(Text, default="", server_default="")
    statement_no: Mapped[int | None] = mapped_column(Integer)
    """The statement line the lump sum is linked to; NULL while it has not arrived."""
    line_no: Mapped[int | None] = mapped_column(Integer)


class BankAccountCsvProfile(Base):
    """The CSV layout a bank account's statements come in: a built-in profile's name or a
    profile of its own (JSON), used when a CSV statement is imported without ``--profile``."""

    __tablename__ = "bank_account_csv_profile"
    __table_args__ = (
        ForeignKeyConstraint(
            ["company_id", "bank_account_no"], ["bank_account.company_id", "bank_account.no"]
        ),
    )

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    profile_name: Mapped[str] = txt(50)
    profile_json: Mapped[str] = mapped_column(Text, default="", server_default="")


# -- bank account reconciliation -----------------------------------------------------------


class BankReconciliation(Base):
    """The reconciliation of one imported statement against the bank ledger: ``open`` while
    lines are being matched, ``posted`` once its entries are closed (NAV's Bank Acc.
    Reconciliation and, once posted, its Bank Account Statement)."""

    __tablename__ = "bank_reconciliation"
    __table_args__ = (ForeignKeyConstraint(*_STATEMENT_FK),)

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    statement_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(10), default="open")
    posted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    posted_by: Mapped[str] = txt(100)
    previous_statement_no: Mapped[str] = txt(20)
    """The bank account's last statement no. before posting, restored by undo."""
    previous_balance: Mapped[Decimal] = money()
    """The bank account's balance at the last statement before posting, restored by undo."""


class BankRecMatch(Base):
    """One statement line matched to one bank ledger entry. A line matched to several entries
    (or several lines to one entry) has one row per pair."""

    __tablename__ = "bank_rec_match"
    __table_args__ = (
        ForeignKeyConstraint(*_STATEMENT_LINE_FK),
        Index(None, "company_id", "bank_entry_no"),
    )

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    statement_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    bank_entry_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    match_kind: Mapped[str] = mapped_column(String(10))
    """``auto`` (matched automatically) or ``manual`` (by the user)."""
    explanation: Mapped[str] = txt(500)


# -- payment reconciliation ------------------------------------------------------------------


class PaymentReconciliation(Base):
    """The payment reconciliation journal of one imported statement (NAV's Payment
    Reconciliation Journal): ``open`` while its lines are applied and reviewed, ``posted`` once
    every line is posted."""

    __tablename__ = "payment_reconciliation"
    __table_args__ = (ForeignKeyConstraint(*_STATEMENT_FK),)

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    statement_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(10), default="open")
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When apply automatically last ran."""
    posted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    posted_by: Mapped[str] = txt(100)
    reconciled: Mapped[bool] = mapped_column(Boolean, default=False)
    """Posted with the bank account reconciled in the same step."""
    register_no: Mapped[int | None] = mapped_column(Integer)
    """The register of the last posting run."""


class AppliedPaymentEntry(Base):
    """One application of a statement line (NAV's Applied Payment Entry): to an open customer
    or vendor ledger entry, or straight to an account (``entry_no`` NULL). ``part`` 0 is the
    line's account; part 1 a difference transferred to another account.

    A batch line itemised by a camt.054 or by its own transaction details is applied payment by
    payment: ``detail_no`` names the :class:`BankStatementDetail`; 0 is the line itself (an
    ordinary line, or what an itemised line's details leave unexplained)."""

    __tablename__ = "applied_payment_entry"
    __table_args__ = (
        ForeignKeyConstraint(*_STATEMENT_LINE_FK),
        Index(None, "company_id", "account_type", "entry_no"),
    )

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    statement_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    detail_no: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, default=0
    )
    application_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    part: Mapped[int] = mapped_column(Integer, default=0)
    account_type: Mapped[str] = mapped_column(String(10))
    """``customer``, ``vendor`` or ``gl``."""
    account_no: Mapped[str] = mapped_column(String(20))
    entry_no: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[Decimal] = money()
    """What the line pays of the entry, the discount not included (the statement's sign)."""
    discount: Mapped[Decimal] = money()
    score: Mapped[int] = mapped_column(Integer, default=0)
    confidence: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    """``auto``, ``accepted`` or ``manual``."""
    rule: Mapped[str] = txt(200)
    explanation: Mapped[str] = mapped_column(Text, default="", server_default="")


class PaymentLineState(Base):
    """What the matching noted about a line or one of its details (ties, conflicts), and
    whether its rule asks for review."""

    __tablename__ = "payment_line_state"
    __table_args__ = (ForeignKeyConstraint(*_STATEMENT_LINE_FK),)

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    statement_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    detail_no: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, default=0
    )
    """As in :class:`AppliedPaymentEntry`: 0 for the line itself."""
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    """A JSON list of notes."""
    review_required: Mapped[bool] = mapped_column(Boolean, default=False)


class PostedPaymentLine(Base):
    """A statement line posted as a payment. Its key is the line's, so the database itself
    refuses to post one statement entry twice, whatever journal it was in (DESIGN §4.5). An
    itemised batch line is posted whole, its payments in one transaction with one bank ledger
    entry, so this row stands for each of its details too: none can be posted again."""

    __tablename__ = "posted_payment_line"
    __table_args__ = (ForeignKeyConstraint(*_STATEMENT_LINE_FK),)

    company_id: Mapped[int] = company_fk()
    bank_account_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    statement_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    register_no: Mapped[int] = mapped_column(Integer)
    document_no: Mapped[str] = mapped_column(String(20))
    bank_entry_no: Mapped[int] = mapped_column(Integer)
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    posted_by: Mapped[str] = txt(100)


class TextToAccountMapping(Base):
    """Lines whose text holds ``text`` (any case) go to an account: a G/L account (debit account
    for money in, credit account for money out), a customer or a vendor."""

    __tablename__ = "text_to_account_mapping"

    company_id: Mapped[int] = company_fk()
    mapping_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(String(250))
    account_type: Mapped[str] = mapped_column(String(10))
    debit_account_no: Mapped[str] = txt()
    credit_account_no: Mapped[str] = txt()
    account_no: Mapped[str] = txt()
    """The customer or vendor of a customer or vendor mapping."""
    learned: Mapped[bool] = mapped_column(Boolean, default=False)


class MatchRule(Base):
    """The company's rule table for payment matching; no rows means the default rules."""

    __tablename__ = "match_rule"

    company_id: Mapped[int] = company_fk()
    confidence: Mapped[str] = mapped_column(String(10), primary_key=True)
    priority: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    party: Mapped[str] = mapped_column(String(20))
    document: Mapped[str] = mapped_column(String(20))
    amount: Mapped[str] = mapped_column(String(20))
    structured_reference: Mapped[bool] = mapped_column(Boolean, default=False)
    review_required: Mapped[bool] = mapped_column(Boolean, default=False)
