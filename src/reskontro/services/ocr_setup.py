"""The OCR set-up of a bank account (NAV: OCR Setup, table 15000100) and the OCR journal.

The set-up says which Nets agreement pays into the bank account, the journal its payments go to
(OCR/DEFAULT unless changed), the largest divergence closed automatically and its G/L account,
and what happens to a payment whose KID finds nothing (``leave`` the line without account for
the user, or put it on a ``suspense`` customer).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reskontro.domain.enums import AccountType, GLAccountKind, JournalTemplateType
from reskontro.domain.errors import NotFoundError, ValidationError
from reskontro.storage import audit
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork

OCR_TEMPLATE = "OCR"
OCR_BATCH = "DEFAULT"
OCR_SERIES = "OCR"
UNKNOWN_KID_CHOICES = ("leave", "suspense")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class OcrSetupInfo:
    bank_account_no: str
    agreement_id: str = ""
    journal_template: str = OCR_TEMPLATE
    journal_batch: str = OCR_BATCH
    max_divergence: Decimal = ZERO
    divergence_account: str = ""
    unknown_kid: str = "leave"
    suspense_customer_no: str = ""
    stored: bool = False
    """False when the bank account has no OCR set-up yet (these are the defaults)."""


def _info(row: m.OcrSetup) -> OcrSetupInfo:
    return OcrSetupInfo(
        bank_account_no=row.bank_account_no,
        agreement_id=row.agreement_id,
        journal_template=row.journal_template,
        journal_batch=row.journal_batch,
        max_divergence=Decimal(row.max_divergence or 0).quantize(Decimal("0.01")),
        divergence_account=row.divergence_account,
        unknown_kid=row.unknown_kid,
        suspense_customer_no=row.suspense_customer_no,
        stored=True,
    )


def _bank(session: Session, company_id: int, bank_account_no: str) -> m.BankAccount:
    bank = session.get(m.BankAccount, (company_id, bank_account_no))
    if bank is None:
        raise NotFoundError(f"Bank account {bank_account_no} does not exist")
    return bank


def ensure_ocr_journal(session: Session, company_id: int) -> None:
    """Create the OCR journal (template OCR, batch DEFAULT, number series OCR) when missing.

    The template balances per document no., not per document type (NAV: Force Doc. Balance
    cleared), as one OCR document holds payments, divergence lines and the bank line.
    """
    if session.get(m.NumberSeries, (company_id, OCR_SERIES)) is None:
        session.add(
            m.NumberSeries(
                company_id=company_id,
                code=OCR_SERIES,
                description="OCR payments",
                starting_no="OCR000001",
                last_no_used="",
            )
        )
    if session.get(m.JournalTemplate, (company_id, OCR_TEMPLATE)) is None:
        session.add(
            m.JournalTemplate(
                company_id=company_id,
                name=OCR_TEMPLATE,
                description="OCR payments",
                type=JournalTemplateType.CASH_RECEIPTS,
                force_doc_balance=False,
                bal_account_type=AccountType.GL,
                bal_account_no="",
                number_series=OCR_SERIES,
            )
        )
        session.flush()
    if session.get(m.JournalBatch, (company_id, OCR_TEMPLATE, OCR_BATCH)) is None:
        session.add(
            m.JournalBatch(
                company_id=company_id,
                template_name=OCR_TEMPLATE,
                name=OCR_BATCH,
                description="OCR payments",
                bal_account_type=AccountType.GL,
                bal_account_no="",
                number_series=OCR_SERIES,
            )
        )
        session.flush()


def get_ocr_setup(engine: Engine, company_id: int, bank_account_no: str) -> OcrSetupInfo:
    """The bank account's OCR set-up (the defaults when it has none yet)."""
    with UnitOfWork(engine) as uow:
        _bank(uow.session, company_id, bank_account_no)
        row = uow.session.get(m.OcrSetup, (company_id, bank_account_no))
        return _info(row) if row is not None else OcrSetupInfo(bank_account_no)


