"""Master data: customers, vendors, the company's bank accounts and payment terms.

The chart of accounts is kept by :mod:`reskontro.services.setup`; its functions are importable
from here too (:func:`list_gl_accounts`, :func:`add_gl_account`).

Cards are checked by :mod:`reskontro.domain.parties` (the same checks a CSV import uses) and
stored tidy: identifiers compact, codes in capitals, the company's own currency as ``""``.
Lists carry balances computed by one grouped query per list, never one query per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Engine, Select, func, or_, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.domain.money import ZERO
from reskontro.domain.parties import (
    BankAccountData,
    CustomerData,
    PartyData,
    PaymentTermsData,
    VendorData,
    apply_changes,
    normalise_bank_account,
    normalise_party,
    normalise_payment_terms,
    problems_text,
    validate_bank_account,
    validate_party,
    validate_payment_terms,
)
from reskontro.services import setup as _setup
from reskontro.storage import audit
from reskontro.storage.models import (
    BankAccount,
    BankLedgerEntryRow,
    BankPostingGroup,
    Company,
    Currency,
    Customer,
    CustomerLedgerEntryRow,
    CustomerPostingGroup,
    PaymentTerms,
    Vendor,
    VendorLedgerEntryRow,
    VendorPostingGroup,
)
from reskontro.storage.types import Money
from reskontro.storage.uow import UnitOfWork


@dataclass(frozen=True)
class CustomerInfo(CustomerData):
    balance: Decimal = ZERO
    """The sum of the remaining amounts (LCY) of the customer's open entries."""


@dataclass(frozen=True)
class VendorInfo(VendorData):
    balance: Decimal = ZERO
    """What the company owes the vendor (LCY): open remaining amounts with the sign turned, as
    NAV shows a vendor's balance."""


@dataclass(frozen=True)
class BankAccountInfo(BankAccountData):
    gl_account: str = ""
    """The G/L account its posting group posts to."""
    last_statement_no: str = ""
    balance_last_statement: Decimal = ZERO
    balance: Decimal = ZERO
    """The sum of its bank ledger entries, in the account's currency."""


@dataclass(frozen=True)
class PaymentTermsInfo(PaymentTermsData):
    """Payment terms as stored."""


# -- company context ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Company:
    country: str
    lcy: str
    currencies: set[str]
    payment_terms: set[str]


def _company(session: Session, company_id: int) -> _Company:
    company = session.get(Company, company_id)
    if company is None:
        raise NotFoundError(f"Company {company_id} does not exist")
    return _Company(
        company.country,
        company.currency,
        _codes(session, Currency.code, Currency.company_id, company_id),
        _codes(session, PaymentTerms.code, PaymentTerms.company_id, company_id),
    )


def _codes(session: Session, code: Any, company_col: Any, company_id: int) -> set[str]:
    return set(session.scalars(select(code).where(company_col == company_id)))


def _folded(session: Session, column: Any) -> ColumnElement[str]:
    """*column* in lower case, Nordic letters included, for case-insensitive search."""
    if session.get_bind().dialect.name == "sqlite":
        # SQLite's lower() folds ASCII only; "ØL" must match "øl" as it does on PostgreSQL.
        raw = session.connection().connection.driver_connection
        raw.create_function("rk_lower", 1, _lower, deterministic=True)  # type: ignore[union-attr]
        return func.rk_lower(column)
    return func.lower(column)


def _lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def _row_values(data: Any, exclude: Iterable[str] = ()) -> dict[str, Any]:
    return {f.name: getattr(data, f.name) for f in fields(data) if f.name not in exclude}


# -- customers and vendors ---------------------------------------------------------------


Info = TypeVar("Info", CustomerInfo, VendorInfo)


@dataclass(frozen=True)
class _Kind(Generic[Info]):
    """What differs between customers and vendors."""

    label: str
    model: Any
    entries: Any
    groups: Any
    data: type[PartyData]
    info: type[Info]
    sign: int
    """+1 for customers; -1 for vendors, whose balance NAV shows as the amount owed."""


_CUSTOMERS = _Kind(
    "Customer",
    Customer,
    CustomerLedgerEntryRow,
    CustomerPostingGroup,
    CustomerData,
    CustomerInfo,
    1,
)
_VENDORS = _Kind(
    "Vendor", Vendor, VendorLedgerEntryRow, VendorPostingGroup, VendorData, VendorInfo, -1
)
_PARTY_FIELDS = tuple(f.name for f in fields(PartyData))

list_gl_accounts = _setup.list_gl_accounts
add_gl_account = _setup.add_gl_account
GLAccountView = _setup.GLAccountView


def _party_info(kind: _Kind[Info], row: Any, balance: Decimal | None) -> Info:
    values = {name: getattr(row, name) for name in _PARTY_FIELDS}
    total = balance or ZERO
    return kind.info(**values, balance=total if kind.sign > 0 else ZERO - total)


