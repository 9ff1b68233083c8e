"""What the user, session and token services share: finding users and their roles, the
principal of a user in a company, time and hashing helpers. Private to those services."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reskontro.domain.access import Principal, Role
from reskontro.domain.errors import NotFoundError, ValidationError
from reskontro.storage.models import Company, CompanyRole, User, WebSession

LANGUAGES = ("en", "nb", "sv")
"""The languages the user interface speaks."""

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,49}$")


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite gives timestamps back without a zone; they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def username_of(text: str) -> str:
    name = text.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            f"username {text!r}: use 1 to 50 letters a-z, digits, '.', '_', '-' or '@', "
            "starting with a letter or digit"
        )
    return name


def language_of(text: str) -> str:
    code = text.strip().lower()
    if code not in LANGUAGES:
        raise ValidationError(f"language {text!r}: use one of {', '.join(LANGUAGES)}")
    return code


def user_by_name(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username.strip().lower())).first()


def company_role(session: Session, company_id: int, user_id: int) -> CompanyRole | None:
    return session.get(CompanyRole, (company_id, user_id))


def member(session: Session, company_id: int, username: str) -> tuple[User, CompanyRole]:
    """The user and their role in the company; users of other companies are not found."""
    row = user_by_name(session, username)
    role = None if row is None else company_role(session, company_id, row.id)
    if row is None or role is None:
        raise NotFoundError(f"User {username.strip()} does not exist in this company")
    return row, role


def check_company(session: Session, company_id: int) -> Company:
    company = session.get(Company, company_id)
    if company is None:
        raise NotFoundError(f"Company {company_id} does not exist")
    return company


def principal_of(
    session: Session, user_id: int, company_id: int, language: str
) -> Principal | None:
    """The principal for a user in a company, or None if inactive or without a role there."""
    found = session.execute(
        select(User, CompanyRole.role)
        .join(CompanyRole, CompanyRole.user_id == User.id)
        .where(User.id == user_id, CompanyRole.company_id == company_id)
    ).first()
    if found is None:
        return None
    row, role = found
    if not row.active:
        return None
    return Principal(row.id, row.username, company_id, Role(role), language or row.language)


def end_sessions(session: Session, user_id: int, company_id: int | None) -> None:
    query = delete(WebSession).where(WebSession.user_id == user_id)
    if company_id is not None:
        query = query.where(WebSession.company_id == company_id)
    session.execute(query)
