"""The web app in a real browser: Debian's Chromium driven by Playwright, against the real
server (uvicorn with ``create_app``) on a free port of this machine.

Screenshots of the main pages go to ``artifacts/screenshots/``. Without Chromium or Playwright
the tests skip and say why; with ``CI=true`` a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from argon2 import PasswordHasher

from reskontro.domain.enums import DocumentType
from reskontro.domain.parties import CustomerData
from reskontro.interfaces.app import create_app
from reskontro.services import auth, masterdata
from reskontro.services.documents import SalesDocumentInput, SalesLineInput, create_sales_document
from reskontro.services.setup import create_company
from reskontro.storage.database import make_engine

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parents[2] / "artifacts" / "screenshots"
PASSWORD = "demo-password"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium is not at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true needs the browser tests to run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Site:
    def __init__(self, base: str, engine: Any, company_id: int) -> None:
        self.base = base
        self.engine = engine
        self.company_id = company_id


@pytest.fixture
def site(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The real server on a temporary database: company Fjord AS, users demo (admin) and
    vera (viewer), customer 10000."""
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    engine = make_engine(sqlite_url)
    company = create_company(engine, "Fjord AS", "NO")
    auth.create_user(engine, "demo", PASSWORD, company_id=company.id, role="admin")
    auth.create_user(engine, "vera", PASSWORD, company_id=company.id, role="viewer")
    masterdata.create_customer(
        engine,
        company.id,
        CustomerData("10000", "Nordlys Bygg AS", city="Tromsø", payment_terms="14D"),
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", engine, company.id)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def new_page(chromium: Any) -> Any:
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def log_in(page: Any, site: Site, username: str) -> None:
    page.goto(site.base + "/")
    assert page.url.startswith(site.base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site.base + "/")


def test_an_invoice_is_posted_paid_in_the_cash_receipt_journal_and_closed(
    chromium: Any, site: Site
) -> None:
    page = new_page(chromium)
    page.goto(site.base + "/customers")
    assert "/login" in page.url and "Nordlys" not in page.content()
    shot(page, "01-login")
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site.base + "/customers")
    shot(page, "03-customers")

    # A new invoice: one line typed, one more row added by htmx, saved as a draft, posted.
    page.goto(site.base + "/sales/new?type=invoice&customer=10000")
    page.fill("input[name=line-0-description]", "Byggeledelse mars")
    page.fill("input[name=line-0-quantity]", "2")
    page.fill("input[name=line-0-unit_price]", "500")
    page.click("#add-line")
    page.wait_for_selector("input[name=line-3-description]")
    page.click("button.primary[type=submit]")
    page.wait_for_url(re.compile(r".*/sales/draft/invoice/D00001.*"))
    assert page.inner_text("#amount-including-vat") == "1,250.00"
    shot(page, "04-invoice-draft")
    page.click("#post-document")
    page.wait_for_url(re.compile(r".*/sales/posted/invoice/100001.*"))
    assert "Posted as 100001." in page.content()
    shot(page, "05-invoice-posted")

    page.goto(site.base + "/customers/10000")
    assert page.inner_text("#customer-balance") == "1,250.00"

    # The payment, applied to the invoice in the cash receipt journal CASH/DEFAULT.
    page.goto(site.base + "/journals/CASH/DEFAULT")
    row = "#add-row "
    page.fill(row + "input[name=posting_date]", date.today().isoformat())
    page.select_option(row + "select[name=document_type]", "payment")
    page.select_option(row + "select[name=account_type]", "customer")
    page.fill(row + "input[name=account_no]", "10000")
    page.fill(row + "input[name=description]", "Innbetaling Nordlys")
    page.fill(row + "input[name=amount]", "-1250")
    page.select_option(row + "select[name=applies_to_doc_type]", "invoice")
    page.fill(row + "input[name=applies_to_doc_no]", "100001")
    page.click("#add-line-button")
    page.wait_for_selector("#line-10000")
    assert "-1,250.00" in page.inner_text("#line-10000")
    shot(page, "06-cash-receipt-journal")
    page.click("text=Test report")
    page.wait_for_url(re.compile(r".*/test$"))
    assert page.inner_text("#verdict") == "Can be posted"
    shot(page, "07-test-report")
    page.goto(site.base + "/journals/CASH/DEFAULT")
    page.click("#post-batch")
    page.wait_for_url(re.compile(r".*done=done.batch_posted.*"))
    assert "The journal was posted" in page.content()

    # The invoice is closed and the customer's balance has dropped.
    page.goto(site.base + "/entries?customer=10000")
    invoice_row = page.locator('tr[data-document="100001"]')
    assert "Closed" in invoice_row.inner_text()
    shot(page, "08-customer-ledger-entries")
    page.goto(site.base + "/customers/10000")
    assert page.inner_text("#customer-balance") == "0.00"
    shot(page, "09-customer-card")
    page.goto(site.base + "/")
    assert page.inner_text("#open-receivables") == "0.00"
    shot(page, "02-dashboard")

    # Norwegian: the header's language picker sends itself.
    page.select_option("select[name=language]", "nb")
    page.wait_for_load_state("load")
    page.wait_for_selector("html[lang=nb]")
    nav = page.inner_text("header nav")
    assert "Kunder" in nav and "Kladder" in nav and "Kundeposter" in nav
    assert "Customers" not in nav
    shot(page, "10-dashboard-nb")
    page.goto(site.base + "/customers/10000")
    assert "Kundepost" in page.content() or "Kundeposter" in page.content()
    shot(page, "11-customer-card-nb")
    page.context.close()