def _balances(kind: _Kind[Info], company_id: int) -> Any:
    entries = kind.entries
    total = type_coerce(func.sum(entries.remaining_amount_lcy), Money())
    return (
        select(entries.party_no.label("party_no"), total.label("balance"))
        .where(entries.company_id == company_id, entries.open.is_(True))
        .group_by(entries.party_no)
        .subquery()
    )


def _checked_party(
    kind: _Kind[Info], session: Session, company_id: int, data: PartyData
) -> PartyData:
    company = _company(session, company_id)
    data = normalise_party(data, country=company.country, lcy=company.lcy)
    groups = _codes(session, kind.groups.code, kind.groups.company_id, company_id)
    problems = validate_party(
        data,
        country=company.country,
        payment_terms=company.payment_terms,
        posting_groups=groups,
        currencies=company.currencies,
        party=kind.label.lower(),
    )
    if problems:
        raise ValidationError(problems_text(f"{kind.label} {data.no}".strip(), problems))
    return data


def _create_party(
    kind: _Kind[Info], engine: Engine, company_id: int, data: PartyData, user: str
) -> Info:
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        data = _checked_party(kind, session, company_id, data)
        if session.get(kind.model, (company_id, data.no)) is not None:
            raise ConflictError(
                f"{kind.label} {data.no} already exists; change it or choose another number"
            )
        row = kind.model(company_id=company_id, **_row_values(data))
        session.add(row)
        try:
            session.flush()
        except IntegrityError as exc:
            raise ConflictError(f"{kind.label} {data.no} already exists") from exc
        info = _party_info(kind, row, ZERO)
        audit.record(session, company_id, user, "create", kind.label.lower(), data.no)
        uow.commit()
        return info


def _update_party(
    kind: _Kind[Info],
    engine: Engine,
    company_id: int,
    no: str,
    changes: Mapping[str, object],
    user: str,
) -> Info:
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row = session.scalars(
            select(kind.model)
            .where(kind.model.company_id == company_id, kind.model.no == no)
            .with_for_update()
        ).one_or_none()
        if row is None:
            raise NotFoundError(f"{kind.label} {no} does not exist")
        current = kind.data(**{name: getattr(row, name) for name in _PARTY_FIELDS})
        data = _checked_party(
            kind,
            session,
            company_id,
            apply_changes(current, changes, key="no", label=f"{kind.label} {no}"),
        )
        for name, value in _row_values(data, exclude=("no",)).items():
            setattr(row, name, value)
        session.flush()
        info = _party_info(kind, row, _one_balance(kind, session, company_id, no))
        audit.record(
            session,
            company_id,
            user,
            "update",
            kind.label.lower(),
            no,
            changes={k: str(v) for k, v in changes.items()},
        )
        uow.commit()
        return info


def _one_balance(kind: _Kind[Info], session: Session, company_id: int, no: str) -> Decimal | None:
    balances = _balances(kind, company_id)
    return session.scalar(select(balances.c.balance).where(balances.c.party_no == no))


def _get_party(kind: _Kind[Info], engine: Engine, company_id: int, no: str) -> Info:
    with UnitOfWork(engine) as uow:
        row = uow.session.get(kind.model, (company_id, no))
        if row is None:
            raise NotFoundError(f"{kind.label} {no} does not exist")
        return _party_info(kind, row, _one_balance(kind, uow.session, company_id, no))


def _search(kind: _Kind[Info], session: Session, query: Select[Any], search: str | None) -> Any:
    if search and search.strip():
        term = search.strip().lower()
        query = query.where(
            or_(
                _folded(session, kind.model.no).contains(term, autoescape=True),
                _folded(session, kind.model.name).contains(term, autoescape=True),
            )
        )
    return query


def _list_parties(
    kind: _Kind[Info],
    engine: Engine,
    company_id: int,
    *,
    search: str | None,
    limit: int,
    offset: int,
) -> list[Info]:
    with UnitOfWork(engine) as uow:
        balances = _balances(kind, company_id)
        query = (
            select(kind.model, balances.c.balance)
            .outerjoin(balances, balances.c.party_no == kind.model.no)
            .where(kind.model.company_id == company_id)
        )
        query = _search(kind, uow.session, query, search)
        query = query.order_by(kind.model.no).limit(max(limit, 0)).offset(max(offset, 0))
        return [_party_info(kind, row, balance) for row, balance in uow.session.execute(query)]


def _count_parties(kind: _Kind[Info], engine: Engine, company_id: int, search: str | None) -> int:
    with UnitOfWork(engine) as uow:
        query = select(func.count()).select_from(kind.model)
        query = query.where(kind.model.company_id == company_id)
        return int(uow.session.scalar(_search(kind, uow.session, query, search)) or 0)


