"""Reading what posting needs and writing what it made, in bulk.

Posting 100,000 lines must not issue 100,000 queries: the context is loaded with a handful of
set-based queries (subqueries over the journal batch, or chunked ``IN`` lists), and the result is
written with one ``executemany`` per table.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import fields
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import Select, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from reskontro.domain.application import ApplicationSetup
from reskontro.domain.context import (
    BankAccountInfo,
    CurrencyInfo,
    GLAccountInfo,
    LedgerContext,
    PartyInfo,
    PartyPostingGroup,
    PaymentTermsInfo,
    VatCodeInfo,
)
from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import NotFoundError
from reskontro.domain.ledger import (
    BankEntry,
    Counters,
    DetailedEntry,
    GLEntry,
    PartyEntry,
    PostingResult,
    Register,
    VatEntry,
)
from reskontro.storage import bulk
from reskontro.storage import models as m

CHUNK = 900  # stays below SQLite's bound-parameter limit with room to spare

PARTY_TABLES: dict[
    AccountType,
    tuple[
        type[m.PartyMixin],
        type[m.PartyEntryMixin],
        type[m.DetailedEntryMixin],
        type[m.PartyPostingGroupMixin],
    ],
] = {
    AccountType.CUSTOMER: (
        m.Customer,
        m.CustomerLedgerEntryRow,
        m.DetailedCustomerEntryRow,
        m.CustomerPostingGroup,
    ),
    AccountType.VENDOR: (
        m.Vendor,
        m.VendorLedgerEntryRow,
        m.DetailedVendorEntryRow,
        m.VendorPostingGroup,
    ),
}


def party_entry_model(party_type: AccountType) -> Any:
    return PARTY_TABLES[party_type][1]


def detailed_entry_model(party_type: AccountType) -> Any:
    return PARTY_TABLES[party_type][2]


def chunks(values: Collection[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- counters ------------------------------------------------------------------------------


def lock_counters(session: Session, company_id: int) -> Counters:
    """Take the company's posting lock and read the last numbers used.

    On PostgreSQL the counter rows are locked ``FOR UPDATE`` until commit, so two postings of
    one company run one after the other. On SQLite the writer's ``BEGIN IMMEDIATE`` does that.
    """
    rows = session.execute(
        select(m.Counter.name, m.Counter.last_value)
        .where(m.Counter.company_id == company_id)
        .with_for_update()
    ).all()
    if not rows:
        raise NotFoundError(f"Company {company_id} has no counters; run reskontro init again")
    counters = Counters()
    known = {f.name for f in fields(Counters)}
    for name, value in rows:
        if name in known:
            setattr(counters, name, value)
    return counters


def save_counters(session: Session, company_id: int, counters: Counters) -> None:
    session.execute(
        update(m.Counter),
        [
            {"company_id": company_id, "name": f.name, "last_value": getattr(counters, f.name)}
            for f in fields(Counters)
        ],
    )


# -- context -------------------------------------------------------------------------------


def load_setup(session: Session, company_id: int) -> tuple[m.Company, m.GLSetup]:
    company = session.get(m.Company, company_id)
    setup = session.get(m.GLSetup, company_id)
    if company is None or setup is None:
        raise NotFoundError(f"Company {company_id} does not exist")
    return company, setup


def application_setup(setup: m.GLSetup) -> ApplicationSetup:
    return ApplicationSetup(
        payment_tolerance_pct=setup.payment_tolerance_pct,
        max_payment_tolerance=setup.max_payment_tolerance,
        pmt_disc_grace_period=setup.pmt_disc_grace_period,
        appln_rounding_precision=setup.appln_rounding_precision,
        pmt_disc_excl_vat=setup.pmt_disc_excl_vat,
    )


def load_context(session: Session, company_id: int) -> LedgerContext:
    """The company's set-up and small master data (accounts, groups, banks, currencies)."""
    company, setup = load_setup(session, company_id)
    context = LedgerContext(
        lcy=company.currency,
        setup=application_setup(setup),
        allow_posting_from=setup.allow_posting_from,
        allow_posting_to=setup.allow_posting_to,
    )
    for account in session.scalars(select(m.GLAccount).where(m.GLAccount.company_id == company_id)):
        context.gl_accounts[account.no] = GLAccountInfo(
            account.no, account.name, account.kind, account.blocked, account.direct_posting
        )
    for party_type, (_, _, _, group_model) in PARTY_TABLES.items():
        for group in session.scalars(
            select(group_model).where(group_model.company_id == company_id)
        ):
            context.posting_groups[(party_type, group.code)] = PartyPostingGroup(
                code=group.code,
                account=group.account,
                pmt_disc_debit=group.pmt_disc_debit,
                pmt_disc_credit=group.pmt_disc_credit,
                pmt_tol_debit=group.pmt_tol_debit,
                pmt_tol_credit=group.pmt_tol_credit,
                rounding_debit=group.rounding_debit,
                rounding_credit=group.rounding_credit,
            )
    bank_groups = {
        g.code: g.gl_account
        for g in session.scalars(
            select(m.BankPostingGroup).where(m.BankPostingGroup.company_id == company_id)
        )
    }
    for bank in session.scalars(
        select(m.BankAccount).where(m.BankAccount.company_id == company_id)
    ):
        context.bank_accounts[bank.no] = BankAccountInfo(
            bank.no, bank.name, bank_groups.get(bank.posting_group, ""), bank.currency, bank.blocked
        )
    rates: dict[str, list[tuple[Any, Any]]] = {}
    for rate in session.scalars(
        select(m.ExchangeRate)
        .where(m.ExchangeRate.company_id == company_id)
        .order_by(m.ExchangeRate.starting_date)
    ):
        rates.setdefault(rate.currency, []).append((rate.starting_date, rate.rate))
    for currency in session.scalars(select(m.Currency).where(m.Currency.company_id == company_id)):
        context.currencies[currency.code] = CurrencyInfo(
            code=currency.code,
            realized_gains_account=currency.realized_gains_account,
            realized_losses_account=currency.realized_losses_account,
            appln_rounding_precision=currency.appln_rounding_precision,
            rates=tuple(rates.get(currency.code, [])),
        )
    for vat in session.scalars(select(m.VatCode).where(m.VatCode.company_id == company_id)):
        context.vat_codes[vat.code] = VatCodeInfo(
            vat.code, vat.rate, vat.output_account, vat.sales_account
        )
    return context


