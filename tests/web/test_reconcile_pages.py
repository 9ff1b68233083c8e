"""The payment reconciliation pages: the journal after applying automatically (lines coloured by
confidence, with why), its filters, the changes on a line (accept, remove, apply manually,
transfer the difference, apply to a G/L account), posting refused and done, roles, and the
set-up of text-to-account mappings and rules."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from reskontro.domain.enums import DocumentType
from reskontro.services import reconcile, reports
from reskontro.services.documents import (
    SalesDocumentInput,
    SalesDocumentView,
    SalesLineInput,
    create_sales_document,
    post_sales_document,
)
from reskontro.services.masterdata import get_bank_account, update_bank_account
from tests.unit.camt_generator import Ntry, Ref, Stmt, Tx, camt_bytes
from tests.web.conftest import Books, Browser

IBAN = "NO9386011117947"
PAYER = "Nordlys Bygg AS"
BASE = "/reconcile/BANK/1"
KID_LINE, TEXT_LINE, LUMP_LINE, WRONG_LINE, FEE_LINE = 10000, 20000, 30000, 40000, 50000
TBODY = re.compile(r'<tbody id="line-(\d+)" data-line="\d+"\s+class="([^"]*)"')


@dataclass(frozen=True)
class Scenario:
    """Five invoices of customer 10000 and the camt.053 that pays them, and a bank fee."""

    invoices: dict[str, SalesDocumentView]
    """by letter: A paid by KID, B by its number in the text, C and D in one lump sum,
    E by its number but 25.00 too much."""
    camt: bytes
    closing: Decimal


def _invoice(engine: Engine, company_id: int, net: str) -> SalesDocumentView:
    day = date(2026, 3, 2)
    draft = create_sales_document(
        engine,
        company_id,
        SalesDocumentInput(
            DocumentType.INVOICE,
            "10000",
            [SalesLineInput("Byggeledelse", Decimal(1), Decimal(net), "3")],
            posting_date=day,
            due_date=date(2026, 3, 16),
        ),
    )
    return post_sales_document(engine, company_id, DocumentType.INVOICE, draft.no)


def _entry(amount: str, ref: str, tx: Tx) -> Ntry:
    day = date(2026, 3, 10)
    value = Decimal(amount)
    return Ntry(
        abs(value),
        credit=value > 0,
        booking_date=day,
        value_date=day,
        bank_reference=ref,
        transactions=(tx,),
    )


def scenario(engine: Engine, company_id: int) -> Scenario:
    """Post the invoices (25 % VAT) and write the statement that pays them into BANK."""
    update_bank_account(engine, company_id, "BANK", {"iban": IBAN})
    nets = {"A": "1000.00", "B": "2000.00", "C": "300.00", "D": "500.00", "E": "700.00"}
    invoices = {letter: _invoice(engine, company_id, net) for letter, net in nets.items()}
    a, b, e = invoices["A"], invoices["B"], invoices["E"]
    lump = invoices["C"].amount_including_vat + invoices["D"].amount_including_vat
    entries = (
        _entry(
            f"{a.amount_including_vat}",
            "R1",
            Tx(name=PAYER, references=(Ref(a.payment_reference),)),
        ),
        _entry(
            f"{b.amount_including_vat}", "R2", Tx(name=PAYER, unstructured=(f"Faktura {b.no}",))
        ),
        _entry(f"{lump}", "R3", Tx(name=PAYER, unstructured=("Betaling mars",))),
        _entry(
            f"{e.amount_including_vat + 25}",
            "R4",
            Tx(name=PAYER, unstructured=(f"Faktura {e.no}",)),
        ),
        _entry("-45.00", "R5", Tx(name="DNB", unstructured=("Gebyr mars",))),
    )
    total = sum((n.amount if n.credit else -n.amount for n in entries), Decimal(0))
    statement = Stmt(
        id="MARS", sequence="1", account=IBAN, opening=Decimal(0), closing=total, entries=entries
    )
    return Scenario(invoices, camt_bytes([statement]), total)


def upload(browser: Browser, data: bytes) -> Any:
    fields = {"csrf_token": browser.csrf, "bank_account": "BANK", "format": "camt"}
    return browser.client.post("/statements", data=fields, files={"file": ("mars.xml", data)})


def imported(
    books: Books, as_user: Any, user: str = "ola", language: str = ""
) -> tuple[Browser, Scenario]:
    """The scenario imported through the upload page by *user* (in *language*, if given)."""
    made = scenario(books.engine, books.company_a)
    browser: Browser = as_user(user)
    if language:
        chosen = browser.post("/language", {"language": language, "next": "/"})
        assert chosen.status_code == 303
    assert upload(browser, made.camt).status_code == 303
    return browser, made


def classes(page: str) -> dict[int, str]:
    """The class attribute of each line's ``<tbody>`` on a journal page."""
    return {int(no): cls for no, cls in TBODY.findall(page)}


