"""Number series count up like NAV's: the last digits grow, prefix and width stay."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reskontro.domain import numbering
from reskontro.domain.errors import ValidationError
from reskontro.domain.numbering import increment


def test_the_documented_examples_hold() -> None:
    assert doctest.testmod(numbering).failed == 0


@pytest.mark.parametrize(
    ("used", "following"),
    [
        ("CR000009", "CR000010"),
        ("CR000001", "CR000002"),
        ("99", "100"),
        ("100001", "100002"),
        ("D00001", "D00002"),
        ("INV-2026-0099", "INV-2026-0100"),
        ("A9Z", "A10Z"),
        ("GJ0", "GJ1"),
    ],
)
def test_the_next_number_keeps_prefix_suffix_and_width(used: str, following: str) -> None:
    assert increment(used) == following


def test_a_number_without_digits_is_refused_with_an_example() -> None:
    with pytest.raises(ValidationError, match=r"'INV' has no digits.*e\.g\. INV0001"):
        increment("INV")


@given(
    prefix=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ-", max_size=4),
    value=st.integers(min_value=0, max_value=10**8),
    width=st.integers(min_value=1, max_value=9),
)
def test_a_series_never_hands_out_a_number_twice(prefix: str, value: int, width: int) -> None:
    number = f"{prefix}{value:0{width}d}"
    seen = {number}
    for _ in range(25):
        following = increment(number)
        assert following.startswith(prefix)
        assert int(following[len(prefix) :]) == int(number[len(prefix) :]) + 1
        assert len(following) >= len(number)
        assert following not in seen
        seen.add(following)
        number = following
