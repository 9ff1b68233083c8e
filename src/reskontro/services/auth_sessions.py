"""Web sessions: the cookie holds a random id; only its SHA-256 is stored.

Logging in and out and switching company are in the audit trail; a change of language is not
(it is a display preference).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from reskontro.domain.access import Principal
from reskontro.domain.errors import AccessDenied, NotAuthenticated
from reskontro.services import auth_common as common
from reskontro.storage import audit
from reskontro.storage.models import User, WebSession
from reskontro.storage.uow import UnitOfWork

DEFAULT_SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class WebSessionInfo:
    principal: Principal
    csrf_token: str
    """Must come back with every form the session posts."""
    expires_at: datetime


def create_session(
    engine: Engine,
    user_id: int,
    company_id: int,
    *,
    language: str | None = None,
    lifetime: timedelta = DEFAULT_SESSION_LIFETIME,
) -> tuple[str, str]:
    """Start a web session of the user in the company: (session id for the cookie, CSRF token).

    Refuses a user who is inactive or has no role in the company. Expired sessions of every
    user are cleared on the way, so the table does not grow.
    """
    session_id = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    now = common.now()
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        principal = common.principal_of(session, user_id, company_id, "")
        if principal is None:
            raise AccessDenied("This user may not log in to this company")
        session.execute(delete(WebSession).where(WebSession.expires_at < now))
        session.add(
            WebSession(
                id_hash=common.digest(session_id),
                user_id=user_id,
                company_id=company_id,
                csrf_token=csrf_token,
                language=common.language_of(language) if language else principal.language,
                created_at=now,
                expires_at=now + lifetime,
            )
        )
        audit.record(session, company_id, principal.username, "login", "user", principal.username)
        uow.commit()
    return session_id, csrf_token


def _session_row(session: Session, session_id: str) -> WebSession | None:
    if not session_id:
        return None
    row = session.get(WebSession, common.digest(session_id))
    if row is None or common.aware(row.expires_at) <= common.now():
        return None
    return row


def load_session(engine: Engine, session_id: str) -> WebSessionInfo | None:
    """The live session behind a cookie; None when unknown, expired, or the user is inactive
    or no longer has a role in the session's company."""
    with UnitOfWork(engine) as uow:
        session = uow.session
        row = _session_row(session, session_id)
        if row is None:
            return None
        principal = common.principal_of(session, row.user_id, row.company_id, row.language)
        if principal is None:
            return None
        return WebSessionInfo(principal, row.csrf_token, common.aware(row.expires_at))


def end_session(engine: Engine, session_id: str) -> None:
    """Log out: the session id stops working at once. An unknown id is ignored."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row = session.get(WebSession, common.digest(session_id)) if session_id else None
        if row is None:
            return
        user = session.get(User, row.user_id)
        name = user.username if user is not None else ""
        audit.record(session, row.company_id, name, "logout", "user", name)
        session.delete(row)
        uow.commit()


def set_session_language(engine: Engine, session_id: str, language: str) -> None:
    """Show the session in *language*; it also becomes the user's choice for next time."""
    code = common.language_of(language)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row = _session_row(session, session_id)
        if row is None:
            raise NotAuthenticated("Your session has ended; log in again")
        row.language = code
        user = session.get(User, row.user_id)
        if user is not None:
            user.language = code
        uow.commit()


def switch_company(engine: Engine, session_id: str, company_id: int) -> WebSessionInfo:
    """Move the session to another company the user has a role in."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row = _session_row(session, session_id)
        if row is None:
            raise NotAuthenticated("Your session has ended; log in again")
        principal = common.principal_of(session, row.user_id, company_id, row.language)
        if principal is None:
            raise AccessDenied("You have no role in that company")
        if row.company_id != company_id:
            row.company_id = company_id
            audit.record(
                session,
                company_id,
                principal.username,
                "switch_company",
                "user",
                principal.username,
            )
        info = WebSessionInfo(principal, row.csrf_token, common.aware(row.expires_at))
        uow.commit()
        return info


def csrf_matches(info: WebSessionInfo, submitted: str | None) -> bool:
    """Whether a form's CSRF token is the session's (compared in constant time)."""
    return bool(submitted) and hmac.compare_digest(info.csrf_token, submitted or "")