def line(books: Books, line_no: int) -> Any:
    view = reconcile.show(books.engine, books.company_a, "BANK", 1)
    return next(x for x in view.lines if x.line_no == line_no)


def open_documents(books: Books) -> set[str]:
    entries = reports.customer_ledger(
        books.engine, books.company_a, customer_no="10000", open_only=True
    )
    return {e.document_no for e in entries}


def test_the_journal_shows_each_line_coloured_by_confidence_with_why(
    books: Books, as_user: Any
) -> None:
    ola, made = imported(books, as_user, language="nb")
    statement = ola.get("/statements/BANK/1")
    assert f'href="{BASE}" id="payment-reconciliation"' in statement.text
    before = ola.get(BASE)
    assert before.status_code == 200
    assert "Betalingsavstemmingskladd" in before.text and "Bruk automatisk" in before.text
    assert set(classes(before.text).values()) == {"line conf-none has-difference"}

    done = ola.post(BASE + "/apply-automatically", {"back": BASE})
    assert done.status_code == 303, done.text
    assert done.headers["location"].startswith(BASE + "?done=done.reconcile_applied")
    page = ola.get(done.headers["location"]).text
    view = reconcile.show(books.engine, books.company_a, "BANK", 1)
    shown = classes(page)
    assert sorted(shown) == [KID_LINE, TEXT_LINE, LUMP_LINE, WRONG_LINE, FEE_LINE]
    for each in view.lines:
        assert f"conf-{each.confidence or 'none'}" in shown[each.line_no].split()
        for applied in each.applied:
            assert html.escape(applied.explanation) in page
    # The KID names invoice A beyond doubt; nothing on the statement says what the fee is.
    assert "conf-high" in shown[KID_LINE].split()
    assert made.invoices["A"].no in _tbody(page, KID_LINE)
    assert "conf-none" in shown[FEE_LINE].split() and "Ikke utlignet" in _tbody(page, FEE_LINE)
    for key in ("high", "medium", "low", "not_applied", "to_review", "with_difference"):
        assert f'id="count-{key}">{view.counts[key]}<' in page
    assert "Bokfør betalinger og avstem bankkonto" not in page  # an accountant does not post
    assert 'id="post-blockers"' in page  # but sees why it cannot be done yet


def _tbody(page: str, line_no: int) -> str:
    start = page.index(f'<tbody id="line-{line_no}"')
    return page[start : page.index("</tbody>", start)]


