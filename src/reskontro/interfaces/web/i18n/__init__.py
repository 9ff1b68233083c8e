"""Words and number and date formats in Norwegian Bokmål, Swedish and English.

Each language is a plain dict from message id to text (``en.py``, ``nb.py``, ``sv.py``), so
there is no build step; a test checks that all three have the same ids and that every id the
templates use exists. Texts may hold ``{name}`` fields filled from keyword arguments.

Numbers and dates follow the language with Babel:

>>> fmt = Formatter("nb")
>>> fmt.money(Decimal("-1234.5")) == "-1\\xa0234,50"
True
>>> fmt.date(date(2026, 3, 2)), Formatter("sv").date(date(2026, 3, 2))
('02.03.2026', '2026-03-02')
>>> Formatter("en").money(Decimal("1234.5")), Formatter("en").date(date(2026, 3, 2))
('1,234.50', '2 Mar 2026')
>>> Formatter("sv").t("nav.customers"), Formatter("nb").t("nav.customers")
('Kunder', 'Kunder')
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from reskontro.interfaces.web.i18n import en, nb, sv

LANGUAGES: dict[str, str] = {"nb": "Norsk bokmål", "sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "en"
CATALOGUES: dict[str, dict[str, str]] = {"en": en.MESSAGES, "nb": nb.MESSAGES, "sv": sv.MESSAGES}

_DATE_PATTERNS = {"nb": "dd.MM.y", "sv": "y-MM-dd", "en": "d MMM y"}
_MONEY_PATTERN = "#,##0.00"
_ZONES = {"nb": "Europe/Oslo", "sv": "Europe/Stockholm"}


def language_or_default(language: str | None) -> str:
    code = (language or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def best_language(accept_language: str) -> str:
    """The first of our languages named in an ``Accept-Language`` header (``no``/``nn`` → nb).

    >>> best_language("sv-SE,sv;q=0.9,en;q=0.5"), best_language("nn,de"), best_language("fr")
    ('sv', 'nb', 'en')
    """
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("no", "nn"):
            code = "nb"
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def translate(language: str, key: str, **params: object) -> str:
    """The text of *key* in *language*; English when the language lacks it; the id itself when
    no catalogue has it (so a missing word shows, rather than breaking the page)."""
    text = CATALOGUES.get(language, en.MESSAGES).get(key) or en.MESSAGES.get(key) or key
    return text.format(**params) if params else text


class Formatter:
    """Everything a page needs to speak one language: words, amounts, numbers and dates."""

    def __init__(self, language: str) -> None:
        self.language = language_or_default(language)

    def t(self, key: str, **params: object) -> str:
        return translate(self.language, key, **params)

    def money(self, value: Decimal | None) -> str:
        """An amount with two decimals and the language's separators; blank for None."""
        if value is None:
            return ""
        return str(format_decimal(value, format=_MONEY_PATTERN, locale=self.language))

    def number(self, value: Decimal | int | None) -> str:
        if value is None:
            return ""
        return str(format_decimal(value, locale=self.language))

    def input_amount(self, value: Decimal | None) -> str:
        """An amount as a form field shows it: the language's decimal sign, no grouping, so it
        reads naturally and parses back."""
        if value is None:
            return ""
        text = f"{value:.2f}"
        return text.replace(".", ",") if self.language in ("nb", "sv") else text

    def date(self, value: date | None) -> str:
        if value is None:
            return ""
        return str(format_date(value, _DATE_PATTERNS[self.language], locale=self.language))

    def datetime(self, value: datetime | None) -> str:
        """A moment in the language's local time (Oslo, Stockholm; UTC for English)."""
        if value is None:
            return ""
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        pattern = _DATE_PATTERNS[self.language] + " HH:mm"
        zone = _zone(self.language)
        suffix = " UTC" if zone is UTC else ""
        return str(format_datetime(moment, pattern, tzinfo=zone, locale=self.language)) + suffix


def _zone(language: str) -> tzinfo:
    name = _ZONES.get(language)
    if name is None:
        return UTC
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        return UTC
