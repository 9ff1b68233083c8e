"""Master data commands: customers, vendors, the company's bank accounts and its set-up.

``reskontro customer add 10000 --name "Fjord Fisk AS" --payment-terms 2%10N30`` and the like.
The option value parsers at the top (dates, amounts, numbers) are shared by the other command
modules of this package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

import typer

from reskontro.domain.errors import AmountError
from reskontro.domain.money import parse_amount
from reskontro.interfaces.cli.main import (
    JsonOption,
    bank_account_app,
    customer_app,
    get_state,
    setup_app,
    vendor_app,
)

T = TypeVar("T")

# -- option values shared by the command modules -----------------------------------------------


def iso_date(text: str) -> date:
    """An ISO date (``2026-11-20``) from the command line."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date; use YYYY-MM-DD") from None


def money(text: str) -> Decimal:
    """An amount from the command line: ``1225.00``, ``-1 225,00``; never a float."""
    try:
        return parse_amount(text)
    except AmountError as exc:
        raise typer.BadParameter(f"{exc}; write amounts like -1225.00") from None


def number(text: str) -> Decimal:
    """A plain decimal number (a percentage, a quantity): ``2.5`` or ``2,5``."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise typer.BadParameter(f"{text!r} is not a number; use e.g. 2.5")
    return value


def given(**values: T | None) -> dict[str, T]:
    """The options the user gave (those not None), for a service's ``changes``."""
    return {name: value for name, value in values.items() if value is not None}


def nothing_to_change(values: Mapping[str, object]) -> None:
    if not values:
        raise typer.BadParameter("give at least one option with a new value (see --help)")


def done(message: str) -> None:
    """A one-line confirmation on stdout."""
    typer.echo(message)


# -- customers and vendors -----------------------------------------------------------------

Text = str | None
NoArg = Annotated[str, typer.Argument(help="The number.")]
NameOpt = Annotated[Text, typer.Option("--name", metavar="NAME", help="Name.")]
AddressOpt = Annotated[Text, typer.Option("--address", metavar="TEXT", help="Street address.")]
PostCodeOpt = Annotated[Text, typer.Option("--post-code", metavar="CODE", help="Post code.")]
CityOpt = Annotated[Text, typer.Option("--city", metavar="TEXT", help="City.")]
CountryOpt = Annotated[
    Text,
    typer.Option(
        "--country", metavar="CODE", help="Two-letter country code; empty = the company's own."
    ),
]
EmailOpt = Annotated[Text, typer.Option("--email", metavar="ADDRESS", help="E-mail address.")]
OrgNoOpt = Annotated[Text, typer.Option("--org-no", metavar="NUMBER", help="Organisation number.")]
BankAccountOpt = Annotated[
    Text, typer.Option("--bank-account", metavar="NUMBER", help="Domestic bank account number.")
]
IbanOpt = Annotated[Text, typer.Option("--iban", metavar="IBAN", help="IBAN.")]
CurrencyOpt = Annotated[
    Text,
    typer.Option("--currency", metavar="CODE", help="Currency code; empty = the company's own."),
]
TermsOpt = Annotated[
    Text,
    typer.Option(
        "--payment-terms", metavar="CODE", help="Payment terms code, e.g. 30D or 2%10N30."
    ),
]
GroupOpt = Annotated[
    Text, typer.Option("--posting-group", metavar="CODE", help="Posting group code.")
]
LimitOpt = Annotated[
    int, typer.Option("--limit", metavar="N", min=1, help="Show at most this many.")
]
OffsetOpt = Annotated[
    int, typer.Option("--offset", metavar="N", min=0, help="Skip this many first.")
]

PARTY_COLUMNS = (
    "no",
    "name",
    "city",
    "country",
    "currency",
    "payment_terms",
    "blocked",
    "balance",
)


def _party_service(label: str, action: str) -> Callable[..., Any]:
    from reskontro.services import masterdata

    name = f"{action}_{label}s" if action == "list" else f"{action}_{label}"
    function: Callable[..., Any] = getattr(masterdata, name)
    return function


