"""Master data as the user enters it (customers, vendors, bank accounts, payment terms) and
the checks it must pass.

The checks are pure and return every problem at once as ``(field, message)`` pairs, so a form
can mark each field and a CSV import can report each row. Each message names the field and the
value and says what to do. Identifiers are checked with python-stdnum and stored compact.

>>> data = normalise_party(
...     CustomerData("10000", "Fjord Fisk AS", org_no="NO 981 951 271 MVA", currency="nok"),
...     country="NO",
...     lcy="NOK",
... )
>>> data.org_no, data.currency, data.posting_group
('981951271', '', 'DOMESTIC')
>>> validate_customer(data, country="NO", payment_terms=set(), posting_groups={"DOMESTIC"},
...                   currencies={"EUR"})
[]
>>> bad = CustomerData("10001", "Feil AS", org_no="123", iban="NO93 8601 1117 948")
>>> for field, message in validate_customer(bad, country="NO", payment_terms=set(),
...                                         posting_groups={"DOMESTIC"}, currencies=set()):
...     print(message)
org_no 123: not a valid Norwegian organisation number (9 digits, MOD11)
iban NO93 8601 1117 948: not a valid IBAN; check the country code, the length and the check digits
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any, TypeVar

from stdnum import bic, iban
from stdnum.no import kontonr
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr

from reskontro.domain.dateformula import DateFormula
from reskontro.domain.enums import ApplicationMethod, Blocked
from reskontro.domain.errors import ValidationError

Problem = tuple[str, str]
"""(field, message): the message names the field and value and says what to do."""

DEFAULT_POSTING_GROUP = "DOMESTIC"
DEFAULT_BANK_POSTING_GROUP = "OPERATING"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_IBAN_PROBLEM = (
    "{field} {value}: not a valid IBAN; check the country code, the length and the check digits"
)
_KONTONR_PROBLEM = (
    "{field} {value}: not a valid Norwegian account number "
    "(11 digits with a MOD11 check digit, e.g. 8601.11.17947)"
)


@dataclass(frozen=True)
class PartyData:
    """A customer or vendor card (NAV: Customer / Vendor), without its ledger."""

    no: str
    name: str
    address: str = ""
    post_code: str = ""
    city: str = ""
    country: str = ""
    """ISO 3166 code; empty means the company's own country."""
    email: str = ""
    org_no: str = ""
    bank_account: str = ""
    iban: str = ""
    currency: str = ""
    """Empty for the company's own currency (LCY)."""
    payment_terms: str = ""
    posting_group: str = DEFAULT_POSTING_GROUP
    blocked: str = Blocked.NO
    """``""``, ``invoice`` (no new invoices) or ``all`` (nothing may be posted)."""
    application_method: str = ApplicationMethod.MANUAL
    block_payment_tolerance: bool = False


@dataclass(frozen=True)
class CustomerData(PartyData):
    """A customer as the user enters it."""


@dataclass(frozen=True)
class VendorData(PartyData):
    """A vendor as the user enters it."""


@dataclass(frozen=True)
class BankAccountData:
    """One of the company's own bank accounts (NAV: Bank Account)."""

    no: str
    name: str
    bank_account_no: str = ""
    iban: str = ""
    swift: str = ""
    currency: str = ""
    """Empty for the company's own currency (LCY)."""
    posting_group: str = DEFAULT_BANK_POSTING_GROUP
    blocked: bool = False


@dataclass(frozen=True)
class PaymentTermsData:
    """NAV: Payment Terms. The due and discount dates are date formulas from the document date."""

    code: str
    description: str = ""
    due_date_formula: str = ""
    discount_date_formula: str = ""
    discount_pct: Decimal = Decimal(0)


PARTY_LENGTHS = {
    "no": 20,
    "name": 100,
    "address": 100,
    "post_code": 20,
    "city": 50,
    "email": 100,
    "org_no": 20,
    "bank_account": 34,
    "iban": 34,
    "currency": 3,
    "payment_terms": 10,
    "posting_group": 20,
}
BANK_ACCOUNT_LENGTHS = {
    "no": 20,
    "name": 100,
    "bank_account_no": 34,
    "iban": 34,
    "swift": 11,
    "currency": 3,
    "posting_group": 20,
}
_CODE_FIELDS = ("currency", "payment_terms", "posting_group", "country")

P = TypeVar("P", bound=PartyData)
D = TypeVar("D")