def test_the_filters_show_the_lines_to_review_and_with_difference(
    books: Books, as_user: Any
) -> None:
    ola, _ = imported(books, as_user)
    assert ola.post(BASE + "/apply-automatically").status_code == 303
    everything = classes(ola.get(BASE).text)
    assert len(everything) == 5
    for name in ("review", "difference"):
        expected = {
            x.line_no
            for x in reconcile.show(books.engine, books.company_a, "BANK", 1, filter=name).lines
        }
        page = ola.get(BASE, params={"filter": name}).text
        assert set(classes(page)) == expected, name
        assert re.search(rf'id="filter-{name}"[^>]*aria-current="true"', page)
        by_htmx = ola.htmx("GET", BASE, {"filter": name})
        assert set(classes(by_htmx.text)) == expected
    # E's payment names its invoice but pays 25.00 too much: to review, with a difference;
    # the fee is not applied at all; the KID payment is neither.
    review = set(classes(ola.get(BASE, params={"filter": "review"}).text))
    difference = set(classes(ola.get(BASE, params={"filter": "difference"}).text))
    assert WRONG_LINE in review and KID_LINE not in review
    assert {WRONG_LINE, FEE_LINE} <= difference and KID_LINE not in difference
    assert set(classes(ola.get(BASE, params={"filter": "nonsense"}).text)) == set(everything)


def test_accept_remove_apply_manually_and_transfer_change_the_journal(
    books: Books, as_user: Any
) -> None:
    ola, made = imported(books, as_user)
    assert ola.post(BASE + "/apply-automatically").status_code == 303
    e = made.invoices["E"]

    # Accept (htmx): the row comes back accepted, the header with it.
    accepted = ola.htmx("POST", f"{BASE}/lines/{WRONG_LINE}/accept", {"back": BASE})
    assert accepted.status_code == 200
    assert accepted.text.lstrip().startswith(f'<tbody id="line-{WRONG_LINE}"')
    assert 'id="reconcile-header" hx-swap-oob="true"' in accepted.text
    assert "status-accepted" in classes(accepted.text)[WRONG_LINE].split()
    after = line(books, WRONG_LINE)
    assert after.status == "accepted" and not after.review
    assert any(a.document_no == e.no for a in after.applied)
    assert after.difference == Decimal("25.00")

    # Transfer E's 25.00 too much to a G/L account (plain form, back to the filtered page).
    back = BASE + "?filter=difference"
    moved = ola.post(
        f"{BASE}/lines/{WRONG_LINE}/transfer",
        {"account_type": "gl", "account_no": "7740", "back": back},
    )
    assert moved.status_code == 303, moved.text
    assert moved.headers["location"].startswith(back + "&done=done.reconcile_transferred")
    after = line(books, WRONG_LINE)
    assert after.difference == 0
    assert any(a.account_type == "gl" and a.account_no == "7740" for a in after.applied)

    # The fee: its panel (htmx), then applied straight to the bank fees account.
    panel = ola.htmx("GET", f"{BASE}/lines/{FEE_LINE}/candidates", {"back": BASE})
    assert panel.status_code == 200 and f'id="panel-{FEE_LINE}"' in panel.text
    fee = ola.htmx(
        "POST",
        f"{BASE}/lines/{FEE_LINE}/apply",
        {"account_type": "gl", "account_no": "7770", "amount": "", "back": BASE},
    )
    assert fee.status_code == 200 and f'id="panel-{FEE_LINE}"' not in fee.text
    after = line(books, FEE_LINE)
    assert after.difference == 0 and after.status == "manual"
    assert [(a.account_type, a.account_no, a.amount) for a in after.applied] == [
        ("gl", "7770", Decimal("-45.00"))
    ]

    # Remove B's application, find B by its number and apply it by hand again.
    b = made.invoices["B"]
    removed = ola.htmx("POST", f"{BASE}/lines/{TEXT_LINE}/remove", {"back": BASE})
    assert removed.status_code == 200 and "conf-none" in classes(removed.text)[TEXT_LINE].split()
    assert line(books, TEXT_LINE).applied == []
    assert line(books, TEXT_LINE).difference == b.amount_including_vat
    found = ola.get(f"{BASE}/lines/{TEXT_LINE}/candidates", params={"search": b.no, "back": BASE})
    assert found.status_code == 200  # without htmx: the whole page, the panel open
    assert f'id="panel-{TEXT_LINE}"' in found.text
    entry_nos = re.findall(rf'data-entry="(\d+)" data-document="{b.no}"', found.text)
    assert entry_nos, found.text
    chosen = ola.post(
        f"{BASE}/lines/{TEXT_LINE}/apply",
        {"account_type": "customer", "account_no": "10000", "entry_no": entry_nos[0], "amount": ""},
    )
    assert chosen.status_code == 303, chosen.text
    after = line(books, TEXT_LINE)
    assert after.status == "manual" and after.difference == 0
    assert [a.document_no for a in after.applied] == [b.no]

    # Refusals are shown where the change was asked for.
    bad_amount = ola.post(
        f"{BASE}/lines/{TEXT_LINE}/apply",
        {"account_type": "gl", "account_no": "7770", "amount": "tolv"},
    )
    assert bad_amount.status_code == 422
    assert "is not an amount" in html.unescape(bad_amount.text)
    assert f'id="panel-{TEXT_LINE}"' in bad_amount.text  # the panel stays open
    refused = ola.htmx(
        "POST",
        f"{BASE}/lines/{LUMP_LINE}/apply",
        {"account_type": "customer", "account_no": "99999", "amount": ""},
    )
    assert refused.status_code == 200 and 'id="panel-error"' in refused.text
    assert ola.htmx("POST", f"{BASE}/lines/99/accept", {}).status_code == 404

    # Applying automatically again keeps what was decided by hand, unless told to replace it.
    assert 'id="overwrite"' in ola.get(BASE).text
    assert ola.post(BASE + "/apply-automatically").status_code == 303
    assert ("gl", "7740") in {
        (a.account_type, a.account_no) for a in line(books, WRONG_LINE).applied
    }
    assert ola.post(BASE + "/apply-automatically", {"overwrite": "1"}).status_code == 303
    after = line(books, WRONG_LINE)
    assert after.status == "auto" and after.difference == Decimal("25.00")
    assert [a.document_no for a in after.applied] == [e.no]


