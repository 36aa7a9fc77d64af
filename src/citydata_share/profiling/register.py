"""`cds data export`: the project's dataset register, from the cards and their profiles.

Three forms: DCAT-AP 3 JSON-LD (what CKAN's DCAT harvester, data.europa.eu and national
portals read), a Frictionless Data Package (a Table Schema per profiled file) and CSV.
Plain Python over the cards: no DuckDB needed. What a form requires but the cards do not
say is listed in :attr:`Register.warnings`, never invented.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from citydata_share.cards.data_systems import PublicationStatus
from citydata_share.cards.dataset_profile import (
    ColumnType,
    DatasetProfile,
    filled_percent,
    flag_summary,
)

if TYPE_CHECKING:
    from citydata_share.cards.data_systems import Dataset, DataSystems
    from citydata_share.project import ProjectConfig

FORMATS = ("dcat", "datapackage", "csv")

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPES = {  # format -> (EU file type, IANA media type, Data Package format)
    "csv": ("CSV", "text/csv", "csv"),
    "json": ("JSON", "application/json", "json"),
    "parquet": ("PARQUET", "application/vnd.apache.parquet", "parquet"),
    "ods": ("ODS", "application/vnd.oasis.opendocument.spreadsheet", "ods"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "xls": ("XLS", "application/vnd.ms-excel", "xls"),
}
FREQUENCIES = {  # words people write -> EU frequency vocabulary
    "daily": "DAILY", "every day": "DAILY", "weekly": "WEEKLY", "every week": "WEEKLY",
    "fortnightly": "BIWEEKLY", "monthly": "MONTHLY", "every month": "MONTHLY",
    "quarterly": "QUARTERLY", "every quarter": "QUARTERLY", "annually": "ANNUAL",
    "annual": "ANNUAL", "yearly": "ANNUAL", "every year": "ANNUAL", "never": "NEVER",
    "continuously": "CONT", "real time": "CONT", "real-time": "CONT", "irregular": "IRREG",
}  # fmt: skip
ACCESS = {
    PublicationStatus.OPEN: "PUBLIC",
    PublicationStatus.NOT_PUBLISHED: "NON_PUBLIC",
}
TABLE_TYPES = {
    ColumnType.INTEGER: "integer",
    ColumnType.DECIMAL: "number",
    ColumnType.TEXT: "string",
    ColumnType.DATE: "date",
    ColumnType.DATETIME: "datetime",
    ColumnType.TIME: "time",
    ColumnType.BOOLEAN: "boolean",
    ColumnType.OTHER: "any",
}


@dataclass
class Register:
    text: str
    warnings: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """A name Data Packages accept: lower case letters, digits, '-', '_' and '.'."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "dataset"


def _id(project: ProjectConfig, *parts: str) -> str:
    """A stable IRI: the same project and names always give the same one."""
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, "cds:" + "/".join((project.name, *parts)))
    )


def file_type(profile: DatasetProfile) -> tuple[str, str, str] | None:
    suffix = PurePosixPath(profile.file).suffix.lower().lstrip(".")
    key = {"tsv": "csv", "txt": "csv", "jsonl": "json", "ndjson": "json", "pq": "parquet"}.get(
        suffix, suffix
    )
    if profile.format == "CSV":
        key = "csv"
    return FILE_TYPES.get(key)


def export(
    fmt: str,
    cards: DataSystems,
    project: ProjectConfig,
    *,
    base_url: str | None = None,
    relative_to: str | None = None,
) -> Register:
    if fmt == "dcat":
        return dcat(cards, project, base_url=base_url)
    if fmt == "datapackage":
        return data_package(cards, project, relative_to=relative_to)
    if fmt == "csv":
        return register_csv(cards)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


# DCAT-AP 3 ----------------------------------------------------------------------------------