def _add_party_commands(group: typer.Typer, label: str) -> None:
    """``add``, ``update``, ``show``, ``list``, ``block`` and ``unblock`` for *label*s."""
    title = label.capitalize()

    @group.command("add", help=f"Add a {label}.")
    def add(
        ctx: typer.Context,
        no: NoArg,
        name: NameOpt,
        address: AddressOpt = "",
        post_code: PostCodeOpt = "",
        city: CityOpt = "",
        country: CountryOpt = "",
        email: EmailOpt = "",
        org_no: OrgNoOpt = "",
        bank_account: BankAccountOpt = "",
        iban: IbanOpt = "",
        currency: CurrencyOpt = "",
        payment_terms: TermsOpt = "",
        posting_group: GroupOpt = "",
    ) -> None:
        from reskontro.domain.parties import CustomerData, VendorData

        data_type = CustomerData if label == "customer" else VendorData
        data = data_type(
            no,
            name or "",
            address=address or "",
            post_code=post_code or "",
            city=city or "",
            country=country or "",
            email=email or "",
            org_no=org_no or "",
            bank_account=bank_account or "",
            iban=iban or "",
            currency=currency or "",
            payment_terms=payment_terms or "",
            posting_group=posting_group or "",
        )
        state = get_state(ctx)
        info = _party_service(label, "create")(
            state.engine, state.company_id, data, user=state.user
        )
        done(f"Created {label} {info.no} {info.name}.")

    @group.command("update", help=f"Change fields of a {label}; the number stays.")
    def update(
        ctx: typer.Context,
        no: NoArg,
        name: NameOpt = None,
        address: AddressOpt = None,
        post_code: PostCodeOpt = None,
        city: CityOpt = None,
        country: CountryOpt = None,
        email: EmailOpt = None,
        org_no: OrgNoOpt = None,
        bank_account: BankAccountOpt = None,
        iban: IbanOpt = None,
        currency: CurrencyOpt = None,
        payment_terms: TermsOpt = None,
        posting_group: GroupOpt = None,
    ) -> None:
        changes = given(
            name=name,
            address=address,
            post_code=post_code,
            city=city,
            country=country,
            email=email,
            org_no=org_no,
            bank_account=bank_account,
            iban=iban,
            currency=currency,
            payment_terms=payment_terms,
            posting_group=posting_group,
        )
        nothing_to_change(changes)
        state = get_state(ctx)
        info = _party_service(label, "update")(
            state.engine, state.company_id, no, changes, user=state.user
        )
        done(f"Changed {label} {info.no} {info.name}.")

    @group.command("show", help=f"Show a {label} with its balance.")
    def show(ctx: typer.Context, no: NoArg, as_json: JsonOption = False) -> None:
        from reskontro.interfaces.cli import output

        state = get_state(ctx)
        info = _party_service(label, "get")(state.engine, state.company_id, no)
        output.show_record(info, as_json=as_json, title=f"{title} {info.no}")

    @group.command("list", help=f"List {label}s by number, with their balances.")
    def list_(
        ctx: typer.Context,
        search: Annotated[
            str | None, typer.Option("--search", metavar="TEXT", help="Text in the number or name.")
        ] = None,
        limit: LimitOpt = 50,
        offset: OffsetOpt = 0,
        as_json: JsonOption = False,
    ) -> None:
        from reskontro.interfaces.cli import output

        state = get_state(ctx)
        rows = _party_service(label, "list")(
            state.engine, state.company_id, search=search, limit=limit, offset=offset
        )
        output.show(
            rows, as_json=as_json, columns=PARTY_COLUMNS, title=f"{title}s", empty=f"No {label}s."
        )

    @group.command("block", help=f"Block a {label}: for all posting, or only for invoicing.")
    def block(
        ctx: typer.Context,
        no: NoArg,
        invoice_only: Annotated[
            bool,
            typer.Option(
                "--invoice/--all", help="Block new invoices only, or all posting (default)."
            ),
        ] = False,
    ) -> None:
        blocked = "invoice" if invoice_only else "all"
        state = get_state(ctx)
        update_party = _party_service(label, "update")
        info = update_party(
            state.engine, state.company_id, no, {"blocked": blocked}, user=state.user
        )
        what = "for invoicing" if invoice_only else "for all posting"
        done(f"{title} {info.no} {info.name} is blocked {what}.")

    @group.command("unblock", help=f"Lift a {label}'s block.")
    def unblock(ctx: typer.Context, no: NoArg) -> None:
        state = get_state(ctx)
        info = _party_service(label, "update")(
            state.engine, state.company_id, no, {"blocked": ""}, user=state.user
        )
        done(f"{title} {info.no} {info.name} is no longer blocked.")


_add_party_commands(customer_app, "customer")
_add_party_commands(vendor_app, "vendor")


# -- bank accounts -------------------------------------------------------------------------

