"""The command line's own behaviour: init, company list, global options, errors, JSON output."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from reskontro.domain.enums import Country
from reskontro.domain.errors import PostingError
from reskontro.interfaces.cli.main import app
from reskontro.interfaces.cli.output import dumps, jsonable
from reskontro.storage import models
from reskontro.storage.database import make_engine
from reskontro.storage.uow import UnitOfWork

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RESKONTRO_DATABASE_URL", "RESKONTRO_COMPANY", "RESKONTRO_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def add_company(url: str, name: str) -> None:
    """A bare company row, so these tests need no set-up service."""
    engine = make_engine(url)
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(
            models.Company(name=name, country="NO", currency="NOK", created_at=datetime.now(UTC))
        )
        uow.commit()
    engine.dispose()


def test_init_creates_the_schema_and_a_second_run_finds_it_current(tmp_path: Path) -> None:
    path = tmp_path / "books.db"
    url = f"sqlite:///{path}"

    first = run("--db", url, "init")
    assert first.exit_code == 0, first.output
    assert "Created the database schema" in first.stdout
    assert path.exists()

    second = run("--db", url, "init")
    assert second.exit_code == 0, second.output
    assert "already current" in second.stdout

    listed = run("--db", url, "company", "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == []


def test_database_url_comes_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"
    result = run("init", env={"RESKONTRO_DATABASE_URL": f"sqlite:///{path}"})
    assert result.exit_code == 0, result.output
    assert path.exists()


def test_company_list_on_an_empty_database_is_an_empty_json_list(sqlite_url: str) -> None:
    result = run("--db", sqlite_url, "company", "list", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_company_list_shows_the_companies(sqlite_url: str) -> None:
    add_company(sqlite_url, "Fjord Regnskap AS")
    add_company(sqlite_url, "Älvens Ekonomi AB")

    as_json = run("--db", sqlite_url, "company", "list", "--json")
    assert [c["name"] for c in json.loads(as_json.stdout)] == [
        "Fjord Regnskap AS",
        "Älvens Ekonomi AB",
    ]
    as_table = run("--db", sqlite_url, "company", "list")
    assert as_table.exit_code == 0, as_table.output
    assert "Älvens Ekonomi AB" in as_table.stdout


def test_the_only_company_is_chosen_without_company_option(sqlite_url: str) -> None:
    add_company(sqlite_url, "Fjord Regnskap AS")
    result = run("--db", sqlite_url, "company", "show", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] == "Fjord Regnskap AS"


def test_company_is_found_by_name_in_any_case_and_from_the_environment(sqlite_url: str) -> None:
    add_company(sqlite_url, "Fjord Regnskap AS")
    add_company(sqlite_url, "Älvens Ekonomi AB")

    by_option = run(
        "--db", sqlite_url, "--company", "älvens ekonomi ab", "company", "show", "--json"
    )
    assert json.loads(by_option.stdout)["name"] == "Älvens Ekonomi AB"

    by_env = run("--db", sqlite_url, "company", "show", "--json", env={"RESKONTRO_COMPANY": "1"})
    assert json.loads(by_env.stdout)["name"] == "Fjord Regnskap AS"


def test_an_unknown_company_is_refused_in_one_line(sqlite_url: str) -> None:
    add_company(sqlite_url, "Fjord Regnskap AS")
    result = run("--db", sqlite_url, "--company", "Nordlys AS", "company", "show")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["error: Company 'Nordlys AS' does not exist"]
    assert result.stdout == ""


def test_several_companies_and_no_choice_is_refused(sqlite_url: str) -> None:
    add_company(sqlite_url, "Fjord Regnskap AS")
    add_company(sqlite_url, "Älvens Ekonomi AB")
    result = run("--db", sqlite_url, "company", "show")
    assert result.exit_code == 1
    assert "choose one with --company" in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "is not a database URL"),
        ("mysql://user@localhost/books", "works with SQLite and PostgreSQL, not 'mysql'"),
        ("postgresql+nosuchdriver://user@localhost/books", "Cannot use the database"),
    ],
)
def test_a_bad_database_url_is_refused_with_a_clear_message(url: str, expected: str) -> None:
    result = run("--db", url, "init")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_init_refuses_a_database_file_in_a_missing_folder(tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path}/no/such/folder/books.db", "init")
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_a_missing_database_file_is_not_created_by_other_commands(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    result = run("--db", f"sqlite:///{path}", "company", "list")
    assert result.exit_code == 1
    assert "reskontro init" in result.stderr
    assert not path.exists()


def test_a_database_without_tables_asks_for_init(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    result = run("--db", f"sqlite:///{path}", "company", "list")
    assert result.exit_code == 1
    assert "reskontro init" in result.stderr
    assert "Traceback" not in result.output


def test_init_creates_a_company_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/books.db"
    args = ("--db", url, "init", "--company", "Fjord Regnskap AS", "--country", "no")

    created = run(*args, "--org-no", "923456783")
    assert created.exit_code == 0, created.output
    assert "Created the company Fjord Regnskap AS (NO, id 1)" in created.stdout
    listed = json.loads(run("--db", url, "company", "list", "--json").stdout)
    assert [(c["name"], c["country"], c["org_no"]) for c in listed] == [
        ("Fjord Regnskap AS", "NO", "923456783")
    ]

    again = run(*args)
    assert again.exit_code == 1
    assert len(again.stderr.splitlines()) == 1
    assert "already exists" in again.stderr


@pytest.mark.skipif(
    importlib.util.find_spec("reskontro.services.demo") is None,
    reason="the demo service is not in this version",
)
def test_init_demo_creates_the_demo_company(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/demo.db"
    result = run("--db", url, "init", "--demo")
    assert result.exit_code == 0, result.output
    assert "demo / demo" in result.stdout
    assert json.loads(run("--db", url, "company", "list", "--json").stdout)


def test_init_with_company_needs_a_country(tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path}/books.db", "init", "--company", "Fjord AS")
    assert result.exit_code == 2
    assert "--country" in result.output


def test_every_problem_of_a_refusal_gets_its_own_line(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_engine: object) -> list[object]:
        raise PostingError(
            "Nothing was posted",
            ["Line 1: customer 10000 is blocked", "Line 2: the posting date is\nnot allowed"],
        )

    monkeypatch.setattr("reskontro.services.companies.list_companies", refuse)
    result = run("--db", sqlite_url, "company", "list")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: Nothing was posted",
        "  Line 1: customer 10000 is blocked",
        "  Line 2: the posting date is not allowed",
    ]


def test_an_unexpected_error_exits_3_and_shows_the_traceback_only_when_debugging(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(_engine: object) -> list[object]:
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr("reskontro.services.companies.list_companies", fail)

    quiet = run("--db", sqlite_url, "company", "list")
    assert quiet.exit_code == 3
    assert quiet.stderr.startswith("internal error: RuntimeError: the disk caught fire")
    assert "Traceback" not in quiet.stderr

    loud = run("--db", sqlite_url, "company", "list", env={"RESKONTRO_DEBUG": "1"})
    assert loud.exit_code == 3
    assert "Traceback" in loud.stderr


def test_bad_usage_stays_exit_2() -> None:
    result = run("company", "list", "--no-such-option")
    assert result.exit_code == 2


def test_the_installed_command_reports_a_bad_url_without_a_traceback(tmp_path: Path) -> None:
    script = shutil.which("reskontro", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-c", _RUN_MAIN]
    done = subprocess.run(
        [*command, "--db", "nonsense", "company", "list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: 'nonsense' is not a database URL; "
        "use sqlite:///FILE or postgresql://USER@HOST/DATABASE"
    )
    assert list(tmp_path.iterdir()) == []


_RUN_MAIN = "from reskontro.interfaces.cli.main import main; main()"


# -- JSON output ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    document_no: str
    posting_date: date
    amount: Decimal
    rate: Decimal
    country: Country
    due_date: date | None
    open: bool
    entry_no: int


def test_json_output_follows_the_contract() -> None:
    entry = _Entry(
        document_no="103001",
        posting_date=date(2026, 11, 20),
        amount=Decimal("1234.5"),
        rate=Decimal("10.654321"),
        country=Country.SE,
        due_date=None,
        open=True,
        entry_no=7,
    )
    assert jsonable([entry]) == [
        {
            "document_no": "103001",
            "posting_date": "2026-11-20",
            "amount": "1234.50",
            "rate": "10.654321",
            "country": "SE",
            "due_date": None,
            "open": True,
            "entry_no": 7,
        }
    ]
    assert '"amount": "1234.50"' in dumps(entry)


def test_json_output_refuses_floats() -> None:
    with pytest.raises(TypeError, match="float"):
        jsonable({"amount": 0.1})
