"""The KID set-up page: read by everyone, changed by an admin, refused when invalid."""

from __future__ import annotations

from typing import Any

from reskontro.services.kid import get_kid_setup
from tests.web.conftest import Books, Browser


def test_an_admin_changes_the_kid_setup_and_a_bad_one_is_refused(
    books: Books, as_user: Any
) -> None:
    anne: Browser = as_user("anne")
    page = anne.get("/setup/kid")
    assert page.status_code == 200
    assert 'value="document_no" selected' in page.text
    saved = anne.post(
        "/setup/kid",
        {
            "layout": "document_no+customer_no",
            "document_no_length": "6",
            "customer_no_length": "5",
            "method": "mod11",
        },
    )
    assert saved.status_code == 303, saved.text
    setup = get_kid_setup(books.engine, books.company_a)
    assert (setup.layout.value, setup.customer_no_length, setup.method.value) == (
        "document_no+customer_no",
        5,
        "mod11",
    )
    bad = anne.post(
        "/setup/kid",
        {
            "layout": "document_no+customer_no",
            "document_no_length": "20",
            "customer_no_length": "10",
            "method": "mod10",
        },
    )
    assert bad.status_code == 422
    assert "at most 25" in bad.text
    assert get_kid_setup(books.engine, books.company_a).document_no_length == 6


def test_only_an_admin_may_change_it(as_user: Any) -> None:
    ola: Browser = as_user("ola")
    assert ola.get("/setup/kid").status_code == 200
    refused = ola.post("/setup/kid", {"layout": "none", "method": "mod10"})
    assert refused.status_code == 403
