"""Valid Nets OCR giro files for tests and benches: built as objects, written by our writer.

``make_transmission(1000)`` gives a transmission of 1,000 payments with every transaction type
(10-21), some with the sign ``-``, some reversals (18, 20), some MOD11 KIDs ending in ``-``,
dates rising day by day and lump sums of a few dozen payments each. ``netsgiro_compatible``
leaves out what netsgiro cannot read (KIDs ending in ``-``), so the same file can be given to
both parsers. Everything comes from a seeded ``random.Random``: the same arguments give the
same file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from reskontro.domain.kid_setup import KidLayout, KidSetup, make_kid
from reskontro.domain.references.kid import KidMethod
from reskontro.formats.ocr_giro import Assignment, Transaction, Transmission, write
from reskontro.formats.ocr_giro_records import TransactionType

MOD10_KIDS = KidSetup(KidLayout.DOCUMENT_NO_CUSTOMER_NO, document_no_length=8, customer_no_length=6)
MOD11_KIDS = KidSetup(
    KidLayout.DOCUMENT_NO_CUSTOMER_NO,
    document_no_length=8,
    customer_no_length=6,
    method=KidMethod.MOD11,
)
FIRST_DOCUMENT_NO = 10_000_000
"""Payment *i* pays document no. FIRST_DOCUMENT_NO + i of customer no. 1 + i % 997."""

_TEXTS = ("Kortkjøp Ålesund", "Nettbutikk ordre", "Bensin Æreskog", "Refusjon kiosk", "")


@dataclass(frozen=True)
class Mix:
    """How often the unusual things happen, as fractions of the payments."""

    minus_sign: float = 0.03
    reversal: float = 0.03
    other_types: float = 0.2  # types 11-17, 19 and 21 (the rest is type 10)
    mod11: float = 0.1  # of which about one in eleven ends in '-'
    no_kid: float = 0.02


def document_kid(index: int, method: KidMethod = KidMethod.MOD10) -> str:
    """The KID of the invoice payment *index* pays (document no. + customer no.)."""
    setup = MOD11_KIDS if method is KidMethod.MOD11 else MOD10_KIDS
    return make_kid(setup, str(FIRST_DOCUMENT_NO + index), str(1 + index % 997))


def make_transmission(
    payments: int,
    *,
    seed: int = 1,
    assignments: int = 1,
    mix: Mix | None = None,
    netsgiro_compatible: bool = False,
    first_date: date = date(2026, 11, 2),
    per_day: int = 5_000,
) -> Transmission:
    """A transmission of *payments* transactions spread over *assignments* assignments."""
    rng = random.Random(seed)
    mix = mix or Mix()
    per_assignment = -(-payments // assignments) if payments else 0
    made: list[Assignment] = []
    index = 0
    for number in range(1, assignments + 1):
        size = min(per_assignment, payments - index)
        transactions = [
            _transaction(
                rng,
                mix,
                index + n,
                n + 1,
                first_date + timedelta(days=(index + n) // per_day),
                dash_ok=not netsgiro_compatible,
            )
            for n in range(size)
        ]
        index += size
        _cover_negative(transactions)
        last = max((t.nets_date for t in transactions), default=first_date)
        made.append(
            Assignment(
                f"{number:07d}",
                "001008566",
                f"{99991042764 + number:011d}",
                last,
                tuple(transactions),
            )
        )
    nets_date = max((a.nets_date for a in made if a.nets_date), default=first_date)
    return Transmission(f"{seed % 10**7:07d}", "00008080", "00010200", nets_date, tuple(made))


def make_file(payments: int, **options: Any) -> bytes:
    """The bytes of :func:`make_transmission` (same options)."""
    return write(make_transmission(payments, **options))


def _transaction(
    rng: random.Random, mix: Mix, index: int, number: int, day: date, *, dash_ok: bool
) -> Transaction:
    draw = rng.random()
    if draw < mix.reversal:
        kind = rng.choice((TransactionType.REVERSAL_WITH_KID, TransactionType.REVERSAL_WITH_TEXT))
    elif draw < mix.reversal + mix.other_types:
        kind = TransactionType(rng.choice((11, 12, 13, 14, 15, 16, 17, 19, 21)))
    else:
        kind = TransactionType.GIRO_DEBITED_ACCOUNT
    terminal = kind >= TransactionType.REVERSAL_WITH_KID
    minus = not kind.is_reversal and rng.random() < mix.minus_sign
    small = kind.is_reversal or minus  # money back is seldom much
    ore = rng.randint(100, 50_000) if small else rng.randint(10_000, 5_000_000)
    amount = Decimal(ore).scaleb(-2)
    method = KidMethod.MOD11 if rng.random() < mix.mod11 else KidMethod.MOD10
    kid: str | None = document_kid(index, method)
    if kid and kid.endswith("-") and not dash_ok:
        kid = document_kid(index)
    if kind.has_free_text or rng.random() < mix.no_kid:
        kid = None
    lump = index // 40
    return Transaction(
        number=number,
        type=kind,
        nets_date=day,
        amount=-amount if kind.is_reversal or minus else amount,
        kid=kid,
        sign="-" if minus else "0",
        centre_id="13",
        day_code=day.day,
        partial_settlement_no=0 if terminal else 1,
        partial_settlement_serial=f"{lump % 100_000:05d}",
        form_no="0000000000" if terminal else f"{rng.randrange(10**10):010d}",
        reference=f"{rng.randrange(10**9):09d}",
        bank_date=None if terminal else day - timedelta(days=rng.randint(0, 3)),
        debit_account=None if terminal else f"{rng.randrange(10**10, 10**11):011d}",
        free_text=rng.choice(_TEXTS) if kind.has_free_text else None,
    )


def _cover_negative(transactions: list[Transaction]) -> None:
    """Make the control total of the assignment positive, as the end record cannot be negative."""
    net = sum(-abs(t.amount) if t.sign == "-" else abs(t.amount) for t in transactions)
    if net < 0 and transactions:
        first = transactions[0]
        if first.amount > 0:
            transactions[0] = replace(first, amount=first.amount - net)
        else:
            transactions.append(
                Transaction(
                    number=transactions[-1].number + 1,
                    type=TransactionType.GIRO_DEBITED_ACCOUNT,
                    nets_date=transactions[-1].nets_date,
                    amount=-net,
                    kid=None,
                    sign="0",
                    centre_id="13",
                    day_code=transactions[-1].nets_date.day,
                    partial_settlement_no=1,
                    partial_settlement_serial="99999",
                    form_no="0000000000",
                    reference="000000000",
                    bank_date=None,
                    debit_account=None,
                )
            )