def test_long_statements_are_shown_a_hundred_lines_a_page(books: Books, as_user: Any) -> None:
    update_bank_account(books.engine, books.company_a, "BANK", {"iban": IBAN})
    fees = tuple(
        _entry("-1.00", f"F{n}", Tx(name="DNB", unstructured=(f"Gebyr {n}",))) for n in range(105)
    )
    statement = Stmt(
        id="LANG",
        sequence="1",
        account=IBAN,
        opening=Decimal(0),
        closing=Decimal(-105),
        entries=fees,
    )
    ola: Browser = as_user("ola")
    assert upload(ola, camt_bytes([statement])).status_code == 303
    first = ola.get(BASE).text
    assert len(classes(first)) == 100 and 'rel="next"' in first
    second = ola.get(BASE, params={"page": "2"}).text
    assert len(classes(second)) == 5 and 'rel="prev"' in second
    assert not set(classes(first)) & set(classes(second))
    # A line's panel opens on the page that holds it, also without htmx.
    last = max(classes(second))
    opened = ola.get(f"{BASE}/lines/{last}/candidates")
    assert f'id="panel-{last}"' in opened.text and len(classes(opened.text)) == 5


def test_posting_is_refused_with_the_reason_then_posts_and_reconciles(
    books: Books, as_user: Any
) -> None:
    per, made = imported(books, as_user, "per")
    assert per.post(BASE + "/apply-automatically").status_code == 303
    page = per.get(BASE).text
    assert re.search(r'id="post-reconcile" disabled', page)
    assert "not applied in full" in page

    refused = per.post(BASE + "/post", {"reconcile": "1"})
    assert refused.status_code in (409, 422), refused.text
    assert 'role="alert"' in refused.text
    # Nothing was posted: every invoice is still open.
    assert {inv.no for inv in made.invoices.values()} <= open_documents(books)

    engine, cid = books.engine, books.company_a
    for no in (LUMP_LINE, TEXT_LINE):
        if line(books, no).difference:
            reconcile.remove(engine, cid, "BANK", 1, no)
    for letter, no in (("B", TEXT_LINE), ("C", LUMP_LINE), ("D", LUMP_LINE)):
        entry_no = made.invoices[letter].customer_entry_no
        if not any(a.entry_no == entry_no for a in line(books, no).applied):
            reconcile.apply_manually(
                engine,
                cid,
                "BANK",
                1,
                no,
                account_type="customer",
                account_no="10000",
                entry_no=entry_no,
            )
    reconcile.transfer_difference(
        engine, cid, "BANK", 1, WRONG_LINE, account_type="gl", account_no="7740"
    )
    reconcile.apply_manually(engine, cid, "BANK", 1, FEE_LINE, account_type="gl", account_no="7770")
    page = per.get(BASE).text
    assert 'id="post-blockers"' not in page and not re.search(r'id="post-reconcile" disabled', page)

    posted = per.post(BASE + "/post", {"reconcile": "1"})
    assert posted.status_code == 303, posted.text
    assert "done=done.reconcile_posted_reconciled" in posted.headers["location"]
    page = per.get(posted.headers["location"]).text
    assert 'id="reconcile-status">Posted<' in page and 'id="apply-automatically"' not in page
    assert not ({inv.no for inv in made.invoices.values()} & open_documents(books))
    assert get_bank_account(engine, cid, "BANK").balance_last_statement == made.closing
    again = per.post(BASE + "/post", {"reconcile": "1"})
    assert again.status_code in (409, 422) and 'role="alert"' in again.text


