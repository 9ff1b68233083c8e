"""The DESIGN §4 invariants, checked straight against the database with SQL.

``check_invariants`` raises AssertionError naming the first broken rule; ``snapshot`` records
the posted facts of every entry so a later snapshot can prove none was edited or deleted.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import Engine, func, select, text

from reskontro.storage import models as m

PARTY = (
    (m.CustomerLedgerEntryRow, m.DetailedCustomerEntryRow, m.CustomerPostingGroup, "customer"),
    (m.VendorLedgerEntryRow, m.DetailedVendorEntryRow, m.VendorPostingGroup, "vendor"),
)

# Facts that never change once posted (working fields such as remaining amount may).
IMMUTABLE = {
    m.GLEntryRow: ("transaction_no", "account_no", "posting_date", "document_no", "amount"),
    m.CustomerLedgerEntryRow: (
        "party_no",
        "transaction_no",
        "document_type",
        "document_no",
        "amount",
        "amount_lcy",
        "posting_date",
    ),
    m.VendorLedgerEntryRow: (
        "party_no",
        "transaction_no",
        "document_type",
        "document_no",
        "amount",
        "amount_lcy",
        "posting_date",
    ),
    m.DetailedCustomerEntryRow: (
        "ledger_entry_no",
        "entry_type",
        "amount",
        "amount_lcy",
        "transaction_no",
    ),
    m.DetailedVendorEntryRow: (
        "ledger_entry_no",
        "entry_type",
        "amount",
        "amount_lcy",
        "transaction_no",
    ),
    m.BankLedgerEntryRow: ("bank_account_no", "transaction_no", "amount", "posting_date"),
}


def check_invariants(engine: Engine, company_id: int) -> None:
    with engine.connect() as c:
        # 1. every transaction and every register balances
        for transaction_no, total in c.execute(
            select(m.GLEntryRow.transaction_no, func.sum(m.GLEntryRow.amount))
            .where(m.GLEntryRow.company_id == company_id)
            .group_by(m.GLEntryRow.transaction_no)
        ):
            assert total == 0, f"transaction {transaction_no} is out of balance by {total}"
        for register in c.execute(
            select(m.RegisterRow).where(m.RegisterRow.company_id == company_id)
        ):
            if register.from_gl_entry_no:
                total = c.scalar(
                    select(func.coalesce(func.sum(m.GLEntryRow.amount), 0)).where(
                        m.GLEntryRow.company_id == company_id,
                        m.GLEntryRow.entry_no.between(
                            register.from_gl_entry_no, register.to_gl_entry_no
                        ),
                    )
                )
                assert total == 0, f"register {register.register_no} is out of balance"
        gl_balance: dict[str, Decimal] = dict(
            c.execute(  # type: ignore[arg-type]
                select(m.GLEntryRow.account_no, func.sum(m.GLEntryRow.amount))
                .where(m.GLEntryRow.company_id == company_id)
                .group_by(m.GLEntryRow.account_no)
            ).all()
        )
        for entry_model, detail_model, group_model, label in PARTY:
            # 2. remaining = sum of detailed entries; open exactly when not zero
            sums = {
                n: (a, lcy)
                for n, a, lcy in c.execute(
                    select(
                        detail_model.ledger_entry_no,
                        func.sum(detail_model.amount),
                        func.sum(detail_model.amount_lcy),
                    )
                    .where(detail_model.company_id == company_id)
                    .group_by(detail_model.ledger_entry_no)
                )
            }
            per_account: dict[str, Decimal] = defaultdict(Decimal)
            accounts = {
                g.code: g.account
                for g in c.execute(select(group_model).where(group_model.company_id == company_id))
            }
            for row in c.execute(select(entry_model).where(entry_model.company_id == company_id)):
                amount, lcy = sums.get(row.entry_no, (0, 0))
                where = f"{label} entry {row.entry_no}"
                assert row.remaining_amount == amount, (
                    f"{where}: remaining {row.remaining_amount} != detailed {amount}"
                )
                assert row.remaining_amount_lcy == lcy, (
                    f"{where}: remaining LCY {row.remaining_amount_lcy} != {lcy}"
                )
                assert row.open == (row.remaining_amount != 0), (
                    f"{where}: open={row.open} with remaining {row.remaining_amount}"
                )
                per_account[accounts[row.posting_group]] += row.remaining_amount_lcy
            # 3. the subledger reconciles to the G/L, per account
            for account in set(accounts.values()):
                ledger = Decimal(gl_balance.get(account, 0))
                assert ledger == per_account[account], (
                    f"{label}s: G/L {account} is {ledger}, "
                    f"the open entries sum to {per_account[account]}"
                )
        bank_groups = {
            g.code: g.gl_account
            for g in c.execute(
                select(m.BankPostingGroup).where(m.BankPostingGroup.company_id == company_id)
            )
        }
        bank_totals: dict[str, Decimal] = defaultdict(Decimal)
        for group, total in c.execute(
            select(m.BankAccount.posting_group, func.sum(m.BankLedgerEntryRow.amount_lcy))
            .join(
                m.BankAccount,
                (m.BankAccount.company_id == m.BankLedgerEntryRow.company_id)
                & (m.BankAccount.no == m.BankLedgerEntryRow.bank_account_no),
            )
            .where(m.BankLedgerEntryRow.company_id == company_id)
            .group_by(m.BankAccount.posting_group)
        ):
            bank_totals[bank_groups[group]] += Decimal(total)
        for account in set(bank_groups.values()):
            ledger = Decimal(gl_balance.get(account, 0))
            assert ledger == bank_totals[account], (
                f"bank: G/L {account} is {ledger}, bank entries sum to {bank_totals[account]}"
            )
        # 6. amounts are integers of minor units in storage
        if engine.dialect.name == "sqlite":
            kinds = (
                c.execute(
                    text(
                        "SELECT DISTINCT typeof(amount) FROM gl_entry UNION "
                        "SELECT DISTINCT typeof(amount) FROM detailed_customer_ledger_entry"
                    )
                )
                .scalars()
                .all()
            )
            assert set(kinds) <= {"integer"}, f"amounts stored as {kinds}"


def snapshot(engine: Engine, company_id: int) -> dict[tuple[str, int], tuple[object, ...]]:
    facts: dict[tuple[str, int], tuple[object, ...]] = {}
    with engine.connect() as c:
        for model, columns in IMMUTABLE.items():
            rows = c.execute(
                select(model.entry_no, *(getattr(model, col) for col in columns)).where(
                    model.company_id == company_id
                )
            )
            for row in rows:
                facts[(model.__tablename__, row[0])] = tuple(row[1:])
    return facts


def assert_unchanged(
    before: dict[tuple[str, int], tuple[object, ...]],
    after: dict[tuple[str, int], tuple[object, ...]],
) -> None:
    """4. posted entries are never edited or deleted."""
    for key, values in before.items():
        assert key in after, f"{key[0]} {key[1]} was deleted"
        assert after[key] == values, f"{key[0]} {key[1]} was edited: {values} -> {after[key]}"
