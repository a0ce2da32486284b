"""Columns of an import sheet and the reading of what people type into them. Text is kept as
typed but for the white space around it (Chinese punctuation stays Chinese: an export
imported back matches its rows). Numbers and dates are read with full-width digits, stored
as text or as Excel dates (2024-09-01, 2024/9/1, 2024年9月1日); coded values by their code or
their label; phones as people write them (139-1234-5678, +86 139 1234 5678)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

TEXT, INT, DECIMAL, DATE, CHOICE, BOOL, PHONE = (
    "text", "int", "decimal", "date", "choice", "bool", "phone")
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_TRUE = {"是", "有", "在用", "启用", "yes", "y", "true", "t", "1", "√", "✓"}
_FALSE = {"否", "无", "停用", "no", "n", "false", "f", "0", "×", "✗"}


class CellError(ValueError):
    """A cell that cannot be read; the message is for the user."""


def squash(text: str) -> str:
    """A header as compared: NFKC (full-width → ASCII), no spaces or punctuation marks around
    it, lower case."""
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s*＊:：()（）_\-]+", "", text).lower()


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters pasted from the web


def clean_text(value) -> str:
    """A cell as text, as typed: only the white space (and zero-width characters) around it
    is taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 13812345678 typed as a number
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip().strip(_INVISIBLE).strip()


def halfwidth(text: str) -> str:
    """Full-width digits, letters and signs as ASCII (NFKC): for numbers, dates, phones and
    coded values, never for stored text."""
    return unicodedata.normalize("NFKC", text)


_PHONE_SEPARATORS = re.compile(r"[\s\-.()（）]+")
_MOBILE = re.compile(r"(?:\+?86|0086)?(1[3-9]\d{9})")


def parse_phone(text: str) -> str:
    """A mainland mobile number as its 11 digits, however it is written (139-1234-5678,
    139 1234 5678, +86 139 1234 5678, +8613912345678); any other number (a landline such as
    023-63851234) as typed."""
    digits = _PHONE_SEPARATORS.sub("", halfwidth(text))
    match = _MOBILE.fullmatch(digits)
    return match.group(1) if match else text


@dataclass
class Column:
    """One column of a sheet: ``key`` names it in code; ``label`` is its header (translated:
    templates carry the user's language); ``aliases`` are other headers accepted as this
    column (the English field name always is)."""

    key: str
    label: object
    kind: str = TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[tuple[str, object], ...] = ()
    example: object = ""
    help: object = ""
    width: int = 0
    past: bool = False  # a date that cannot lie in the future (a registration, an activity held)
    _lookup: dict = field(default_factory=dict, repr=False)

    def header_names(self) -> set[str]:
        names = {squash(self.key), *(squash(a) for a in self.aliases)}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(squash(str(self.label)))
        return names

    def choice_labels(self) -> list[str]:
        return [str(label) for _value, label in self.choices]

    def _choice_lookup(self) -> dict:
        if not self._lookup:
            for value, label in self.choices:
                self._lookup[squash(value)] = value
                for language in ("zh-hans", "en"):
                    with translation.override(language):
                        self._lookup[squash(str(label))] = value
        return self._lookup

    def parse(self, raw):
        """The cell's value as the model field wants it, ``None`` when empty; raises
        `CellError` with a message for the user."""
        if raw is None:
            return None
        text = None
        if isinstance(raw, str):
            text = clean_text(raw)
            if not text:
                return None
        if self.kind == DATE:
            day = parse_date(raw, text)
            if self.past and day > timezone.localdate():
                raise CellError(_("%(date)s is in the future: this date cannot be later than "
                                  "today.") % {"date": day.isoformat()})
            return day
        if self.kind == INT:
            number = parse_decimal(raw, text)
            if number != number.to_integral_value():
                raise CellError(_("“%(value)s” is not a whole number.") % {"value": raw})
            return int(number)
        if self.kind == DECIMAL:
            return parse_decimal(raw, text)
        if text is None:
            text = clean_text(raw)
        if self.kind == PHONE:
            return parse_phone(text)
        if self.kind == BOOL:
            lower = halfwidth(text).lower()
            if lower in _TRUE or raw is True:
                return True
            if lower in _FALSE or raw is False:
                return False
            raise CellError(_("“%(value)s” is not yes or no.") % {"value": raw})
        if self.kind == CHOICE:
            value = self._choice_lookup().get(squash(text))
            if value is None:
                raise CellError(_("“%(value)s” is not one of: %(allowed)s.") % {
                    "value": text, "allowed": "、".join(self.choice_labels())})
            return value
        return text


def parse_decimal(raw, text: str | None = None) -> Decimal:
    """``text``: ``clean_text(raw)`` when the caller has it already."""
    if isinstance(raw, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw})
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    if text is None:
        text = clean_text(raw)
    text = halfwidth(text)
    try:
        number = Decimal(text.replace(",", "").replace(" ", ""))
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": text})
    return number


def parse_date(raw, text: str | None = None) -> date:
    """``text``: ``clean_text(raw)`` when the caller has it already."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 1 <= raw < 2958466:  # an Excel serial day number left without a date format
            return from_excel(raw).date()
    if text is None:
        text = clean_text(raw)
    text = halfwidth(text)
    match = _DATE_TEXT.fullmatch(text) or _DATE_TEXT.fullmatch(text.split(" ")[0])
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date (write it as 2024-09-01).") % {"value": text})
