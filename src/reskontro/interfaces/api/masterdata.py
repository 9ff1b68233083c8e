"""Master data: customers, vendors, bank accounts, G/L accounts, payment terms, G/L setup.

Reading needs any role; creating and changing master data and set-up needs admin.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, status

from reskontro.domain.enums import ApplicationMethod, Blocked, GLAccountCategory, GLAccountKind
from reskontro.domain.parties import (
    BankAccountData,
    CustomerData,
    PaymentTermsData,
    VendorData,
)
from reskontro.interfaces.api.deps import Admin, EngineDep, Limit, Offset, Reader
from reskontro.interfaces.api.errors import ERROR_RESPONSES, ApiRoute
from reskontro.interfaces.api.types import Model, Money, Number, build
from reskontro.services import masterdata, setup

router = APIRouter(route_class=ApiRoute, responses=ERROR_RESPONSES)

Search = Annotated[str | None, Query(description="Text in the number or the name, any case")]


# -- models ----------------------------------------------------------------------------------


class PartyFields(Model):
    name: str
    address: str = ""
    post_code: str = ""
    city: str = ""
    country: str = ""
    email: str = ""
    org_no: str = ""
    bank_account: str = ""
    iban: str = ""
    currency: str = ""
    payment_terms: str = ""
    posting_group: str = "DOMESTIC"
    blocked: Blocked = Blocked.NO
    application_method: ApplicationMethod = ApplicationMethod.MANUAL
    block_payment_tolerance: bool = False


class NewParty(PartyFields):
    no: str


class PartyChanges(Model):
    """Only the fields sent are changed; the number cannot change."""

    name: str | None = None
    address: str | None = None
    post_code: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None
    org_no: str | None = None
    bank_account: str | None = None
    iban: str | None = None
    currency: str | None = None
    payment_terms: str | None = None
    posting_group: str | None = None
    blocked: Blocked | None = None
    application_method: ApplicationMethod | None = None
    block_payment_tolerance: bool | None = None


class Customer(NewParty):
    balance: Money
    """The remaining amounts of the customer's open entries (LCY)."""


class Vendor(NewParty):
    balance: Money
    """What the company owes the vendor (LCY)."""


class NewBankAccount(Model):
    no: str
    name: str
    bank_account_no: str = ""
    iban: str = ""
    swift: str = ""
    currency: str = ""
    posting_group: str = "OPERATING"
    blocked: bool = False


class BankAccountChanges(Model):
    name: str | None = None
    bank_account_no: str | None = None
    iban: str | None = None
    swift: str | None = None
    currency: str | None = None
    posting_group: str | None = None
    blocked: bool | None = None


class BankAccount(NewBankAccount):
    gl_account: str
    last_statement_no: str
    balance_last_statement: Money
    balance: Money


class GLAccount(Model):
    no: str
    name: str
    kind: GLAccountKind
    category: GLAccountCategory
    direct_posting: bool
    blocked: bool
    balance: Money


class PaymentTerms(Model):
    code: str
    description: str = ""
    due_date_formula: str = ""
    discount_date_formula: str = ""
    discount_pct: Number = Decimal(0)


class GLSetup(Model):
    payment_tolerance_pct: Number
    max_payment_tolerance: Money
    pmt_disc_grace_period: str
    appln_rounding_precision: Money
    pmt_disc_excl_vat: bool
    allow_posting_from: date | None
    allow_posting_to: date | None
    opening_balance_account: str
    customer_invoice_nos: str
    customer_credit_memo_nos: str
    sales_draft_nos: str


class GLSetupChanges(Model):
    """Only the settings sent are changed."""

    payment_tolerance_pct: Number | None = None
    max_payment_tolerance: Money | None = None
    pmt_disc_grace_period: str | None = None
    appln_rounding_precision: Money | None = None
    pmt_disc_excl_vat: bool | None = None
    allow_posting_from: date | None = None
    allow_posting_to: date | None = None


# -- customers -------------------------------------------------------------------------------


@router.get("/customers", tags=["customers"])
def list_customers(
    engine: EngineDep, who: Reader, search: Search = None, limit: Limit = 50, offset: Offset = 0
) -> list[Customer]:
    rows = masterdata.list_customers(
        engine, who.company_id, search=search, limit=limit, offset=offset
    )
    return [build(Customer, r) for r in rows]


@router.get("/customers/{no}", tags=["customers"])
def get_customer(engine: EngineDep, who: Reader, no: str) -> Customer:
    return build(Customer, masterdata.get_customer(engine, who.company_id, no))


@router.post("/customers", status_code=status.HTTP_201_CREATED, tags=["customers"])
def create_customer(engine: EngineDep, who: Admin, body: NewParty) -> Customer:
    data = CustomerData(**body.model_dump())
    created = masterdata.create_customer(engine, who.company_id, data, user=who.username)
    return build(Customer, created)


