"""What `cds data` measured, as the data inventory and the data quality statement show it.

Cards in, plain data out: the figures come from the profile and link records and their
derived functions (:mod:`citydata_share.cards.dataset_profile`); nothing is recomputed, and
nothing but counts, column names, ranges of numbers and dates, the file's name, size, hash
and date reach a document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citydata_share.cards.dataset_profile import DatasetProfile, LinkEvidence

Context = dict[str, Any]


def _size(size: int) -> str:
    if size < 1000:
        return f"{size:,} bytes"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1000
        if value < 1000 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def _pct(value: float | None) -> str:
    return "not measured" if value is None else f"{value:g}%"


def _date(value: Any) -> str:
    return f"{value.day} {value:%B %Y}"


def profile_context(profile: DatasetProfile | None) -> Context | None:
    """A dataset's profile for the documents, or None when none is saved."""
    if profile is None:
        return None
    from citydata_share.cards.dataset_profile import (
        ColumnType,
        date_ranges,
        describe_flag,
        filled_percent,
        identifiers_found,
        key_duplicates,
        percent,
        personal_flags,
    )

    def extent(c: Any) -> str:
        if c.minimum is not None and c.maximum is not None:
            return c.minimum if c.minimum == c.maximum else f"{c.minimum} to {c.maximum}"
        if c.type is ColumnType.TEXT and c.shortest is not None:
            if c.shortest == c.longest:
                return f"{c.shortest} characters"
            return f"{c.shortest} to {c.longest} characters"
        if c.identifier is not None:
            return "not shown (an identifier)"
        return "not shown (flagged)" if c.personal else "not measured"

    return {
        "file": profile.file,
        "sha256": profile.sha256,
        "size": _size(profile.size_bytes),
        "format": profile.format + (f" ({profile.encoding})" if profile.encoding else ""),
        "profiled_on": _date(profile.profiled_on),
        "rows": f"{profile.rows:,}",
        "column_count": len(profile.columns),
        "filled": _pct(filled_percent(profile)),
        "duplicate_rows": f"{profile.duplicate_rows:,} duplicate row"
        + ("" if profile.duplicate_rows == 1 else "s"),
        "columns": [
            {
                "name": c.name,
                "type": c.type.label,
                "filled": _pct(percent(c.filled, profile.rows)),
                "distinct": f"{c.distinct:,}",
                "extent": extent(c),
            }
            for c in profile.columns
        ],
        "identifiers": [
            {
                "column": i.column,
                "kind": i.check.kind.label,
                "valid": f"{i.check.valid:,}",
                "invalid": f"{i.check.invalid:,}",
                "valid_percent": _pct(i.valid_percent),
            }
            for i in identifiers_found(profile)
        ],
        "dates": [
            {"column": r.column, "start": r.start, "end": r.end} for r in date_ranges(profile)
        ],
        "repeated_keys": [
            {"column": name, "count": f"{count:,}"} for name, count in key_duplicates(profile)
        ],
        "flags": [
            {"column": f.column, "flag": describe_flag(f.flag)} for f in personal_flags(profile)
        ],
    }


def links_context(links: list[LinkEvidence]) -> list[Context]:
    """Links tried with `cds data link --save`, for the linking section."""
    from citydata_share.cards.dataset_profile import match_rate

    return [
        {
            "left": e.left.dataset or e.left.file,
            "left_column": e.left.column,
            "right": e.right.dataset or e.right.file,
            "right_column": e.right.column,
            "key_as": e.key_as.label,
            "matched_keys": f"{e.matched_keys:,}",
            "left_rate": _pct(match_rate(e.left)),
            "right_rate": _pct(match_rate(e.right)),
            "left_unmatched": f"{e.left.unmatched_keys:,}",
            "right_unmatched": f"{e.right.unmatched_keys:,}",
            "left_duplicates": f"{e.left.duplicate_keys:,}",
            "right_duplicates": f"{e.right.duplicate_keys:,}",
            "left_empty": f"{e.left.empty_keys:,}",
            "right_empty": f"{e.right.empty_keys:,}",
            "linked_on": _date(e.linked_on),
        }
        for e in links
    ]
