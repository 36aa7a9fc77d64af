"""The shapes of identifiers and personal data, as SQL that DuckDB runs over a column.

Plain Python: each rule is a regular expression (RE2 syntax, which DuckDB uses) with a
cheap test first so that most values are ruled out without running it, plus the same
checks in Python for tests and for single values. Sources: UPRN, GeoPlace; postcode format,
Royal Mail / GOV.UK bulk data; GSS codes, ONS Code History Database; company numbers,
Companies House; National Insurance number prefixes, HMRC NIM39110; NHS number check
digit (modulus 11), NHS Data Dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citydata_share.cards.dataset_profile import IdentifierKind, PersonalKind

# A full UK postcode without its space, as Royal Mail allocates them.
POSTCODE_STRICT = (
    r"(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
    r"|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})"
)
POSTCODE_SHAPE = r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}"
GSS = r"[EKLMNSWJ][0-9]{8}"
COMPANY = r"([0-9]{2}|[A-Z]{2}|R0)[0-9]{6}"
COMPANY_PREFIXED = r"(SC|NI|OC|SO|NC|NF|FC|GE|LP|SL|SE|SP|IP|RC|SR|NL|NP|NO|RS|ZC)[0-9]{6}"
EMAIL = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
PHONE = r"(\+44|0044|0)[1-9][0-9]{8,9}"  # separators removed first
NI_NUMBER = r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]"
NI_NOT_ISSUED = ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")
NHS_SHAPE = r"[0-9]{3} ?[0-9]{3} ?[0-9]{4}"

SHARE_TO_DETECT = 0.5  # a column is an identifier when half its filled values have the shape


def q(name: str) -> str:
    """A column name quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """A string literal for SQL."""
    return "'" + text.replace("'", "''") + "'"


# SQL over one VARCHAR expression -----------------------------------------------------------


def email_sql(v: str) -> str:
    return f"(contains({v}, '@') AND regexp_matches({v}, {lit(EMAIL)}))"


def phone_sql(v: str) -> str:
    return (
        f"(left({v}, 1) IN ('0', '+', '(') AND length({v}) BETWEEN 10 AND 20 AND "
        f"regexp_full_match(regexp_replace({v}, '[ ()-]', '', 'g'), {lit(PHONE)}))"
    )


def ni_sql(v: str) -> str:
    prefixes = ", ".join(lit(p) for p in NI_NOT_ISSUED)
    return (
        f"(length({v}) BETWEEN 9 AND 13 AND regexp_full_match({v}, {lit(NI_NUMBER)}, 'i') "
        f"AND upper(left({v}, 2)) NOT IN ({prefixes}))"
    )


def nhs_shape_sql(v: str) -> str:
    return f"(length({v}) BETWEEN 10 AND 12 AND regexp_full_match({v}, {lit(NHS_SHAPE)}))"


def nhs_valid_sql(v: str) -> str:
    """A 10-digit NHS number whose check digit (modulus 11) is right."""
    digits = f"replace({v}, ' ', '')"
    total = " + ".join(f"(ascii(substr({digits}, {k}, 1)) - 48) * {11 - k}" for k in range(1, 10))
    check = f"(11 - (({total}) % 11)) % 11"
    return f"({nhs_shape_sql(v)} AND {check} = ascii(substr({digits}, 10, 1)) - 48)"


POSTCODE_IN_TEXT = r"\b" + POSTCODE_SHAPE + r"\b"


def postcode_in_text_sql(v: str) -> str:
    return f"(length({v}) >= 5 AND regexp_matches({v}, {lit(POSTCODE_IN_TEXT)}, 'i'))"


def postcode_shape_sql(v: str) -> str:
    return f"(length({v}) BETWEEN 5 AND 9 AND regexp_full_match({v}, {lit(POSTCODE_SHAPE)}, 'i'))"


def postcode_valid_sql(v: str) -> str:
    return f"regexp_full_match(upper(replace(trim({v}), ' ', '')), {lit(POSTCODE_STRICT)})"


def gss_sql(v: str) -> str:
    return f"(length({v}) = 9 AND regexp_full_match({v}, {lit(GSS)}))"


def company_prefixed_sql(v: str) -> str:
    return f"(length({v}) = 8 AND regexp_full_match({v}, {lit(COMPANY_PREFIXED)}, 'i'))"


def company_valid_sql(v: str) -> str:
    return f"regexp_full_match(upper(trim({v})), {lit(COMPANY)})"


def uprn_valid_sql(v: str) -> str:
    return f"(regexp_full_match(trim({v}), '[0-9]{{1,12}}') AND TRY_CAST(trim({v}) AS BIGINT) > 0)"


def valid_sql(kind: IdentifierKind, v: str) -> str:
    return {
        IdentifierKind.UPRN: uprn_valid_sql,
        IdentifierKind.POSTCODE: postcode_valid_sql,
        IdentifierKind.GSS: lambda x: f"regexp_full_match(trim({x}), {lit(GSS)})",
        IdentifierKind.COMPANIES_HOUSE: company_valid_sql,
    }[kind](v)


@dataclass(frozen=True)
class ValueRule:
    """A count taken over every text value of a column in the one pass over the file."""

    key: str
    sql: str


