"""ISO 20022 camt.052, camt.053 and camt.054 (every version, .001.02 to .001.13).

Facts: ``shared/reference/statement_formats.md`` §1. One reader serves all three messages and
all versions: it matches elements on their local names, so the namespace (and with it the
version) never decides a path; the version is only reported. The differences between versions
that matter are handled where they occur: ``Sts`` is a code or ``Sts/Cd`` (v08+), a party's
name is ``Nm`` or ``Pty/Nm`` (v08+), a transaction's amount is ``TxDtls/Amt`` (v04+) or
``AmtDtls/TxAmt/Amt``.

Safety. The XML is read by lxml with no network access, no DTD loading, no entity
substitution and without lxml's ``huge_tree`` allowance; a file that declares a DTD (the way
to smuggle in entity bombs and external entities) is refused with a :class:`FormatError`
before anything is read from it. Bank statements never need one.

Size. The file is streamed with :func:`lxml.etree.iterparse`: each entry (``Ntry``) is turned
into an :class:`~reskontro.formats.statements.Entry` as soon as it ends and then cleared, so
memory stays flat however large the file. :func:`iter_camt` hands the entries over one by
one; :func:`parse_camt` collects them for files that fit in memory.

Choices, where banks differ from the schema or from each other:

* Opening and closing booked balances: see
  :func:`~reskontro.formats.statements.booked_balances`.
* A balance without its ``CdtDbtInd`` (the Lithuanian banks' fault) is read as a credit
  balance, with a warning. An entry without one is refused: its sign would be a guess.
* An entry's sign is its ``CdtDbtInd``; ``RvslInd`` only marks it as a reversal (ISO: a
  reversed credit is reported as ``DBIT``).
* The counterparty is the debtor (``Dbtr``, else ``UltmtDbtr``) of a credit and the creditor
  of a debit; the other party is the account owner.
* Currency: ``Acct/Ccy``, else the opening or closing balance's, else the first entry's.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, BinaryIO, Final

from lxml import etree

from reskontro.domain.errors import FormatError
from reskontro.formats.statements import (
    BOOKED,
    DOCUMENT,
    INFO,
    PENDING,
    Balance,
    Batch,
    Entry,
    Reference,
    Statement,
    TransactionDetail,
    booked_balances,
    country_of,
    join_text,
    reference_kind,
    unique_references,
)

Element = Any  # lxml ships no type information

#: The message element → (kind, the statement element inside it).
MESSAGES: Final = {
    "BkToCstmrAcctRpt": ("camt.052", "Rpt"),
    "BkToCstmrStmt": ("camt.053", "Stmt"),
    "BkToCstmrDbtCdtNtfctn": ("camt.054", "Ntfctn"),
}
STATUSES: Final = {"BOOK": BOOKED, "PDNG": PENDING, "FUTR": PENDING, "INFO": INFO}
_VERSION = re.compile(r"camt\.05[234]\.(\d{3}\.\d{2})")
_AMOUNT = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,5})?")
_NOT_PROVIDED = "NOTPROVIDED"


def _local(tag: object) -> str:
    """The local name of an element's tag (``{urn:…}Ntry`` → ``Ntry``)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child(element: Element | None, name: str) -> Element | None:
    return None if element is None else next(element.iterchildren("{*}" + name), None)