def dcat(cards: DataSystems, project: ProjectConfig, *, base_url: str | None = None) -> Register:
    warnings: list[str] = []
    organisation = project.organisation or project.name
    if not project.organisation:
        warnings.append("cds.yaml names no organisation: the project's name stands as publisher.")
    publisher = {
        "@id": _id(project, "organisation", organisation),
        "@type": "foaf:Agent",
        "foaf:name": organisation,
    }
    datasets = [
        _dcat_dataset(d, project, publisher["@id"], base_url, warnings) for d in cards.datasets
    ]
    catalog: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": _id(project, "catalogue"),
        "@type": "dcat:Catalog",
        "dct:title": project.name,
        "dct:description": (
            f"The datasets of the data sharing project '{project.name}' led by "
            f"{organisation}, as recorded with cds (the City Data Sharing wizard)."
        ),
        "dct:publisher": publisher,
        "dcat:dataset": datasets,
    }
    return Register(json.dumps(catalog, indent=2, ensure_ascii=False) + "\n", warnings)


def _dcat_dataset(
    dataset: Dataset,
    project: ProjectConfig,
    publisher: str,
    base_url: str | None,
    warnings: list[str],
) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _id(project, "dataset", dataset.title),
        "@type": "dcat:Dataset",
        "dct:title": dataset.title,
        "dct:identifier": slug(dataset.title),
        "dct:publisher": {"@id": publisher},
    }
    if dataset.description:
        node["dct:description"] = dataset.description
    else:
        warnings.append(
            f"{dataset.title!r} has no description, which DCAT-AP requires: add one with "
            "`cds discover data-systems`."
        )
    if dataset.owner:
        node["dcat:contactPoint"] = {
            "@type": ["vcard:Kind", "vcard:Organization"],
            "vcard:fn": dataset.owner,
        }
    if dataset.url:
        node["dcat:landingPage"] = {"@id": dataset.url, "@type": "foaf:Document"}
    frequency = FREQUENCIES.get(" ".join((dataset.update_frequency or "").lower().split()))
    if frequency:
        node["dct:accrualPeriodicity"] = {
            "@id": f"{EU}frequency/{frequency}",
            "@type": "dct:Frequency",
        }
    access = ACCESS.get(dataset.publication_status) if dataset.publication_status else None
    if access:
        node["dct:accessRights"] = {
            "@id": f"{EU}access-right/{access}",
            "@type": "dct:RightsStatement",
        }
    if dataset.profile is not None:
        where = _access_url(dataset.profile, base_url) or dataset.url
        if where:
            node["dcat:distribution"] = [_distribution(dataset.profile, project, where)]
        else:
            warnings.append(
                f"{dataset.title!r}: its profiled file is left out of the DCAT distribution, "
                "which needs an access URL: give --base-url (where the files are shared) "
                "or the dataset's link on the data-systems card."
            )
    return node


def _access_url(profile: DatasetProfile, base_url: str | None) -> str | None:
    if not base_url:
        return None
    return base_url.rstrip("/") + "/" + quote(PurePosixPath(profile.file).name)


def _distribution(profile: DatasetProfile, project: ProjectConfig, where: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _id(project, "file", profile.sha256),
        "@type": "dcat:Distribution",
        "dct:title": PurePosixPath(profile.file).name,
        "dct:description": (
            f"{profile.rows:,} rows and {len(profile.columns)} columns, profiled by cds on "
            f"{profile.profiled_on.isoformat()}."
        ),
        "dcat:accessURL": {"@id": where},
        "dcat:byteSize": {"@value": str(profile.size_bytes), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {
                "@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256",
                "@type": "spdx:ChecksumAlgorithm",
            },
            "spdx:checksumValue": {"@value": profile.sha256, "@type": "xsd:hexBinary"},
        },
    }
    known = file_type(profile)
    if known is not None:
        eu, media, _ = known
        node["dct:format"] = {"@id": f"{EU}file-type/{eu}", "@type": "dct:MediaTypeOrExtent"}
        node["dcat:mediaType"] = {
            "@id": f"https://www.iana.org/assignments/media-types/{media}",
            "@type": "dct:MediaType",
        }
    return node