# -- identifiers -------------------------------------------------------------------------


def compact_org_no(value: str, country: str) -> str | None:
    """The compact organisation number if *value* is valid in *country* (NO or SE), else None.

    >>> compact_org_no("NO 981 951 271 MVA", "NO"), compact_org_no("556036-0793", "SE")
    ('981951271', '5560360793')
    >>> compact_org_no("981951272", "NO") is None
    True
    """
    text = value.strip().upper()
    if country == "NO":
        text = text.removeprefix("NO").removesuffix("MVA")
        return str(no_orgnr.compact(text)) if no_orgnr.is_valid(text) else None
    if country == "SE":
        return str(se_orgnr.compact(text)) if se_orgnr.is_valid(text) else None
    return None


def compact_iban(value: str) -> str | None:
    return str(iban.compact(value)) if iban.is_valid(value) else None


def compact_norwegian_account(value: str) -> str | None:
    """An 11-digit Norwegian account number with a valid check digit, compact; else None."""
    if not kontonr.is_valid(value):
        return None
    compact = str(kontonr.compact(value))
    return compact if len(compact) == 11 else None


def org_no_problem(value: str, country: str) -> str | None:
    """What is wrong with *value* as an organisation number of *country* (NO or SE), or None."""
    if compact_org_no(value, country) is not None:
        return None
    if country == "NO":
        return f"org_no {value}: not a valid Norwegian organisation number (9 digits, MOD11)"
    return (
        f"org_no {value}: not a valid Swedish organisation number "
        "(10 digits with a Luhn check digit, e.g. 556036-0793)"
    )


# -- customers and vendors ---------------------------------------------------------------


def normalise_party(data: P, *, country: str, lcy: str) -> P:
    """*data* tidied: trimmed, codes in capitals, valid identifiers compact, LCY as ``""``.

    *country* is the company's; a party with no country of its own is taken to be there.
    Invalid values are left as typed so the problems can quote them.
    """
    values = {
        f.name: getattr(data, f.name).strip()
        for f in fields(data)
        if isinstance(getattr(data, f.name), str)
    }
    for name in _CODE_FIELDS:
        values[name] = values[name].upper()
    values["blocked"] = values["blocked"].lower()
    values["application_method"] = values["application_method"].lower()
    values["posting_group"] = values["posting_group"] or DEFAULT_POSTING_GROUP
    if values["currency"] == lcy.upper():
        values["currency"] = ""
    party_country = values["country"] or country.upper()
    if values["org_no"]:
        values["org_no"] = compact_org_no(values["org_no"], party_country) or values["org_no"]
    if values["iban"]:
        values["iban"] = compact_iban(values["iban"]) or values["iban"]
    if values["bank_account"] and party_country == "NO":
        values["bank_account"] = (
            compact_norwegian_account(values["bank_account"]) or values["bank_account"]
        )
    return replace(data, **values)


def validate_party(
    data: PartyData,
    *,
    country: str,
    payment_terms: set[str],
    posting_groups: set[str],
    currencies: set[str],
    party: str = "customer",
) -> list[Problem]:
    """Every problem with *data*; an empty list means it may be saved.

    *country* is the company's country. Organisation and account numbers are checked by the
    rules of the party's own country (its ``country``, or the company's when empty); those of
    countries other than Norway and Sweden are not checked.
    """
    problems: list[Problem] = []

    def add(field: str, message: str) -> None:
        problems.append((field, message))

    if not data.no.strip():
        add("no", f"no: missing; every {party} needs a number")
    if not data.name.strip():
        add("name", f"name: missing; every {party} needs a name")
    problems += _too_long(data, PARTY_LENGTHS)
    party_country = (data.country or country).upper()
    if data.country and not _COUNTRY.match(data.country):
        add("country", f"country {data.country}: not a two-letter country code such as NO or SE")
    if data.email and not _EMAIL.match(data.email):
        add("email", f"email {data.email}: not an e-mail address; write it as name@example.no")
    if data.org_no and party_country in ("NO", "SE"):
        message = org_no_problem(data.org_no, party_country)
        if message:
            add("org_no", message)
    if data.iban and compact_iban(data.iban) is None:
        add("iban", _IBAN_PROBLEM.format(field="iban", value=data.iban))
    if (
        data.bank_account
        and party_country == "NO"
        and compact_norwegian_account(data.bank_account) is None
    ):
        add("bank_account", _KONTONR_PROBLEM.format(field="bank_account", value=data.bank_account))
    problems += _code_problems(data.currency, data.payment_terms, currencies, payment_terms)
    if data.posting_group not in posting_groups:
        shown = data.posting_group or "(empty)"
        add(
            "posting_group",
            f"posting_group {shown}: no such {party} posting group; "
            f"use one of {_one_of(posting_groups)}",
        )
    if data.blocked not in {b.value for b in Blocked}:
        add("blocked", f"blocked {data.blocked}: must be empty, invoice or all")
    if data.application_method not in {m.value for m in ApplicationMethod}:
        method = data.application_method
        add("application_method", f"application_method {method}: must be manual or apply_to_oldest")
    return problems


