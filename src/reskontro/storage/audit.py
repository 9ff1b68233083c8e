"""The audit trail: one row per change a person made, written in the same transaction."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reskontro.storage.models import AuditEntry


def record(
    session: Session,
    company_id: int,
    user: str,
    action: str,
    object_type: str = "",
    object_id: str = "",
    **details: Any,
) -> None:
    """Note *action* (``post``, ``apply``, ``unapply``, ``reverse``, ``import``, ``setup`` …)."""
    last = session.scalar(
        select(func.max(AuditEntry.entry_no)).where(AuditEntry.company_id == company_id)
    )
    session.add(
        AuditEntry(
            company_id=company_id,
            entry_no=(last or 0) + 1,
            at=datetime.now(UTC),
            user_id=user or "system",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            details=json.dumps(details, default=str, ensure_ascii=False) if details else "",
        )
    )
