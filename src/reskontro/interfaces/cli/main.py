"""The ``reskontro`` command line (DESIGN §9).

Global options, given before the command:

* ``--db URL``: the database; else ``RESKONTRO_DATABASE_URL``; else ``sqlite:///reskontro.db``.
* ``--company NAME|ID``: the company to work on; else ``RESKONTRO_COMPANY``; else the only one.

Commands reach both through :func:`get_state`. The engine is made and the company looked up
only when a command asks for them, and services are imported inside the command functions, so
``--help`` and quick commands start fast.

Exit codes: 0 done; 1 refused (a :class:`ReskontroError`, or a database that cannot be used),
with the reason on stderr, one line per problem; 2 bad usage (Typer's own); 3 internal error,
with the traceback only when ``RESKONTRO_DEBUG=1``.

To add commands to a group, write a module in this package that imports the group from here
(``from reskontro.interfaces.cli.main import customer_app, get_state``), decorates functions
with ``@customer_app.command()``, and is named in :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from reskontro.domain.enums import Country
from reskontro.domain.errors import NotFoundError, ReskontroError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from reskontro.services.companies import CompanyInfo

EXIT_REFUSED = 1
EXIT_INTERNAL = 3
DATABASE_ENV = "RESKONTRO_DATABASE_URL"
COMPANY_ENV = "RESKONTRO_COMPANY"
DEBUG_ENV = "RESKONTRO_DEBUG"
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
URL_HINT = "use sqlite:///FILE or postgresql://USER@HOST/DATABASE"
NO_COMPANY_YET = (
    "There is no company yet; create one with: reskontro init --company NAME --country NO"
)
# SQLSTATEs and SQLite messages that mean the tables are missing or older than the code.
MISSING_SCHEMA_SQLSTATES = ("42P01", "42703")
MISSING_SCHEMA_SQLITE = ("no such table", "no such column")


# -- the state behind the global options ----------------------------------------------------


class CliState:
    """What the global options chose; the database is opened on first use."""

    def __init__(self, db_url: str | None = None, company_ref: str | None = None) -> None:
        self.db_url = db_url
        self.company_ref = company_ref
        # Only ``init`` may create a new SQLite file. Other commands refuse a missing file, so
        # a mistyped path is reported instead of quietly becoming an empty database.
        self.may_create = False
        self._engine: Engine | None = None
        self._company: CompanyInfo | None = None

    @property
    def url(self) -> str:
        from reskontro.storage.database import resolve_url

        return resolve_url(self.db_url)

    @property
    def shown_url(self) -> str:
        """The database URL for messages, with any password hidden."""
        return shown_url(self.url)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_database(self.url, may_create=self.may_create)
        return self._engine

    @property
    def company(self) -> CompanyInfo:
        """The company named by ``--company``, or the only one in the database."""
        if self._company is None:
            from reskontro.services.companies import resolve_company

            self._company = resolve_company(self.engine, self.company_ref)
        return self._company

    @property
    def company_id(self) -> int:
        return self.company.id

    @property
    def user(self) -> str:
        """Who runs the command, for registers and the audit trail: ``RESKONTRO_USER``, else
        the login name, marked as coming from the command line."""
        import getpass

        name = os.environ.get("RESKONTRO_USER", "")
        if not name:
            try:
                name = getpass.getuser()
            except (OSError, KeyError):
                name = ""
        return f"cli:{name}" if name else "cli"

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def get_state(ctx: typer.Context) -> CliState:
    """The state of this invocation (a default one when a group runs on its own, as in tests)."""
    state = ctx.find_object(CliState)
    if state is None:
        state = CliState()
        ctx.obj = state
        ctx.call_on_close(state.close)
    return state


def shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def open_database(url: str, *, may_create: bool) -> Engine:
    """An engine for *url*, or a refusal that says what is wrong with the URL."""
    from sqlalchemy.exc import ArgumentError

    from reskontro.storage.database import make_engine, normalise_url

    try:
        parsed = normalise_url(url)
    except ArgumentError:
        raise ValidationError(f"{url!r} is not a database URL; {URL_HINT}") from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise ValidationError(
            f"reskontro works with SQLite and PostgreSQL, not {backend!r} "
            f"({shown_url(url)}); {URL_HINT}"
        )
    if backend == "sqlite":
        check_sqlite_file(parsed.database, may_create=may_create)
    try:
        return make_engine(url)
    except (ArgumentError, ImportError) as exc:
        # An unknown driver, such as postgresql+nosuchdriver://
        raise ValidationError(f"Cannot use the database {shown_url(url)}: {exc}") from None


def check_sqlite_file(database: str | None, *, may_create: bool) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.is_dir():
        raise ValidationError(f"{path} is a folder, not a database file")
    if path.exists():
        return
    if not may_create:
        raise NotFoundError(
            f"The database file {path} does not exist; create it with: reskontro init"
        )
    if not path.parent.is_dir():
        raise NotFoundError(
            f"Cannot create the database file {path}: the folder {path.parent} does not exist"
        )


# -- errors: one place turns them into messages and exit codes -------------------------------


def one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def report_refusal(exc: ReskontroError) -> None:
    """The reason on stderr; each problem of a batch (posting, import) on its own line."""
    message = one_line(str(exc)) or type(exc).__name__
    typer.echo(f"error: {message}", err=True)
    problems: list[str] = getattr(exc, "problems", None) or []
    for problem in problems:
        line = one_line(str(problem))
        if line and line != message:
            typer.echo(f"  {line}", err=True)


def database_problem(exc: BaseException, state: CliState | None) -> str | None:
    """A message for a database that cannot be used, or None if *exc* is about something else."""
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy.exc import DBAPIError, OperationalError

    if not isinstance(exc, DBAPIError):
        return None
    where = state.shown_url if state is not None else "the database"
    original = exc.orig
    if getattr(original, "sqlstate", None) in MISSING_SCHEMA_SQLSTATES or any(
        text in str(original) for text in MISSING_SCHEMA_SQLITE
    ):
        return (
            f"The database {where} has no reskontro tables, or older ones; "
            "create or upgrade them with: reskontro init"
        )
    if isinstance(exc, OperationalError) or exc.connection_invalidated:
        reason = one_line(str(original)) or type(original).__name__
        return f"Cannot use the database {where}: {reason}"
    return None


def from_the_framework(exc: BaseException) -> bool:
    """Exits, aborts and usage errors that Typer (or Click) reports itself."""
    return type(exc).__module__.split(".")[0] in ("typer", "click")


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() in ("1", "true", "yes")


class ReskontroGroup(TyperGroup):
    """The top command group; every command runs inside its error handling."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReskontroError as exc:
            report_refusal(exc)
            raise typer.Exit(EXIT_REFUSED) from None
        except Exception as exc:
            if from_the_framework(exc):
                raise
            message = database_problem(exc, ctx.find_object(CliState))
            if message is not None:
                typer.echo(f"error: {message}", err=True)
                raise typer.Exit(EXIT_REFUSED) from None
            if debugging():
                traceback.print_exc(file=sys.stderr)
            detail = one_line(str(exc))
            typer.echo(
                f"internal error: {type(exc).__name__}{': ' + detail if detail else ''}"
                + ("" if debugging() else f" (set {DEBUG_ENV}=1 for the traceback)"),
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None


# -- the app and its groups -----------------------------------------------------------------

app = typer.Typer(
    name="reskontro",
    cls=ReskontroGroup,
    help="Receivables and bank reconciliation for Norwegian and Swedish companies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.callback()
def global_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            envvar=DATABASE_ENV,
            help="The database: sqlite:///FILE or postgresql://USER@HOST/DATABASE. "
            "Default: sqlite:///reskontro.db in the current folder.",
        ),
    ] = None,
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            metavar="NAME|ID",
            envvar=COMPANY_ENV,
            help="The company to work on; not needed when the database has only one.",
        ),
    ] = None,
) -> None:
    state = CliState(db or None, company or None)
    ctx.obj = state
    ctx.call_on_close(state.close)