def create_customer(
    engine: Engine, company_id: int, data: CustomerData, *, user: str = ""
) -> CustomerInfo:
    """Create a customer card; refuse a number in use and every problem the checks find."""
    return _create_party(_CUSTOMERS, engine, company_id, data, user)


def update_customer(
    engine: Engine, company_id: int, no: str, changes: Mapping[str, object], *, user: str = ""
) -> CustomerInfo:
    """Change fields of customer *no* (``{"email": "..."}``); the number itself stays."""
    return _update_party(_CUSTOMERS, engine, company_id, no, changes, user)


def get_customer(engine: Engine, company_id: int, no: str) -> CustomerInfo:
    return _get_party(_CUSTOMERS, engine, company_id, no)


def list_customers(
    engine: Engine, company_id: int, *, search: str | None = None, limit: int = 50, offset: int = 0
) -> list[CustomerInfo]:
    """Customers by number; *search* finds text in the number or name, in any case."""
    return _list_parties(_CUSTOMERS, engine, company_id, search=search, limit=limit, offset=offset)


def count_customers(engine: Engine, company_id: int, *, search: str | None = None) -> int:
    return _count_parties(_CUSTOMERS, engine, company_id, search)


def create_vendor(
    engine: Engine, company_id: int, data: VendorData, *, user: str = ""
) -> VendorInfo:
    return _create_party(_VENDORS, engine, company_id, data, user)


def update_vendor(
    engine: Engine, company_id: int, no: str, changes: Mapping[str, object], *, user: str = ""
) -> VendorInfo:
    return _update_party(_VENDORS, engine, company_id, no, changes, user)


def get_vendor(engine: Engine, company_id: int, no: str) -> VendorInfo:
    return _get_party(_VENDORS, engine, company_id, no)


def list_vendors(
    engine: Engine, company_id: int, *, search: str | None = None, limit: int = 50, offset: int = 0
) -> list[VendorInfo]:
    return _list_parties(_VENDORS, engine, company_id, search=search, limit=limit, offset=offset)


def count_vendors(engine: Engine, company_id: int, *, search: str | None = None) -> int:
    return _count_parties(_VENDORS, engine, company_id, search)


# -- bank accounts -----------------------------------------------------------------------

_BANK_FIELDS = tuple(f.name for f in fields(BankAccountData))


def _bank_info(
    row: BankAccount, gl_account: str | None, balance: Decimal | None
) -> BankAccountInfo:
    return BankAccountInfo(
        **{name: getattr(row, name) for name in _BANK_FIELDS},
        gl_account=gl_account or "",
        last_statement_no=row.last_statement_no,
        balance_last_statement=row.balance_last_statement,
        balance=balance or ZERO,
    )


def _bank_query(company_id: int) -> Select[Any]:
    total = type_coerce(func.sum(BankLedgerEntryRow.amount), Money())
    balances = (
        select(BankLedgerEntryRow.bank_account_no.label("no"), total.label("balance"))
        .where(BankLedgerEntryRow.company_id == company_id)
        .group_by(BankLedgerEntryRow.bank_account_no)
        .subquery()
    )
    return (
        select(BankAccount, BankPostingGroup.gl_account, balances.c.balance)
        .outerjoin(
            BankPostingGroup,
            (BankPostingGroup.company_id == BankAccount.company_id)
            & (BankPostingGroup.code == BankAccount.posting_group),
        )
        .outerjoin(balances, balances.c.no == BankAccount.no)
        .where(BankAccount.company_id == company_id)
        .order_by(BankAccount.no)
    )


def _checked_bank(session: Session, company_id: int, data: BankAccountData) -> BankAccountData:
    company = _company(session, company_id)
    data = normalise_bank_account(data, country=company.country, lcy=company.lcy)
    groups = _codes(session, BankPostingGroup.code, BankPostingGroup.company_id, company_id)
    problems = validate_bank_account(
        data, country=company.country, posting_groups=groups, currencies=company.currencies
    )
    if problems:
        raise ValidationError(problems_text(f"Bank account {data.no}".strip(), problems))
    return data


def _read_bank(session: Session, company_id: int, no: str) -> BankAccountInfo:
    found = session.execute(_bank_query(company_id).where(BankAccount.no == no)).one_or_none()
    if found is None:
        raise NotFoundError(f"Bank account {no} does not exist")
    return _bank_info(*found)


