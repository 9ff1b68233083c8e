"""Names, accounts and document nos. in the forms matching compares."""

from __future__ import annotations

import pytest

from reskontro.domain.matching.normalise import (
    account_keys,
    document_key,
    document_tokens,
    normalise_name,
    normalise_text,
)


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Nordlys Bygg AS", "nordlys bygg"),
        ("NORDLYS BYGG A/S", "nordlys bygg"),
        ("Nordlys-Bygg", "nordlys bygg"),
        ("AS Nordlys Bygg", "nordlys bygg"),
        ("Bjørk & Sønner ANS", "bjork sonner"),
        ("Ålesund Fisk DA", "alesund fisk"),
        ("Svensk Älg AB (publ)", "svensk alg"),
        ("Suomi Oy Ab", "suomi"),
        ("Oyj Nokia", "nokia"),
        ("Dansk Træ ApS", "dansk trae"),
        ("Müller GmbH", "muller"),
        ("Acme Ltd.", "acme"),
        ("Acme Limited", "acme"),
        ("Acme Inc", "acme"),
        ("Acme LLC", "acme"),
        ("Holland BV", "holland"),
        ("Belgique NV", "belgique"),
        ("Per Hansen ENK", "per hansen"),
        ("Stiftelse SA", "stiftelse"),
        ("Handel HB", "handel"),
        ("Kommandit KB", "kommandit"),
        ("  Mange   mellomrom  ", "mange mellomrom"),
    ],
)
def test_names(name: str, normalised: str) -> None:
    assert normalise_name(name) == normalised


def test_a_legal_form_inside_a_name_stays() -> None:
    assert normalise_name("Berg AS Eiendom AS") == "berg as eiendom"


def test_a_name_that_is_only_a_legal_form_is_kept() -> None:
    assert normalise_name("AB") == "ab"


def test_text_is_padded_for_whole_word_search() -> None:
    text = normalise_text("Betaling fra NORDLYS BYGG, faktura 12")
    assert " nordlys bygg " in text
    assert " ordlys " not in text


def test_a_norwegian_account_meets_the_same_account_inside_an_iban() -> None:
    assert set(account_keys("1234.56.78903")) & set(account_keys("NO93 1234 5678 903"))
    assert not set(account_keys("1234.56.78904")) & set(account_keys("NO93 1234 5678 903"))


def test_a_swedish_iban_ends_in_the_domestic_account() -> None:
    assert set(account_keys("5839-82 574 66")) & set(account_keys("SE45 5000 0000 0583 9825 7466"))


def test_other_accounts_keep_only_letters_and_digits_upper_case() -> None:
    assert account_keys("dk50 0040 0440 1162 43") == ("DK5000400440116243",)
    assert account_keys(" - ") == ()


def test_document_tokens_find_every_occurrence_on_word_edges() -> None:
    tokens = document_tokens("X1001 betalt, se også 1001 og inv-2002/a")
    assert "1001" in tokens  # the second occurrence counts
    assert "X1001" in tokens
    assert "INV-2002/A" in tokens
    assert "100" not in tokens  # never a part of a word


def test_document_numbers_keep_leading_zeros_and_ignore_case() -> None:
    tokens = document_tokens("faktura 01001")
    assert document_key("01001") in tokens
    assert document_key("1001") not in tokens
    assert document_key("Faktura 01001") in tokens
