"""Writes camt.052/053/054 files of any version (.001.02 to .001.13) for tests and the bench.

The files follow the version differences the parser must cope with: ``Sts`` as a plain code
(before v08) or ``Sts/Cd``; a party's name as ``Nm`` or ``Pty/Nm`` (v08+); a transaction's
amount in ``AmtDtls/TxAmt`` only (v02, v03) or also as ``TxDtls/Amt`` (v04+). Entries may be
any iterable, so :func:`write_camt` can stream a file of any size to disk.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

MESSAGES = {
    "052": ("BkToCstmrAcctRpt", "Rpt"),
    "053": ("BkToCstmrStmt", "Stmt"),
    "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
}
VERSIONS = tuple(f"{n:02d}" for n in range(2, 14))


@dataclass(frozen=True)
class Ref:
    """A structured creditor reference: *code* ``SCOR`` (or another code), *proprietary*
    for a ``Prtry`` type, neither for an untyped one."""

    value: str
    code: str | None = "SCOR"
    proprietary: str | None = None
    issuer: str | None = None


@dataclass(frozen=True)
class Tx:
    amount: Decimal | None = None
    credit: bool | None = None  # None: the entry's direction, no own CdtDbtInd
    end_to_end_id: str | None = None
    name: str | None = None
    account: str | None = None
    account_is_iban: bool = True
    ultimate_name: str | None = None
    unstructured: tuple[str, ...] = ()
    references: tuple[Ref, ...] = ()
    documents: tuple[str, ...] = ()
    remitted: Decimal | None = None
    additional: str | None = None


@dataclass(frozen=True)
class Ntry:
    amount: Decimal
    credit: bool = True
    status: str | None = "BOOK"
    booking_date: date | None = date(2024, 1, 2)
    value_date: date | None = date(2024, 1, 2)
    booking_time: str | None = None  # a DtTm instead of the Dt
    bank_reference: str | None = None
    reversal: bool | None = None
    batch_count: int | None = None
    batch_total: Decimal | None = None
    batch_id: str | None = None  # Btch/PmtInfId
    transactions: tuple[Tx, ...] = ()
    additional: str | None = None
    currency: str = "NOK"


@dataclass
class Stmt:
    id: str = "STMT-1"
    sequence: str | None = "1"
    account: str = "NO9386011117947"
    account_is_iban: bool = True
    account_scheme: str | None = "BBAN"
    currency: str | None = "NOK"
    opening: Decimal | None = Decimal("1000.00")
    closing: Decimal | None = Decimal("1000.00")
    opening_code: str = "OPBD"
    closing_code: str = "CLBD"
    balance_indicator: bool = True
    entries: Iterable[Ntry] = field(default_factory=tuple)


def _amount(value: Decimal, currency: str) -> str:
    return f'<Amt Ccy="{currency}">{abs(value):f}</Amt>'


def _indicator(credit: bool) -> str:
    return f"<CdtDbtInd>{'CRDT' if credit else 'DBIT'}</CdtDbtInd>"


def _account(value: str, is_iban: bool, scheme: str | None = None) -> str:
    if is_iban:
        return f"<Id><IBAN>{escape(value)}</IBAN></Id>"
    scheme_xml = f"<SchmeNm><Cd>{scheme}</Cd></SchmeNm>" if scheme else ""
    return f"<Id><Othr><Id>{escape(value)}</Id>{scheme_xml}</Othr></Id>"


def _party(role: str, name: str | None, version: int) -> str:
    if name is None:
        return ""
    inner = f"<Nm>{escape(name)}</Nm>"
    return f"<{role}>{f'<Pty>{inner}</Pty>' if version >= 8 else inner}</{role}>"


def _reference(ref: Ref) -> str:
    kind = ""
    if ref.code or ref.proprietary:
        choice = (
            f"<Cd>{ref.code}</Cd>"
            if ref.code
            else f"<Prtry>{escape(ref.proprietary or '')}</Prtry>"
        )
        issuer = f"<Issr>{escape(ref.issuer)}</Issr>" if ref.issuer else ""
        kind = f"<Tp><CdOrPrtry>{choice}</CdOrPrtry>{issuer}</Tp>"
    return f"<CdtrRefInf>{kind}<Ref>{escape(ref.value)}</Ref></CdtrRefInf>"


def _transaction(tx: Tx, entry: Ntry, version: int) -> str:
    credit = entry.credit if tx.credit is None else tx.credit
    parts = ["<TxDtls>"]
    if tx.end_to_end_id:
        parts.append(f"<Refs><EndToEndId>{escape(tx.end_to_end_id)}</EndToEndId></Refs>")
    if tx.amount is not None:
        if version >= 4:
            parts.append(_amount(tx.amount, entry.currency))
            if tx.credit is not None:
                parts.append(_indicator(credit))
        parts.append(f"<AmtDtls><TxAmt>{_amount(tx.amount, entry.currency)}</TxAmt></AmtDtls>")
    if version < 4 and tx.credit is not None:
        parts.append(_indicator(credit))
    role, ultimate, account_role = (
        ("Dbtr", "UltmtDbtr", "DbtrAcct") if credit else ("Cdtr", "UltmtCdtr", "CdtrAcct")
    )
    parties = _party(role, tx.name, version)
    if tx.account:
        parties += (
            f"<{account_role}>{_account(tx.account, tx.account_is_iban, 'BBAN')}</{account_role}>"
        )
    parties += _party(ultimate, tx.ultimate_name, version)
    if parties:
        parts.append(f"<RltdPties>{parties}</RltdPties>")
    remittance = "".join(f"<Ustrd>{escape(text)}</Ustrd>" for text in tx.unstructured)
    for position, ref in enumerate(tx.references or ((None,) if tx.documents else ())):
        block = ["<Strd>"]
        if position == 0:
            block.extend(
                f"<RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>{escape(number)}</Nb></RfrdDocInf>"
                for number in tx.documents
            )
            if tx.remitted is not None:
                remitted = _amount(tx.remitted, entry.currency).replace("Amt", "RmtdAmt")
                block.append(f"<RfrdDocAmt>{remitted}</RfrdDocAmt>")
        if isinstance(ref, Ref):
            block.append(_reference(ref))
        block.append("</Strd>")
        remittance += "".join(block)
    if remittance:
        parts.append(f"<RmtInf>{remittance}</RmtInf>")
    if tx.additional:
        parts.append(f"<AddtlTxInf>{escape(tx.additional)}</AddtlTxInf>")
    parts.append("</TxDtls>")
    return "".join(parts)


def _entry(entry: Ntry, version: int) -> str:
    parts = ["<Ntry>", _amount(entry.amount, entry.currency), _indicator(entry.credit)]
    if entry.reversal is not None:
        parts.append(f"<RvslInd>{'true' if entry.reversal else 'false'}</RvslInd>")
    if entry.status is not None:
        parts.append(
            f"<Sts><Cd>{entry.status}</Cd></Sts>" if version >= 8 else f"<Sts>{entry.status}</Sts>"
        )
    if entry.booking_time:
        parts.append(f"<BookgDt><DtTm>{entry.booking_time}</DtTm></BookgDt>")
    elif entry.booking_date:
        parts.append(f"<BookgDt><Dt>{entry.booking_date.isoformat()}</Dt></BookgDt>")
    if entry.value_date:
        parts.append(f"<ValDt><Dt>{entry.value_date.isoformat()}</Dt></ValDt>")
    if entry.bank_reference:
        parts.append(f"<AcctSvcrRef>{escape(entry.bank_reference)}</AcctSvcrRef>")
    parts.append(
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
    )
    if entry.batch_count is not None or entry.transactions:
        parts.append("<NtryDtls>")
        if entry.batch_count is not None:
            total = (
                _amount(entry.batch_total, entry.currency).replace("Amt", "TtlAmt")
                if entry.batch_total is not None
                else ""
            )
            batch_id = f"<PmtInfId>{escape(entry.batch_id)}</PmtInfId>" if entry.batch_id else ""
            parts.append(f"<Btch>{batch_id}<NbOfTxs>{entry.batch_count}</NbOfTxs>{total}</Btch>")
        parts.extend(_transaction(tx, entry, version) for tx in entry.transactions)
        parts.append("</NtryDtls>")
    if entry.additional:
        parts.append(f"<AddtlNtryInf>{escape(entry.additional)}</AddtlNtryInf>")
    parts.append("</Ntry>\n")
    return "".join(parts)


def _balance(code: str, value: Decimal, currency: str, indicator: bool) -> str:
    sign = _indicator(value >= 0) if indicator else ""
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>{_amount(value, currency)}{sign}"
        "<Dt><Dt>2024-01-02</Dt></Dt></Bal>\n"
    )


def write_camt(
    write: Callable[[str], object],
    statements: Iterable[Stmt],
    *,
    kind: str = "053",
    version: str = "02",
    namespace: bool = True,
) -> None:
    """Write a camt file through *write*, statement by statement and entry by entry."""
    message, element = MESSAGES[kind]
    number = int(version)
    ns = f' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{kind}.001.{version}"' if namespace else ""
    write(f'<?xml version="1.0" encoding="UTF-8"?>\n<Document{ns}><{message}>\n')
    write("<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2024-01-02T18:00:00+01:00</CreDtTm></GrpHdr>\n")
    for statement in statements:
        write(f"<{element}><Id>{escape(statement.id)}</Id>")
        if statement.sequence:
            write(f"<ElctrncSeqNb>{statement.sequence}</ElctrncSeqNb>")
        write("<CreDtTm>2024-01-02T18:00:00+01:00</CreDtTm>")
        currency = f"<Ccy>{statement.currency}</Ccy>" if statement.currency else ""
        account = _account(statement.account, statement.account_is_iban, statement.account_scheme)
        write(f"<Acct>{account}{currency}</Acct>\n")
        balance_currency = statement.currency or "NOK"
        if kind != "054":
            if statement.opening is not None:
                write(
                    _balance(
                        statement.opening_code,
                        statement.opening,
                        balance_currency,
                        statement.balance_indicator,
                    )
                )
            if statement.closing is not None:
                write(
                    _balance(
                        statement.closing_code,
                        statement.closing,
                        balance_currency,
                        statement.balance_indicator,
                    )
                )
        for entry in statement.entries:
            write(_entry(entry, number))
        write(f"</{element}>\n")
    write(f"</{message}></Document>\n")


def camt_bytes(statements: Iterable[Stmt], **options: object) -> bytes:
    """A whole camt file in memory (see :func:`write_camt` for the options)."""
    out = io.StringIO()
    write_camt(out.write, statements, **options)  # type: ignore[arg-type]
    return out.getvalue().encode("utf-8")
