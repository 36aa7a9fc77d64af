"""Dates as people in UK councils write them, read into the one form cds stores (YYYY-MM-DD).

``12/03/2019`` means 12 March 2019 in the UK, and the toolkit is British, so cds reads a date
with the day first as a UK date (slashes, dots or dashes; ``12 March 2019`` too). A date that
only makes sense month first (``03/25/2019``, a US date) is refused with a message saying
how to write it, never silently read the other way; so is a year of two digits.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_SHORT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS = {
    name: number
    for number, month in enumerate(MONTH_NAMES, start=1)
    for name in (month.lower(), month[:3].lower())
}
_MONTHS["sept"] = 9
HOW = "Write the date as YYYY-MM-DD (e.g. 2025-03-31) or DD/MM/YYYY as in the UK (31/03/2025)."


class NotADate(ValueError):
    """Text that looks like a date but cannot be read as one; the message says why."""


def iso_date(text: str) -> str:
    """``text`` as YYYY-MM-DD when it is a UK date (``12/03/2019``, ``12 March 2019``);
    otherwise ``text`` unchanged, for the caller's own validation to judge.

    Raises :class:`NotADate` for a date written month first or with a two-digit year.
    """
    typed = text.strip()
    if _ISO.fullmatch(typed):
        return typed
    short = _ISO_SHORT.fullmatch(typed)
    if short:
        return _checked(typed, *(int(part) for part in short.groups()))
    numeric = _NUMERIC.fullmatch(typed)
    if numeric:
        first, _, second, year_text = numeric.groups()
        day, month, year = int(first), int(second), int(year_text)
        if len(year_text) == 2:
            raise NotADate(f"{typed}: write the year in full (20{year_text}?). {HOW}")
        if month > 12 and day <= 12:  # only makes sense month first
            us_month, us_day = day, month
            raise NotADate(
                f"{typed} reads as a US date (month first), which cds does not guess at: "
                f"it reads DD/MM/YYYY, as in the UK. Write {year}-{us_month:02d}-{us_day:02d} "
                f"if you meant {_spoken(year, us_month, us_day)}."
            )
        return _checked(typed, year, month, day)
    words = _WORDS.fullmatch(typed)
    if words and words.group(2).lower() in _MONTHS:
        day_text, month_name, year_text = words.groups()
        return _checked(typed, int(year_text), _MONTHS[month_name.lower()], int(day_text))
    return text


def _checked(typed: str, year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise NotADate(f"There is no such date as {typed}: check the day and month.") from None


def _spoken(year: int, month: int, day: int) -> str:
    try:
        dt.date(year, month, day)
    except ValueError:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{day} {MONTH_NAMES[month - 1]} {year}"