def _children(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else list(element.iterchildren("{*}" + name))


def _path(element: Element | None, *names: str) -> Element | None:
    for name in names:
        if element is None:
            return None
        element = next(element.iterchildren("{*}" + name), None)
    return element


def _text(element: Element | None, *names: str) -> str | None:
    found = _path(element, *names) if names else element
    text: str | None = None if found is None else found.text
    return (text.strip() or None) if text else None


def _index(element: Element) -> dict[str, Element]:
    """An element's children by local name (the first of each): one pass for many lookups."""
    index: dict[str, Element] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            index.setdefault(tag[tag.rfind("}") + 1 :], child)
    return index


def _release(element: Element) -> None:
    """Free an element that has been read, and the siblings read before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


_END: Final = object()


def iter_camt(
    data: bytes | BinaryIO | os.PathLike[str], *, source: str = ""
) -> Iterator[Statement | Entry]:
    """Stream a camt file: each statement's header, then its entries, in file order.

    A header :class:`Statement` has no entries and the warnings known when its first entry
    was read; the :class:`Entry` items after it, up to the next header, are its entries.
    """
    items = _Reader(source).items(data)
    return (item for item in items if isinstance(item, Statement | Entry))


def parse_camt(data: bytes | BinaryIO | os.PathLike[str], *, source: str = "") -> list[Statement]:
    """Every statement, report or notification in a camt file, with all its entries."""
    reader = _Reader(source)
    result: list[Statement] = []
    entries: list[Entry] = []
    head: Statement | None = None
    for item in reader.items(data):
        if isinstance(item, Entry):
            entries.append(item)
        elif isinstance(item, Statement):
            head, entries = item, []
        elif head is not None:
            warnings = tuple(reader.warnings)
            result.append(replace(head, entries=tuple(entries), warnings=warnings))
    return result


class _Reader:
    """One pass over one file; keeps only the statement being read."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.kind = ""
        self.version: str | None = None
        self.statement: Element | None = None
        self.head: Statement | None = None
        self.country: str | None = None
        self.warnings: list[str] = []
        self.found = False

    # -- errors ------------------------------------------------------------------------

    def error(self, message: str, element: Element | None, field: str) -> FormatError:
        line = element.sourceline if element is not None else None
        return FormatError(message, source=self.source or None, line=line, field=field)

    def warn(self, message: str, element: Element | None) -> None:
        line = element.sourceline if element is not None else None
        self.warnings.append(f"line {line}: {message}" if line else message)

    # -- the stream --------------------------------------------------------------------

    def items(self, data: bytes | BinaryIO | os.PathLike[str]) -> Iterator[object]:
        """Headers, entries and an end marker per statement, in file order."""
        stream: object = io.BytesIO(data) if isinstance(data, bytes) else data
        if isinstance(stream, os.PathLike):
            stream = os.fspath(stream)
        context = etree.iterparse(
            stream,
            events=("start", "end"),
            tag=("{*}Stmt", "{*}Rpt", "{*}Ntfctn", "{*}Ntry"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            for event, element in context:
                if not self.found:
                    self.refuse_dtd(element)
                if element.tag[-4:] != "Ntry":  # the tags asked for: Ntry and statements
                    yield from self.statement_event(event, element)
                elif event == "end":
                    if self.statement is not None and element.getparent() is self.statement:
                        if self.head is None:
                            head = self.make_head()
                            entry = self.entry(element)
                            yield replace(head, currency=head.currency or entry.currency)
                            yield entry
                        else:
                            yield self.entry(element)
                    _release(element)
        except etree.LxmlError as exc:
            raise self.syntax_error(exc) from None
        if not self.found:
            if getattr(context, "root", None) is not None:
                self.refuse_dtd(context.root)
            raise FormatError(
                "this is not a camt bank statement: it has no BkToCstmrStmt/Stmt, "
                "BkToCstmrAcctRpt/Rpt or BkToCstmrDbtCdtNtfctn/Ntfctn",
                source=self.source or None,
            )

    def syntax_error(self, exc: Exception) -> FormatError:
        line = getattr(exc, "lineno", None)
        reason = str(exc).split(", line ")[0] or type(exc).__name__
        return FormatError(
            f"the file is not well-formed XML ({reason})",
            source=self.source or None,
            line=line if isinstance(line, int) and line > 0 else None,
        )

    def refuse_dtd(self, element: Element) -> None:
        info = element.getroottree().docinfo
        if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
            raise FormatError(
                "the file declares a DTD (<!DOCTYPE …>), which bank statements never do and "
                "which can hide entity attacks; it was refused unread",
                source=self.source or None,
                line=1,
                field="DOCTYPE",
            )

    def statement_event(self, event: str, element: Element) -> Iterator[object]:
        message = element.getparent()
        expected = MESSAGES.get(_local(message.tag) if message is not None else "")
        if expected is None or expected[1] != _local(element.tag):
            return
        if event == "start":
            self.found = True
            self.kind = expected[0]
            match = _VERSION.search(str(message.tag))
            self.version = match.group(1) if match else None
            self.statement, self.head, self.country, self.warnings = element, None, None, []
        elif element is self.statement:
            if self.head is None:
                yield self.make_head()
            yield _END
            _release(element)
            self.statement = None

    # -- the statement's header --------------------------------------------------------

    def make_head(self) -> Statement:
        """The statement without its entries, read when the first entry (or the end) comes."""
        statement = self.statement
        acct = _child(statement, "Acct")
        account, scheme = _account(acct)
        if account is None:
            self.warn(
                "the statement names no account (Acct/Id)", statement if acct is None else acct
            )
        elements = _children(statement, "Bal")
        balances = tuple(self.balance(bal) for bal in elements)
        opening, closing = booked_balances(balances)
        currency = _text(acct, "Ccy")
        for fallback in (opening, closing):
            if currency is None and fallback is not None:
                currency = fallback.currency
        self.country = country_of(account, currency)
        for element, balance in zip(elements, balances, strict=True):
            if balance.currency and currency and balance.currency != currency:
                self.warn(
                    f"balance {balance.type} is in {balance.currency}, the account in {currency}",
                    element,
                )
        statement_id = _text(statement, "Id")
        if statement_id is None:
            self.warn("the statement has no Id", statement)
        created = _text(statement, "CreDtTm")
        if created is None and statement is not None:
            created = _text(statement.getparent(), "GrpHdr", "CreDtTm")
        self.head = Statement(
            id=statement_id,
            kind=self.kind,
            sequence=_text(statement, "ElctrncSeqNb") or _text(statement, "LglSeqNb"),
            account=account,
            account_scheme=scheme,
            currency=currency,
            opening_balance=opening.amount if opening else None,
            closing_balance=closing.amount if closing else None,
            opening_date=opening.date if opening else None,
            closing_date=closing.date if closing else None,
            created_at=self.timestamp(created, statement),
            balances=balances,
            version=self.version,
            warnings=tuple(self.warnings),
        )
        return self.head

    def balance(self, bal: Element) -> Balance:
        code = _code(_path(bal, "Tp", "CdOrPrtry"))
        amount_element = _child(bal, "Amt")
        if amount_element is None:
            raise self.error("the balance has no amount", bal, "Bal/Amt")
        amount = self.amount(amount_element, "Bal/Amt")
        indicator = _text(bal, "CdtDbtInd")
        if indicator is None:
            self.warn(
                f"balance {code or '(no type)'} has no CdtDbtInd; it was read as a credit balance",
                bal,
            )
            indicator = "CRDT"
        sign = self.sign(indicator, bal, "Bal/CdtDbtInd")
        return Balance(
            type=code or "",
            amount=amount * sign,
            currency=amount_element.get("Ccy"),
            date=self.date_of(_child(bal, "Dt"), "Bal/Dt"),
        )

    # -- entries -----------------------------------------------------------------------

    def entry(self, ntry: Element) -> Entry:
        fields = _index(ntry)
        amount_element = fields.get("Amt")
        if amount_element is None:
            raise self.error("the entry has no amount", ntry, "Ntry/Amt")
        amount = self.amount(amount_element, "Ntry/Amt")
        sign = self.sign(_text(fields.get("CdtDbtInd")), ntry, "Ntry/CdtDbtInd")
        transactions: list[TransactionDetail] = []
        batch: Batch | None = None
        for details in _children(ntry, "NtryDtls"):
            found = _child(details, "Btch")
            if found is not None and batch is None:
                batch = self.batch(found, sign)
            transactions.extend(self.transaction(tx, sign) for tx in _children(details, "TxDtls"))
        # A single payment's own text describes the entry; a batch's many texts do not.
        single = transactions[0].text if len(transactions) == 1 else None
        parties = {(t.counterparty_name, t.counterparty_account) for t in transactions}
        name, account = parties.pop() if len(parties) == 1 else (None, None)
        code = fields.get("BkTxCd")
        domain = _child(code, "Domn")
        family = _child(domain, "Fmly")
        codes = (_text(domain, "Cd"), _text(family, "Cd"), _text(family, "SubFmlyCd"))
        return Entry(
            amount=amount * sign,
            status=self.status(fields.get("Sts"), ntry),
            booking_date=self.date_of(fields.get("BookgDt"), "Ntry/BookgDt"),
            value_date=self.date_of(fields.get("ValDt"), "Ntry/ValDt"),
            bank_reference=_text(fields.get("AcctSvcrRef")),
            text=join_text([single, _text(fields.get("AddtlNtryInf"))]),
            counterparty_name=name,
            counterparty_account=account,
            references=unique_references([t.references for t in transactions]),
            reversal=(_text(fields.get("RvslInd")) or "").lower() in ("true", "1"),
            batch=batch,
            transactions=tuple(transactions),
            currency=amount_element.get("Ccy"),
            entry_reference=_text(fields.get("NtryRef")),
            bank_code="/".join(c for c in codes if c) or _text(code, "Prtry", "Cd"),
        )

    def status(self, sts: Element | None, ntry: Element) -> str:
        code = _text(sts) or _code(sts)
        if code is None:
            default = PENDING if self.kind == "camt.052" else BOOKED
            self.warn(f"an entry has no status (Sts); it was read as {default}", ntry)
            return default
        status = STATUSES.get(code.upper())
        if status is None:
            self.warn(f"unknown entry status {code!r}; the entry is kept for information", ntry)
            return INFO
        return status

    def batch(self, btch: Element, sign: int) -> Batch:
        count_text = _text(btch, "NbOfTxs")
        if count_text is not None and not count_text.isdigit():
            raise self.error(f"{count_text!r} is not a number of transactions", btch, "NbOfTxs")
        total_element = _child(btch, "TtlAmt")
        total = None
        if total_element is not None:
            indicator = _text(btch, "CdtDbtInd")
            total_sign = self.sign(indicator, btch, "Btch/CdtDbtInd") if indicator else sign
            total = self.amount(total_element, "Btch/TtlAmt") * total_sign
        return Batch(
            number_of_transactions=int(count_text) if count_text is not None else None,
            total=total,
            message_id=_text(btch, "MsgId"),
            payment_information_id=_text(btch, "PmtInfId"),
        )

    def transaction(self, tx: Element, entry_sign: int) -> TransactionDetail:
        fields = _index(tx)
        amount_element = fields.get("Amt")
        if amount_element is None:
            amount_element = _path(fields.get("AmtDtls"), "TxAmt", "Amt")
        indicator = _text(fields.get("CdtDbtInd"))
        sign = self.sign(indicator, tx, "TxDtls/CdtDbtInd") if indicator else entry_sign
        amount = None
        if amount_element is not None:
            amount = self.amount(amount_element, "TxDtls/Amt") * sign
        end_to_end = _text(fields.get("Refs"), "EndToEndId")
        parties = fields.get("RltdPties")
        side = ("Dbtr", "DbtrAcct", "UltmtDbtr") if sign > 0 else ("Cdtr", "CdtrAcct", "UltmtCdtr")
        name = _party_name(_child(parties, side[0])) or _party_name(_child(parties, side[2]))
        account, _ = _account(_child(parties, side[1]))
        remittance = fields.get("RmtInf")
        texts: list[str | None] = [u.text for u in _children(remittance, "Ustrd")]
        references: list[Reference] = []
        for structured in _children(remittance, "Strd"):
            references.extend(self.structured(structured))
            texts.extend(a.text for a in _children(structured, "AddtlRmtInf"))
        texts.append(_text(fields.get("AddtlTxInf")))
        return TransactionDetail(
            amount=amount,
            end_to_end_id=None if end_to_end == _NOT_PROVIDED else end_to_end,
            counterparty_name=name,
            counterparty_account=account,
            text=join_text(texts),
            references=tuple(references),
        )

    def structured(self, strd: Element) -> list[Reference]:
        remitted_element = _path(strd, "RfrdDocAmt", "RmtdAmt")
        remitted = None
        if remitted_element is not None:
            remitted = self.amount(remitted_element, "RfrdDocAmt/RmtdAmt")
        references: list[Reference] = []
        for document in _children(strd, "RfrdDocInf"):
            number = _text(document, "Nb")
            if number:
                code = _code(_path(document, "Tp", "CdOrPrtry"))
                references.append(Reference(DOCUMENT, number, code, None, remitted))
        creditor = _child(strd, "CdtrRefInf")
        value = _text(creditor, "Ref")
        if value:
            code = _code(_path(creditor, "Tp", "CdOrPrtry"))
            references.append(
                Reference(
                    kind=reference_kind(value, code, self.country),
                    value=value,
                    code=code,
                    issuer=_text(creditor, "Tp", "Issr"),
                    amount=remitted,
                )
            )
        return references

    # -- values ------------------------------------------------------------------------

    def amount(self, element: Element, field: str) -> Decimal:
        text = (element.text or "").strip()
        if not _AMOUNT.fullmatch(text):
            raise self.error(
                f"{text[:40]!r} is not an amount: camt amounts are digits with a decimal point "
                "and at most 5 decimals, without a sign",
                element,
                field,
            )
        return Decimal(text)

    def sign(self, indicator: str | None, element: Element, field: str) -> int:
        if indicator in ("CRDT", "DBIT"):
            return 1 if indicator == "CRDT" else -1
        problem = f"{indicator!r} is neither CRDT nor DBIT" if indicator else "it is missing"
        raise self.error(f"{problem}; credit and debit cannot be told apart", element, field)

    def date_of(self, holder: Element | None, field: str) -> date | None:
        """The date of a ``Dt``/``DtTm`` choice (a timestamp's own calendar day)."""
        text = _text(holder, "Dt") or _text(holder, "DtTm")
        if text is None:
            return None
        try:
            if text[4:5] == "-":
                return date.fromisoformat(text[:10])
        except ValueError:
            pass
        raise self.error(f"{text[:40]!r} is not a date (YYYY-MM-DD)", holder, field)

    def timestamp(self, text: str | None, element: Element) -> datetime | None:
        if text is None:
            return None
        cleaned = re.sub(r"(\.[0-9]{6})[0-9]+", r"\1", text.replace("Z", "+00:00"))
        try:
            moment = datetime.fromisoformat(cleaned)
        except ValueError:
            self.warn(f"{text[:40]!r} is not a date and time (CreDtTm); it was left out", element)
            return None
        if moment.tzinfo is not None:
            return moment.astimezone(UTC)
        return moment


def _code(choice: Element | None) -> str | None:
    """The value of an ISO code-or-proprietary choice (``Cd``, else ``Prtry``)."""
    return _text(choice, "Cd") or _text(choice, "Prtry")


def _party_name(party: Element | None) -> str | None:
    return _text(party, "Nm") or _text(party, "Pty", "Nm")


def _account(holder: Element | None) -> tuple[str | None, str | None]:
    """An account's id and scheme: its IBAN, else ``Othr/Id`` with its scheme name."""
    identification = _child(holder, "Id")
    iban = _text(identification, "IBAN")
    if iban:
        return iban.replace(" ", ""), "IBAN"
    other = _child(identification, "Othr")
    value = _text(other, "Id")
    if value:
        return value, _code(_child(other, "SchmeNm"))
    return None, None
