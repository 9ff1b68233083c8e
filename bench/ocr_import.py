"""OCR giro import speed: 100,000 payments against 100,000 open invoices, on SQLite.

Run:  .venv/bin/python bench/ocr_import.py [--payments 100000] [--db sqlite|postgresql]

Set-up (not timed): a company with N customers (plain inserts) and N open invoices posted
through the general journal, each carrying its KID (document no. in 7 digits + MOD10, the
Norwegian default) as payment reference; an OCR giro file paying each invoice exactly, in lump
sums per Nets date and partial settlement. Timed, side by side: our parse of the file,
netsgiro's parse of the same file, our whole import (parse + KID look-ups + journal lines
written + import log) and the posting of the OCR batch. Goals (issue 4): our parse >= 10x faster
than netsgiro's; our whole import no slower than netsgiro's parse alone; import + post under
one minute on SQLite.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import netsgiro  # noqa: E402

from reskontro.domain.enums import AccountType, DocumentType  # noqa: E402
from reskontro.domain.kid_setup import KidLayout, KidSetup, make_kid  # noqa: E402
from reskontro.formats.ocr_giro import Assignment, Transaction, Transmission, parse, write  # noqa: E402
from reskontro.formats.ocr_giro_records import TransactionType  # noqa: E402
from reskontro.services.journals import JournalLineInput, add_lines  # noqa: E402
from reskontro.services.ocr import import_ocr, update_ocr_setup  # noqa: E402
from reskontro.services.posting import post_batch  # noqa: E402
from reskontro.services.setup import create_company  # noqa: E402
from reskontro.storage import models as m  # noqa: E402
from reskontro.storage.database import make_engine  # noqa: E402
from reskontro.storage.schema import upgrade  # noqa: E402

T = TypeVar("T")
PG_URL = os.environ.get(
    "RESKONTRO_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
KIDS = KidSetup(KidLayout.DOCUMENT_NO, document_no_length=7)
INVOICE_DAY = date(2026, 1, 5)
FIRST_NETS_DAY = date(2026, 2, 2)
PER_DAY = 5_000
PER_LUMP = 500


def amount(i: int) -> Decimal:
    return Decimal(1000 + i % 5000) + Decimal("0.25")


def document_no(i: int) -> str:
    return f"{1_000_000 + i}"


def make_ocr_file(payments: int) -> bytes:
    transactions = []
    for i in range(payments):
        day = FIRST_NETS_DAY + timedelta(days=i // PER_DAY)
        transactions.append(
            Transaction(
                number=i + 1,
                type=TransactionType.GIRO_DEBITED_ACCOUNT,
                nets_date=day,
                amount=amount(i),
                kid=make_kid(KIDS, document_no(i)),
                sign="0",
                centre_id="13",
                day_code=day.day,
                partial_settlement_no=(i % PER_DAY) // PER_LUMP,
                partial_settlement_serial=f"{i % 100_000:05d}",
                form_no="0000000000",
                reference="000000000",
                bank_date=None,
                debit_account=None,
            )
        )
    last = transactions[-1].nets_date
    assignment = Assignment("0000001", "001008566", "99991042764", last, tuple(transactions))
    return write(Transmission("0000001", "00008080", "00010200", last, (assignment,)))


def prepare(url: str, payments: int) -> int:
    engine = make_engine(url)
    upgrade(engine)
    company = create_company(engine, "Bench AS", "NO")
    with engine.begin() as c:
        c.execute(
            insert(m.Customer),
            [
                {
                    "company_id": company.id,
                    "no": f"C{i:07d}",
                    "name": f"Customer {i}",
                    "posting_group": "DOMESTIC",
                    "payment_terms": "30D",
                }
                for i in range(payments)
            ],
        )
    invoices = [
        JournalLineInput(
            account_type=AccountType.CUSTOMER,
            account_no=f"C{i:07d}",
            amount=amount(i),
            posting_date=INVOICE_DAY,
            document_type=DocumentType.INVOICE,
            document_no=document_no(i),
            payment_reference=make_kid(KIDS, document_no(i)),
            bal_account_type=AccountType.GL,
            bal_account_no="3000",
        )
        for i in range(payments)
    ]
    add_lines(engine, company.id, "GENERAL", "DEFAULT", invoices)
    post_batch(engine, company.id, "GENERAL", "DEFAULT")
    update_ocr_setup(engine, company.id, "BANK", agreement_id="001008566")
    engine.dispose()
    return company.id


def timed(run: Callable[[], T]) -> tuple[float, T]:
    gc.collect()
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def best(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """The least wall time of *repeat* runs (the machine is shared), and the last result."""
    runs = [timed(run) for _ in range(repeat)]
    return min(seconds for seconds, _ in runs), runs[-1][1]


def run(label: str, url: str, payments: int) -> bool:
    started = time.perf_counter()
    company_id = prepare(url, payments)
    data = make_ocr_file(payments)
    print(f"\n== {label}: {payments:,} OCR payments against {payments:,} open invoices ==")
    print(f"set-up (customers, invoices posted, file of {len(data) / 1e6:.1f} MB): "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    ours_parse, _ = best(3, lambda: parse(data, "bench.txt"))
    theirs_parse, theirs = best(3, lambda: netsgiro.parse(data.decode("iso-8859-1")))
    found = sum(len(a.transactions) for a in theirs.assignments)
    del theirs
    engine = make_engine(url)
    import_s, result = timed(lambda: import_ocr(engine, company_id, data, "bench.txt"))
    post_s, summary = timed(lambda: post_batch(engine, company_id, "OCR", "DEFAULT"))
    with engine.connect() as c:
        still_open = c.scalar(
            select(func.count())
            .select_from(m.CustomerLedgerEntryRow)
            .where(
                m.CustomerLedgerEntryRow.company_id == company_id,
                m.CustomerLedgerEntryRow.document_type == DocumentType.INVOICE,
                m.CustomerLedgerEntryRow.open.is_(True),
            )
        )
    engine.dispose()
    print(
        f"netsgiro found {found:,} payments; our import made {result.lines:,} lines with "
        f"{len(result.warnings):,} warnings; posting made {summary.bank_entries:,} bank "
        f"entries; invoices still open: {still_open:,}"
    )
    print()
    print(f"{'step (parses: best of 3)':<48}{'seconds':>9}{'payments/s':>13}")
    for name, seconds in (
        ("reskontro parse (bytes -> objects)", ours_parse),
        ("netsgiro.parse (text -> objects)", theirs_parse),
        ("reskontro import (parse + look-ups + lines)", import_s),
        ("reskontro post of the OCR batch", post_s),
        ("reskontro import + post", import_s + post_s),
    ):
        print(f"{name:<48}{seconds:>9.2f}{payments / seconds:>13,.0f}")
    print()
    goals = (
        (f"our parse >= 10x faster than netsgiro's: {theirs_parse / ours_parse:.1f}x",
         theirs_parse >= 10 * ours_parse),
        (f"our whole import no slower than netsgiro's parse: {import_s:.2f} s vs "
         f"{theirs_parse:.2f} s", import_s <= theirs_parse),
        (f"import + post under one minute: {import_s + post_s:.1f} s", import_s + post_s < 60),
    )  # fmt: skip
    for text_, ok in goals:
        print(f"[{'met' if ok else 'MISSED'}] {text_}")
    return all(ok for _, ok in goals) and still_open == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    if args.db == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            ok = run("SQLite", f"sqlite:///{folder}/bench.db", args.payments)
    else:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            ok = run("PostgreSQL", f"{PG_URL}?options=-csearch_path%3D{schema}", args.payments)
        finally:
            with admin.connect() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