SwiftOpt = Annotated[Text, typer.Option("--swift", metavar="BIC", help="SWIFT/BIC code.")]
AccountNoOpt = Annotated[
    Text,
    typer.Option(
        "--bank-account-no", metavar="NUMBER", help="Domestic account number, e.g. 8601.11.17947."
    ),
]
BankGroupOpt = Annotated[
    Text,
    typer.Option("--posting-group", metavar="CODE", help="Bank posting group (its G/L account)."),
]
BANK_COLUMNS = ("no", "name", "iban", "currency", "posting_group", "gl_account", "balance")


@bank_account_app.command("add")
def bank_account_add(
    ctx: typer.Context,
    no: NoArg,
    name: NameOpt,
    iban: IbanOpt = "",
    currency: CurrencyOpt = "",
    bank_account_no: AccountNoOpt = "",
    swift: SwiftOpt = "",
    posting_group: BankGroupOpt = "",
) -> None:
    """Add one of the company's own bank accounts."""
    from reskontro.domain.parties import BankAccountData
    from reskontro.services.masterdata import add_bank_account

    data = BankAccountData(
        no,
        name or "",
        iban=iban or "",
        currency=currency or "",
        bank_account_no=bank_account_no or "",
        swift=swift or "",
        posting_group=posting_group or "",
    )
    state = get_state(ctx)
    info = add_bank_account(state.engine, state.company_id, data, user=state.user)
    done(f"Created bank account {info.no} {info.name} (G/L account {info.gl_account}).")


@bank_account_app.command("update")
def bank_account_update(
    ctx: typer.Context,
    no: NoArg,
    name: NameOpt = None,
    iban: IbanOpt = None,
    currency: CurrencyOpt = None,
    bank_account_no: AccountNoOpt = None,
    swift: SwiftOpt = None,
    posting_group: BankGroupOpt = None,
    blocked: Annotated[
        bool | None, typer.Option("--blocked/--not-blocked", help="Block or unblock it.")
    ] = None,
    match_tolerance: Annotated[
        Text,
        typer.Option(
            "--match-tolerance",
            metavar="AMOUNT|PCT%",
            help="How far a payment may differ from an entry and still match, e.g. 5.00 or 2%.",
        ),
    ] = None,
    csv_profile: Annotated[
        Text,
        typer.Option(
            "--csv-profile",
            metavar="NAME|FILE.json",
            help="The CSV profile its statements come in (none: forget it).",
        ),
    ] = None,
) -> None:
    """Change fields of a bank account."""
    from reskontro.services.masterdata import update_bank_account

    changes = given(
        name=name,
        iban=iban,
        currency=currency,
        bank_account_no=bank_account_no,
        swift=swift,
        posting_group=posting_group,
        blocked=blocked,
    )
    if match_tolerance is None and csv_profile is None:
        nothing_to_change(changes)
    if csv_profile is not None:
        from reskontro.interfaces.cli.statement_cmds import save_account_profile

        save_account_profile(ctx, no, csv_profile)
    state = get_state(ctx)
    if match_tolerance is not None:
        from reskontro.services.reconcile import set_match_tolerance

        shown = set_match_tolerance(
            state.engine, state.company_id, no, match_tolerance, user=state.user
        )
        done(f"Bank account {no} matches payments within {shown}.")
    if changes:
        info = update_bank_account(state.engine, state.company_id, no, changes, user=state.user)
        done(f"Changed bank account {info.no} {info.name}.")


@bank_account_app.command("show")
def bank_account_show(ctx: typer.Context, no: NoArg, as_json: JsonOption = False) -> None:
    """Show a bank account with its balance."""
    from reskontro.interfaces.cli import output
    from reskontro.services.masterdata import get_bank_account

    state = get_state(ctx)
    info = get_bank_account(state.engine, state.company_id, no)
    output.show_record(info, as_json=as_json, title=f"Bank account {info.no}")


@bank_account_app.command("list")
def bank_account_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the company's bank accounts with their balances."""
    from reskontro.interfaces.cli import output
    from reskontro.services.masterdata import list_bank_accounts

    state = get_state(ctx)
    rows = list_bank_accounts(state.engine, state.company_id)
    output.show(
        rows,
        as_json=as_json,
        columns=BANK_COLUMNS,
        title="Bank accounts",
        empty="No bank accounts.",
    )


# -- set-up --------------------------------------------------------------------------------

payment_terms_app = typer.Typer(help="Payment terms (due date, payment discount).")
setup_app.add_typer(payment_terms_app, name="payment-terms", no_args_is_help=True)


