"""The books behind the matching bench: parties, their open entries, and invoices paid before.

Used by :mod:`bench.matching_data`, whose docstring says what the books hold. Every choice
comes from the ``random.Random`` passed in, so the same seed gives the same books.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from stdnum.iso7064 import mod_97_10
from stdnum.no import kontonr

from reskontro.domain.matching.model import AccountKind, OpenEntry, Party
from reskontro.domain.references import kid as kid_numbers
from reskontro.domain.references.kid import KidMethod

STATEMENT_START = date(2026, 3, 1)
STATEMENT_DAYS = 31
KID_AGREEMENT_CHANGED = STATEMENT_START - timedelta(days=60)
"""Invoices posted before this day carry MOD11 KIDs, later ones MOD10."""
PRICE_LIST_ORE = (49_900, 99_000, 125_000, 250_000, 499_000, 1_250_000)
CENT = Decimal("0.01")
ZERO = Decimal(0)


def words(text: str) -> tuple[str, ...]:
    """The items of a ``|``-separated list."""
    return tuple(word.strip() for word in text.split("|"))


NO_PLACES = words(
    "Nordlys|Fjord|Bergen|Tromsø|Ålesund|Bodø|Hamar|Molde|Sandnes|Drammen|Gjøvik|Røros|Ørsta|"
    "Askøy|Lærdal|Sør-Varanger|Midt-Norge|Vestlandet|Østlandet|Nordkapp|Lofoten|Hardanger|Sogn|"
    "Trøndelag|Sunnmøre|Oslo|Stavanger|Kristiansand|Fredrikstad|Tønsberg|Skien|Harstad|Narvik|"
    "Alta|Kongsberg|Elverum|Lillehammer|Arendal|Haugesund|Florø|Øvre Eiker|Nord-Fron|Brønnøy|"
    "Sørum|Ås"
)
NO_TRADES = words(
    "Bygg|Eiendom|Rør|Elektro|Transport|Regnskap|Maskin|Trelast|Bilsenter|Marine|Sjømat|Fisk|"
    "Consult|Data|Bakeri|Blomster|Maling|Tak og Fasade|Anlegg|Entreprenør|Invest|Tannklinikk|"
    "Frisør|Auto|Regnskapskontor|Ventilasjon|Kjøleteknikk|Gartneri|Møbler|Sport|Catering|"
    "Revisjon|Arkitekter|Hotell|Kafé|Mekaniske Verksted|Rørlegger|Snekkeri"
)
NO_VENDOR_TRADES = words(
    "Kontorrekvisita|Telecom|Kraft|Renhold|Leasing|Forsikring|IT-drift|Vakthold|Frakt|"
    "Emballasje|Trykkeri|Kaffe|Verktøy|Lager"
)
NO_FIRST = words(
    "Ola|Kari|Per|Anne|Ingrid|Lars|Knut|Siri|Øystein|Åse|Bjørn|Solveig|Håkon|Ragnhild|Jørgen|"
    "Tone|Eirik|Marit|Sindre|Hilde|Ole Martin|Kari Anne|Jan Erik|Mette|Geir|Trond|Liv|Nils"
)
NO_SURNAMES = words(
    "Hansen|Johansen|Olsen|Larsen|Andersen|Pedersen|Nilsen|Kristiansen|Jensen|Karlsen|Berg|"
    "Haugen|Hagen|Bakken|Strand|Solberg|Dahl|Lie|Sæther|Ødegård|Løken|Bråthen|Aasen|Renterud|"
    "Berg-Hansen|Lie-Nilsen|Myklebust|Følstad|Grønli|Skårland"
)
SE_PLACES = words(
    "Göteborgs|Malmö|Norrlands|Kungsbacka|Västerås|Umeå|Luleå|Örebro|Jönköpings|Växjö|Skåne|"
    "Dalarnas|Uppsala|Gävle|Borås|Sundsvalls|Halmstads|Kalmar|Östersunds|Karlstads"
)
SE_TRADES = words(
    "Bygg|Fastigheter|Rör|El|Transport|Redovisning|Måleri|Trä|Bil|Mekaniska|Konsult|Data|"
    "Bageri|Blommor|Tak|Entreprenad|Städ|Åkeri|Livs|VVS"
)
SE_FIRST = words(
    "Anna|Erik|Lars|Karin|Maria|Johan|Bo|Åsa|Björn|Göran|Märta|Linnéa|Per-Olof|Ulla|Sven"
)
SE_SURNAMES = words(
    "Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|Gustafsson|"
    "Lindström|Ek|Lind|Åberg|Öberg|Sjöberg"
)
SHORT_NAMES = ("Bo AS", "Ica AB", "Ek AB", "Rør AS", "XL Bygg AS", "Obs AS")
"""Real-looking short names; each is given once, in books of 50 parties or more."""
NO_STREETS = words(
    "Storgata|Kongens gate|Strandveien|Kirkegata|Industriveien|Havnegata|Bjørkeveien|Fjellveien"
)
SE_STREETS = ("Drottninggatan", "Storgatan", "Kungsgatan", "Industrivägen", "Hamngatan")
LEGAL_FORMS = ("ASA", "ANS", "AS", "DA", "SA", "AB", "HB", "KB", "ENK")
SIBLING_SUFFIXES = (" Holding", " Service", " Nord", " Vest", " Invest", " Group")


class NameMaker:
    """Makes party names; remembers those given so a new company is never an old one, not
    even with another legal form (the register of business names would refuse it)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.given: dict[str, int] = {}
        """Names given, without their legal form, case-folded."""
        self.companies: dict[str, list[str]] = {"NO": [], "SE": []}
        self.people: list[tuple[str, str]] = []

    def _new(self, name: str) -> str | None:
        if self.taken(name):
            return None
        self.given[_key(name)] = 1
        return name

    def taken(self, name: str) -> bool:
        return _key(name) in self.given

    def company(self, country: str, *, vendor: bool = False) -> str:
        rng = self.rng
        for _ in range(50):
            if self.companies[country] and not vendor and rng.randrange(100) < 8:
                name = self._sibling(rng.choice(self.companies[country]))
            elif country == "SE":
                name = self._swedish_company()
            else:
                name = self._norwegian_company(vendor)
            if self._new(name):
                self.companies[country].append(name)
                return name
        return self._new_numbered(country)

    def _norwegian_company(self, vendor: bool) -> str:
        rng = self.rng
        trade = rng.choice(NO_VENDOR_TRADES if vendor else NO_TRADES)
        form = rng.choices(("AS", "ASA", "ANS", "DA", "SA"), weights=(85, 3, 6, 3, 3))[0]
        pattern = rng.randrange(10)
        if pattern < 6:
            return f"{rng.choice(NO_PLACES)} {trade} {form}"
        if pattern < 8:
            return f"{rng.choice(NO_SURNAMES)} {trade} {form}"
        if pattern < 9:
            return f"Brødrene {rng.choice(NO_SURNAMES)} {form}"
        return f"{rng.choice(NO_SURNAMES)} & Sønn {form}"

    def _swedish_company(self) -> str:
        rng = self.rng
        form = rng.choices(("AB", "HB", "KB"), weights=(88, 8, 4))[0]
        if rng.randrange(4):
            return f"{rng.choice(SE_PLACES)} {rng.choice(SE_TRADES)} {form}"
        return f"{rng.choice(SE_SURNAMES)}s {rng.choice(SE_TRADES)} {form}"

    def _sibling(self, name: str) -> str:
        """A group company of *name*, or its name written together ("Fjordeiendom AS")."""
        base, form = without_legal_form(name), name.rsplit(" ", 1)[-1]
        parts = base.split(" ")
        if self.rng.randrange(5) == 0 and len(parts) == 2 and "".join(parts).isalpha():
            return f"{parts[0]}{parts[1].lower()} {form}"
        return f"{base}{self.rng.choice(SIBLING_SUFFIXES)} {form}"

    def _new_numbered(self, country: str) -> str:
        form = "AB" if country == "SE" else "AS"
        number = len(self.given) + 1
        name = f"{self.rng.choice(NO_PLACES)} {number} {form}"
        self.given[_key(name)] = 1
        return name

    def short(self, index: int) -> str | None:
        return self._new(SHORT_NAMES[index])

    def person(self, country: str) -> tuple[str, str]:
        """A person's name and first name; now and then one already given (namesakes)."""
        rng = self.rng
        if self.people and rng.randrange(100) < 3:
            return rng.choice(self.people)
        firsts, lasts = (SE_FIRST, SE_SURNAMES) if country == "SE" else (NO_FIRST, NO_SURNAMES)
        first = rng.choice(firsts)
        if rng.randrange(10) == 0:
            first += f" {rng.choice('ABEHKMOST')}."
        made = (f"{first} {rng.choice(lasts)}", first)
        self.given[_key(made[0])] = 1
        self.people.append(made)
        return made

    def stranger(self) -> str:
        """A payer who is not in the books (a person or a company no party is called)."""
        rng = self.rng
        for _ in range(50):
            if rng.randrange(2):
                name = f"{rng.choice(NO_FIRST)} {rng.choice(NO_SURNAMES)}"
            else:
                name = f"{rng.choice(NO_PLACES)} {rng.choice(NO_TRADES)} AS"
            if not self.taken(name):
                return name
        return f"Regnskapsbyrå {len(self.given)} AS"

    def address(self, country: str) -> tuple[str, str]:
        rng = self.rng
        if country == "SE":
            street = f"{rng.choice(SE_STREETS)} {rng.randint(1, 80)}"
            return street, rng.choice(SE_PLACES).rstrip("s")
        return f"{rng.choice(NO_STREETS)} {rng.randint(1, 120)}", rng.choice(NO_PLACES)


