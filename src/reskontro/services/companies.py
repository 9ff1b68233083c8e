"""Companies: find the one a command is about."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from reskontro.domain.errors import NotFoundError, ValidationError
from reskontro.storage.models import Company
from reskontro.storage.uow import UnitOfWork


@dataclass(frozen=True)
class CompanyInfo:
    id: int
    name: str
    country: str
    currency: str
    org_no: str = ""


def _info(row: Company) -> CompanyInfo:
    return CompanyInfo(row.id, row.name, row.country, row.currency, row.org_no)


def list_companies(engine: Engine) -> list[CompanyInfo]:
    with UnitOfWork(engine) as uow:
        rows = uow.session.scalars(select(Company).order_by(Company.id)).all()
        return [_info(r) for r in rows]


def resolve_company(engine: Engine, ref: str | int | None = None) -> CompanyInfo:
    """The company named by *ref* (id or name, any case); the only company when *ref* is None."""
    companies = list_companies(engine)
    if not companies:
        raise NotFoundError(
            "There is no company yet; create one with: reskontro init --company NAME --country NO"
        )
    if ref is None or ref == "":
        if len(companies) == 1:
            return companies[0]
        names = ", ".join(c.name for c in companies)
        raise ValidationError(f"There are several companies ({names}); choose one with --company")
    text = str(ref).strip()
    for company in companies:
        if text == str(company.id) or text.casefold() == company.name.casefold():
            return company
    raise NotFoundError(f"Company {text!r} does not exist")