def test_a_viewer_sees_and_changes_nothing_an_accountant_does_not_post(
    books: Books, as_user: Any, browser: Browser
) -> None:
    ola, _ = imported(books, as_user)
    assert ola.post(BASE + "/apply-automatically").status_code == 303
    vera: Browser = as_user("vera")
    page = vera.get(BASE)
    assert page.status_code == 200 and len(classes(page.text)) == 5
    for absent in ('id="apply-automatically"', "/accept", "/remove", "apply-manually", "/post"):
        assert absent not in page.text, absent
    line_path = f"{BASE}/lines/{KID_LINE}"
    for path in (
        BASE + "/apply-automatically",
        BASE + "/accept",
        BASE + "/post",
        line_path + "/accept",
        line_path + "/remove",
        line_path + "/apply",
        line_path + "/transfer",
    ):
        assert vera.post(path, {"account_type": "gl", "account_no": "7770"}).status_code == 403
    assert vera.get(line_path + "/candidates").status_code == 403
    assert ola.post(BASE + "/post", {"reconcile": "1"}).status_code == 403
    assert ola.post(BASE + "/apply-automatically", csrf=None).status_code == 403
    assert browser.get(BASE).status_code == 303  # not logged in: to the login page
    assert ola.get("/reconcile/BANK/9").status_code == 404
    listing = ola.get("/reconcile")
    assert listing.status_code == 200 and f'href="{BASE}"' in listing.text
    assert 'href="/reconcile"' in listing.text  # the main menu
    found = ola.get("/reconcile", params={"statement": "BANK/1"})
    assert found.status_code == 303 and found.headers["location"] == BASE