def test_apply_entries_page_and_set_up_pages(chromium: Any, site: Site) -> None:
    page = new_page(chromium)
    log_in(page, site, "demo")
    page.goto(site.base + "/sales/new?type=invoice&customer=10000")
    page.fill("input[name=line-0-description]", "Service")
    page.fill("input[name=line-0-unit_price]", "800")
    page.click("button.primary[type=submit]")
    page.wait_for_url(re.compile(r".*/sales/draft/.*"))
    page.click("#post-document")
    page.wait_for_url(re.compile(r".*/sales/posted/.*"))
    page.goto(site.base + "/journals/CASH/DEFAULT")
    page.select_option("#add-row select[name=document_type]", "payment")
    page.fill("#add-row input[name=account_no]", "10000")
    page.fill("#add-row input[name=amount]", "-400")
    page.click("#add-line-button")
    page.wait_for_selector("#line-10000")
    page.click("#post-batch")
    page.wait_for_url(re.compile(r".*done=done.batch_posted.*"))

    page.goto(site.base + "/entries?customer=10000&open=1")
    page.locator('tr[data-document^="CR"] >> text=Apply').click()
    page.wait_for_url(re.compile(r".*/apply\?customer=10000"))
    page.check("input[type=checkbox][name^=mark_]")
    page.fill("input[name^=amount_]", "400")
    from playwright.sync_api import expect

    expect(page.locator("#applied-amount")).to_have_text("400.00")  # recalculated by htmx
    assert page.inner_text("#apply-balance") == "0.00"
    shot(page, "12-apply-entries")
    page.click("text=Post application")
    page.wait_for_url(re.compile(r".*done=done.applied.*"))
    page.goto(site.base + "/customers/10000")
    assert page.inner_text("#customer-balance") == "600.00"

    for path, name in (
        ("/setup/users", "13-users"),
        ("/setup/gl", "14-tolerance-and-discount"),
        ("/reports/trial-balance", "15-trial-balance"),
        ("/reports/aging", "17-aging"),
    ):
        page.goto(site.base + path)
        shot(page, name)
    page.context.close()


def test_a_viewer_sees_no_post_button_and_the_server_refuses_the_post(
    chromium: Any, site: Site
) -> None:
    draft = create_sales_document(
        site.engine,
        site.company_id,
        SalesDocumentInput(DocumentType.INVOICE, "10000", [SalesLineInput("Arbeid", 1, 100, "3")]),
    )
    page = new_page(chromium)
    log_in(page, site, "vera")
    page.goto(f"{site.base}/sales/draft/invoice/{draft.no}")
    assert page.locator("#post-document").count() == 0
    assert "Viewer" in page.inner_text("header")
    shot(page, "16-viewer-draft")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    refused = page.request.post(
        f"{site.base}/sales/draft/invoice/{draft.no}/post", form={"csrf_token": token}
    )
    assert refused.status == 403
    page.goto(site.base + "/sales")
    assert draft.no in page.content()  # still a draft
    page.context.close()


def test_chromium_is_where_the_tests_expect_it() -> None:
    """Makes a missing browser visible in the test report, not only as skipped tests."""
    reason = _missing()
    if reason and IN_CI:
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)
    assert shutil.which(CHROMIUM)


