"""The demo's bank statement: a camt.053 that pays some of the demo's open invoices, for the
payment reconciliation journal to apply.

It pays one invoice by its KID, one with its invoice no. in the text, part of a third with the
customer's name and invoice no., and takes a bank fee that the text-to-account mapping
"Gebyr" sends to account 7770. The statement is imported like any file a bank sends; nothing
is applied or posted, so the demo shows the journal from the start:
``reskontro reconcile apply-auto BANK/1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from sqlalchemy import Engine, select

from reskontro.domain.enums import DocumentType
from reskontro.services.masterdata import update_bank_account
from reskontro.services.reconcile import add_mapping
from reskontro.services.statements import import_statements
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork

DEMO_IBAN = "NO9386011117947"
"""The demo bank account's IBAN (a valid Norwegian IBAN)."""
FEE_ACCOUNT = "7770"
FEE = Decimal("-45.00")


@dataclass(frozen=True)
class _Line:
    amount: Decimal
    text: str
    name: str = ""
    kid: str = ""


@dataclass(frozen=True)
class _Open:
    document_no: str
    customer_no: str
    customer_name: str
    remaining: Decimal
    kid: str


def add_demo_statement(engine: Engine, company_id: int, bank_no: str, day: date) -> int:
    """Give the bank account its IBAN, add the fee mapping and import the demo statement;
    returns the number of statement lines."""
    update_bank_account(engine, company_id, bank_no, {"iban": DEMO_IBAN})
    add_mapping(
        engine,
        company_id,
        text="Gebyr",
        account_type="gl",
        debit_account_no=FEE_ACCOUNT,
        credit_account_no=FEE_ACCOUNT,
    )
    lines = _lines(_open_invoices(engine, company_id))
    data = _camt(lines, day)
    import_statements(engine, company_id, data, "demo-statement.xml", bank_account_no=bank_no)
    return len(lines)


def _open_invoices(engine: Engine, company_id: int) -> list[_Open]:
    entry, customer = m.CustomerLedgerEntryRow, m.Customer
    with UnitOfWork(engine) as uow:
        rows = uow.session.execute(
            select(
                entry.document_no,
                entry.party_no,
                customer.name,
                entry.remaining_amount,
                entry.payment_reference,
            )
            .join(
                customer,
                (customer.company_id == entry.company_id) & (customer.no == entry.party_no),
            )
            .where(
                entry.company_id == company_id,
                entry.open.is_(True),
                entry.document_type == DocumentType.INVOICE,
                entry.remaining_amount == entry.amount,
            )
            .order_by(entry.entry_no)
        ).all()
    return [_Open(*row) for row in rows]


def _lines(invoices: list[_Open]) -> list[_Line]:
    """A KID payment, a payment naming its invoice, a part payment, and the bank's fee."""
    lines: list[_Line] = []
    seen: set[str] = set()  # one invoice per customer: each line plainly about its own
    paid_by_kid = next((i for i in invoices if i.kid), None)
    if paid_by_kid is not None:
        seen.add(paid_by_kid.customer_no)
        text = "Overføring m/KID"
        lines.append(_Line(paid_by_kid.remaining, text, paid_by_kid.customer_name, paid_by_kid.kid))
    chosen: list[_Open] = []
    for invoice in invoices:
        if invoice.customer_no not in seen:
            seen.add(invoice.customer_no)
            chosen.append(invoice)
    if chosen:
        lines.append(_Line(chosen[0].remaining, f"Faktura {chosen[0].document_no}"))
    if len(chosen) > 1:
        part = (chosen[1].remaining / 2).quantize(Decimal("0.01"))
        lines.append(
            _Line(part, f"Delbetaling faktura {chosen[1].document_no}", chosen[1].customer_name)
        )
    lines.append(_Line(FEE, "Gebyr utenlandsbetaling"))
    return lines


def _camt(lines: list[_Line], day: date) -> bytes:
    """A camt.053.001.02 statement of *lines*, opening at 0, booked on *day*."""
    closing = sum((line.amount for line in lines), Decimal("0.00"))
    entries = "".join(_entry(no, line, day) for no, line in enumerate(lines, 1))
    stamp = day.isoformat()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt>
<GrpHdr><MsgId>DEMO-{stamp}</MsgId><CreDtTm>{stamp}T18:00:00</CreDtTm></GrpHdr>
<Stmt>
<Id>DEMO-STMT-{stamp}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>{stamp}T18:00:00</CreDtTm>
<Acct><Id><IBAN>{DEMO_IBAN}</IBAN></Id><Ccy>NOK</Ccy></Acct>
{_balance("OPBD", Decimal("0.00"), day)}
{_balance("CLBD", closing, day)}
{entries}
</Stmt>
</BkToCstmrStmt>
</Document>
""".encode()


def _balance(code: str, amount: Decimal, day: date) -> str:
    sign = "CRDT" if amount >= 0 else "DBIT"
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="NOK">{abs(amount)}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
        f"<Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
    )


def _entry(no: int, line: _Line, day: date) -> str:
    sign = "CRDT" if line.amount >= 0 else "DBIT"
    party = ""
    if line.name:
        role = "Dbtr" if line.amount >= 0 else "Cdtr"
        party = f"<RltdPties><{role}><Nm>{escape(line.name)}</Nm></{role}></RltdPties>"
    if line.kid:
        remittance = (
            "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
            f"<Ref>{line.kid}</Ref></CdtrRefInf></Strd></RmtInf>"
        )
    else:
        remittance = f"<RmtInf><Ustrd>{escape(line.text)}</Ustrd></RmtInf>"
    return (
        f'<Ntry><Amt Ccy="NOK">{abs(line.amount)}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
        f"<Sts>BOOK</Sts><BookgDt><Dt>{day.isoformat()}</Dt></BookgDt>"
        f"<ValDt><Dt>{day.isoformat()}</Dt></ValDt><AcctSvcrRef>DEMO{no:06d}</AcctSvcrRef>"
        f"<BkTxCd/><NtryDtls><TxDtls><Refs><EndToEndId>DEMO-E2E-{no}</EndToEndId></Refs>"
        f"{party}{remittance}<AddtlTxInf>{escape(line.text)}</AddtlTxInf></TxDtls></NtryDtls>"
        "</Ntry>"
    )