@router.patch("/customers/{no}", tags=["customers"])
def update_customer(engine: EngineDep, who: Admin, no: str, body: PartyChanges) -> Customer:
    changes = body.model_dump(exclude_unset=True)
    updated = masterdata.update_customer(engine, who.company_id, no, changes, user=who.username)
    return build(Customer, updated)


# -- vendors ---------------------------------------------------------------------------------


@router.get("/vendors", tags=["vendors"])
def list_vendors(
    engine: EngineDep, who: Reader, search: Search = None, limit: Limit = 50, offset: Offset = 0
) -> list[Vendor]:
    rows = masterdata.list_vendors(
        engine, who.company_id, search=search, limit=limit, offset=offset
    )
    return [build(Vendor, r) for r in rows]


@router.get("/vendors/{no}", tags=["vendors"])
def get_vendor(engine: EngineDep, who: Reader, no: str) -> Vendor:
    return build(Vendor, masterdata.get_vendor(engine, who.company_id, no))


@router.post("/vendors", status_code=status.HTTP_201_CREATED, tags=["vendors"])
def create_vendor(engine: EngineDep, who: Admin, body: NewParty) -> Vendor:
    data = VendorData(**body.model_dump())
    return build(Vendor, masterdata.create_vendor(engine, who.company_id, data, user=who.username))


@router.patch("/vendors/{no}", tags=["vendors"])
def update_vendor(engine: EngineDep, who: Admin, no: str, body: PartyChanges) -> Vendor:
    changes = body.model_dump(exclude_unset=True)
    updated = masterdata.update_vendor(engine, who.company_id, no, changes, user=who.username)
    return build(Vendor, updated)


# -- bank accounts ---------------------------------------------------------------------------


@router.get("/bank-accounts", tags=["bank accounts"])
def list_bank_accounts(engine: EngineDep, who: Reader) -> list[BankAccount]:
    return [build(BankAccount, r) for r in masterdata.list_bank_accounts(engine, who.company_id)]


@router.get("/bank-accounts/{no}", tags=["bank accounts"])
def get_bank_account(engine: EngineDep, who: Reader, no: str) -> BankAccount:
    return build(BankAccount, masterdata.get_bank_account(engine, who.company_id, no))


@router.post("/bank-accounts", status_code=status.HTTP_201_CREATED, tags=["bank accounts"])
def create_bank_account(engine: EngineDep, who: Admin, body: NewBankAccount) -> BankAccount:
    data = BankAccountData(**body.model_dump())
    created = masterdata.add_bank_account(engine, who.company_id, data, user=who.username)
    return build(BankAccount, created)


@router.patch("/bank-accounts/{no}", tags=["bank accounts"])
def update_bank_account(
    engine: EngineDep, who: Admin, no: str, body: BankAccountChanges
) -> BankAccount:
    changes = body.model_dump(exclude_unset=True)
    updated = masterdata.update_bank_account(engine, who.company_id, no, changes, user=who.username)
    return build(BankAccount, updated)


# -- G/L accounts, payment terms, G/L setup --------------------------------------------------


@router.get("/gl-accounts", tags=["set-up"])
def list_gl_accounts(engine: EngineDep, who: Reader) -> list[GLAccount]:
    return [build(GLAccount, r) for r in masterdata.list_gl_accounts(engine, who.company_id)]


@router.get("/payment-terms", tags=["set-up"])
def list_payment_terms(engine: EngineDep, who: Reader) -> list[PaymentTerms]:
    return [build(PaymentTerms, r) for r in masterdata.list_payment_terms(engine, who.company_id)]


@router.post("/payment-terms", status_code=status.HTTP_201_CREATED, tags=["set-up"])
def create_payment_terms(engine: EngineDep, who: Admin, body: PaymentTerms) -> PaymentTerms:
    data = PaymentTermsData(**body.model_dump())
    created = masterdata.add_payment_terms(engine, who.company_id, data, user=who.username)
    return build(PaymentTerms, created)


class PaymentTermsChanges(Model):
    """Only the fields sent are changed; documents posted earlier keep their dates."""

    description: str | None = None
    due_date_formula: str | None = None
    discount_date_formula: str | None = None
    discount_pct: Number | None = None


@router.patch("/payment-terms/{code}", tags=["set-up"])
def update_payment_terms(
    engine: EngineDep, who: Admin, code: str, body: PaymentTermsChanges
) -> PaymentTerms:
    changes = body.model_dump(exclude_unset=True)
    updated = masterdata.update_payment_terms(
        engine, who.company_id, code, changes, user=who.username
    )
    return build(PaymentTerms, updated)


@router.get("/gl-setup", tags=["set-up"])
def get_gl_setup(engine: EngineDep, who: Reader) -> GLSetup:
    return build(GLSetup, setup.get_gl_setup(engine, who.company_id))


@router.patch("/gl-setup", tags=["set-up"])
def update_gl_setup(engine: EngineDep, who: Admin, body: GLSetupChanges) -> GLSetup:
    changes = body.model_dump(exclude_unset=True)
    updated = setup.update_gl_setup(engine, who.company_id, **changes, user=who.username)
    return build(GLSetup, updated)
