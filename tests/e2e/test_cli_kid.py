"""``reskontro setup kid`` shows and changes the KID set-up; posted invoices follow it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reskontro.domain.references.kid import is_valid
from reskontro.interfaces.cli.main import app


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{db}", *args])
    return result.exit_code, result.output


def test_kid_setup_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "books.db"
    assert run(db, "init", "--company", "Kid AS", "--country", "NO")[0] == 0
    code, out = run(db, "setup", "kid", "--json")
    assert code == 0
    assert json.loads(out) == {
        "layout": "document_no",
        "document_no_length": 7,
        "customer_no_length": 0,
        "method": "mod10",
        "use_on_finance_charge_memo": False,
        "use_on_reminder": False,
    }
    code, out = run(
        db,
        "setup",
        "kid",
        "--layout",
        "customer_no+document_no",
        "--customer-no-length",
        "5",
        "--document-no-length",
        "6",
        "--method",
        "mod11",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["layout"] == "customer_no+document_no"
    assert run(db, "customer", "add", "10000", "--name", "Fjord AS")[0] == 0
    code, out = run(
        db,
        "invoice",
        "create",
        "--customer",
        "10000",
        "--line",
        "Rådgivning;1;1000;3",
        "--post",
        "--json",
    )
    assert code == 0, out
    posted = json.loads(out)
    kid = posted["payment_reference"]
    assert kid.startswith("10000" + posted["no"])
    assert is_valid(kid, "mod11")
    code, out = run(db, "setup", "kid", "--customer-no-length", "30")
    assert code == 1
    assert "at most 25" in out