# Frictionless Data Package -------------------------------------------------------------------


def data_package(
    cards: DataSystems, project: ProjectConfig, *, relative_to: str | None = None
) -> Register:
    warnings: list[str] = []
    resources = []
    names: set[str] = set()
    for dataset in cards.datasets:
        profile = dataset.profile
        if profile is None:
            warnings.append(
                f"{dataset.title!r} is left out of the data package: it has no profiled file "
                "(`cds data profile FILE --dataset TITLE`)."
            )
            continue
        name = slug(dataset.title)
        while name in names:
            name += "-1"
        names.add(name)
        resources.append(_resource(dataset, profile, name, relative_to, warnings))
    package: dict[str, Any] = {
        "name": slug(project.name),
        "title": project.name,
        "description": f"Datasets of the data sharing project '{project.name}', "
        f"led by {project.organisation}; profiled with cds.",
        "contributors": [{"title": project.organisation or project.name, "role": "publisher"}],
        "resources": resources,
    }
    return Register(json.dumps(package, indent=2, ensure_ascii=False) + "\n", warnings)


def _resource(
    dataset: Dataset,
    profile: DatasetProfile,
    name: str,
    relative_to: str | None,
    warnings: list[str],
) -> dict[str, Any]:
    path = PurePosixPath(profile.file)
    if relative_to:
        path = PurePosixPath(relative_to) / path
    if ".." in path.parts or path.is_absolute():
        warnings.append(
            f"{dataset.title!r}: its file {profile.file} is outside the folder of the data "
            "package; copy the file next to it, or write the package into the project folder."
        )
        path = PurePosixPath(path.name)
    resource: dict[str, Any] = {
        "name": name,
        "title": dataset.title,
        "path": str(path),
        "bytes": profile.size_bytes,
        "hash": f"sha256:{profile.sha256}",
    }
    if dataset.description:
        resource["description"] = dataset.description
    known = file_type(profile)
    if known is not None:
        resource["format"] = known[2]
        resource["mediatype"] = known[1]
    if profile.format == "CSV":
        resource["encoding"] = profile.encoding or "utf-8"
        if profile.delimiter and profile.delimiter != ",":
            resource["dialect"] = {"delimiter": profile.delimiter}
    fields = []
    for column in profile.columns:
        item: dict[str, Any] = {"name": column.name, "type": TABLE_TYPES[column.type]}
        if column.type is ColumnType.DATE and profile.date_format:
            item["format"] = profile.date_format
        fields.append(item)
    resource["schema"] = {"fields": fields}
    return resource


# CSV -----------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "title", "description", "owner", "personal_data", "personal_data_what", "system",
    "format", "location", "url", "time_period", "update_frequency", "publication",
    "profiled_file", "sha256", "size_bytes", "rows", "columns", "filled_percent",
    "duplicate_rows", "personal_data_flags", "profiled_on",
]  # fmt: skip


def _safe(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def register_csv(cards: DataSystems) -> Register:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for d in cards.datasets:
        p = d.profile
        row = [
            d.title, d.description, d.owner,
            d.personal_data.value if d.personal_data else None, d.personal_data_what,
            d.system, d.format, d.location, d.url, d.time_period, d.update_frequency,
            d.publication_status.value if d.publication_status else None,
            p.file if p else None, p.sha256 if p else None, p.size_bytes if p else None,
            p.rows if p else None, len(p.columns) if p else None,
            filled_percent(p) if p else None, p.duplicate_rows if p else None,
            "; ".join(flag_summary(p)) if p else None,
            p.profiled_on.isoformat() if p else None,
        ]  # fmt: skip
        writer.writerow([_safe(v) for v in row])
    return Register(out.getvalue())