def validate_customer(
    data: PartyData,
    *,
    country: str,
    payment_terms: set[str],
    posting_groups: set[str],
    currencies: set[str],
) -> list[Problem]:
    """Every problem with a customer card; see :func:`validate_party`."""
    return validate_party(
        data,
        country=country,
        payment_terms=payment_terms,
        posting_groups=posting_groups,
        currencies=currencies,
        party="customer",
    )


def validate_vendor(
    data: PartyData,
    *,
    country: str,
    payment_terms: set[str],
    posting_groups: set[str],
    currencies: set[str],
) -> list[Problem]:
    """Every problem with a vendor card; see :func:`validate_party`."""
    return validate_party(
        data,
        country=country,
        payment_terms=payment_terms,
        posting_groups=posting_groups,
        currencies=currencies,
        party="vendor",
    )


# -- bank accounts -----------------------------------------------------------------------


def normalise_bank_account(data: BankAccountData, *, country: str, lcy: str) -> BankAccountData:
    """*data* tidied like :func:`normalise_party`; SWIFT/BIC in capitals without spaces."""
    currency = data.currency.strip().upper()
    account_no = data.bank_account_no.strip()
    if account_no and country.upper() == "NO":
        account_no = compact_norwegian_account(account_no) or account_no
    swift = data.swift.strip().upper().replace(" ", "")
    return replace(
        data,
        no=data.no.strip(),
        name=data.name.strip(),
        bank_account_no=account_no,
        iban=compact_iban(data.iban) or data.iban.strip(),
        swift=swift,
        currency="" if currency == lcy.upper() else currency,
        posting_group=data.posting_group.strip().upper() or DEFAULT_BANK_POSTING_GROUP,
    )


def validate_bank_account(
    data: BankAccountData,
    *,
    country: str,
    posting_groups: set[str],
    currencies: set[str],
) -> list[Problem]:
    """Every problem with one of the company's bank accounts (*country* is the company's)."""
    problems: list[Problem] = []

    def add(field: str, message: str) -> None:
        problems.append((field, message))

    if not data.no.strip():
        add("no", "no: missing; every bank account needs a number such as BANK")
    if not data.name.strip():
        add("name", "name: missing; every bank account needs a name")
    problems += _too_long(data, BANK_ACCOUNT_LENGTHS)
    account_no = data.bank_account_no
    if account_no and country.upper() == "NO" and compact_norwegian_account(account_no) is None:
        add("bank_account_no", _KONTONR_PROBLEM.format(field="bank_account_no", value=account_no))
    if data.iban and compact_iban(data.iban) is None:
        add("iban", _IBAN_PROBLEM.format(field="iban", value=data.iban))
    if data.swift and not bic.is_valid(data.swift):
        add("swift", f"swift {data.swift}: not a valid SWIFT/BIC code (8 or 11 characters)")
    problems += _code_problems(data.currency, "", currencies, set())
    if data.posting_group not in posting_groups:
        shown = data.posting_group or "(empty)"
        add(
            "posting_group",
            f"posting_group {shown}: no such bank posting group; "
            f"use one of {_one_of(posting_groups)}",
        )
    return problems


# -- payment terms -----------------------------------------------------------------------


def normalise_payment_terms(data: PaymentTermsData) -> PaymentTermsData:
    """*data* tidied: code in capitals, date formulas in their standard form where valid.

    >>> normalise_payment_terms(PaymentTermsData(" 14d ", "14 dager", " 14d")).code
    '14D'
    """
    formulas: dict[str, str] = {}
    for name in ("due_date_formula", "discount_date_formula"):
        value: str = getattr(data, name).strip()
        try:
            formulas[name] = str(DateFormula.parse(value))
        except ValidationError:
            formulas[name] = value
    return replace(
        data,
        code=data.code.strip().upper(),
        description=data.description.strip(),
        due_date_formula=formulas["due_date_formula"],
        discount_date_formula=formulas["discount_date_formula"],
    )


