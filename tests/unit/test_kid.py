"""KID numbers: MOD10 and MOD11 check digits as Nets defines them, in python-stdnum's shape."""

from __future__ import annotations

import doctest
import importlib.util

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from reskontro.domain.errors import ValidationError
from reskontro.domain.references import kid
from reskontro.domain.references.kid import (
    InvalidKid,
    InvalidKidChecksum,
    InvalidKidFormat,
    InvalidKidLength,
    KidMethod,
    calc_check_digit,
    compact,
    is_valid,
    validate,
)

bodies = st.text(alphabet="0123456789", min_size=1, max_size=24)
methods = st.sampled_from(list(KidMethod))


def test_the_documented_examples_hold() -> None:
    assert doctest.testmod(kid).failed == 0


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("12345678", "2"),  # Nets' manual, §5
        ("0000012345", "5"),  # NAV: KID setup "Document No.", doc 12345, length 10
        ("00000123450000067890", "9"),  # NAV: Document No.+Customer No.
        ("00000678900000012345", "9"),  # NAV: Customer No.+Document No.
        ("00000000000000103032", "9"),  # NAV: document 103032, length 20
    ],
)
def test_mod10_check_digits_are_those_of_the_manual_and_nav(body: str, check: str) -> None:
    assert calc_check_digit(body) == check
    assert calc_check_digit(body, "mod10") == check


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("12345678", "5"),  # Nets' manual, §5: sum 138, remainder 6
        ("00000123451", "-"),  # remainder 1: the check digit would be 10
        ("0000012345", "5"),
        ("1009", "-"),
    ],
)
def test_mod11_check_digits_are_those_of_the_manual(body: str, check: str) -> None:
    assert calc_check_digit(body, KidMethod.MOD11) == check


def test_a_mod11_kid_ending_in_a_dash_is_valid_mod11_and_nowhere_else() -> None:
    assert validate("00000123451-") == "00000123451-"
    assert validate("00000123451-", "mod11") == "00000123451-"
    assert not is_valid("00000123451-", "mod10")
    assert not is_valid("00000123451", "mod11")  # the dash is the check digit, not a separator


def test_python_stdnum_cannot_read_a_mod11_kid_ending_in_a_dash() -> None:
    """Where we differ from python-stdnum: its Luhn knows no '-', and it has no MOD11 KID."""
    assert luhn.is_valid("00000123455")
    assert validate("00000123455", "mod10") == "00000123455"
    assert not luhn.is_valid("00000123451-")
    assert is_valid("00000123451-")


def test_stdnum_kid_module_agrees_where_it_exists() -> None:
    """python-stdnum 2.2 has no ``stdnum.no.kid``; when a later one has, hold ours against it."""
    if importlib.util.find_spec("stdnum.no.kid") is None:
        pytest.skip("python-stdnum has no stdnum.no.kid (checked: 2.2); compared with luhn instead")
    stdnum_kid = importlib.import_module("stdnum.no.kid")
    for number in ("00000123455", "000001234500000678909", "000006789000000123459"):
        assert stdnum_kid.is_valid(number) and is_valid(number)
    assert is_valid("00000123451-")  # ours reads MOD11 KIDs ending in '-', whatever stdnum does


@given(bodies)
def test_mod10_is_python_stdnums_luhn(body: str) -> None:
    number = body + calc_check_digit(body)
    assert calc_check_digit(body) == luhn.calc_check_digit(body)
    assert is_valid(number, "mod10")
    assert luhn.is_valid(number)


@given(bodies, methods)
def test_a_made_kid_is_valid_by_its_method_and_by_either(body: str, method: KidMethod) -> None:
    number = body + calc_check_digit(body, method)
    assert validate(number, method) == number
    assert is_valid(number)


@given(bodies, methods, st.data())
def test_any_one_wrong_digit_is_caught(body: str, method: KidMethod, data: st.DataObject) -> None:
    """Both methods catch every single-digit typing error (Luhn's weights and 2..7 mod 11)."""
    number = body + calc_check_digit(body, method)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    typo = number[:position] + wrong + number[position + 1 :]
    assert not is_valid(typo, method)


@pytest.mark.parametrize(
    ("written", "compacted"),
    [
        (" 0000 0123 455 ", "00000123455"),
        ("0000.0123.455", "00000123455"),
        ("0000-0123-455", "00000123455"),
        ("0000-0123-451-", "00000123451-"),
        ("\t00000123455\n", "00000123455"),
    ],
)
def test_compact_removes_what_people_write_and_keeps_a_final_dash(
    written: str, compacted: str
) -> None:
    assert compact(written) == compacted
    assert kid.format(written) == compacted


@pytest.mark.parametrize(
    ("number", "error", "message"),
    [
        ("5", InvalidKidLength, r"'5' has 1 digits; a KID has 2 to 25 digits"),
        ("", InvalidKidLength, r"has 0 digits"),
        ("1" * 26, InvalidKidLength, r"has 26 digits; a KID has 2 to 25"),
        ("1234A5", InvalidKidFormat, r"'1234A5' may hold only digits"),
        ("12+345", InvalidKidFormat, "only digits"),
        ("١٢٣٤٥", InvalidKidFormat, r"only digits"),  # Arabic-Indic digits are no KID digits
        ("123456783", InvalidKidChecksum, r"ends in 3, but MOD10 gives 2 and MOD11 gives 5"),
    ],
)
def test_an_invalid_kid_says_what_is_wrong(
    number: str, error: type[InvalidKid], message: str
) -> None:
    with pytest.raises(error, match=message):
        validate(number)
    assert not is_valid(number)


def test_the_wrong_check_digit_message_names_the_method_asked_for() -> None:
    with pytest.raises(InvalidKidChecksum, match=r"ends in 5, but MOD10 gives 2$"):
        validate("123456785", "mod10")
    with pytest.raises(InvalidKidChecksum, match=r"ends in '-', which only MOD11 gives"):
        validate("00000123451-", KidMethod.MOD10)


def test_invalid_kids_are_validation_errors_and_value_errors() -> None:
    assert issubclass(InvalidKid, ValidationError)
    assert issubclass(InvalidKidChecksum, ValueError)


def test_an_unknown_method_is_refused_clearly() -> None:
    with pytest.raises(ValidationError, match="'mod12' is not a KID check digit method"):
        calc_check_digit("1234", "mod12")
    with pytest.raises(InvalidKidFormat):
        calc_check_digit("12a4")