def text_rules(v: str) -> list[ValueRule]:
    """The shapes counted in every text column: personal data and identifiers."""
    return [
        ValueRule("email", email_sql(v)),
        ValueRule("phone", phone_sql(v)),
        ValueRule("ni-number", ni_sql(v)),
        ValueRule("nhs-shape", nhs_shape_sql(v)),
        ValueRule("postcode-in-text", postcode_in_text_sql(v)),
        ValueRule("postcode-shape", postcode_shape_sql(v)),
        ValueRule("gss", gss_sql(v)),
        ValueRule("company-prefixed", company_prefixed_sql(v)),
    ]


def number_rules(v: str) -> list[ValueRule]:
    """Whole-number columns: NHS numbers have ten digits (UPRNs are found by name)."""
    return [ValueRule("nhs-shape", nhs_shape_sql(v))]


# Column names ---------------------------------------------------------------------------


def words(header: str) -> list[str]:
    """A column name as lower-case words: "DateOfBirth", "date_of_birth" -> date of birth."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", header)
    return re.findall(r"[a-z0-9]+", spaced.lower())


_NOT_A_PERSON = {
    "street", "road", "ward", "area", "business", "company", "organisation", "organization",
    "trading", "premises", "property", "building", "file", "dataset", "site", "scheme",
    "place", "district", "council", "town", "city", "county", "estate", "product", "service",
    "team", "system", "sheet", "column", "field", "table", "category", "type", "class",
    "layer", "locality", "parish", "region", "authority", "department", "account", "brand",
    "user", "host", "domain", "project", "event", "venue", "shop", "store", "firm",
}  # fmt: skip
_SENSITIVE = {
    "ethnicity", "ethnic", "religion", "religious", "disability", "disabled", "health",
    "diagnosis", "medical", "sexuality", "sexual", "gender", "sex", "belief", "union",
    "criminal", "conviction", "offence", "biometric", "genetic",
}  # fmt: skip


_PERSON_NAME = {"forename", "forenames", "surname", "firstname", "lastname", "fullname"}
_PERSON_ROLE = {"occupier", "ratepayer", "owner", "tenant", "applicant", "resident", "landlord"}
_CONTACT = {"email", "phone", "telephone", "tel", "mobile", "contact"}


def header_flags(header: str) -> list[PersonalKind]:
    """What a column's name suggests it holds about people (a flag to review)."""
    found: list[PersonalKind] = []
    w = set(words(header))
    text = " ".join(words(header))
    about_a_thing = bool(_NOT_A_PERSON & w)
    if "dob" in w or "birth" in w or "birthday" in w or "birthdate" in w:
        found.append(PersonalKind.DATE_OF_BIRTH)
    if _PERSON_NAME & w or (("name" in w or _PERSON_ROLE & w) and not about_a_thing):
        found.append(PersonalKind.NAME)
    if (_CONTACT & w or "e mail" in text) and not about_a_thing:
        found.append(PersonalKind.CONTACT)
    if "nino" in w or "national insurance" in text or text.startswith("ni n"):
        found.append(PersonalKind.NI_NUMBER)
    if "nhs" in w:
        found.append(PersonalKind.NHS_NUMBER)
    if _SENSITIVE & w:
        found.append(PersonalKind.SENSITIVE)
    return found


def header_identifier(header: str) -> IdentifierKind | None:
    """An identifier named by a column's header."""
    w = words(header)
    text = " ".join(w)
    if "uprn" in w:
        return IdentifierKind.UPRN
    if "postcode" in w or "post code" in text or "postal code" in text:
        return IdentifierKind.POSTCODE
    if "gss" in w:
        return IdentifierKind.GSS
    if ("company" in w or "companies" in w) and (
        {"number", "no", "num", "reg", "registration", "house", "crn"} & set(w)
    ):
        return IdentifierKind.COMPANIES_HOUSE
    if text in ("crn", "company number", "companynumber"):
        return IdentifierKind.COMPANIES_HOUSE
    return None


KEY_WORDS = {"id", "ref", "reference", "key", "number", "no", "code", "uprn", "urn", "usrn"}


def looks_like_key(header: str) -> bool:
    return bool(KEY_WORDS & set(words(header)))


# The same checks in Python, for single values -----------------------------------------


def nhs_number_valid(text: str) -> bool:
    digits = text.replace(" ", "")
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = (11 - total % 11) % 11
    return check == int(digits[9])


def postcode_valid(text: str) -> bool:
    return re.fullmatch(POSTCODE_STRICT, text.strip().upper().replace(" ", "")) is not None


def looks_like_value(header: str) -> bool:
    """A column name that is itself an e-mail, phone, NI or NHS number, or a postcode: the
    first row was data, not a header, so the name must not be shown."""
    h = header.strip()
    return bool(
        re.search(EMAIL, h)
        or re.fullmatch(PHONE, re.sub(r"[ ()-]", "", h))
        or re.fullmatch(NI_NUMBER, h, re.IGNORECASE)
        or re.fullmatch(POSTCODE_SHAPE, h, re.IGNORECASE)
        or nhs_number_valid(h)
    )
