"""The statement lines of the matching bench, each with what a bookkeeper would apply.

Used by :mod:`bench.matching_data`, whose docstring gives the kinds of line and their shares.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from bench.matching_books import (
    CENT,
    PRICE_LIST_ORE,
    STATEMENT_DAYS,
    STATEMENT_START,
    ZERO,
    Books,
    PartyInfo,
    misspell,
    money,
    norwegian_account,
    norwegian_iban,
    person_reversed,
    swedish_iban,
    without_legal_form,
    words,
)
from bench.matching_data import (
    BANK_FEES,
    INTEREST_EXPENSE,
    INTEREST_INCOME,
    SHARES,
    ScenarioKind,
    Truth,
    TruthApplication,
)

from reskontro.domain.matching.model import AccountKind, OpenEntry
from reskontro.domain.references import kid as kid_numbers

LAST_DAY = STATEMENT_START + timedelta(days=STATEMENT_DAYS - 1)
PRICE_LIST = tuple(money(ore) for ore in PRICE_LIST_ORE)
FALLBACKS = (ScenarioKind.KID_STRUCTURED, ScenarioKind.INVOICE_NO_TEXT, ScenarioKind.UNKNOWN)
NO_INVOICE_TEXTS = words(
    "Faktura {n}|Faktura nr. {n}|Fakt.nr {n}|fakturanr {n}|Inv {n}|FAKTURA {n}|"
    "Betaling faktura {n}|Fakt {n}|{n}|Ref. {n}|Kundenr {c} faktura {n}|Faktura {n} betalt {d}"
)
SE_INVOICE_TEXTS = words(
    "Faktura {n}|Fakturanr {n}|Fakturanummer {n}|Betalning faktura {n}|Inv. {n}|Invoice {n}|"
    "Er faktura {n}"
)
EXTERNAL_TEXTS = words("Deres ref {x}|PO {x}|Bestilling {x}|Ordre {x}|{x}")
KID_TEXTS = words("KID {k}|KID: {k}|kid nr {k}|{k}|Betaling KID {k}|Ref {k}")
PARTIAL_TEXTS = words(
    "Delbetaling faktura {n}|Avdrag faktura {n}|Del av faktura {n}|Faktura {n}|a konto faktura {n}"
)
REST_TEXTS = words("Rest faktura {n}|Restbeløp faktura {n}|Faktura {n} rest")
THIRD_PARTY_TEXTS = words(
    "Faktura {n}|Betaler for {p} faktura {n}|Gjelder {p}, fakt {n}|Inv {n} on behalf of {p}|"
    "Faktura {n} {p}|Fakt.nr {n}"
)
MAPPED_FEES = words(
    "Gebyr|GEBYR UTLANDSBETALING|Transaksjonsgebyr {n} stk|Gebyr innbetaling utland|"
    "Omkostninger|OMKOSTNINGER BETALING|Avgift|Årsavgift nettbank|Avgift kort"
)
REFUND_TEXTS = words(
    "Tilbakebetaling kreditnota {n}|Refusjon kreditnota {n}|Kreditnota {n}|Tilbakebetaling"
)
VENDOR_TEXTS = words("Faktura {x}|Fakt. {x}|Inv {x}|Faktura nr {x}|{x}")
UNMAPPED_FEES = words("Pris kontohold|Porto|Kontoutskrift papir")
UNKNOWN_TEXTS = words("|Innbetaling|Vipps|Depositum|Gave|Refusjon|Leie mars|Utlegg|Tilbakebetaling")


@dataclass(frozen=True)
class Payer:
    """The counterparty of a line as the bank reports it (payer, or payee of money out)."""

    name: str = ""
    account: str = ""
    address: str = ""


@dataclass
class Draft:
    """A statement line before it gets its line no. (lines are numbered in date order)."""

    day: date
    amount: Decimal
    truth: Truth
    text: str = ""
    payer: Payer = Payer()
    references: tuple[str, ...] = ()


Paid = tuple[OpenEntry, Decimal, Decimal]
"""An entry, what the line pays of it, and the discount granted with it."""


class Statement:
    """Draws statement lines by kind, keeping what is still unpaid of every entry."""

    def __init__(self, rng: random.Random, books: Books) -> None:
        self.rng = rng
        self.books = books
        self.left = {e.entry_no: e.remaining_amount for e in books.entries}
        self.party = {info.party.no: info for info in books.infos}
        customer = [e for e in books.entries if e.kind is AccountKind.CUSTOMER]
        self.invoices = [e for e in customer if e.document_type == "invoice"]
        self.kid_invoices = [e for e in self.invoices if self.party[e.party_no].country == "NO"]
        self.discounted = [e for e in self.invoices if e.pmt_discount_date]
        self.price_listed = [e for e in self.invoices if e.remaining_amount in PRICE_LIST]
        self.credit_memos = [e for e in customer if e.document_type == "credit_memo"]
        self.vendor_invoices = [
            e for e in books.entries if e.kind is AccountKind.VENDOR and e.remaining_amount < 0
        ]
        self.closed = list(books.closed)
        self.scenes: dict[ScenarioKind, Callable[[], list[Draft]]] = {
            kind: getattr(self, f"_{kind.value}") for kind in ScenarioKind
        }

    def make(self, count: int) -> list[Draft]:
        kinds, weights = list(SHARES), list(SHARES.values())
        drafts: list[Draft] = []
        while len(drafts) < count:
            made = self.scenes[self.rng.choices(kinds, weights)[0]]()
            for fallback in FALLBACKS:
                if made:
                    break
                made = self.scenes[fallback]()
            drafts.extend(made[: count - len(drafts)])
        return drafts

    # -- helpers

    def _fresh(self, entry: OpenEntry) -> bool:
        return self.left[entry.entry_no] == entry.remaining_amount

    def _pick(
        self, pool: list[OpenEntry], ok: Callable[[OpenEntry], bool] = lambda e: True
    ) -> OpenEntry | None:
        """An entry of *pool* nothing has paid yet that passes *ok*, or None when none is found
        in a few draws (the pool is nearly used up)."""
        for _ in range(40 if pool else 0):
            entry = self.rng.choice(pool)
            if self._fresh(entry) and ok(entry):
                return entry
        return None

    def _day(self, earliest: date, latest: date = LAST_DAY) -> date:
        earliest = max(earliest, STATEMENT_START)
        return earliest + timedelta(days=self.rng.randint(0, max(0, (latest - earliest).days)))

    def _truth(self, kind: ScenarioKind, paid: list[Paid], note: str = "") -> Truth:
        for entry, amount, _ in paid:
            self.left[entry.entry_no] -= amount
        return Truth(
            kind,
            tuple(TruthApplication(e.kind, e.entry_no, amount, disc) for e, amount, disc in paid),
            party_no=paid[0][0].party_no,
            note=note,
        )

    def _whole(self, kind: ScenarioKind, *entries: OpenEntry, note: str = "") -> Truth:
        return self._truth(kind, [(e, e.remaining_amount, ZERO) for e in entries], note)

    def _oldest_alike(
        self, entry: OpenEntry, day: date, besides: list[OpenEntry] | None = None
    ) -> OpenEntry:
        """The oldest unpaid entry of the same party, type and amount (not one of *besides*):
        what a bookkeeper applies when the payment says nothing that tells them apart."""
        alike = [
            e
            for e in self.party[entry.party_no].entries
            if e.document_type == entry.document_type
            and e.remaining_amount == entry.remaining_amount
            and e.posting_date <= day
            and self._fresh(e)
            and e not in (besides or ())
        ]
        return min(alike, key=lambda e: (e.due_date or e.posting_date, e.entry_no))

    def _fresh_invoices(self, info: PartyInfo) -> list[OpenEntry]:
        return [e for e in info.entries if e.document_type == "invoice" and self._fresh(e)]

    def _bank_form(self, account: str) -> str:
        """An account as the payer's bank reports it: 11 digits or the IBAN, unbroken."""
        if account.startswith("SE") or self.rng.randrange(10) < 7:
            return account
        return norwegian_iban(account)

    def _bank_name(self, info: PartyInfo) -> str:
        name, draw = info.party.name, self.rng.randrange(100)
        if info.person:
            if draw < 45:
                return name
            return name.upper() if draw < 70 else person_reversed(name, info.first_name)
        if draw < 55:
            return name
        return name.upper() if draw < 90 else without_legal_form(name)

    def _payer(self, info: PartyInfo, *, registered: bool = True, name: str | None = None) -> Payer:
        """The counterparty fields of a payment from *info*: its bank name, mostly its
        account on file (when *registered* and it has one), else some other account."""
        rng = self.rng
        draw = rng.randrange(100)
        if registered and info.account and draw < 85:
            account = self._bank_form(info.account)
        elif draw < 95:
            fresh = swedish_iban(rng) if info.country == "SE" else norwegian_account(rng)
            account = self._bank_form(fresh)
        else:
            account = ""
        address = info.party.address if rng.randrange(4) == 0 else ""
        return Payer(self._bank_name(info) if name is None else name, account, address)

    def _invoice_text(self, info: PartyInfo, entry: OpenEntry, day: date) -> str:
        rng = self.rng
        if entry.external_document_no and rng.randrange(5) == 0:
            return rng.choice(EXTERNAL_TEXTS).format(x=entry.external_document_no)
        texts = SE_INVOICE_TEXTS if info.country == "SE" else NO_INVOICE_TEXTS
        return rng.choice(texts).format(n=entry.document_no, c=info.party.no, d=f"{day:%d.%m.%Y}")

    def _kid_or_text(
        self, info: PartyInfo, entry: OpenEntry, day: date, share: int
    ) -> tuple[tuple[str, ...], str]:
        """The KID as structured reference (*share* % of Norwegian payers), else a text."""
        if info.country == "NO" and entry.payment_reference and self.rng.randrange(100) < share:
            return (entry.payment_reference,), ""
        return (), self._invoice_text(info, entry, day)

    def _broken_kid(self, kid: str) -> str:
        """*kid* with one digit wrong or two neighbours swapped: valid by neither MOD10 nor
        MOD11, and no entry's KID."""
        rng = self.rng
        while True:
            digits = list(kid)
            at = rng.randrange(len(kid) - 1)
            if rng.randrange(2) and at < len(kid) - 2 and digits[at] != digits[at + 1]:
                digits[at], digits[at + 1] = digits[at + 1], digits[at]
            else:
                digits[at] = rng.choice([d for d in "0123456789" if d != digits[at]])
            made = "".join(digits)
            if not kid_numbers.is_valid(made) and made not in self.books.kids:
                return made

    # -- the kinds of line, one method each (named as ScenarioKind's values)

    def _kid_structured(self) -> list[Draft]:
        entry = self._pick(self.kid_invoices)
        if entry is None:
            return []
        info, day = self.party[entry.party_no], self._day(entry.posting_date)
        text = self.rng.choice(("", "", "", "Innbetaling", "Giro", "Nettbank"))
        truth = self._whole(ScenarioKind.KID_STRUCTURED, entry)
        refs = (entry.payment_reference,)
        return [
            Draft(
                day, entry.remaining_amount, truth, text, references=refs, payer=self._payer(info)
            )
        ]

    def _kid_in_text(self) -> list[Draft]:
        entry = self._pick(self.kid_invoices)
        if entry is None:
            return []
        info, day, kid = self.party[entry.party_no], self._day(entry.posting_date), ""
        kid = entry.payment_reference
        if self.rng.randrange(10) == 0:  # typed in groups, as printed on some giros
            kid = " ".join(kid[i : i + 4] for i in range(0, len(kid), 4))
        text = self.rng.choice(KID_TEXTS).format(k=kid)
        truth = self._whole(ScenarioKind.KID_IN_TEXT, entry)
        return [Draft(day, entry.remaining_amount, truth, text, payer=self._payer(info))]

    def _kid_broken(self) -> list[Draft]:
        entry = self._pick(self.kid_invoices)
        if entry is None:
            return []
        info, day = self.party[entry.party_no], self._day(entry.posting_date)
        broken = self._broken_kid(entry.payment_reference)
        refs, text = ((broken,), "") if self.rng.randrange(2) else ((), f"KID {broken}")
        truth = self._whole(ScenarioKind.KID_BROKEN, entry, note=f"KID {broken} mistyped")
        return [
            Draft(
                day, entry.remaining_amount, truth, text, references=refs, payer=self._payer(info)
            )
        ]

    def _invoice_no_text(self) -> list[Draft]:
        entry = self._pick(self.invoices)
        if entry is None:
            return []
        info, day = self.party[entry.party_no], self._day(entry.posting_date)
        text = self._invoice_text(info, entry, day)
        truth = self._whole(ScenarioKind.INVOICE_NO_TEXT, entry)
        return [Draft(day, entry.remaining_amount, truth, text, payer=self._payer(info))]

    def _account_only(self) -> list[Draft]:
        entry = self._pick(self.invoices, lambda e: bool(self.party[e.party_no].account))
        if entry is None:
            return []
        info, day = self.party[entry.party_no], self._day(entry.posting_date)
        entry = self._oldest_alike(entry, day)
        truth = self._whole(ScenarioKind.ACCOUNT_ONLY, entry)
        account = self._bank_form(info.account)
        return [Draft(day, entry.remaining_amount, truth, payer=Payer(account=account))]

    def _lump(self, most: int) -> tuple[PartyInfo, list[OpenEntry], date] | None:
        entry = self._pick(
            self.invoices, lambda e: len(self._fresh_invoices(self.party[e.party_no])) >= 2
        )
        if entry is None:
            return None
        info = self.party[entry.party_no]
        fresh = self._fresh_invoices(info)
        chosen = sorted(
            self.rng.sample(fresh, self.rng.randint(2, min(most, len(fresh)))),
            key=lambda e: e.document_no,
        )
        return info, chosen, self._day(max(e.posting_date for e in chosen))

    def _lump_with_numbers(self) -> list[Draft]:
        lump = self._lump(5)
        if lump is None:
            return []
        info, chosen, day = lump
        nos = [e.document_no for e in chosen]
        rng = self.rng
        if rng.randrange(100) < 15:
            text = f"Faktura {nos[0]} m.fl."
        elif info.country == "SE":
            text = rng.choice(
                (
                    "Fakturor " + ", ".join(nos),
                    "Faktura " + ", ".join(nos[:-1]) + " och " + nos[-1],
                )
            )
        else:
            text = rng.choice(
                (
                    "Faktura " + ", ".join(nos[:-1]) + " og " + nos[-1],
                    "fakt.nr " + " og ".join(nos),
                    "Inv " + "/".join(nos),
                    " ".join(nos),
                    "Fakturaer " + " + ".join(nos),
                )
            )
        amount = sum((e.remaining_amount for e in chosen), ZERO)
        truth = self._whole(ScenarioKind.LUMP_WITH_NUMBERS, *chosen)
        return [Draft(day, amount, truth, text, payer=self._payer(info))]

    def _lump_without_numbers(self) -> list[Draft]:
        lump = self._lump(4)
        if lump is None:
            return []
        info, chosen, day = lump
        # Nothing in the payment tells invoices of the same amount apart: the older ones.
        alike: list[OpenEntry] = []
        for entry in sorted(chosen, key=lambda e: e.posting_date):
            alike.append(self._oldest_alike(entry, day, besides=alike))
        chosen = alike
        texts = (
            ("", "Betalning", "Samlingsbetalning")
            if info.country == "SE"
            else ("", "Betaling", "Samlebetaling", "Diverse fakturaer", "Innbetaling")
        )
        amount = sum((e.remaining_amount for e in chosen), ZERO)
        truth = self._whole(ScenarioKind.LUMP_WITHOUT_NUMBERS, *chosen)
        return [Draft(day, amount, truth, self.rng.choice(texts), payer=self._payer(info))]

    def _net_of_credit_memo(self) -> list[Draft]:
        def covered(memo: OpenEntry) -> list[OpenEntry]:
            return [
                e
                for e in self._fresh_invoices(self.party[memo.party_no])
                if e.remaining_amount > -memo.remaining_amount
            ]

        memo = self._pick(self.credit_memos, lambda m: bool(covered(m)))
        if memo is None:
            return []
        info = self.party[memo.party_no]
        invoice = self.rng.choice(covered(memo))
        day = self._day(max(invoice.posting_date, memo.posting_date))
        text = self.rng.choice(
            (
                "Faktura {i} - kreditnota {k}",
                "Fakt {i} fratrukket kreditnota {k}",
                "Faktura {i} minus KN {k}",
            )
            if info.country == "NO"
            else ("Faktura {i} avgår kreditfaktura {k}",)
        )
        text = text.format(i=invoice.document_no, k=memo.document_no)
        amount = invoice.remaining_amount + memo.remaining_amount
        truth = self._whole(ScenarioKind.NET_OF_CREDIT_MEMO, invoice, memo)
        return [Draft(day, amount, truth, text, payer=self._payer(info))]

    def _partial(self) -> list[Draft]:
        entry = self._pick(self.invoices, lambda e: e.remaining_amount >= 500)
        if entry is None:
            return []
        rng = self.rng
        info, day = self.party[entry.party_no], self._day(entry.posting_date)
        whole = entry.remaining_amount
        how = rng.randrange(3 if info.country == "SE" else 2)
        if how == 1 and whole >= 2000:  # a round sum now
            paid = ((whole / 1000).quantize(Decimal(1), ROUND_DOWN) * 1000).quantize(CENT)
        elif how == 2:  # a foreign bank took its charge from the amount
            paid = whole - money(rng.randrange(2_500, 15_000))
        else:
            paid = (whole / 2).quantize(Decimal(1), ROUND_DOWN).quantize(CENT)
        if not 0 < paid < whole:
            paid = (whole / 2).quantize(Decimal(1), ROUND_DOWN).quantize(CENT)
        refs, text = self._kid_or_text(info, entry, day, share=50)
        if text and how != 2:
            text = rng.choice(PARTIAL_TEXTS).format(n=entry.document_no)
        note = f"part of invoice {entry.document_no}"
        truth = self._truth(ScenarioKind.PARTIAL, [(entry, paid, ZERO)], note)
        drafts = [Draft(day, paid, truth, text, references=refs, payer=self._payer(info))]
        if rng.randrange(10) < 3 and day < LAST_DAY:  # the rest, later
            later, rest = self._day(day + timedelta(days=1)), whole - paid
            if text:
                text = rng.choice(REST_TEXTS).format(n=entry.document_no)
            truth = self._truth(ScenarioKind.PARTIAL, [(entry, rest, ZERO)], "the rest")
            drafts.append(Draft(later, rest, truth, text, references=refs, payer=self._payer(info)))
        return drafts

    def _overpayment(self) -> list[Draft]:
        entry = self._pick(self.invoices)
        if entry is None:
            return []
        rng = self.rng
        info, day = self.party[entry.party_no], self._day(entry.posting_date)
        whole = entry.remaining_amount
        refs, text = self._kid_or_text(info, entry, day, share=50)
        how = rng.randrange(3)
        if how == 0:  # the reminder fee paid with it
            extra = Decimal("35.00")
            text = text and f"{text} + purregebyr"
        elif how == 1:  # rounded up to whole hundreds
            extra = (whole / 100).quantize(Decimal(1), ROUND_DOWN) * 100 + 100 - whole
        else:
            extra = money(rng.randrange(100, 50_000))
        truth = self._whole(ScenarioKind.OVERPAYMENT, entry, note=f"{extra} too much")
        return [Draft(day, whole + extra, truth, text, references=refs, payer=self._payer(info))]

    def _discount(self) -> list[Draft]:
        def in_time(e: OpenEntry) -> bool:
            return e.pmt_discount_date is not None and e.pmt_discount_date >= STATEMENT_START

        entry = self._pick(self.discounted, in_time)
        if entry is None or entry.pmt_discount_date is None:
            return []
        info = self.party[entry.party_no]
        day = self._day(entry.posting_date, min(entry.pmt_discount_date, LAST_DAY))
        discount = entry.remaining_pmt_disc_possible
        paid = entry.remaining_amount - discount
        refs, text = self._kid_or_text(info, entry, day, share=60)
        if text and self.rng.randrange(3) == 0:
            text += " - 2 % kontantrabatt" if info.country == "NO" else " - 2 % rabatt"
        truth = self._truth(ScenarioKind.DISCOUNT, [(entry, paid, discount)])
        return [Draft(day, paid, truth, text, references=refs, payer=self._payer(info))]

    def _discount_late(self) -> list[Draft]:
        def too_late(e: OpenEntry) -> bool:
            return e.pmt_discount_date is not None and e.pmt_discount_date < LAST_DAY

        entry = self._pick(self.discounted, too_late)
        if entry is None or entry.pmt_discount_date is None:
            return []
        info = self.party[entry.party_no]
        day = self._day(max(entry.posting_date, entry.pmt_discount_date + timedelta(days=1)))
        paid = entry.remaining_amount - entry.remaining_pmt_disc_possible
        refs, text = self._kid_or_text(info, entry, day, share=60)
        note = f"discount taken after {entry.pmt_discount_date}; the rest stays open"
        truth = self._truth(ScenarioKind.DISCOUNT_LATE, [(entry, paid, ZERO)], note)
        return [Draft(day, paid, truth, text, references=refs, payer=self._payer(info))]

    def _misspelt_name(self) -> list[Draft]:
        entry = self._pick(self.invoices)
        if entry is None:
            return []
        info, day = self.party[entry.party_no], self._day(entry.posting_date)
        entry = self._oldest_alike(entry, day)
        name = misspell(self.rng, self._bank_name(info))
        text = self.rng.choice(("", "", "Betaling", "Innbetaling"))
        truth = self._whole(
            ScenarioKind.MISSPELT_NAME, entry, note=f"{name!r} is {info.party.name}"
        )
        payer = self._payer(info, registered=False, name=name)
        return [Draft(day, entry.remaining_amount, truth, text, payer)]

    def _third_party(self) -> list[Draft]:
        entry = self._pick(self.invoices)
        if entry is None:
            return []
        rng = self.rng
        info, day = self.party[entry.party_no], self._day(entry.posting_date)
        payer = self.books.names.stranger()
        text = rng.choice(THIRD_PARTY_TEXTS).format(
            n=entry.document_no, p=without_legal_form(info.party.name)
        )
        truth = self._whole(ScenarioKind.THIRD_PARTY, entry, note=f"{payer} pays for the customer")
        account = norwegian_account(rng)
        return [Draft(day, entry.remaining_amount, truth, text, Payer(payer, account))]

    def _equal_amounts(self) -> list[Draft]:
        entry = self._pick(self.price_listed)
        if entry is None:
            return []
        info, day = self.party[entry.party_no], self._day(entry.posting_date)
        entry = self._oldest_alike(entry, day)
        text = self.rng.choice(
            ("", "", "Abonnement", "Medlemskontingent 2026", "Årsavgift", "Lisens", "Kontingent")
        )
        truth = self._whole(ScenarioKind.EQUAL_AMOUNTS, entry)
        return [Draft(day, entry.remaining_amount, truth, text, payer=self._payer(info))]

    def _fee(self) -> list[Draft]:
        rng = self.rng
        texts = MAPPED_FEES if rng.randrange(100) < 80 else UNMAPPED_FEES
        text = rng.choice(texts).format(n=rng.randint(2, 40))
        amount = -money(rng.randrange(1_500, 45_000))
        if rng.randrange(10) == 0:
            text, amount = "Tilbakeført gebyr", -amount
        truth = Truth(ScenarioKind.FEE, gl_account=BANK_FEES)
        return [Draft(self._day(STATEMENT_START), amount, truth, text)]

    def _interest(self) -> list[Draft]:
        rng = self.rng
        day = LAST_DAY if rng.randrange(10) < 7 else self._day(STATEMENT_START)
        if rng.randrange(10) < 7:
            text = rng.choice(("Kredittrenter", "Renter", "RENTER MARS", "Renteinntekt"))
            amount, account = money(rng.randrange(100, 250_000)), INTEREST_INCOME
        else:
            text = rng.choice(("Debetrenter", "Renter kassekreditt", "Overtrekksrente"))
            amount, account = -money(rng.randrange(100, 80_000)), INTEREST_EXPENSE
        return [Draft(day, amount, Truth(ScenarioKind.INTEREST, gl_account=account), text)]

    def _unknown(self) -> list[Draft]:
        rng = self.rng
        day, stranger = self._day(STATEMENT_START), self.books.names.stranger()
        truth = Truth(ScenarioKind.UNKNOWN, note="not in the books")
        if rng.randrange(4) == 0:  # money out the books know nothing of
            text = rng.choice(("AvtaleGiro {p}", "eFaktura {p}", "Kortkjøp {p}")).format(p=stranger)
            amount = -money(rng.randrange(5_000, 2_000_000))
            return [Draft(day, amount, truth, text, Payer(stranger))]
        account = norwegian_account(rng)
        if rng.randrange(5) == 0:  # a Vipps settlement: only its own report says what it holds
            text = f"Utbetaling {rng.randrange(10**7):07d}"
            amount = money(rng.randrange(50_000, 5_000_000))
            return [Draft(day, amount, truth, text, Payer("VIPPS MOBILEPAY AS", account))]
        if rng.randrange(10) < 3:
            amount = money(rng.choice(PRICE_LIST_ORE))
        else:
            amount = money(rng.randrange(5_000, 3_000_000))
        return [Draft(day, amount, truth, rng.choice(UNKNOWN_TEXTS), Payer(stranger, account))]

    def _paid_twice(self) -> list[Draft]:
        if not self.closed:
            return []
        closed = self.closed.pop(self.rng.randrange(len(self.closed)))
        note = f"invoice {closed.document_no} was paid before: nothing is open for this KID"
        truth = Truth(ScenarioKind.PAID_TWICE, party_no=closed.info.party.no, note=note)
        day, refs = self._day(STATEMENT_START), (closed.kid,)
        return [Draft(day, closed.amount, truth, references=refs, payer=self._payer(closed.info))]

    def _vendor_payment(self) -> list[Draft]:
        entry = self._pick(self.vendor_invoices)
        if entry is None:
            return []
        rng = self.rng
        info = self.party[entry.party_no]
        payee = Payer(info.party.name, self._bank_form(info.account))
        chosen = [entry]
        refs: tuple[str, ...] = ()
        text = ""
        if entry.payment_reference and rng.randrange(100) < 85:
            refs = (entry.payment_reference,)
        else:
            others = [
                e
                for e in info.entries
                if e is not entry
                and e.remaining_amount < 0
                and not e.payment_reference
                and self._fresh(e)
            ]
            if others and rng.randrange(10) == 0:
                chosen += rng.sample(others, min(2, len(others)))
                text = "Fakt " + ", ".join(e.external_document_no for e in chosen)
            else:
                text = rng.choice(VENDOR_TEXTS).format(x=entry.external_document_no)
        day = self._day(max(e.posting_date for e in chosen))
        amount = sum((e.remaining_amount for e in chosen), ZERO)
        truth = self._whole(ScenarioKind.VENDOR_PAYMENT, *chosen)
        return [Draft(day, amount, truth, text, payee, refs)]

    def _customer_refund(self) -> list[Draft]:
        memo = self._pick(self.credit_memos)
        if memo is None:
            return []
        info, day = self.party[memo.party_no], self._day(memo.posting_date)
        text = self.rng.choice(REFUND_TEXTS).format(n=memo.document_no)
        truth = self._whole(ScenarioKind.CUSTOMER_REFUND, memo)
        payee = replace(self._payer(info), name=info.party.name)
        return [Draft(day, memo.remaining_amount, truth, text, payee)]
