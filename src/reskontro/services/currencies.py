"""Currencies and exchange rates (LCY per one unit of the currency, from a date on)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, select

from reskontro.domain.errors import NotFoundError, ValidationError
from reskontro.storage import audit
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork


@dataclass(frozen=True)
class CurrencyInfo:
    code: str
    description: str
    realized_gains_account: str
    realized_losses_account: str
    appln_rounding_precision: Decimal
    rates: tuple[tuple[date, Decimal], ...]


def list_currencies(engine: Engine, company_id: int) -> list[CurrencyInfo]:
    with UnitOfWork(engine) as uow:
        rates: dict[str, list[tuple[date, Decimal]]] = {}
        for rate in uow.session.scalars(
            select(m.ExchangeRate)
            .where(m.ExchangeRate.company_id == company_id)
            .order_by(m.ExchangeRate.starting_date)
        ):
            rates.setdefault(rate.currency, []).append((rate.starting_date, rate.rate))
        return [
            CurrencyInfo(
                c.code,
                c.description,
                c.realized_gains_account,
                c.realized_losses_account,
                c.appln_rounding_precision,
                tuple(rates.get(c.code, [])),
            )
            for c in uow.session.scalars(
                select(m.Currency)
                .where(m.Currency.company_id == company_id)
                .order_by(m.Currency.code)
            )
        ]


def set_exchange_rate(
    engine: Engine,
    company_id: int,
    currency: str,
    starting_date: date,
    rate: Decimal,
    *,
    user: str = "",
) -> CurrencyInfo:
    """Set the rate (LCY per unit) that applies from *starting_date* on."""
    code = currency.strip().upper()
    if rate <= 0:
        raise ValidationError(f"An exchange rate must be positive, not {rate}")
    if rate.as_tuple().exponent < -6:  # type: ignore[operator]
        raise ValidationError(f"Exchange rate {rate} has more than 6 decimals")
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        if session.get(m.Currency, (company_id, code)) is None:
            raise NotFoundError(f"Currency {code} does not exist")
        row = session.get(m.ExchangeRate, (company_id, code, starting_date))
        if row is None:
            session.add(
                m.ExchangeRate(
                    company_id=company_id, currency=code, starting_date=starting_date, rate=rate
                )
            )
        else:
            row.rate = rate
        audit.record(
            session,
            company_id,
            user,
            "setup",
            "exchange_rate",
            code,
            starting_date=starting_date.isoformat(),
            rate=str(rate),
        )
        uow.commit()
    return next(c for c in list_currencies(engine, company_id) if c.code == code)
