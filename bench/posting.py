"""Posting speed: a cash receipt journal of N payments applied to N open invoices.

Run:  .venv/bin/python bench/posting.py [--rows 100000] [--db sqlite|postgresql|both]

For each database it (1) builds a company with N customers and N open invoices, posted
through the general journal, (2) fills the cash receipt journal with N payments, each
applied to its invoice by applies-to doc. no., and (3) posts it, timing that alone in a fresh
process and reading that process's peak memory. Then, side by side, it bulk-inserts the same
number of rows that posting wrote (same tables, copies of the posted rows, plain
``executemany``) into the same database, and prints lines per second, peak memory and the
ratio posting time / bulk-insert time. Goals: ratio <= 3, peak memory <= 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Column, MetaData, Table, create_engine, func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reskontro.domain.enums import AccountType, DocumentType  # noqa: E402
from reskontro.services.journals import JournalLineInput, add_lines  # noqa: E402
from reskontro.services.posting import post_batch  # noqa: E402
from reskontro.services.setup import create_company  # noqa: E402
from reskontro.storage import models as m  # noqa: E402
from reskontro.storage.database import make_engine  # noqa: E402
from reskontro.storage.schema import upgrade  # noqa: E402

PG_URL = os.environ.get(
    "RESKONTRO_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
WRITTEN = (
    m.GLEntryRow,
    m.CustomerLedgerEntryRow,
    m.DetailedCustomerEntryRow,
    m.BankLedgerEntryRow,
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(url: str, rows: int) -> dict[str, object]:
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
                for i in range(rows)
            ],
        )
    day = date(2026, 1, 5)
    invoices = [
        JournalLineInput(
            account_type=AccountType.CUSTOMER,
            account_no=f"C{i:07d}",
            amount=Decimal(1000 + i % 5000) + Decimal("0.25"),
            posting_date=day,
            document_type=DocumentType.INVOICE,
            document_no=f"{100000 + i}",
            bal_account_type=AccountType.GL,
            bal_account_no="3000",
        )
        for i in range(rows)
    ]
    add_lines(engine, company.id, "GENERAL", "DEFAULT", invoices)
    post_batch(engine, company.id, "GENERAL", "DEFAULT")
    payments = [
        JournalLineInput(
            account_type=AccountType.CUSTOMER,
            account_no=f"C{i:07d}",
            amount=-(Decimal(1000 + i % 5000) + Decimal("0.25")),
            posting_date=date(2026, 1, 20),
            document_type=DocumentType.PAYMENT,
            applies_to_doc_type=DocumentType.INVOICE,
            applies_to_doc_no=f"{100000 + i}",
        )
        for i in range(rows)
    ]
    add_lines(engine, company.id, "CASH", "DEFAULT", payments)
    engine.dispose()
    return {"company_id": company.id}


def post(url: str, company_id: int) -> dict[str, object]:
    engine = make_engine(url)
    with engine.connect() as c:
        before = {t.__tablename__: c.scalar(select(func.count()).select_from(t)) for t in WRITTEN}
    start = time.perf_counter()
    summary = post_batch(engine, company_id, "CASH", "DEFAULT")
    seconds = time.perf_counter() - start
    with engine.connect() as c:
        after = {t.__tablename__: c.scalar(select(func.count()).select_from(t)) for t in WRITTEN}
        closed = c.scalar(
            select(func.count())
            .select_from(m.CustomerLedgerEntryRow)
            .where(
                m.CustomerLedgerEntryRow.document_type == DocumentType.INVOICE,
                m.CustomerLedgerEntryRow.open.is_(False),
            )
        )
    engine.dispose()
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "lines": summary.lines_posted,
        "written": {k: after[k] - before[k] for k in after},
        "invoices_closed": closed,
    }


def bulk_insert(url: str, written: dict[str, int]) -> dict[str, object]:
    """Insert copies of the rows posting wrote (same columns, same count) with executemany."""
    engine = make_engine(url)
    source = MetaData()
    copies = MetaData()
    tables = []
    suffix = uuid.uuid4().hex[:6]
    for model in WRITTEN:
        name = model.__tablename__
        reflected = Table(name, source, autoload_with=engine)
        copy = Table(
            f"bulk_{suffix}_{name}",
            copies,
            *[Column(c.name, c.type, primary_key=c.primary_key) for c in reflected.columns],
        )
        tables.append((reflected, copy, written[name]))
    copies.create_all(engine)
    payloads = []
    with engine.connect() as c:
        for table, copy, count in tables:
            order = list(table.primary_key.columns)
            rows = [
                dict(r._mapping)
                for r in c.execute(select(table).order_by(*[o.desc() for o in order]).limit(count))
            ]
            payloads.append((copy, rows))
    start = time.perf_counter()
    with engine.begin() as c:
        for copy, rows in payloads:
            c.execute(insert(copy), rows)
    seconds = time.perf_counter() - start
    copies.drop_all(engine)
    engine.dispose()
    return {"seconds": seconds, "rows": sum(len(r) for _, r in payloads)}


def child(phase: str, url: str, *extra: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--url", url, *extra],
        check=False,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"the {phase} phase failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(label: str, url: str, rows: int) -> None:
    t0 = time.perf_counter()
    prepared = child("prepare", url, "--rows", str(rows))
    setup_s = time.perf_counter() - t0
    posted = child("post", url, "--company", str(prepared["company_id"]))
    written: dict[str, int] = posted["written"]  # type: ignore[assignment]
    bulk = child("bulk", url, "--written", json.dumps(written))
    post_s: float = posted["seconds"]  # type: ignore[assignment]
    bulk_s: float = bulk["seconds"]  # type: ignore[assignment]
    ratio = post_s / bulk_s
    print(f"\n== {label}: {rows:,} payments applied to {rows:,} open invoices ==")
    print(f"set-up (customers, invoices posted, journal filled): {setup_s:.1f} s")
    print(f"posting: {posted['seconds']:.2f} s  = {rows / post_s:,.0f} lines/s")
    print(f"invoices closed: {posted['invoices_closed']:,}")
    print(f"rows written: {sum(written.values()):,} {written}")
    print(f"peak memory of the posting process: {posted['peak_mb']:.0f} MB (goal <= 1024 MB)")
    print(f"plain bulk insert of the same {bulk['rows']:,} rows: {bulk['seconds']:.2f} s")
    print(f"ratio posting / bulk insert: {ratio:.2f} (goal <= 3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--phase", choices=["prepare", "post", "bulk"])
    parser.add_argument("--url")
    parser.add_argument("--company", type=int)
    parser.add_argument("--written")
    args = parser.parse_args()
    if args.phase == "prepare":
        print(json.dumps(prepare(args.url, args.rows)))
        return
    if args.phase == "post":
        print(json.dumps(post(args.url, args.company)))
        return
    if args.phase == "bulk":
        print(json.dumps(bulk_insert(args.url, json.loads(args.written))))
        return
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            run("SQLite", f"sqlite:///{folder}/bench.db", args.rows)
    if args.db in ("postgresql", "both"):
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            run("PostgreSQL", f"{PG_URL}?options=-csearch_path%3D{schema}", args.rows)
        finally:
            with admin.connect() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
