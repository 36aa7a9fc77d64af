"""Wording shared by everything cds says: counts with the right plural."""

from __future__ import annotations

IRREGULAR = {"person": "people", "is": "are", "has": "have"}


def plural(word: str, count: int) -> str:
    """``word`` as it reads after ``count``: dataset, datasets; person, people."""
    if count == 1:
        return word
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def counted(count: int, word: str) -> str:
    """``2 datasets``, ``1 dataset``, ``10,000 datasets``: never ``dataset(s)``."""
    return f"{count:,} {plural(word, count)}"