def _key(name: str) -> str:
    return without_legal_form(name).casefold()


def without_legal_form(name: str) -> str:
    """*name* without a legal form at its end ("Nordlys Bygg AS" → "Nordlys Bygg")."""
    head, _, last = name.rpartition(" ")
    return head if head and last in LEGAL_FORMS else name


def person_reversed(name: str, first: str) -> str:
    """ "Kari Hansen" as many banks give it: "HANSEN KARI"."""
    surname = name[len(first) :].strip()
    return f"{surname} {first}".upper()


_ASCII = str.maketrans(
    dict(zip("æøåÆØÅäöÄÖé", ("ae", "o", "a", "AE", "O", "A", "a", "o", "A", "O", "e"), strict=True))
)


def misspell(rng: random.Random, name: str) -> str:
    """*name* as a payer or a foreign bank may write it: without its legal form or Nordic
    letters, cut to 20 characters, with a letter wrong, missing or swapped; now and then two
    of these. Always different from *name*."""
    for _ in range(20):
        made = _misspell_once(rng, name)
        if rng.randrange(5) == 0:
            made = _misspell_once(rng, made)
        if made != name and made.strip():
            return made
    return name + "."


def _misspell_once(rng: random.Random, name: str) -> str:
    how = rng.randrange(6)
    if how == 0:
        return without_legal_form(name)
    if how == 1:
        return name.translate(_ASCII)
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    if len(letters) < 4:
        return name.upper()
    at = rng.choice(letters[1:-1])
    if how == 2:  # a vowel heard wrong: Nordlys → Nordlis
        swap = {"y": "i", "i": "y", "e": "a", "a": "e", "o": "å", "ø": "ö", "u": "o"}
        return name[:at] + swap.get(name[at], name[at] + name[at]) + name[at + 1 :]
    if how == 3:
        return name[:at] + name[at + 1 :]
    if how == 4 and name[at + 1].isalpha():
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    # Cut to a bank's name field (20 characters in some formats), upper case.
    return name.upper()[:20]