def test_mappings_and_rules_are_set_up_on_their_page(books: Books, as_user: Any) -> None:
    anne: Browser = as_user("anne")
    page = anne.get("/setup/reconcile")
    assert page.status_code == 200 and 'href="/setup/reconcile"' in page.text
    rules = reconcile.list_rules(books.engine, books.company_a)
    assert rules and all(f'data-rule="{r.confidence}-{r.priority}"' in page.text for r in rules)

    added = anne.post(
        "/setup/reconcile/mappings",
        {
            "text": "Gebyr",
            "account_type": "gl",
            "debit_account_no": "7770",
            "credit_account_no": "7770",
        },
    )
    assert added.status_code == 303, added.text
    mappings = reconcile.list_mappings(books.engine, books.company_a)
    assert [(m.text, m.account_type, m.credit_account_no) for m in mappings] == [
        ("Gebyr", "gl", "7770")
    ]
    assert f'data-mapping="{mappings[0].mapping_no}"' in anne.get("/setup/reconcile").text
    bad = anne.post("/setup/reconcile/mappings", {"text": "Renter", "account_type": "bank"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text

    # The mapping applies the fee when applying automatically.
    ola, _ = imported(books, as_user)
    assert ola.post(BASE + "/apply-automatically").status_code == 303
    assert [(a.account_type, a.account_no) for a in line(books, FEE_LINE).applied] == [
        ("gl", "7770")
    ]

    saved = anne.post(
        "/setup/reconcile/rules",
        {
            "confidence": "low",
            "priority": "20",
            "party": "partially",
            "document": "no",
            "amount": "one",
            "review_required": "1",
        },
    )
    assert saved.status_code == 303, saved.text
    new = [r for r in reconcile.list_rules(books.engine, books.company_a) if r.priority == 20]
    assert [(r.confidence, r.party, r.document, r.amount, r.review_required) for r in new] == [
        ("low", "partially", "no", "one", True)
    ]
    wrong = anne.post(
        "/setup/reconcile/rules",
        {
            "confidence": "certain",
            "priority": "1",
            "party": "fully",
            "document": "no",
            "amount": "one",
        },
    )
    assert wrong.status_code == 422 and "is not one of the choices" in html.unescape(wrong.text)
    assert (
        anne.post(
            "/setup/reconcile/rules/delete", {"confidence": "low", "priority": "20"}
        ).status_code
        == 303
    )
    assert not [r for r in reconcile.list_rules(books.engine, books.company_a) if r.priority == 20]
    first = reconcile.list_rules(books.engine, books.company_a)[0]
    anne.post(
        "/setup/reconcile/rules/delete",
        {"confidence": first.confidence, "priority": str(first.priority)},
    )
    assert len(reconcile.list_rules(books.engine, books.company_a)) == len(rules) - 1
    assert anne.post("/setup/reconcile/rules/reset").status_code == 303
    assert reconcile.list_rules(books.engine, books.company_a) == rules

    assert ola.post("/setup/reconcile/rules/reset").status_code == 403  # rules: admin only
    assert (
        ola.post(f"/setup/reconcile/mappings/{mappings[0].mapping_no}/delete").status_code == 303
    )  # mappings: accountants too
    assert reconcile.list_mappings(books.engine, books.company_a) == []
    vera: Browser = as_user("vera")
    assert vera.get("/setup/reconcile").status_code == 200
    assert 'id="mapping-form"' not in vera.get("/setup/reconcile").text
    assert vera.post("/setup/reconcile/mappings", {"text": "x"}).status_code == 403


def test_a_batch_line_shows_its_payments_as_rows_each_applied_and_changed_on_its_own(
    books: Books, as_user: Any
) -> None:
    engine, cid = books.engine, books.company_a
    update_bank_account(engine, cid, "BANK", {"iban": IBAN})
    invoices = [_invoice(engine, cid, net) for net in ("1000.00", "300.00", "500.00")]
    payments = tuple(
        Tx(amount=inv.amount_including_vat, name=PAYER, references=(Ref(inv.payment_reference),))
        for inv in invoices
    )
    total = sum((inv.amount_including_vat for inv in invoices), Decimal(0))
    day = date(2026, 3, 10)
    lump = Ntry(
        total, booking_date=day, value_date=day, bank_reference="S1", batch_count=3,
        transactions=payments, additional="Sumpost innbetalinger",
    )  # fmt: skip
    statement = Stmt(
        id="MARS", sequence="1", account=IBAN, opening=Decimal(0), closing=total, entries=(lump,)
    )
    ola: Browser = as_user("ola")
    assert upload(ola, camt_bytes([statement])).status_code == 303
    assert ola.post(BASE + "/apply-automatically").status_code == 303

    # The line is a heading, its three payments rows under it, each applied by its own KID.
    page = ola.get(BASE).text
    assert "batch" in classes(page)[KID_LINE].split()
    rows = re.findall(r'<tbody id="line-10000-(\d)" data-line="10000\.\d"\s+class="([^"]*)"', page)
    assert [(n, "conf-high" in cls.split()) for n, cls in rows] == [
        ("1", True), ("2", True), ("3", True)
    ]  # fmt: skip
    for inv in invoices:
        assert inv.no in page

    # Remove the second payment's application (htmx): its row alone comes back, not applied.
    detail = f"{BASE}/lines/{KID_LINE}/details/2"
    removed = ola.htmx("POST", detail + "/remove", {"back": BASE})
    assert removed.status_code == 200
    assert removed.text.lstrip().startswith(f'<tbody id="line-{KID_LINE}-2"')
    assert 'id="count-not_applied">1<' in removed.text
    payment = next(x for x in line_rows(books) if x.detail_no == 2)
    assert payment.applied == [] and payment.difference == invoices[1].amount_including_vat

    # Its panel lists the invoice its KID names first; choosing it applies the payment again.
    panel = ola.htmx("GET", detail + "/candidates", {"back": BASE})
    assert panel.status_code == 200 and f'id="panel-{KID_LINE}-2"' in panel.text
    entry_nos = re.findall(r'data-entry="(\d+)" data-document="([^"]+)"', panel.text)
    assert entry_nos[0][1] == invoices[1].no
    chosen = ola.htmx(
        "POST",
        detail + "/apply",
        {"account_type": "customer", "account_no": "10000", "entry_no": entry_nos[0][0]},
    )
    assert chosen.status_code == 200 and "status-manual" in chosen.text
    # The first payment's invoice is not the second's to take: refused in its panel.
    taken = str(invoices[0].customer_entry_no)
    first = ola.htmx(
        "POST",
        detail + "/apply",
        {"account_type": "customer", "account_no": "10000", "entry_no": taken},
    )
    assert first.status_code == 200 and 'id="panel-error"' in first.text
    assert "same batch" in html.unescape(first.text)

    per: Browser = as_user("per")
    posted = per.post(BASE + "/post", {"reconcile": "1"})
    assert posted.status_code == 303, posted.text
    assert not ({inv.no for inv in invoices} & open_documents(books))
    assert get_bank_account(engine, cid, "BANK").balance_last_statement == total


def line_rows(books: Books) -> list[Any]:
    return reconcile.show(books.engine, books.company_a, "BANK", 1).lines


def _view(closing: str | None, lines: str, difference: str, with_difference: int) -> Any:
    from reskontro.services.reconcile_view import ReconcileView

    return ReconcileView(
        "BANK",
        1,
        "MARS",
        "open",
        "NOK",
        Decimal("100.00"),
        Decimal(closing) if closing is not None else None,
        Decimal(lines),
        Decimal(lines) - Decimal(difference),
        Decimal(difference),
        [],
        {"with_difference": with_difference},
    )


def test_why_the_bank_account_cannot_be_reconciled_is_said_in_the_users_language() -> None:
    import doctest

    from reskontro.interfaces.web import reconcile_pages
    from reskontro.interfaces.web.i18n import Formatter

    en, nb = Formatter("en"), Formatter("nb")
    assert reconcile_pages.post_blockers(_view("600.00", "500.00", "0", 0), en.t, en.money) == []
    off = reconcile_pages.post_blockers(_view("650.00", "500.00", "0", 0), en.t, en.money)
    assert off == [
        "The lines add up to 500.00, but the closing balance less the balance at the last "
        "statement is 550.00."
    ]
    both = reconcile_pages.post_blockers(_view("650.00", "500.00", "-20", 2), nb.t, nb.money)
    assert len(both) == 2 and "2 linjer er ikke fullt utlignet (differanse -20,00)" in both[1]
    none = reconcile_pages.post_blockers(_view(None, "500.00", "0", 0), en.t, en.money)
    assert none == ["The statement has no closing balance."]
    examples = doctest.testmod(reconcile_pages)
    assert examples.attempted > 0 and examples.failed == 0