def _group(name: str, help_text: str) -> typer.Typer:
    group = typer.Typer(help=help_text, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


company_app = _group("company", "Companies in the database.")
customer_app = _group("customer", "Customers.")
vendor_app = _group("vendor", "Vendors.")
bank_account_app = _group("bank-account", "Bank accounts.")
setup_app = _group("setup", "Company set-up (KID, number series and the like).")
import_app = _group("import", "Import master data and open items from CSV files.")
journal_app = _group("journal", "Journals.")
invoice_app = _group("invoice", "Sales invoices.")
credit_memo_app = _group("credit-memo", "Sales credit memos.")
ledger_app = _group("ledger", "Ledger entries.")
report_app = _group("report", "Reports.")


# -- init ------------------------------------------------------------------------------------


def schema_message(before: str | None, now: str, where: str) -> str:
    if before is None:
        return f"Created the database schema in {where} (revision {now})."
    if before == now:
        return f"The database schema in {where} is already current (revision {now})."
    return f"Upgraded the database schema in {where} from revision {before} to {now}."


@app.command()
def init(
    ctx: typer.Context,
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            metavar="NAME",
            help="Also create this company, with its country's standard set-up.",
        ),
    ] = None,
    country: Annotated[
        Country | None,
        typer.Option("--country", case_sensitive=False, help="The new company's country."),
    ] = None,
    org_no: Annotated[
        str,
        typer.Option("--org-no", metavar="NUMBER", help="The new company's organisation number."),
    ] = "",
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Add a demo company with data, and the web user demo."),
    ] = False,
) -> None:
    """Create or upgrade the database schema; with options, add a company or the demo."""
    if company and country is None:
        raise typer.BadParameter(
            "give the new company's country: --country NO or --country SE",
            param_hint="'--country'",
        )
    if not company and (country is not None or org_no):
        raise typer.BadParameter(
            "--country and --org-no describe a new company; name it with --company",
            param_hint="'--company'",
        )
    state = get_state(ctx)
    state.may_create = True
    from reskontro.storage.schema import upgrade

    before, now = upgrade(state.engine)
    typer.echo(schema_message(before, now, state.shown_url))

    if company and country is not None:
        from reskontro.services.setup import create_company

        info = create_company(state.engine, company, country.value, org_no=org_no)
        typer.echo(f"Created the company {info.name} ({info.country}, id {info.id}).")

    if demo:
        from reskontro.services.demo import create_demo

        created = create_demo(state.engine)
        info = created.company
        typer.echo(f"Created the demo company {info.name} ({info.country}, id {info.id}).")
        typer.echo("Start the web app with: reskontro serve, and log in as demo / demo.")


