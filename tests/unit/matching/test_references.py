"""Structured references: accepted only with a valid check digit, in fields and in text."""

from __future__ import annotations

import pytest

from reskontro.domain.matching.references import (
    ReferenceKind,
    compact_reference,
    is_finnish_reference,
    kinds_of,
    line_references,
    structured_references,
    text_references,
)

KID_MOD10 = "00000123455"
KID_MOD11 = "123456785"
KID_MOD11_DASH = "00000123451-"
RF = "RF18539007547034"


@pytest.mark.parametrize(
    ("value", "kinds"),
    [
        (KID_MOD10, (ReferenceKind.KID, ReferenceKind.OCR)),
        (KID_MOD11, (ReferenceKind.KID,)),
        (KID_MOD11_DASH, (ReferenceKind.KID,)),
        ("1232", (ReferenceKind.FINNISH,)),
        (RF, (ReferenceKind.RF,)),
    ],
)
def test_valid_references_and_their_kinds(value: str, kinds: tuple[ReferenceKind, ...]) -> None:
    assert kinds_of(value) == kinds


@pytest.mark.parametrize(
    "value",
    ["00000123456", "123456784", "00000123452-", "RF18539007547035", "1231", "12A45"],
)
def test_a_wrong_check_digit_is_no_reference(value: str) -> None:
    assert kinds_of(value) == ()
    assert structured_references([value]) == []


def test_a_swedish_ocr_with_a_length_digit_passes_luhn() -> None:
    # 12345, then 7 (the number has 7 digits), then the Luhn check digit 4.
    assert ReferenceKind.OCR in kinds_of("1234574")


def test_structured_fields_are_compacted_and_kept_once() -> None:
    refs = structured_references(["0000 0123 455", "00000123455", "rf18 5390 0754 7034", "x"])
    assert [(r.value, r.in_text) for r in refs] == [(KID_MOD10, False), (RF, False)]


def test_compact_keeps_a_final_mod11_dash() -> None:
    assert compact_reference(" 0000.0123.451- ") == KID_MOD11_DASH
    assert compact_reference("1234-5678-5") == KID_MOD11


def test_free_text_takes_long_digit_runs_and_spaced_rf() -> None:
    text = f"Faktura 1001, KID {KID_MOD11_DASH} og ref RF18 5390 0754 7034 takk"
    assert [r.value for r in text_references(text)] == [RF, KID_MOD11_DASH]
    assert all(r.in_text for r in text_references(text))


@pytest.mark.parametrize(
    "text",
    [
        "betalt 12.03.2026",  # a date
        "beløp 1 250,00",  # an amount
        "beløp 12345,67",  # digits glued to decimals
        "kundenr 1232",  # a valid Finnish reference, but too short for free text
        "INV00000123455",  # glued to letters: a document no., not a reference
    ],
)
def test_free_text_ignores_dates_amounts_and_short_numbers(text: str) -> None:
    assert text_references(text) == []


def test_a_line_has_its_fields_first_then_new_ones_from_its_text() -> None:
    refs = line_references([KID_MOD10], f"KID {KID_MOD10} og {KID_MOD11}")
    assert [(r.value, r.in_text) for r in refs] == [(KID_MOD10, False), (KID_MOD11, True)]


def test_finnish_reference_rules() -> None:
    assert is_finnish_reference("1232")
    assert not is_finnish_reference("123")  # shorter than 4
    assert not is_finnish_reference("1" * 21)  # longer than 20