@setup_app.command("gl")
def setup_gl(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show the general ledger set-up (payment tolerance, rounding, allowed posting dates)."""
    from reskontro.interfaces.cli import output
    from reskontro.services.setup import get_gl_setup

    state = get_state(ctx)
    output.show_record(
        get_gl_setup(state.engine, state.company_id), as_json=as_json, title="G/L set-up"
    )


@setup_app.command("gl-update")
def setup_gl_update(
    ctx: typer.Context,
    payment_tolerance_pct: Annotated[
        Decimal | None,
        typer.Option(
            "--payment-tolerance-pct", parser=number, metavar="PCT", help="Payment tolerance %."
        ),
    ] = None,
    max_payment_tolerance: Annotated[
        Decimal | None,
        typer.Option(
            "--max-payment-tolerance",
            parser=money,
            metavar="AMOUNT",
            help="Largest payment tolerance per entry.",
        ),
    ] = None,
    pmt_disc_grace_period: Annotated[
        str | None,
        typer.Option("--pmt-disc-grace-period", metavar="FORMULA", help="Date formula such as 5D."),
    ] = None,
    appln_rounding_precision: Annotated[
        Decimal | None,
        typer.Option(
            "--appln-rounding-precision",
            parser=money,
            metavar="AMOUNT",
            help="Application rounding precision, e.g. 1.00.",
        ),
    ] = None,
    pmt_disc_excl_vat: Annotated[
        bool | None,
        typer.Option(
            "--pmt-disc-excl-vat/--no-pmt-disc-excl-vat",
            help="Compute the payment discount on the amount without VAT.",
        ),
    ] = None,
    allow_posting_from: Annotated[
        date | None,
        typer.Option("--allow-posting-from", parser=iso_date, metavar="DATE"),
    ] = None,
    allow_posting_to: Annotated[
        date | None,
        typer.Option("--allow-posting-to", parser=iso_date, metavar="DATE"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Change settings of the general ledger set-up; shows the result."""
    from reskontro.interfaces.cli import output
    from reskontro.services.setup import update_gl_setup

    changes: dict[str, Any] = given(
        payment_tolerance_pct=payment_tolerance_pct,
        max_payment_tolerance=max_payment_tolerance,
        pmt_disc_grace_period=pmt_disc_grace_period,
        appln_rounding_precision=appln_rounding_precision,
        pmt_disc_excl_vat=pmt_disc_excl_vat,
        allow_posting_from=allow_posting_from,
        allow_posting_to=allow_posting_to,
    )
    nothing_to_change(changes)
    state = get_state(ctx)
    info = update_gl_setup(state.engine, state.company_id, **changes, user=state.user)
    output.show_record(info, as_json=as_json, title="G/L set-up")


@setup_app.command("accounts")
def setup_accounts(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the chart of accounts with balances."""
    from reskontro.interfaces.cli import output
    from reskontro.services.setup import list_gl_accounts

    state = get_state(ctx)
    output.show(
        list_gl_accounts(state.engine, state.company_id),
        as_json=as_json,
        title="Chart of accounts",
        empty="The chart of accounts is empty.",
    )


@payment_terms_app.command("list")
def payment_terms_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the payment terms."""
    from reskontro.interfaces.cli import output
    from reskontro.services.masterdata import list_payment_terms

    state = get_state(ctx)
    output.show(
        list_payment_terms(state.engine, state.company_id),
        as_json=as_json,
        title="Payment terms",
        empty="No payment terms.",
    )


@payment_terms_app.command("add")
def payment_terms_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Code, e.g. 2%10N30.")],
    description: Annotated[
        str, typer.Option("--description", metavar="TEXT", help="Description.")
    ] = "",
    due_date_formula: Annotated[
        str, typer.Option("--due-date-formula", metavar="FORMULA", help="e.g. 30D.")
    ] = "",
    discount_date_formula: Annotated[
        str, typer.Option("--discount-date-formula", metavar="FORMULA", help="e.g. 10D.")
    ] = "",
    discount_pct: Annotated[
        Decimal | None,
        typer.Option("--discount-pct", parser=number, metavar="PCT", help="Payment discount %."),
    ] = None,
) -> None:
    """Add payment terms."""
    from reskontro.domain.parties import PaymentTermsData
    from reskontro.services.masterdata import add_payment_terms

    state = get_state(ctx)
    data = PaymentTermsData(
        code, description, due_date_formula, discount_date_formula, discount_pct or Decimal(0)
    )
    info = add_payment_terms(state.engine, state.company_id, data, user=state.user)
    done(f"Created payment terms {info.code}.")