def test_ocr_payments_are_imported_corrected_tested_and_posted(
    chromium: Any, site: Site, tmp_path: Path
) -> None:
    """Nets OCR giro in the browser: import, see the warnings, give the unknown payment its
    customer and invoice in the journal grid, test report, post; both invoices closed."""
    from reskontro.domain.kid_setup import KidLayout, KidSetup, make_kid
    from reskontro.services.documents import post_sales_document
    from reskontro.services.ocr import update_ocr_setup
    from tests.integration.test_ocr_import import ocr_file

    posted = []
    for net in ("1000.00", "500.00"):
        draft = create_sales_document(
            site.engine,
            site.company_id,
            SalesDocumentInput(
                DocumentType.INVOICE,
                "10000",
                [SalesLineInput("Arbeid", Decimal(1), Decimal(net), "3")],
            ),
        )
        posted.append(
            post_sales_document(site.engine, site.company_id, DocumentType.INVOICE, draft.no)
        )
    update_ocr_setup(site.engine, site.company_id, "BANK")
    unknown = make_kid(KidSetup(KidLayout.DOCUMENT_NO, document_no_length=7), "9999999")
    path = tmp_path / "OCR.20261122.txt"
    path.write_bytes(ocr_file([(posted[0].payment_reference, "1250.00"), (unknown, "625.00")]))

    page = new_page(chromium)
    log_in(page, site, "demo")
    page.goto(site.base + "/journals")
    page.click("text=Import OCR payments")
    page.set_input_files("input[name=file]", str(path))
    page.click("button.primary[type=submit]")
    page.wait_for_selector("#ocr-result")
    assert "2 payments" in page.inner_text("#ocr-result")
    assert unknown in page.inner_text("#ocr-warnings")
    shot(page, "18-ocr-import")

    page.goto(site.base + "/journals/OCR/DEFAULT/test")
    assert page.inner_text("#verdict") != "Can be posted"
    assert "has no account" in page.content()
    shot(page, "19-ocr-test-report")

    page.goto(site.base + "/journals/OCR/DEFAULT")
    row = page.locator("tr", has_text=unknown).first
    line_id = row.get_attribute("id")
    row.locator("text=Edit").click()
    editing = f"#{line_id}.editing "
    page.wait_for_selector(editing + "input[name=account_no]")
    page.select_option(editing + "select[name=account_type]", "customer")
    page.fill(editing + "input[name=account_no]", "10000")
    page.select_option(editing + "select[name=applies_to_doc_type]", "invoice")
    page.fill(editing + "input[name=applies_to_doc_no]", posted[1].no)
    page.click(editing + "button[type=submit]")
    page.wait_for_selector(f"#{line_id}:not(.editing)")
    page.goto(site.base + "/journals/OCR/DEFAULT/test")
    assert page.inner_text("#verdict") == "Can be posted"
    page.goto(site.base + "/journals/OCR/DEFAULT")
    page.click("#post-batch")
    page.wait_for_url(re.compile(r".*done=done.batch_posted.*"))
    page.goto(site.base + "/customers/10000")
    assert page.inner_text("#customer-balance") == "0.00"
    page.goto(site.base + "/entries?customer=10000")
    for invoice in posted:
        assert "Closed" in page.locator(f'tr[data-document="{invoice.no}"]').inner_text()
    shot(page, "20-ocr-posted")
    page.context.close()


def test_a_bank_statement_is_imported_matched_changed_posted_and_undone(
    chromium: Any, site: Site, tmp_path: Path
) -> None:
    """Bank account reconciliation in the browser: upload a camt.053 whose lines pay what was
    posted before, match automatically and read why, change a match by hand, move the fee to a
    journal, post (the entries close), undo (they open again)."""
    from reskontro.services.posting import post_batch
    from tests.web.test_statement_pages import bank_entries, march_file, prepare

    prepare(site.engine, site.company_id)
    path = tmp_path / "mars.xml"
    path.write_bytes(march_file())
    page = new_page(chromium)
    log_in(page, site, "demo")
    page.click("nav >> text=Bank statements")
    page.set_input_files("input[name=file]", str(path))
    page.select_option("select[name=bank_account]", "BANK")
    page.click("#statement-upload button[type=submit]")
    page.wait_for_url(re.compile(r".*/statements/BANK/1\?done=done.statement_imported.*"))
    assert page.inner_text("#rec-status") == "Open"

    page.click("#match-automatically")
    page.wait_for_url(re.compile(r".*done=done.matched_automatically.*"))
    first = page.inner_text('#rec-lines tr[data-line="10000"]')
    assert "document no. CR000001 in the text" in first
    shot(page, "21-bankrec-matched")

    entries = bank_entries(site.engine, site.company_id)
    page.click('#rec-lines tr[data-line="20000"] button.unmatch')
    page.wait_for_url(re.compile(r".*done=done.unmatched.*"))
    page.check('#rec-lines tr[data-line="20000"] input[name=line]')
    page.check(f'#rec-outstanding tr[data-entry="{entries["CR000002"].entry_no}"] input')
    page.click("#match-manually")
    page.wait_for_url(re.compile(r".*done=done.matched.*"))
    assert "by hand" in page.inner_text('#rec-lines tr[data-line="20000"]')

    fee_row = '#rec-lines tr[data-line="30000"] '
    page.fill(fee_row + "input[name=gl_account]", "7770")
    page.click(fee_row + "button[type=submit]")
    page.wait_for_url(re.compile(r".*done=done.line_transferred.*"))
    post_batch(site.engine, site.company_id, "GENERAL", "DEFAULT")
    page.reload()
    fee = next(e for e in bank_entries(site.engine, site.company_id).values() if e.amount < 0)
    page.check(fee_row + "input[name=line]")
    page.check(f'#rec-outstanding tr[data-entry="{fee.entry_no}"] input')
    page.click("#match-manually")
    page.wait_for_url(re.compile(r".*done=done.matched.*"))
    assert page.inner_text("#rec-difference") == "0.00"

    page.click("#post-rec")
    page.wait_for_url(re.compile(r".*done=done.rec_posted.*"))
    assert page.inner_text("#rec-status") == "Posted"
    assert not any(e.open for e in bank_entries(site.engine, site.company_id).values())
    shot(page, "22-bankrec-posted")

    page.click("#undo-rec")
    page.wait_for_url(re.compile(r".*done=done.rec_undone.*"))
    assert page.inner_text("#rec-status") == "Open"
    assert all(e.open for e in bank_entries(site.engine, site.company_id).values())
    shot(page, "23-bankrec-undone")
    page.context.close()
