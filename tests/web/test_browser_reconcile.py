"""Payment reconciliation in a real browser (Chromium through Playwright, as in
:mod:`tests.web.test_browser`): a camt.053 that pays the books' invoices is uploaded, applied
automatically, reviewed, changed by hand and posted with the bank account reconciled; the
invoices are closed and the bank account's balance at the last statement is the statement's
closing balance. Screenshots go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from reskontro.services.masterdata import get_bank_account
from tests.web.test_browser import (  # noqa: F401 - chromium and site are fixtures
    Site,
    chromium,
    log_in,
    new_page,
    shot,
    site,
)
from tests.web.test_reconcile_pages import (
    FEE_LINE,
    KID_LINE,
    LUMP_LINE,
    TEXT_LINE,
    WRONG_LINE,
    scenario,
)

pytestmark = pytest.mark.browser


def test_a_statement_is_applied_reviewed_changed_by_hand_and_posted_with_reconciliation(
    chromium: Any,  # noqa: F811
    site: Site,  # noqa: F811
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    made = scenario(site.engine, site.company_id)
    path = tmp_path / "mars.xml"
    path.write_bytes(made.camt)
    page = new_page(chromium)
    log_in(page, site, "demo")

    # Import the statement through the upload page, then open its payment reconciliation.
    page.click("nav >> text=Bank statements")
    page.set_input_files("input[name=file]", str(path))
    page.select_option("select[name=bank_account]", "BANK")
    page.click("#statement-upload button[type=submit]")
    page.wait_for_url(re.compile(r".*/statements/BANK/1\?done=done.statement_imported.*"))
    page.click("#payment-reconciliation")
    page.wait_for_url(re.compile(r".*/reconcile/BANK/1$"))
    expect(page.locator("#post-reconcile")).to_be_disabled()

    # Apply automatically: the KID payment is sure; the fee is for no invoice.
    page.click("#apply-automatically")
    page.wait_for_url(re.compile(r".*done=done.reconcile_applied.*"))
    expect(page.locator(f"#line-{KID_LINE}")).to_have_class(re.compile(r"\bconf-high\b"))
    assert made.invoices["A"].no in page.inner_text(f"#line-{KID_LINE}")
    expect(page.locator(f"#line-{FEE_LINE}")).to_have_class(re.compile(r"\bconf-none\b"))
    assert made.invoices["E"].no in page.inner_text(f"#line-{WRONG_LINE}")
    shot(page, "24-reconcile-applied")

    # Review: only the lines to review (htmx), and why the overpaid one was applied.
    page.click("#filter-review")
    expect(page.locator("#filter-review")).to_have_attribute("aria-current", "true")
    assert page.locator(f"#line-{KID_LINE}").count() == 0
    page.click(f"#line-{WRONG_LINE} details.why summary")
    expect(page.locator(f"#line-{WRONG_LINE} details.why").first).to_have_attribute("open", "")
    shot(page, "25-reconcile-review")
    page.click("#filter-all")
    expect(page.locator("#filter-all")).to_have_attribute("aria-current", "true")

    # The overpaid invoice E by hand: remove, choose E in the panel, the 25.00 to a G/L account.
    wrong = f"#line-{WRONG_LINE}"
    page.click(f"{wrong} button.remove")
    expect(page.locator(wrong)).to_have_class(re.compile(r"\bconf-none\b"))
    page.click(f"{wrong} a.apply-manually")
    choice = f'{wrong} #candidates-{WRONG_LINE} tr[data-document="{made.invoices["E"].no}"]'
    page.wait_for_selector(choice)
    shot(page, "26-reconcile-apply-manually")
    page.click(f"{choice} button[type=submit]")
    expect(page.locator(wrong)).to_have_class(re.compile(r"\bstatus-manual\b"))
    assert page.inner_text(f"{wrong} td.difference") == "25.00"
    page.click(f"{wrong} a.apply-manually")
    page.fill(f"#panel-{WRONG_LINE} form.transfer input[name=account_no]", "7740")
    page.click(f"#transfer-{WRONG_LINE}")
    expect(page.locator(f"{wrong} td.difference")).to_have_text("0.00")

    # The bank fee straight to its G/L account.
    fee = f"#line-{FEE_LINE}"
    page.click(f"{fee} a.apply-manually")
    page.fill(f"#panel-{FEE_LINE} form.direct input[name=account_no]", "7770")
    page.click(f"#apply-direct-{FEE_LINE}")
    expect(page.locator(f"{fee} td.difference")).to_have_text("0.00")
    for line_no in (TEXT_LINE, LUMP_LINE):
        assert page.inner_text(f"#line-{line_no} td.difference") == "0.00"
    expect(page.locator("#total-difference")).to_have_text("0.00")
    expect(page.locator("#post-reconcile")).to_be_enabled()
    if page.locator("#accept-all").count():
        page.click("#accept-all")
        page.wait_for_url(re.compile(r".*done=done.reconcile_accepted.*"))
    assert page.locator("tbody.to-review").count() == 0
    shot(page, "27-reconcile-ready")

    # Post and reconcile in one step.
    page.click("#post-reconcile")
    page.wait_for_url(re.compile(r".*done=done.reconcile_posted_reconciled.*"))
    assert page.inner_text("#reconcile-status") == "Posted"
    shot(page, "28-reconcile-posted")

    page.goto(site.base + "/entries?customer=10000")
    for invoice in made.invoices.values():
        assert "Closed" in page.locator(f'tr[data-document="{invoice.no}"]').inner_text()
    shot(page, "29-reconcile-invoices-closed")
    bank = get_bank_account(site.engine, site.company_id, "BANK")
    assert bank.balance_last_statement == made.closing

    page.goto(site.base + "/reconcile/BANK/1")
    page.select_option("select[name=language]", "nb")
    page.wait_for_selector("html[lang=nb]")
    assert "Betalingsavstemmingskladd" in page.inner_text("h1")
    shot(page, "30-reconcile-posted-nb")
    page.goto(site.base + "/setup/reconcile")
    shot(page, "31-reconcile-setup-nb")
    page.context.close()