def add_bank_account(
    engine: Engine, company_id: int, data: BankAccountData, *, user: str = ""
) -> BankAccountInfo:
    """Add one of the company's own bank accounts."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        data = _checked_bank(session, company_id, data)
        if session.get(BankAccount, (company_id, data.no)) is not None:
            raise ConflictError(f"Bank account {data.no} already exists; choose another number")
        session.add(BankAccount(company_id=company_id, **_row_values(data)))
        audit.record(session, company_id, user, "create", "bank_account", data.no)
        session.flush()
        info = _read_bank(session, company_id, data.no)
        uow.commit()
        return info


def update_bank_account(
    engine: Engine, company_id: int, no: str, changes: Mapping[str, object], *, user: str = ""
) -> BankAccountInfo:
    """Change fields of bank account *no*; its currency only while it has no entries."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row = session.scalars(
            select(BankAccount)
            .where(BankAccount.company_id == company_id, BankAccount.no == no)
            .with_for_update()
        ).one_or_none()
        if row is None:
            raise NotFoundError(f"Bank account {no} does not exist")
        current = BankAccountData(**{name: getattr(row, name) for name in _BANK_FIELDS})
        data = _checked_bank(
            session,
            company_id,
            apply_changes(current, changes, key="no", label=f"Bank account {no}"),
        )
        if data.currency != row.currency and _has_bank_entries(session, company_id, no):
            raise ConflictError(
                f"Bank account {no} has entries in {row.currency or 'the company currency'}; "
                "its currency cannot change. Open a new bank account for the new currency"
            )
        for name, value in _row_values(data, exclude=("no",)).items():
            setattr(row, name, value)
        session.flush()
        info = _read_bank(session, company_id, no)
        audit.record(
            session,
            company_id,
            user,
            "update",
            "bank_account",
            no,
            changes={k: str(v) for k, v in changes.items()},
        )
        uow.commit()
        return info


def _has_bank_entries(session: Session, company_id: int, no: str) -> bool:
    first = session.scalar(
        select(BankLedgerEntryRow.entry_no)
        .where(
            BankLedgerEntryRow.company_id == company_id, BankLedgerEntryRow.bank_account_no == no
        )
        .limit(1)
    )
    return first is not None


def get_bank_account(engine: Engine, company_id: int, no: str) -> BankAccountInfo:
    with UnitOfWork(engine) as uow:
        return _read_bank(uow.session, company_id, no)


def list_bank_accounts(engine: Engine, company_id: int) -> list[BankAccountInfo]:
    with UnitOfWork(engine) as uow:
        return [_bank_info(*found) for found in uow.session.execute(_bank_query(company_id))]


# -- payment terms -----------------------------------------------------------------------


def _checked_terms(data: PaymentTermsData) -> PaymentTermsData:
    data = normalise_payment_terms(data)
    problems = validate_payment_terms(data)
    if problems:
        raise ValidationError(problems_text(f"Payment terms {data.code}".strip(), problems))
    return PaymentTermsData(**_row_values(data))


def _terms_info(row: PaymentTerms) -> PaymentTermsInfo:
    return PaymentTermsInfo(**{f.name: getattr(row, f.name) for f in fields(PaymentTermsData)})


def add_payment_terms(
    engine: Engine, company_id: int, data: PaymentTermsData, *, user: str = ""
) -> PaymentTermsInfo:
    data = _checked_terms(data)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        _company(session, company_id)
        if session.get(PaymentTerms, (company_id, data.code)) is not None:
            raise ConflictError(f"Payment terms {data.code} already exist; change them instead")
        row = PaymentTerms(company_id=company_id, **_row_values(data))
        session.add(row)
        audit.record(session, company_id, user, "create", "payment_terms", data.code)
        session.flush()
        info = _terms_info(row)
        uow.commit()
        return info


def update_payment_terms(
    engine: Engine, company_id: int, code: str, changes: Mapping[str, object], *, user: str = ""
) -> PaymentTermsInfo:
    """Change payment terms; documents posted earlier keep the dates they were given."""
    with UnitOfWork(engine, write=True) as uow:
        row = uow.session.get(PaymentTerms, (company_id, code), with_for_update=True)
        if row is None:
            raise NotFoundError(f"Payment terms {code} do not exist")
        current = _terms_info(row)
        data = _checked_terms(
            apply_changes(current, changes, key="code", label=f"Payment terms {code}")
        )
        for name, value in _row_values(data, exclude=("code",)).items():
            setattr(row, name, value)
        uow.session.flush()
        info = _terms_info(row)
        audit.record(
            uow.session,
            company_id,
            user,
            "update",
            "payment_terms",
            code,
            changes={k: str(v) for k, v in changes.items()},
        )
        uow.commit()
        return info


def list_payment_terms(engine: Engine, company_id: int) -> list[PaymentTermsInfo]:
    with UnitOfWork(engine) as uow:
        rows = uow.session.scalars(
            select(PaymentTerms)
            .where(PaymentTerms.company_id == company_id)
            .order_by(PaymentTerms.code)
        )
        return [_terms_info(row) for row in rows]