def _terms(session: Session, company_id: int) -> dict[str, PaymentTermsInfo]:
    return {
        t.code: PaymentTermsInfo(
            t.code, t.due_date_formula, t.discount_date_formula, t.discount_pct
        )
        for t in session.scalars(
            select(m.PaymentTerms).where(m.PaymentTerms.company_id == company_id)
        )
    }


def add_parties(
    session: Session,
    company_id: int,
    context: LedgerContext,
    party_type: AccountType,
    nos: Collection[str] | Select[Any],
) -> None:
    """Load the named customers or vendors (a collection of numbers, or a subquery of them)."""
    model = PARTY_TABLES[party_type][0]
    terms = _terms(session, company_id)
    batches: Iterable[Any] = [nos] if isinstance(nos, Select) else chunks(set(nos))
    columns = (
        model.no,
        model.name,
        model.posting_group,
        model.currency,
        model.blocked,
        model.payment_terms,
        model.application_method,
        model.block_payment_tolerance,
    )
    for batch in batches:
        rows = session.execute(
            select(*columns).where(model.company_id == company_id, model.no.in_(batch))
        )
        for no, name, group, currency, blocked, payment_terms, method, no_tolerance in rows:
            context.parties[(party_type, no)] = PartyInfo(
                party_type=party_type,
                no=no,
                name=name,
                posting_group=group,
                currency=currency,
                blocked=blocked,
                payment_terms=terms.get(payment_terms),
                application_method=method,
                block_payment_tolerance=no_tolerance,
            )