# -- company ---------------------------------------------------------------------------------


@company_app.command("list")
def company_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the companies in the database."""
    from reskontro.interfaces.cli import output
    from reskontro.services.companies import list_companies

    companies = list_companies(get_state(ctx).engine)
    output.show(
        companies,
        as_json=as_json,
        title="Companies",
        empty=NO_COMPANY_YET,
    )


@company_app.command("show")
def company_show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show the company that commands work on (--company, or the only one)."""
    from reskontro.interfaces.cli import output

    output.show_record(get_state(ctx).company, as_json=as_json, title="Company")


# -- commands from other modules --------------------------------------------------------------

# Imported last, so that they can import the groups above from this module.
COMMAND_MODULES: tuple[str, ...] = (
    "masterdata_cmds",
    "journal_cmds",
    "document_cmds",
    "ledger_cmds",
    "report_cmds",
    "import_cmds",
    "currency_cmds",
    "user_cmds",
    "serve_cmds",
    "statement_cmds",
    "ocr_cmds",
    "bankrec_cmds",
    "reconcile_cmds",
)


def _load_command_modules() -> None:
    for name in COMMAND_MODULES:
        module = f"{__package__}.{name}"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


_load_command_modules()


def main() -> None:
    """The ``reskontro`` command."""
    app(prog_name="reskontro")