def money(ore: int) -> Decimal:
    """An amount from whole øre (or öre)."""
    return Decimal(ore).scaleb(-2)


def norwegian_account(rng: random.Random) -> str:
    """Eleven digits with a valid check digit (weights 6,7,8,9,4,5,6,7,8,9 mod 11, as
    ``stdnum.no.kontonr`` checks it)."""
    weights = (6, 7, 8, 9, 4, 5, 6, 7, 8, 9)
    while True:
        body = f"{rng.choice((1200, 1503, 1607, 2801, 3000, 4212, 6003, 8601, 9710))}"
        body += f"{rng.randrange(10**6):06d}"
        check = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
        if check != 10:
            return body + str(check)


def norwegian_iban(account: str) -> str:
    """The IBAN of an 11-digit Norwegian account, unbroken."""
    return kontonr.to_iban(account).replace(" ", "")


def swedish_iban(rng: random.Random) -> str:
    bban = f"{rng.choice((300, 500, 600, 800, 900))}{rng.randrange(10**17):017d}"
    return "SE" + mod_97_10.calc_check_digits(bban + "SE") + bban


@dataclass
class PartyInfo:
    """A party with what the statement needs to know of it."""

    party: Party
    country: str
    person: bool = False
    first_name: str = ""
    account: str = ""
    """The account as the payer's bank gives it: 11 digits, or a Swedish IBAN."""
    discount_terms: bool = False
    entries: list[OpenEntry] = field(default_factory=list)


@dataclass(frozen=True)
class ClosedInvoice:
    """An invoice paid before the statement (not open any more), with its KID."""

    info: PartyInfo
    document_no: str
    kid: str
    amount: Decimal


