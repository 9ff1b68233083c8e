"""Names, bank accounts and document numbers in the forms matching compares.

Names are compared without case, punctuation, accents and legal form, so that "Nordlys
Bygg AS", "NORDLYS BYGG A/S" and "Nordlys-Bygg" are one name; Nordic letters are spelt out
(æ → ae, ø and ö → o, å and ä → a) because banks and payers write them either way.

>>> normalise_name("Bjørnstad & Sønner A/S")
'bjornstad sonner'
>>> normalise_name("AB Svensk Älg (publ)")
'svensk alg'
>>> normalise_name("  Oy  Suomi-Trading Ltd. ")
'suomi trading'
>>> normalise_name("AS")  # a name that is only a legal form stays
'as'

Accounts keep only letters and digits; an IBAN also gives the domestic account inside it, so
that a Norwegian account written ``1234.56.78903`` equals ``NO93 1234 5678 903``:

>>> account_keys("NO93 1234 5678 903")
('NO9312345678903', '12345678903')
>>> account_keys("1234.56.78903")
('12345678903',)
>>> account_keys("SE45 5000 0000 0583 9825 7466")
('SE4550000000058398257466', '58398257466')

Document numbers are found where they stand alone in a text, every time they occur:

>>> sorted(document_tokens("Faktura 1001/X1002 og 01003", max_words=2))
['01003', '1001', '1001/X1002', 'FAKTURA', 'FAKTURA 1001', 'OG', 'OG 01003', 'X1002', 'X1002 OG']
"""

from __future__ import annotations

import re
import unicodedata

LEGAL_FORMS = frozenset(
    {
        # Norway
        "as", "asa", "ans", "da", "enk", "sa", "ba", "nuf", "ks", "sf",
        # Sweden
        "ab", "hb", "kb", "ek", "publ",
        # Finland
        "oy", "oyj", "tmi", "ky",
        # Denmark
        "aps", "is", "ivs", "amba",
        # Elsewhere
        "gmbh", "ag", "kg", "ug", "ltd", "limited", "inc", "llc", "plc", "bv", "nv", "sarl",
        "srl", "spa", "sl", "co", "corp", "corporation", "company",
    }
)  # fmt: skip
"""Legal-form words dropped at the start and the end of a name (after normalising, so
"A/S" is "as" and "Oy Ab" is two of them)."""

_SPELT_OUT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ß": "ss"})
# Legal forms written with a slash or dots become one word before punctuation goes.
_JOINED_FORMS = re.compile(r"\b([aikp])\s*/\s*s\b|\b(a)\.\s*s\.?(?=\s|$)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NOT_ALNUM_UPPER = re.compile(r"[^0-9A-Z]")
_WORD = re.compile(r"[0-9A-Za-z]+")

NORWEGIAN_IBAN_LENGTH = 15
SWEDISH_IBAN_LENGTH = 24


def fold(text: str) -> str:
    """Lower case, Nordic letters spelt out, other accents dropped (é → e, ü → u)."""
    folded = text.casefold().translate(_SPELT_OUT)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise_name(name: str) -> str:
    """The name folded, without punctuation or legal form, single-spaced."""
    text = _JOINED_FORMS.sub(lambda m: f" {m.group(1) or m.group(2)}s ", fold(name))
    words = _NOT_WORD.sub(" ", text).split()
    start, end = 0, len(words)
    while start < end and words[start] in LEGAL_FORMS:
        start += 1
    while end > start and words[end - 1] in LEGAL_FORMS:
        end -= 1
    return " ".join(words[start:end] or words)


def normalise_text(text: str) -> str:
    """Free text in the form of :func:`normalise_name` but with every word kept, padded with
    a space at each end so that ``f" {name} " in text`` finds whole words only."""
    return " " + " ".join(_NOT_WORD.sub(" ", fold(text)).split()) + " "


def normalise_address(text: str) -> str:
    """An address or city folded, punctuation gone, single-spaced ("Gata 1B" → "gata 1b")."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def normalise_account(text: str) -> str:
    """Only the letters and digits of an account or IBAN, upper case (NAV's rule)."""
    return _NOT_ALNUM_UPPER.sub("", text.upper())


def account_keys(text: str) -> tuple[str, ...]:
    """The keys under which an account is known: the normalised account, and for a
    Norwegian or Swedish IBAN the domestic account inside it.

    A Norwegian IBAN is ``NO`` + 2 check digits + the 11-digit account. A Swedish one is
    ``SE`` + 2 check digits + a 3-digit bank code + 17 digits ending in the clearing and
    account number, zero-padded on the left; a plain domestic account is keyed without its
    leading zeros so that both meet.
    """
    account = normalise_account(text)
    if not account:
        return ()
    if account.startswith("NO") and len(account) == NORWEGIAN_IBAN_LENGTH:
        return (account, account[4:])
    if account.startswith("SE") and len(account) == SWEDISH_IBAN_LENGTH:
        domestic = account[7:].lstrip("0")
        return (account, domestic) if domestic else (account,)
    if account.isdigit():
        stripped = account.lstrip("0")
        return (stripped,) if stripped else ()
    return (account,)


def document_key(document_no: str) -> str:
    """A document no. as looked up in texts: upper case, as written (leading zeros kept)."""
    return document_no.strip().upper()


def document_tokens(text: str, max_words: int = 4, max_length: int = 35) -> set[str]:
    """Every piece of *text* that starts and ends at a word edge, up to *max_words* words of
    letters and digits (and what stands between them) and *max_length* characters, upper case.

    A document no. is "in the text" when its :func:`document_key` is one of these: the
    character before it and the one after it are not letters or digits (NAV's boundary rule),
    and every occurrence counts, not only the first.
    """
    upper = text.upper()
    spans = [(m.start(), m.end()) for m in _WORD.finditer(upper)]
    tokens: set[str] = set()
    for first, (start, _) in enumerate(spans):
        for _, end in spans[first : first + max_words]:
            if end - start > max_length:
                break
            tokens.add(upper[start:end])
    return tokens
