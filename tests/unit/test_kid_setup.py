"""The KID set-up: KIDs made as NAV makes them, and read back to find the invoice and customer."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reskontro.domain import kid_setup
from reskontro.domain.enums import DocumentType
from reskontro.domain.kid_setup import (
    KidLayout,
    KidNotPossible,
    KidParts,
    KidSetup,
    KidSetupError,
    make_kid,
    parse_kid,
)
from reskontro.domain.references.kid import (
    InvalidKidChecksum,
    InvalidKidFormat,
    InvalidKidLength,
    KidMethod,
    calc_check_digit,
    is_valid,
)

INVOICE = DocumentType.INVOICE


def setup_of(layout: KidLayout, method: KidMethod = KidMethod.MOD10, **flags: bool) -> KidSetup:
    return KidSetup(layout, document_no_length=10, customer_no_length=10, method=method, **flags)


def test_the_documented_examples_hold() -> None:
    assert doctest.testmod(kid_setup).failed == 0


# NAV's own test vectors (document 12345, customer 67890, both lengths 10).
NAV_VECTORS = [
    (KidLayout.NONE, "", KidParts()),
    (KidLayout.DOCUMENT_NO, "00000123455", KidParts("12345")),
    (
        KidLayout.DOCUMENT_NO_CUSTOMER_NO,
        "000001234500000678909",
        KidParts("12345", "67890"),
    ),
    (
        KidLayout.CUSTOMER_NO_DOCUMENT_NO,
        "000006789000000123459",
        KidParts("12345", "67890"),
    ),
    (KidLayout.DOCUMENT_NO_DOCUMENT_TYPE, "000001234517", KidParts("12345", None, INVOICE)),
    (KidLayout.DOCUMENT_TYPE_DOCUMENT_NO, "100000123453", KidParts("12345", None, INVOICE)),
]


@pytest.mark.parametrize(("layout", "expected", "parts"), NAV_VECTORS)
def test_each_layout_makes_the_kid_nav_makes(
    layout: KidLayout, expected: str, parts: KidParts
) -> None:
    assert make_kid(setup_of(layout), "12345", "67890") == expected


@pytest.mark.parametrize(("layout", "kid", "parts"), NAV_VECTORS[1:])
def test_each_layout_reads_back_the_document_and_customer(
    layout: KidLayout, kid: str, parts: KidParts
) -> None:
    assert parse_kid(setup_of(layout), kid) == parts


def test_a_long_document_no_length_as_in_nav() -> None:
    setup = KidSetup(KidLayout.DOCUMENT_NO, document_no_length=20)
    assert make_kid(setup, "103032") == "000000000000001030329"
    assert parse_kid(setup, "000000000000001030329").document_no == "103032"


def test_document_no_plus_type_reads_the_type_before_the_check_digit() -> None:
    """NAV reads the document no. of this layout one digit too far right; we do not."""
    setup = setup_of(KidLayout.DOCUMENT_NO_DOCUMENT_TYPE, use_on_reminder=True)
    kid = make_kid(setup, "12345", document_type=DocumentType.REMINDER)
    assert kid == "000001234533"
    assert parse_kid(setup, kid) == KidParts("12345", None, DocumentType.REMINDER)


@pytest.mark.parametrize("layout", [layout for layout in KidLayout if layout.parts])
def test_each_layout_also_works_with_mod11(layout: KidLayout) -> None:
    setup = setup_of(layout, KidMethod.MOD11)
    kid = make_kid(setup, "12345", "67890")
    assert is_valid(kid, KidMethod.MOD11)
    assert parse_kid(setup, kid).document_no == "12345"


def test_a_mod11_kid_ending_in_a_dash_reads_back() -> None:
    setup = KidSetup(KidLayout.DOCUMENT_NO, document_no_length=4, method=KidMethod.MOD11)
    assert make_kid(setup, "1009") == "1009-"
    assert parse_kid(setup, "1009-") == KidParts("1009")
    with pytest.raises(InvalidKidChecksum, match="only MOD11 gives"):
        parse_kid(KidSetup(KidLayout.DOCUMENT_NO, document_no_length=4), "1009-")


def test_reminders_and_finance_charge_memos_get_a_kid_only_when_set_up() -> None:
    plain = setup_of(KidLayout.DOCUMENT_TYPE_DOCUMENT_NO)
    both = setup_of(
        KidLayout.DOCUMENT_TYPE_DOCUMENT_NO,
        use_on_reminder=True,
        use_on_finance_charge_memo=True,
    )
    assert make_kid(plain, "12345", document_type=DocumentType.REMINDER) == ""
    assert make_kid(plain, "12345", document_type=DocumentType.FINANCE_CHARGE_MEMO) == ""
    reminder = make_kid(both, "12345", document_type=DocumentType.REMINDER)
    memo = make_kid(both, "12345", document_type=DocumentType.FINANCE_CHARGE_MEMO)
    assert (reminder[0], memo[0]) == ("3", "2")
    assert parse_kid(both, memo).document_type is DocumentType.FINANCE_CHARGE_MEMO


@pytest.mark.parametrize(
    "kind", [DocumentType.CREDIT_MEMO, DocumentType.PAYMENT, DocumentType.REFUND]
)
def test_credit_memos_and_payments_never_get_a_kid(kind: DocumentType) -> None:
    setup = setup_of(KidLayout.DOCUMENT_NO_CUSTOMER_NO)
    assert make_kid(setup, "12345", "67890", kind) == ""


@pytest.mark.parametrize(
    ("document_no", "customer_no", "message"),
    [
        ("INV1001", "10000", r"document no. 'INV1001' has other characters than digits"),
        ("1001", "C10000", r"customer no. 'C10000' has other characters than digits"),
        ("12345678901", "1", r"has 11 digits, more than the 10 of Document No. length"),
        ("1", "12345678901", r"has 11 digits, more than the 10 of Customer No. length"),
        ("  ", "1", r"the document no. is blank"),
        ("１２３", "1", r"other characters than digits"),  # full-width digits are not digits here
    ],
)
def test_numbers_that_cannot_go_into_a_kid_are_refused_clearly(
    document_no: str, customer_no: str, message: str
) -> None:
    with pytest.raises(KidNotPossible, match=message):
        make_kid(setup_of(KidLayout.DOCUMENT_NO_CUSTOMER_NO), document_no, customer_no)


def test_letters_in_a_document_no_refuse_and_say_nav_leaves_the_kid_blank() -> None:
    with pytest.raises(KidNotPossible, match="NAV leaves the KID blank"):
        make_kid(setup_of(KidLayout.DOCUMENT_NO), "TEST12345")


def test_the_customer_no_is_not_needed_when_the_layout_has_none() -> None:
    assert make_kid(setup_of(KidLayout.DOCUMENT_NO), "12345", "C-LETTERS") == "00000123455"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ({"layout": KidLayout.DOCUMENT_NO}, "needs a Document No. length"),
        (
            {"layout": KidLayout.CUSTOMER_NO_DOCUMENT_NO, "document_no_length": 6},
            "needs a Customer No. length",
        ),
        (
            {
                "layout": KidLayout.DOCUMENT_NO_CUSTOMER_NO,
                "document_no_length": 14,
                "customer_no_length": 11,
            },
            "makes KIDs of 26 digits",
        ),
        (
            {"layout": KidLayout.DOCUMENT_NO, "document_no_length": 8, "use_on_reminder": True},
            "need a layout with the document type",
        ),
        ({"layout": KidLayout.DOCUMENT_NO, "document_no_length": -1}, "cannot be negative"),
    ],
)
def test_an_unusable_setup_is_refused_with_the_field_to_change(
    setup: dict[str, object], message: str
) -> None:
    with pytest.raises(KidSetupError, match=message):
        KidSetup(**setup)  # type: ignore[arg-type]


def test_the_longest_setup_makes_25_digit_kids() -> None:
    setup = KidSetup(
        KidLayout.DOCUMENT_NO_CUSTOMER_NO, document_no_length=14, customer_no_length=10
    )
    assert setup.kid_length == 25
    assert len(make_kid(setup, "1", "2")) == 25


@pytest.mark.parametrize(
    ("kid", "error", "message"),
    [
        ("000001234500000678908", InvalidKidChecksum, "wrong check digit"),
        ("00000123455", InvalidKidLength, r"has 11 digits, but the KID set-up .* makes KIDs of 21"),
        ("00000123A5000006789", InvalidKidFormat, "only digits"),
    ],
)
def test_a_kid_that_does_not_fit_the_setup_is_refused(
    kid: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        parse_kid(setup_of(KidLayout.DOCUMENT_NO_CUSTOMER_NO), kid)


def test_an_unknown_document_type_digit_is_refused() -> None:
    setup = setup_of(KidLayout.DOCUMENT_TYPE_DOCUMENT_NO)
    body = "70000012345"
    with pytest.raises(InvalidKidFormat, match="the document type digit is 7"):
        parse_kid(setup, body + calc_check_digit(body))


def test_parse_with_no_layout_only_checks_the_check_digit() -> None:
    assert parse_kid(KidSetup(), "00000123455") == KidParts()
    with pytest.raises(InvalidKidChecksum):
        parse_kid(KidSetup(), "00000123456")


@st.composite
def setups_and_documents(draw: st.DrawFn) -> tuple[KidSetup, str, str, DocumentType]:
    layout = draw(st.sampled_from([layout for layout in KidLayout if layout.parts]))
    method = draw(st.sampled_from(list(KidMethod)))
    room = 24 - (1 if "document_type" in layout.parts else 0)
    doc_length = draw(st.integers(min_value=1, max_value=room - 1))
    cust_length = (
        draw(st.integers(min_value=1, max_value=room - doc_length))
        if "customer_no" in layout.parts
        else 0
    )
    typed = "document_type" in layout.parts
    setup = KidSetup(
        layout,
        document_no_length=doc_length,
        customer_no_length=cust_length,
        method=method,
        use_on_reminder=typed,
        use_on_finance_charge_memo=typed,
    )
    document_no = str(draw(st.integers(min_value=0, max_value=10**doc_length - 1)))
    customer_no = str(draw(st.integers(min_value=0, max_value=10 ** max(cust_length, 1) - 1)))
    kinds = (
        [INVOICE, DocumentType.REMINDER, DocumentType.FINANCE_CHARGE_MEMO] if typed else [INVOICE]
    )
    return setup, document_no, customer_no, draw(st.sampled_from(kinds))


@given(setups_and_documents())
def test_what_make_kid_writes_parse_kid_reads(
    case: tuple[KidSetup, str, str, DocumentType],
) -> None:
    setup, document_no, customer_no, kind = case
    kid = make_kid(setup, document_no, customer_no, kind)
    assert len(kid) == setup.kid_length
    assert is_valid(kid, setup.method)
    parts = parse_kid(setup, kid)
    assert parts.document_no == document_no
    assert parts.customer_no == (customer_no if "customer_no" in setup.layout.parts else None)
    assert parts.document_type == (kind if "document_type" in setup.layout.parts else None)