@dataclass
class _Plan:
    info: PartyInfo
    posted: date
    document_type: str
    ore: int
    closed: bool = False


class Books:
    """Customers (and a vendor for every eight), their open entries and some closed invoices."""

    def __init__(self, rng: random.Random, n_parties: int, per_party: int, closed: int) -> None:
        self.rng = rng
        self.names = NameMaker(rng)
        self.infos: list[PartyInfo] = []
        self.entries: list[OpenEntry] = []
        self.closed: list[ClosedInvoice] = []
        self.kids: dict[str, int] = {}
        shorts = len(SHORT_NAMES) if n_parties >= 50 else 0
        self.short_at = {n_parties * (j + 1) // (shorts + 1): j for j in range(shorts)}
        customers = [self._customer(i) for i in range(n_parties)]
        first_vendor = (10_000 + n_parties) // 10_000 * 10_000 + 10_000
        vendors = [self._vendor(first_vendor + i) for i in range(max(3, n_parties // 8))]
        self.infos = customers + vendors
        self._post(customers, vendors, per_party, closed)

    def _customer(self, index: int) -> PartyInfo:
        rng = self.rng
        short = self.names.short(self.short_at[index]) if index in self.short_at else None
        country = "SE" if rng.randrange(5) == 0 else "NO"
        first = ""
        person = short is None and rng.randrange(100) < 30
        if short:
            name, country = short, "SE" if short.endswith("AB") else "NO"
        elif person:
            name, first = self.names.person(country)
        else:
            name = self.names.company(country)
        registered = rng.randrange(100) < (25 if person else 55)
        info = self._party(AccountKind.CUSTOMER, f"{10_000 + index}", name, country, registered)
        info.person, info.first_name = person, first
        info.discount_terms = not person and rng.randrange(8) == 0
        return info

    def _vendor(self, number: int) -> PartyInfo:
        name = self.names.company("NO", vendor=True)
        return self._party(AccountKind.VENDOR, str(number), name, "NO", registered=True)

    def _party(
        self, kind: AccountKind, no: str, name: str, country: str, registered: bool
    ) -> PartyInfo:
        street, city = self.names.address(country)
        account = swedish_iban(self.rng) if country == "SE" else norwegian_account(self.rng)
        if not registered:
            return PartyInfo(Party(kind, no, name, street, city), country)
        entered = _as_entered(self.rng, account)
        return PartyInfo(Party(kind, no, name, street, city, (entered,)), country, account=account)

    def _post(
        self, customers: list[PartyInfo], vendors: list[PartyInfo], per_party: int, closed: int
    ) -> None:
        rng = self.rng
        plans: list[_Plan] = []
        for info in customers:
            count = rng.randint(1, 2 * per_party - 1) * (4 if rng.randrange(20) == 0 else 1)
            for _ in range(count):
                memo = rng.randrange(100) < 4
                ore = -rng.randrange(10_000, 1_000_000) if memo else _invoice_ore(rng)
                plans.append(
                    _Plan(info, _posting_day(rng), "credit_memo" if memo else "invoice", ore)
                )
        norwegians = [info for info in customers if info.country == "NO"] or customers
        for _ in range(closed):
            info = rng.choice(norwegians)
            posted = STATEMENT_START - timedelta(days=rng.randint(10, 120))
            plans.append(_Plan(info, posted, "invoice", _invoice_ore(rng), closed=True))
        for info in vendors:
            for _ in range(rng.randint(1, 2 * per_party - 1)):
                memo = rng.randrange(100) < 3
                ore = rng.randrange(10_000, 500_000) if memo else -rng.randrange(20_000, 20_000_000)
                plans.append(
                    _Plan(info, _posting_day(rng), "credit_memo" if memo else "invoice", ore)
                )
        plans.sort(key=lambda p: p.posted)
        vendor_refs = {info.party.no: _VendorRefs(rng) for info in vendors}
        series = {"invoice": 100_001, "credit_memo": 700_001, "vendor": 800_001}
        for plan in plans:
            key = "vendor" if plan.info.party.kind is AccountKind.VENDOR else plan.document_type
            document_no = str(series[key])
            series[key] += 1
            if key == "vendor":
                self._vendor_entry(plan, document_no, vendor_refs[plan.info.party.no])
            else:
                self._customer_entry(plan, document_no)

    def _customer_entry(self, plan: _Plan, document_no: str) -> None:
        rng, info = self.rng, plan.info
        amount = money(plan.ore)
        invoice = plan.document_type == "invoice"
        kid = _kid(document_no, info.party.no, plan.posted) if invoice else ""
        if plan.closed:
            self.closed.append(ClosedInvoice(info, document_no, kid, amount))
            self.kids[kid] = 0
            return
        discount = invoice and info.discount_terms
        external = ""
        if invoice and not info.person and rng.randrange(100) < 30:
            external = rng.choice(("PO-{:04d}", "45000{:05d}", "ORD{:05d}")).format(
                rng.randrange(10_000)
            )
        self._add(
            info,
            OpenEntry(
                kind=AccountKind.CUSTOMER,
                entry_no=len(self.entries) + 1,
                party_no=info.party.no,
                document_type=plan.document_type,
                document_no=document_no,
                posting_date=plan.posted,
                remaining_amount=amount,
                external_document_no=external,
                payment_reference=kid,
                description=("Faktura " if invoice else "Kreditnota ") + document_no,
                due_date=plan.posted + timedelta(days=14 if info.person else 30),
                remaining_pmt_disc_possible=_two_percent(amount) if discount else ZERO,
                pmt_discount_date=plan.posted + timedelta(days=10) if discount else None,
            ),
        )

    def _vendor_entry(self, plan: _Plan, document_no: str, refs: _VendorRefs) -> None:
        invoice = plan.document_type == "invoice"
        external = refs.next_invoice_no()
        self._add(
            plan.info,
            OpenEntry(
                kind=AccountKind.VENDOR,
                entry_no=len(self.entries) + 1,
                party_no=plan.info.party.no,
                document_type=plan.document_type,
                document_no=document_no,
                posting_date=plan.posted,
                remaining_amount=money(plan.ore),
                external_document_no=external,
                payment_reference=refs.kid(self.rng) if invoice else "",
                description=f"Faktura {external}",
                due_date=plan.posted + timedelta(days=30),
            ),
        )

    def _add(self, info: PartyInfo, entry: OpenEntry) -> None:
        self.entries.append(entry)
        info.entries.append(entry)
        if entry.payment_reference:
            self.kids[entry.payment_reference] = entry.entry_no


class _VendorRefs:
    """How one vendor numbers its invoices and whether it prints a KID on them."""

    def __init__(self, rng: random.Random) -> None:
        self.style = rng.randrange(4)
        self.number = rng.randint(1_000, 90_000)
        self.kid_length = rng.randint(8, 15) if rng.randrange(10) < 7 else 0
        self.method = KidMethod.MOD11 if rng.randrange(5) == 0 else KidMethod.MOD10
        self.rng = rng

    def next_invoice_no(self) -> str:
        self.number += self.rng.randint(1, 40)
        return ("{}", "F2026-{:05d}", "INV-{}", "{:07d}")[self.style].format(self.number)

    def kid(self, rng: random.Random) -> str:
        if not self.kid_length:
            return ""
        while True:
            body = "".join(rng.choice("0123456789") for _ in range(self.kid_length - 1))
            check = kid_numbers.calc_check_digit(body, self.method)
            if check != "-":  # the vendor's bank would not let it print one
                return body + check


def _posting_day(rng: random.Random) -> date:
    return STATEMENT_START + timedelta(days=rng.randint(-120, 25))


def _invoice_ore(rng: random.Random) -> int:
    if rng.randrange(100) < 15:
        return rng.choice(PRICE_LIST_ORE)
    low, high = rng.choices(
        (
            (10_000, 100_000),
            (100_000, 1_000_000),
            (1_000_000, 10_000_000),
            (10_000_000, 50_000_000),
        ),
        weights=(30, 45, 22, 3),
    )[0]
    ore = rng.randrange(low, high)
    return ore // 100 * 100 if rng.randrange(100) < 40 else ore


def _two_percent(amount: Decimal) -> Decimal:
    return (amount * 2 / 100).quantize(CENT, ROUND_HALF_UP)


def _kid(document_no: str, customer_no: str, posted: date) -> str:
    body = document_no.zfill(7) + customer_no.zfill(6)
    method = KidMethod.MOD11 if posted < KID_AGREEMENT_CHANGED else KidMethod.MOD10
    return body + kid_numbers.calc_check_digit(body, method)


def _as_entered(rng: random.Random, account: str) -> str:
    """A bank account as someone typed it into the party card."""
    if account.startswith("SE"):
        return _grouped(account) if rng.randrange(10) < 6 else account
    how = rng.randrange(10)
    if how < 4:
        return kontonr.format(account)
    return account if how < 8 else _grouped(norwegian_iban(account))


def _grouped(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
