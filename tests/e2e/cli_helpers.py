"""Running ``reskontro`` in tests: one set of books per test, JSON out, refusals checked."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner, Result

from reskontro.interfaces.cli.main import app

OUTSIDE_SETTINGS = ("RESKONTRO_DATABASE_URL", "RESKONTRO_COMPANY", "RESKONTRO_DEBUG")


class Books:
    """A fresh SQLite database with one company, driven through the command line only."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.runner = CliRunner()

    def run(self, *args: str, columns: int = 80) -> Result:
        """Run ``reskontro --db URL *args`` in a terminal *columns* wide."""
        return self.runner.invoke(app, ["--db", self.url, *args], env={"COLUMNS": str(columns)})

    def ok(self, *args: str, columns: int = 80) -> Result:
        """Run a command that must succeed."""
        result = self.run(*args, columns=columns)
        assert result.exit_code == 0, (args, result.output)
        return result

    def json(self, *args: str) -> Any:
        """Run a command with ``--json`` and return what it printed."""
        return json.loads(self.ok(*args, "--json").stdout)

    def refused(self, *args: str, code: int = 1) -> Result:
        """Run a command that must be refused with *code*, a reason and no traceback."""
        result = self.run(*args)
        assert result.exit_code == code, (args, result.exit_code, result.output)
        assert result.stderr.strip(), "a refusal must say why"
        assert "Traceback" not in result.output
        return result


def new_books(url: str, *, country: str = "NO") -> Books:
    """Books in the database at *url* (created, or with its schema already there)."""
    books = Books(url)
    books.ok("init", "--company", "Test AS", "--country", country)
    return books


def reason(result: Result) -> str:
    """The stderr of *result* as one line of text, without Rich's box drawing."""
    text = "".join(c for c in result.stderr if c not in "│╭╮╰╯─")
    return " ".join(text.split())
