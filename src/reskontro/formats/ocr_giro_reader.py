"""The streaming reader of Nets OCR giro files: line by line, strict, and quick.

It holds one line at a time and yields each transaction as soon as its records are read, so a
file of any size streams; :func:`reskontro.formats.ocr_giro.parse` collects the lot.

Speed matters (an import reads 100,000 payments): the common records are cut with fixed slices
and checked with one ``isdecimal`` per run of digit fields; only when that fails does the
reader go through the layout field by field to say which field is wrong. Dates come from a
table of those seen before, and each transaction is filled in slot by slot
(:class:`~reskontro.formats.ocr_giro.TransactionDraft`), not through the frozen dataclass's
``__init__``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from reskontro.domain.errors import FormatError
from reskontro.formats import ocr_giro_records as records
from reskontro.formats.ocr_giro import (
    Assignment,
    ParseWarning,
    Transaction,
    TransactionDraft,
    Transmission,
)
from reskontro.formats.ocr_giro_records import (
    ASSIGNMENT_END,
    ASSIGNMENT_START,
    AVTALEGIRO_END,
    ITEM_1,
    ITEM_2,
    ITEM_3,
    TRANSMISSION_END,
    TRANSMISSION_START,
    Layout,
    TransactionType,
    describe_foreign,
    is_kid,
    to_date,
)

# record codes of the dispatch table, keyed by a line's first 8 characters
_T_START, _A_START, _ITEM1, _ITEM2, _ITEM3, _A_END, _T_END = range(7)
# The control records carry a transaction type too, which they never use.
_ANY = TransactionType.GIRO_DEBITED_ACCOUNT
_KINDS: dict[str, tuple[int, TransactionType, bool, bool, str]] = {
    "NY000010": (_T_START, _ANY, False, False, ""),
    "NY090020": (_A_START, _ANY, False, False, ""),
    "NY090088": (_A_END, _ANY, False, False, ""),
    "NY000089": (_T_END, _ANY, False, False, ""),
}
for _type in TransactionType:
    for _code, _record in ((_ITEM1, 30), (_ITEM2, 31), (_ITEM3, 32)):
        _KINDS[f"NY09{_type.value}{_record}"] = (
            _code,
            _type,
            _type.is_reversal,
            _type.has_free_text,
            f"NY09{_type.value}31",  # the amount item 2 that must follow an amount item 1
        )

# where the reader is in the grammar 10 (20 (30 31 [32])* 88)* 89
_BEFORE, _OPEN, _IN_ASSIGNMENT, _SKIPPING, _DONE = range(5)
# the fields of amount items 1 and 2 in one call each (fillers are compared in place); item
# 1's centre, day code and partial settlement no. come as one piece, the settlement, which is
# the same for many payments in a row and is taken apart only when it changes (the serial
# no. after it may change with every payment)
_ITEM_1_FIELDS = itemgetter(
    ITEM_1["transaction number"].cut,
    ITEM_1["Nets date"].cut,
    slice(ITEM_1["centre ID"].first - 1, ITEM_1["partial settlement number"].last),
    ITEM_1["partial settlement serial number"].cut,
    ITEM_1["sign"].cut,
    ITEM_1["amount"].cut,
    ITEM_1["KID"].cut,
    ITEM_1["card issuer"].cut,
)
_ITEM_2_FIELDS = itemgetter(*(field.cut for field in ITEM_2.fields[1:] if field.name != "filler"))
_TWO = {f"{n:02d}": n for n in range(100)} | {str(n): n for n in range(10)}


class OcrGiroReader:
    """Reads an OCR giro file line by line and yields each transaction once it is complete.

    While :meth:`read` runs, :attr:`assignment` is the assignment being read (its transactions
    and end date come with its end record) and :attr:`warnings` grows. When it has run,
    :attr:`transmission` holds the file (without the transactions when
    ``keep_transactions=False``). An exception means the file cannot be used: an import must
    drop what it has seen of it.
    """

    def __init__(self, source: str = "", *, keep_transactions: bool = True) -> None:
        self.source = source
        self.keep_transactions = keep_transactions
        self.warnings: list[ParseWarning] = []
        self.assignment: Assignment | None = None
        self.transmission: Transmission | None = None
        self._start = ("", "", "")
        self._assignments: list[Assignment] = []
        self._warned: set[tuple[str, str]] = set()
        self._blank = (0, 0)  # first blank line inside the transmission, and how many
        self._totals = [0, 0, 0, 0]  # transactions, records, control total, gross (øre)
        self._avtalegiro: list[int] = []  # lines of skipped AvtaleGiro assignments
        self._skipped_records = 0
        self._end_date: date | None = None

    def read(self, lines: Iterable[str]) -> Iterator[Transaction]:
        """Yield the transactions of *lines* (str, with or without their line ends).

        The lines must be decoded as ISO-8859-1 (:func:`~reskontro.formats.ocr_giro.iter_lines`
        does that): there the only characters ``str.isdecimal`` takes are 0-9, so the digit
        checks need no separate ASCII test.
        """
        kinds, dates, two = _KINDS, records.KNOWN_DATES, _TWO
        draft, done = TransactionDraft, Transaction
        item_1, item_2 = _ITEM_1_FIELDS, _ITEM_2_FIELDS
        zeros_7, zeros_11, zeros_22, zeros_25 = "0" * 7, "0" * 11, "0" * 22, "0" * 25
        keep = self.keep_transactions
        stage, number, count, items, previous = _BEFORE, 0, 0, 0, 0  # items: item 3s
        made: Any = None  # a TransactionDraft until its last slot is filled, then a Transaction
        held: Any = None  # a draft of type 20 or 21, until we know if item 3 follows
        held_no = ""
        bucket: list[Transaction] = []
        control = minus = Decimal(0)
        first = last = nets_date = date.min
        date_text = settlement_text = centre = ""
        day_code = partial = 0
        numbered = enumerate(lines, 1)
        seen: dict[str, str] = {}
        same = seen.setdefault  # one string for the values that repeat (centre, serial, ...)
        for number, text in numbered:
            if len(text) != 80:
                text = text.rstrip("\r\n")  # noqa: PLW2901 - a line may come with its line end
                if len(text) != 80:
                    self._odd_line(number, text, stage)
                    continue
            entry = kinds.get(text[:8])
            if entry is None:
                stage = self._other_record(number, text, stage)
                continue
            code, kind, reversal, has_text, key_2 = entry
            if held is not None and code != _ITEM3:
                made, held = held, None
                made.__class__ = done
                if keep:
                    bucket.append(made)
                yield made
            if code == _ITEM1:
                if stage != _IN_ASSIGNMENT:
                    raise self._misplaced(number, text, stage)
                no, day, settlement, serial, sign, raw, kid_field, card = item_1(text)
                # positions 9-31 and the amount are digits (the sign is looked at below)
                if not (text[8:31].isdecimal() and raw.isdecimal()):
                    self._check(ITEM_1, number, text)
                line_1 = number
                if day != date_text:
                    date_text = day
                    nets_date = dates.get(day) or self._date(ITEM_1, number, day)
                    first = min(first, nets_date) if count else nets_date
                    last = max(last, nets_date) if count else nets_date
                if settlement != settlement_text:
                    settlement_text = settlement
                    centre, day_code = same(settlement[:2], settlement[:2]), two[settlement[2:4]]
                    partial = two[settlement[4]]
                digits = kid_field.lstrip(" ")
                kid = digits if digits.isdecimal() else self._kid(number, kid_field)
                value = Decimal(raw + "E-2")  # øre to kroner, exactly
                if sign == "0":
                    control += value
                    amount = -value if reversal else value
                else:
                    if sign != "-":
                        self._check(ITEM_1, number, text)
                    control -= value
                    minus += value
                    amount = -value
                    if reversal:
                        self._reversal_with_minus(number)
                if not text.endswith("0000"):
                    self._fillers(ITEM_1, number, text)
                # amount item 2 must be the next line: read it here, without a round trip
                try:
                    number, text = next(numbered)  # noqa: PLW2901 - item 2 comes from the same lines
                except StopIteration:
                    raise self._no_item_2(number, "", no) from None
                if len(text) != 80:
                    text = text.rstrip("\r\n")  # noqa: PLW2901 - as above
                if not (text.startswith(key_2) and text.startswith(no, 8) and len(text) == 80):
                    raise self._no_item_2(number, text, no)
                form, reference, extra, bank, debit = item_2(text)
                # form no. (16-25), then bank date and debit account side by side (42-58)
                if not (form.isdecimal() and text[41:58].isdecimal()):
                    self._check(ITEM_2, number, text)
                if not text.endswith(zeros_22):
                    self._fillers(ITEM_2, number, text)
                tx_no = int(no)
                if tx_no <= previous:
                    self._out_of_order(line_1, tx_no, previous)
                previous = tx_no
                # every slot filled in place (see TransactionDraft), then made a Transaction
                made = draft()
                made.number = tx_no
                made.type = kind
                made.nets_date = nets_date
                made.amount = amount
                made.kid = kid
                made.sign = sign
                made.centre_id = centre
                made.day_code = day_code
                made.partial_settlement_no = partial
                made.partial_settlement_serial = same(serial, serial)
                made.form_no = form
                made.reference = reference
                made.bank_date = (
                    None
                    if bank == "000000"
                    else dates.get(bank) or self._date(ITEM_2, number, bank, "bank date")
                )
                made.debit_account = None if debit == zeros_11 else debit
                made.free_text = None
                made.card_issuer = "00" if card == "00" else same(card, card)
                made.item2_filler = zeros_7 if extra == zeros_7 else same(extra, extra)
                made.line = line_1
                count += 1
                if has_text:  # it waits for the amount item 3 that may follow
                    held, held_no = made, no
                else:
                    made.__class__ = done
                    if keep:
                        bucket.append(made)
                    yield made
            elif code == _ITEM3:
                if held is None or text[8:15] != held_no or kind is not held.type:
                    kind_before = held.type if held else None
                    raise self._unpaired(number, text, stage, held_no if held else "", kind_before)
                if not text.endswith(zeros_25):
                    self._fillers(ITEM_3, number, text)
                items += 1
                made, held = held, None
                made.free_text = text[15:55].rstrip(" ")
                made.__class__ = done
                if keep:
                    bucket.append(made)
                yield made
            elif code == _ITEM2:
                raise self._unpaired(number, text, stage, "", None)
            elif code == _A_START:
                if stage != _OPEN:
                    raise self._misplaced(number, text, stage)
                self._start_assignment(number, text)
                stage, bucket, date_text, settlement_text = _IN_ASSIGNMENT, [], "", ""
                count = items = previous = 0
                control = minus = Decimal(0)
            elif code == _A_END:
                if stage != _IN_ASSIGNMENT:
                    raise self._misplaced(number, text, stage)
                tally = (count, 2 * count + items + 2, control, minus, first, last)
                self._end_assignment(number, text, bucket, tally)
                stage = _OPEN
            elif code == _T_START:
                if stage != _BEFORE:
                    raise self._misplaced(number, text, stage)
                self._start_transmission(number, text)
                stage = _OPEN
            else:
                if stage != _OPEN:
                    raise self._misplaced(number, text, stage)
                self._end_transmission(number, text)
                stage = _DONE
        self._finish(number, stage)

    # -- the rare paths: structure, control records, problems ---------------------------------

    def _error(self, message: str, line: int | None, field: str | None = None) -> FormatError:
        return FormatError(message, source=self.source or None, line=line, field=field)

    def _warn(self, line: int, field: str, message: str, *, once: str = "") -> None:
        """Add a warning; with *once*, only the first of its kind (it may repeat every line)."""
        if once:
            if (once, field) in self._warned:
                return
            self._warned.add((once, field))
            message += " (later lines like this are not listed)"
        self.warnings.append(ParseWarning(line, field, message))

    def _check(self, layout: Layout, number: int, text: str) -> None:
        problem = layout.first_problem(text)
        if problem is not None:
            raise self._error(f"{layout.name}: {problem[1]}", number, problem[0].name)

    def _fillers(self, layout: Layout, number: int, text: str) -> None:
        problem = layout.first_problem(text, fillers=True)
        if problem is not None:
            where = f"positions {problem[0].first}-{problem[0].last}"
            value = text[problem[0].cut]
            message = f"{layout.name}: the filler holds {value!r} where the manual has zeros"
            self._warn(number, where, message, once=layout.name)

    def _date(self, layout: Layout, number: int, text: str, name: str = "Nets date") -> date:
        try:
            return to_date(text)
        except ValueError:
            raise self._error(
                f"{layout.name}: {text!r} is not a date DDMMYY", number, name
            ) from None

    def _kid(self, number: int, field: str) -> str | None:
        """A KID field that is not plain digits: blank, a MOD11 KID ending in '-', or wrong."""
        if not field.strip():
            return None
        if is_kid(field):
            return field.lstrip(" ")
        problem = ITEM_1["KID"].check(field) or f"{field!r} is not a KID"
        raise self._error(f"{ITEM_1.name}: {problem}", number, "KID")

    def _reversal_with_minus(self, number: int) -> None:
        message = "a reversal (type 18 or 20) with a minus sign; read as one negative amount"
        self._warn(number, "sign", message, once="reversal")

    def _out_of_order(self, number: int, transaction: int, previous: int) -> None:
        message = f"transaction {transaction} comes after {previous}; the numbers should grow"
        self._warn(number, "transaction number", message, once="order")

    def _odd_line(self, number: int, text: str, stage: int) -> None:
        if not text.strip():
            if stage != _DONE:
                first, many = self._blank
                self._blank = (first or number, many + 1)
            return
        if stage == _BEFORE and not text.startswith("NY000010"):
            raise self._error(describe_foreign(text), number)
        hint = "; its lines seem to end in CR alone" if "\r" in text else ""
        message = f"the line has {len(text)} characters; every line of an OCR giro file has 80"
        raise self._error(message + hint, number, "line length")

    def _other_record(self, number: int, text: str, stage: int) -> int:
        """A line that is no OCR giro record: inside a skipped AvtaleGiro assignment, or wrong."""
        if stage == _SKIPPING and text.startswith("NY21"):
            self._skipped_records += 1
            if text[6:8] != "88":
                return _SKIPPING
            self._check(AVTALEGIRO_END, number, text)
            total = int(text[24:41])
            stated = (int(text[8:16]), self._skipped_records, total, total)
            self._totals = [
                mine + theirs for mine, theirs in zip(self._totals, stated, strict=True)
            ]
            return _OPEN
        if text.startswith("NY21") and text[6:8] == "20" and stage == _OPEN:
            self._avtalegiro.append(number)
            self._skipped_records = 1
            message = (
                f"assignment {text[17:24]} is AvtaleGiro (service code 21: payment claims or "
                "agreements), not OCR giro payments; it was skipped"
            )
            self._warn(number, "service code", message)
            return _SKIPPING
        if stage in (_BEFORE, _DONE, _SKIPPING) or text.startswith("NY21"):
            raise self._misplaced(number, text, stage)
        field, message = records.explain_unknown(text)
        raise self._error(message, number, field)

    def _misplaced(self, number: int, text: str, stage: int) -> FormatError:
        """A record where the grammar ``10 (20 (30 31 [32])* 88)* 89`` has no place for it."""
        name = records.record_name(text)
        current = self.assignment
        if stage == _BEFORE:
            message = describe_foreign(text)
        elif stage == _DONE:
            message = f"this {name} comes after the transmission end; a file has one transmission"
        elif stage == _SKIPPING:
            message = (
                f"this {name} comes before the end (NY21..88) of the AvtaleGiro assignment "
                f"begun at line {self._avtalegiro[-1]}"
            )
        elif text[6:8] == "10":
            message = "a second transmission start; a file has one transmission"
        elif stage == _IN_ASSIGNMENT and current is not None:
            message = (
                f"this {name} comes before the end (NY090088) of assignment {current.number} "
                f"begun at line {current.line}"
            )
        else:
            message = f"this {name} is outside an assignment (no assignment start before it)"
        return self._error(message, number, "record type")

    def _unpaired(
        self, number: int, text: str, stage: int, waiting: str, kind: TransactionType | None
    ) -> FormatError:
        """Amount item 2 or 3 that does not belong to the transaction on the line before."""
        name = records.record_name(text)
        if stage != _IN_ASSIGNMENT:
            return self._misplaced(number, text, stage)
        if not waiting:
            message = (
                "amount item 2 without its amount item 1 on the line before"
                if text[6:8] == "31"
                else "amount item 3 comes only right after amount item 2 of type 20 or 21"
            )
            return self._error(message, number, "record type")
        if text[8:15] != waiting:
            message = f"{name} is of transaction {text[8:15]!r}; the line before is of {waiting}"
            return self._error(message, number, "transaction number")
        other = kind.value if kind else "?"
        message = f"{name} has transaction type {text[4:6]}; the line before has {other}"
        return self._error(message, number, "transaction type")

    def _no_item_2(self, number: int, text: str, waiting: str) -> FormatError:
        """Line *number* (*text*) is not the amount item 2 of transaction *waiting*.

        At the end of the file *text* is "" and *number* is the line of amount item 1.
        """
        if not text:
            message = f"the file ends after amount item 1 of transaction {waiting}: cut short?"
            return self._error(message, number, "record type")
        if text[6:8] == "31" and text[2:4] == "09" and len(text) == 80:
            kind = _KINDS.get(f"NY09{text[4:6]}30", (0, None))[1]
            return self._unpaired(number, text, _IN_ASSIGNMENT, waiting, kind)
        what = records.record_name(text) if len(text) == 80 else f"a line of {len(text)} characters"
        message = f"transaction {waiting} has no amount item 2: the line after its item 1 is {what}"
        return self._error(message, number, "record type")

    def _start_transmission(self, number: int, text: str) -> None:
        self._check(TRANSMISSION_START, number, text)
        self._fillers(TRANSMISSION_START, number, text)
        self._start = (text[16:23], text[8:16], text[23:31])

    def _start_assignment(self, number: int, text: str) -> None:
        self._check(ASSIGNMENT_START, number, text)
        self._fillers(ASSIGNMENT_START, number, text)
        assignment_no = text[17:24]
        for earlier in self._assignments:
            if earlier.number == assignment_no:
                message = f"assignment {assignment_no} is also at line {earlier.line}"
                self._warn(number, "assignment number", message)
        self.assignment = Assignment(assignment_no, text[8:17], text[24:35], None, line=number)

    def _end_assignment(
        self,
        number: int,
        text: str,
        bucket: list[Transaction],
        tally: tuple[int, int, Decimal, Decimal, date, date],
    ) -> None:
        count, record_count, control, minus, first, last = tally
        self._check(ASSIGNMENT_END, number, text)
        self._fillers(ASSIGNMENT_END, number, text)
        current = self.assignment
        if current is None:  # pragma: no cover - the stage says there is one
            raise self._misplaced(number, text, _OPEN)
        where = f"assignment {current.number}"
        total = int(control.scaleb(2))
        sums = (count, record_count, total, total + 2 * int(minus.scaleb(2)))
        for field, message in records.control_mismatches("assignment end", where, text, sums):
            self._warn(number, field, message)
        for name, cut, found in (
            ("earliest Nets date", slice(47, 53), first if count else None),
            ("latest Nets date", slice(53, 59), last if count else None),
        ):
            stated = _optional_date(text[cut])
            if stated != found:
                message = (
                    f"the assignment end says {_day(stated)}, but the {name.split()[0]} "
                    f"transaction of {where} is of {_day(found)}"
                )
                self._warn(number, name, message)
        self._totals = [mine + theirs for mine, theirs in zip(self._totals, sums, strict=True)]
        finished = replace(
            current, nets_date=_optional_date(text[41:47]), transactions=tuple(bucket)
        )
        self._assignments.append(finished)
        self.assignment = None

    def _end_transmission(self, number: int, text: str) -> None:
        self._check(TRANSMISSION_END, number, text)
        self._fillers(TRANSMISSION_END, number, text)
        count, record_count, total, gross = self._totals
        sums = (count, record_count + 2, total, gross)
        for field, message in records.control_mismatches(
            "transmission end", "the file", text, sums
        ):
            self._warn(number, field, message)
        self._end_date = _optional_date(text[41:47])

    def _finish(self, number: int, stage: int) -> None:
        if stage == _BEFORE:
            raise self._error(describe_foreign(""), None)
        if stage != _DONE:
            missing = "the transmission end (NY000089)"
            if stage == _IN_ASSIGNMENT and self.assignment is not None:
                missing = (
                    f"the end (NY090088) of assignment {self.assignment.number} begun at line "
                    f"{self.assignment.line}, and {missing}"
                )
            message = (
                f"the file ends at line {number} without {missing}: it may have been cut "
                "short; ask the bank for the whole file again"
            )
            raise self._error(message, number, "record type")
        if self._avtalegiro and not self._assignments:
            message = (
                "this is an AvtaleGiro file (service code 21: payment claims or agreements), "
                "not OCR giro payments (service code 09)"
            )
            raise self._error(message, self._avtalegiro[0], "service code")
        first, many = self._blank
        if many:
            more = f" (and {many - 1} more)" if many > 1 else ""
            self._warn(first, "blank line", f"blank line{more} skipped: not part of the format")
        self.transmission = Transmission(
            *self._start,
            self._end_date,
            tuple(self._assignments),
            tuple(sorted(self.warnings, key=lambda warning: warning.line)),
        )


def _optional_date(text: str) -> date | None:
    return None if text == records.NO_DATE else to_date(text)


def _day(day: date | None) -> str:
    return day.isoformat() if day else "no date"