_PARTY_ENTRY_FIELDS = tuple(f.name for f in fields(PartyEntry) if f.name != "party_type")
_party_entry_values = attrgetter(*_PARTY_ENTRY_FIELDS)


def party_entry_from_row(party_type: AccountType, row: Any) -> PartyEntry:
    return PartyEntry(party_type, *_party_entry_values(row))


def _entry_columns(model: Any) -> list[Any]:
    return [getattr(model, name) for name in _PARTY_ENTRY_FIELDS]


def add_open_entries(
    session: Session,
    company_id: int,
    context: LedgerContext,
    party_type: AccountType,
    condition: Any,
) -> list[PartyEntry]:
    """Load open entries matching *condition* into the context's index (once each)."""
    model = party_entry_model(party_type)
    loaded: list[PartyEntry] = []
    rows = session.execute(
        select(*_entry_columns(model)).where(
            model.company_id == company_id, model.open.is_(True), condition
        )
    )
    for row in rows:
        entry = PartyEntry(party_type, *row)
        if context.known_entry(party_type, entry.entry_no) is not None:
            continue
        context.add_open_entry(entry)
        loaded.append(entry)
    return loaded


def add_existing_documents(
    session: Session,
    company_id: int,
    context: LedgerContext,
    party_type: AccountType,
    document_nos: Collection[str] | Select[Any],
) -> None:
    """Note which invoice and credit memo numbers are already posted (they must not repeat)."""
    model = party_entry_model(party_type)
    batches: Iterable[Any] = (
        [document_nos] if isinstance(document_nos, Select) else chunks(set(document_nos))
    )
    kinds = (DocumentType.INVOICE, DocumentType.CREDIT_MEMO)
    for batch in batches:
        for document_type, document_no in session.execute(
            select(model.document_type, model.document_no).where(
                model.company_id == company_id,
                model.document_type.in_(kinds),
                model.document_no.in_(batch),
            )
        ):
            context.existing_documents.add((party_type, document_type, document_no))


# -- writing -------------------------------------------------------------------------------


def _table(model: Any) -> Table:
    """The Core table of a model."""
    table: Table = model.__table__
    return table


def _insert(
    session: Session, model: Any, names: tuple[str, ...], objects: list[Any], company_id: int
) -> None:
    if not objects:
        return
    getter = attrgetter(*names)
    bulk.insert_rows(
        session,
        _table(model),
        ("company_id", *names),
        [(company_id, *getter(obj)) for obj in objects],
    )


def _update(
    session: Session, model: Any, names: tuple[str, ...], objects: list[Any], company_id: int
) -> None:
    """Update *names* of posted rows, found by (company_id, entry_no)."""
    if not objects:
        return
    getter = attrgetter(*names)
    bulk.update_rows(
        session,
        _table(model),
        ("company_id", "entry_no"),
        names,
        [(*getter(obj), company_id, obj.entry_no) for obj in objects],
    )


_GL_FIELDS = tuple(f.name for f in fields(GLEntry))
_DETAIL_FIELDS = tuple(f.name for f in fields(DetailedEntry) if f.name != "party_type")
_BANK_FIELDS = tuple(f.name for f in fields(BankEntry))
_VAT_FIELDS = tuple(f.name for f in fields(VatEntry))
_PARTY_UPDATE_FIELDS = (
    "remaining_amount",
    "remaining_amount_lcy",
    "open",
    "closed_by_entry_no",
    "closed_at_date",
    "remaining_pmt_disc_possible",
    "applies_to_id",
    "amount_to_apply",
    "reversed",
    "reversed_by_entry_no",
)
_REGISTER_FIELDS = tuple(f.name for f in fields(Register))