def validate_payment_terms(data: PaymentTermsData) -> list[Problem]:
    """Every problem with payment terms.

    >>> for _, message in validate_payment_terms(PaymentTermsData("X", "", "30D", "", Decimal(2))):
    ...     print(message)
    discount_date_formula: missing; a 2 % discount needs a date formula such as 10D
    """
    problems: list[Problem] = []
    if not data.code.strip():
        problems.append(("code", "code: missing; give the terms a code such as 30D"))
    elif len(data.code) > 10:
        problems.append(("code", f"code {data.code}: too long; at most 10 characters"))
    if len(data.description) > 100:
        problems.append(("description", "description: too long; at most 100 characters"))
    for name in ("due_date_formula", "discount_date_formula"):
        try:
            DateFormula.parse(getattr(data, name))
        except ValidationError as exc:
            problems.append((name, f"{name} {exc}"))
    pct = data.discount_pct
    if not isinstance(pct, Decimal) or not Decimal(0) <= pct <= Decimal(100):
        problems.append(
            ("discount_pct", f"discount_pct {pct}: must be a number from 0 to 100 (per cent)")
        )
    elif pct and not data.discount_date_formula.strip():
        message = (
            f"discount_date_formula: missing; a {pct} % discount needs a date formula such as 10D"
        )
        problems.append(("discount_date_formula", message))
    return problems


# -- shared ------------------------------------------------------------------------------


def apply_changes(current: D, changes: Mapping[str, object], *, key: str, label: str) -> D:
    """*current* (a dataclass) with *changes*; refuses unknown fields, a new *key*, wrong types.

    >>> apply_changes(CustomerData("10000", "A"), {"email": "a@b.no"}, key="no", label="x").email
    'a@b.no'
    >>> apply_changes(CustomerData("10000", "A"), {"no": "2"}, key="no", label="Customer 10000")
    Traceback (most recent call last):
        ...
    reskontro.domain.errors.ValidationError: Customer 10000: no cannot be changed once created
    """
    known: dict[str, Any] = {f.name: getattr(current, f.name) for f in fields(current)}  # type: ignore[arg-type]
    unknown = sorted(set(changes) - set(known))
    if unknown:
        editable = ", ".join(name for name in known if name != key)
        raise ValidationError(
            f"{label} has no field {', '.join(unknown)}; you can change {editable}"
        )
    if key in changes and changes[key] != known[key]:
        raise ValidationError(f"{label}: {key} cannot be changed once created")
    for name, value in changes.items():
        expected: type = str if isinstance(known[name], str) else type(known[name])
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            raise ValidationError(f"{label}: {name} {value!r} must be a {expected.__name__}")
    return replace(current, **changes)  # type: ignore[type-var]


def problems_text(subject: str, problems: list[Problem]) -> str:
    """One message for a refusal: ``Customer 10000 cannot be saved: a; b``."""
    return f"{subject} cannot be saved: " + "; ".join(message for _, message in problems)


# -- helpers -----------------------------------------------------------------------------


def _too_long(data: PartyData | BankAccountData, lengths: dict[str, int]) -> list[Problem]:
    problems: list[Problem] = []
    for name, limit in lengths.items():
        value = getattr(data, name)
        if isinstance(value, str) and len(value) > limit:
            problems.append(
                (name, f"{name} {value[:24]}…: too long ({len(value)} characters); at most {limit}")
            )
    return problems


def _code_problems(
    currency: str, terms: str, currencies: set[str], payment_terms: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    if currency and currency not in currencies:
        message = (
            f"currency {currency}: not a known currency; use one of {_one_of(currencies)} "
            "or leave it empty for the company's own currency"
        )
        problems.append(("currency", message))
    if terms and terms not in payment_terms:
        message = (
            f"payment_terms {terms}: no such payment terms; "
            f"use one of {_one_of(payment_terms)} or leave it empty"
        )
        problems.append(("payment_terms", message))
    return problems


def _one_of(codes: set[str]) -> str:
    return ", ".join(sorted(codes)) if codes else "(none set up yet)"