def update_ocr_setup(
    engine: Engine,
    company_id: int,
    bank_account_no: str,
    *,
    agreement_id: str | None = None,
    journal_template: str | None = None,
    journal_batch: str | None = None,
    max_divergence: Decimal | None = None,
    divergence_account: str | None = None,
    unknown_kid: str | None = None,
    suspense_customer_no: str | None = None,
    user: str = "",
) -> OcrSetupInfo:
    """Create or change the OCR set-up of a bank account; the whole set-up is checked first."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        _bank(session, company_id, bank_account_no)
        ensure_ocr_journal(session, company_id)
        row = session.get(m.OcrSetup, (company_id, bank_account_no))
        if row is None:
            row = m.OcrSetup(
                company_id=company_id,
                bank_account_no=bank_account_no,
                agreement_id="",
                journal_template=OCR_TEMPLATE,
                journal_batch=OCR_BATCH,
                max_divergence=ZERO,
                divergence_account="",
                unknown_kid="leave",
                suspense_customer_no="",
            )
            session.add(row)
        changes: dict[str, Any] = {
            "agreement_id": agreement_id.strip() if agreement_id is not None else None,
            "journal_template": journal_template.strip().upper() if journal_template else None,
            "journal_batch": journal_batch.strip().upper() if journal_batch else None,
            "max_divergence": max_divergence,
            "divergence_account": divergence_account.strip()
            if divergence_account is not None
            else None,
            "unknown_kid": unknown_kid.strip().lower() if unknown_kid is not None else None,
            "suspense_customer_no": suspense_customer_no.strip()
            if suspense_customer_no is not None
            else None,
        }
        for name, value in changes.items():
            if value is not None:
                setattr(row, name, value)
        _check_setup(session, company_id, row)
        info = _info(row)
        audit.record(
            session,
            company_id,
            user,
            "setup",
            "ocr_setup",
            bank_account_no,
            **{k: str(v) for k, v in changes.items() if v is not None},
        )
        uow.commit()
        return info


def _check_setup(session: Session, company_id: int, row: m.OcrSetup) -> None:
    if row.agreement_id and not (row.agreement_id.isdecimal() and len(row.agreement_id) == 9):
        raise ValidationError(
            f"agreement ID {row.agreement_id!r}: a Nets agreement ID has 9 digits"
        )
    template = session.get(m.JournalTemplate, (company_id, row.journal_template))
    if template is None:
        raise NotFoundError(f"Journal template {row.journal_template} does not exist")
    if template.force_doc_balance:
        raise ValidationError(
            f"Journal template {row.journal_template} balances per document type; OCR payments "
            "need a template that balances per document no. (force doc. balance off)"
        )
    if session.get(m.JournalBatch, (company_id, row.journal_template, row.journal_batch)) is None:
        raise NotFoundError(
            f"Journal batch {row.journal_template}/{row.journal_batch} does not exist"
        )
    if Decimal(row.max_divergence) < 0:
        raise ValidationError("max divergence cannot be negative")
    if row.divergence_account:
        account = session.get(m.GLAccount, (company_id, row.divergence_account))
        if account is None:
            raise NotFoundError(f"G/L account {row.divergence_account} does not exist")
        if account.kind is not GLAccountKind.POSTING or account.blocked:
            raise ValidationError(
                f"G/L account {row.divergence_account} cannot be posted to (heading or blocked)"
            )
    elif Decimal(row.max_divergence) > 0:
        raise ValidationError(
            "a max divergence needs a divergence account (the G/L account for the difference)"
        )
    if row.unknown_kid not in UNKNOWN_KID_CHOICES:
        raise ValidationError(f"unknown KID handling {row.unknown_kid!r}: choose leave or suspense")
    if (
        row.suspense_customer_no
        and session.get(m.Customer, (company_id, row.suspense_customer_no)) is None
    ):
        raise NotFoundError(f"Customer {row.suspense_customer_no} does not exist")
    if row.unknown_kid == "suspense" and not row.suspense_customer_no:
        raise ValidationError("unknown KID = suspense needs a suspense customer")