def write_result(
    session: Session, company_id: int, result: PostingResult, *, user: str = ""
) -> None:
    """Insert the new entries and update the ones posting changed. Does not commit."""
    if result.register is not None:
        values = dict(
            zip(_REGISTER_FIELDS, attrgetter(*_REGISTER_FIELDS)(result.register), strict=True)
        )
        session.execute(
            insert(m.RegisterRow),
            [
                {
                    **values,
                    "company_id": company_id,
                    "created_at": datetime.now(UTC),
                    "user_id": user,
                }
            ],
        )
    new_party: set[tuple[AccountType, int]] = set()
    for party_type in PARTY_TABLES:
        entries = [e for e in result.party_entries if e.party_type is party_type]
        new_party.update((party_type, e.entry_no) for e in entries)
        _insert(session, party_entry_model(party_type), _PARTY_ENTRY_FIELDS, entries, company_id)
        details = [d for d in result.detailed_entries if d.party_type is party_type]
        _insert(session, detailed_entry_model(party_type), _DETAIL_FIELDS, details, company_id)
    _insert(session, m.GLEntryRow, _GL_FIELDS, result.gl_entries, company_id)
    _insert(session, m.BankLedgerEntryRow, _BANK_FIELDS, result.bank_entries, company_id)
    _insert(session, m.VatEntryRow, _VAT_FIELDS, result.vat_entries, company_id)
    _write_changes(session, company_id, result, new_party)


def _write_changes(
    session: Session,
    company_id: int,
    result: PostingResult,
    new_party: set[tuple[AccountType, int]],
) -> None:
    for party_type in PARTY_TABLES:
        changed = [
            e
            for key, e in result.changed_party_entries.items()
            if key[0] is party_type and key not in new_party
        ]
        _update(session, party_entry_model(party_type), _PARTY_UPDATE_FIELDS, changed, company_id)
        details = [d for key, d in result.changed_detailed_entries.items() if key[0] is party_type]
        _update(
            session,
            detailed_entry_model(party_type),
            ("unapplied", "unapplied_by_entry_no"),
            details,
            company_id,
        )
    _update(
        session,
        m.GLEntryRow,
        ("reversed", "reversed_by_entry_no"),
        list(result.changed_gl_entries.values()),
        company_id,
    )
    _update(
        session,
        m.BankLedgerEntryRow,
        ("open", "reversed", "reversed_by_entry_no"),
        list(result.changed_bank_entries.values()),
        company_id,
    )


def delete_journal_lines(session: Session, company_id: int, template: str, batch: str) -> None:
    session.execute(
        delete(m.JournalLine).where(
            m.JournalLine.company_id == company_id,
            m.JournalLine.template_name == template,
            m.JournalLine.batch_name == batch,
        )
    )


# -- reading posted entries back as domain values -------------------------------------------


def _from_row(cls: type[Any], names: tuple[str, ...], row: Any, **extra: Any) -> Any:
    return cls(**extra, **dict(zip(names, attrgetter(*names)(row), strict=True)))


def gl_entry_from_row(row: m.GLEntryRow) -> GLEntry:
    result: GLEntry = _from_row(GLEntry, _GL_FIELDS, row)
    return result


def detail_from_row(party_type: AccountType, row: Any) -> DetailedEntry:
    result: DetailedEntry = _from_row(DetailedEntry, _DETAIL_FIELDS, row, party_type=party_type)
    return result


def bank_entry_from_row(row: m.BankLedgerEntryRow) -> BankEntry:
    result: BankEntry = _from_row(BankEntry, _BANK_FIELDS, row)
    return result


def vat_entry_from_row(row: m.VatEntryRow) -> VatEntry:
    result: VatEntry = _from_row(VatEntry, _VAT_FIELDS, row)
    return result


def load_party_entries(
    session: Session,
    company_id: int,
    party_type: AccountType,
    entry_nos: Collection[int],
    *,
    lock: bool = False,
) -> dict[int, PartyEntry]:
    """Posted entries by number (locked FOR UPDATE when they are about to change)."""
    model = party_entry_model(party_type)
    found: dict[int, PartyEntry] = {}
    for chunk in chunks(set(entry_nos)):
        query = select(model).where(model.company_id == company_id, model.entry_no.in_(chunk))
        if lock:
            query = query.with_for_update()
        for row in session.scalars(query):
            found[row.entry_no] = party_entry_from_row(party_type, row)
    return found
