"""Three languages: every word in each catalogue; numbers and dates as each language writes them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from reskontro.domain.access import Role
from reskontro.domain.enums import AccountType, ApplicationMethod, Blocked, DocumentType
from reskontro.domain.kid_setup import KidLayout
from reskontro.interfaces.web.i18n import CATALOGUES, Formatter, best_language, translate
from tests.web.conftest import Books, Browser

WEB = Path(__file__).parents[2] / "src" / "reskontro" / "interfaces" / "web"
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
QUOTED_KEY = re.compile(r"""["']((?:done|error|form|apply)\.[a-z0-9_]+)["']""")


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [*WEB.rglob("*.html"), *WEB.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        found = set(LITERAL_KEY.findall(text)) | set(QUOTED_KEY.findall(text))
        # "sales.new_" ~ kind is completed below; "error.html" is a template's name.
        keys |= {k for k in found if not k.endswith(("_", ".html", "."))}
    keys |= {f"doctype.{d.value or 'none'}" for d in DocumentType}
    keys |= {f"acct.{a.value}" for a in AccountType}
    keys |= {f"role.{r.value}" for r in Role}
    keys |= {f"blocked.{b.value or 'no'}" for b in Blocked}
    keys |= {f"method.{m.value}" for m in ApplicationMethod}
    keys |= {f"kid.layout.{layout.value}" for layout in KidLayout}
    keys |= {
        f"sales.{state}_{kind}"
        for state in ("new", "draft", "posted")
        for kind in ("invoice", "credit_memo")
    }
    keys |= {
        f"field.{name}" for name in ("quantity", "unit_price", "amount", "posting_date", "as_of")
    }
    return keys


def test_every_language_has_every_message() -> None:
    english = set(CATALOGUES["en"])
    for language, messages in CATALOGUES.items():
        assert set(messages) == english, language
        for key, text in messages.items():
            assert text.strip(), (language, key)
            fields = set(re.findall(r"{(\w+)}", CATALOGUES["en"][key]))
            assert set(re.findall(r"{(\w+)}", text)) == fields, (language, key)


def test_every_message_the_pages_use_exists() -> None:
    missing = sorted(used_keys() - set(CATALOGUES["en"]))
    assert missing == []


def test_norwegian_and_swedish_use_the_nordic_bookkeeping_words() -> None:
    assert translate("nb", "nav.customers") == "Kunder"
    assert translate("nb", "nav.entries") == "Kundeposter"
    assert translate("nb", "journals.journal") == "Kladd"
    assert translate("nb", "action.post") == "Bokfør"
    assert translate("nb", "doctype.reminder") == "Purring"
    assert translate("sv", "nav.entries") == "Kundreskontratransaktioner"
    assert translate("sv", "journals.journal") == "Journal"
    assert translate("sv", "action.post") == "Bokför"
    assert translate("sv", "doctype.reminder") == "Påminnelse"


@pytest.mark.parametrize(
    ("language", "amount", "day"),
    [
        ("nb", "1\u00a0234,50", "02.03.2026"),
        ("sv", "1\u00a0234,50", "2026-03-02"),
        ("en", "1,234.50", "2 Mar 2026"),
    ],
)
def test_amounts_and_dates_are_written_the_way_each_language_writes_them(
    language: str, amount: str, day: str
) -> None:
    fmt = Formatter(language)
    assert fmt.money(Decimal("1234.5")) == amount
    assert fmt.date(date(2026, 3, 2)) == day


def test_the_login_page_speaks_the_browsers_language() -> None:
    assert best_language("nb-NO,nb;q=0.9") == "nb"
    assert best_language("sv") == "sv"
    assert best_language("de-DE") == "en"


def test_switching_to_norwegian_changes_every_label(books: Books, as_user: Any) -> None:
    books.invoice("1000.00", day=date(2026, 3, 2))
    vera: Browser = as_user("vera")
    assert "Customers" in vera.get("/customers").text
    switched = vera.post("/language", {"language": "nb", "next": "/customers/10000"})
    assert switched.headers["location"] == "/customers/10000"
    card = vera.get("/customers/10000").text
    assert '<html lang="nb">' in card
    assert "Kundeposter" in card and "Bokføringsdato" in card and "Forfallsdato" in card
    assert "02.03.2026" in card
    assert "1\u00a0250,00" in card
    assert "Customer ledger entries" not in card
    vera.post("/language", {"language": "sv", "next": "/"})
    assert "Kundreskontratransaktioner" in vera.get("/entries").text


def test_an_unknown_language_is_ignored(as_user: Any) -> None:
    vera: Browser = as_user("vera")
    vera.post("/language", {"language": "de", "next": "/"})
    assert '<html lang="en">' in vera.get("/").text


def test_the_login_page_can_be_read_in_each_language(browser: Browser) -> None:
    assert "Brukernavn" in browser.get("/login?lang=nb").text
    assert "Användarnamn" in browser.get("/login?lang=sv").text
    assert "Brukernavn" in browser.get("/login", headers={"Accept-Language": "nb-NO"}).text
    page = browser.get("/login?lang=nb")
    assert 'name="language" value="nb"' in page.text
