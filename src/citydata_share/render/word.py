"""Word documents (.docx), made from the rendered Markdown.

A Word document is the Markdown document read by a CommonMark parser (markdown-it-py, which
comes with rich) and written again with python-docx: headings in Word's own heading styles
(so the navigation pane and a table of contents work), tables with a header row that repeats
on every page, bullet and numbered lists, bold, italics, code and links. Building from the
Markdown keeps every document, its to-dos, the toolkit credit and the provenance in step with
the Markdown and HTML ones, with no second template to maintain: a Word document shows
exactly the to-dos its Markdown shows, and cds reports the same ones.

What Word cannot draw is left to what the Markdown gives beside it: a Mermaid diagram is
dropped, with the sentence that introduces it, because every template puts the same content
next to it as a table or a list (the power and interest grid, the risk grid, the cost
figures, the governance path, the card board).

python-docx is an optional extra (``pip install "citydata-share[docx]"``): it is imported
here only, inside functions, and this module only when a Word document is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydata_share.errors import CdsError

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph
    from markdown_it.token import Token

    from citydata_share.render.documents import Document, Sources

INSTALL = 'pip install "citydata-share[docx]"'
TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
CONTENTS = "Contents"  # the heading a table of contents replaces the list under
TODO_LABEL = "To do:"  # how a gap starts (render.env.TODO, bold)
REFERENCE_LIMIT = 64_000_000  # a reference document is styles and a logo or two: far less

# Characters XML cannot hold but safetext leaves alone (it makes the control and bidi
# characters visible): the noncharacters U+FFFE and U+FFFF.
_NONCHARACTERS = re.compile("[\ufffe\uffff]")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_WORD_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_LIBREOFFICE_CORE = (
    "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties"
)

# A4 with 2.5 cm margins, in EMU (914400 to the inch); used when no reference document.
_A4 = (7560310, 10692130)
_MARGIN = 900000
_TWIP = 635  # EMU in a twentieth of a point


def visible(text: str) -> str:
    """Text safe for XML, each control character written as its escape (``\\x1b``), as
    everywhere else in cds (:func:`citydata_share.safetext.visible`), so that it neither
    breaks the file nor disappears from the reader's view."""
    from citydata_share.safetext import visible as shown

    return _NONCHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", shown(text))


def require_python_docx() -> None:
    """Fail clearly, before anything is written, when python-docx is not installed."""
    try:
        import docx  # noqa: F401
    except ImportError:
        raise CdsError(
            "Word documents (.docx) need python-docx, which is not installed.",
            f"Install it with: {INSTALL}",
        ) from None


def read_reference(path: Path) -> bytes:
    """The reference document's bytes, checked: a .docx (or a .dotx template) Word can open.

    A .dotx is read as the document it would make: only its content type differs. The
    relationship LibreOffice writes to the file's properties is given its standard name.
    """
    from citydata_share.yamlload import YamlProblem, read_bytes

    try:
        data = read_bytes(path, REFERENCE_LIMIT)  # an ordinary file, of a bounded size
    except OSError as exc:
        raise CdsError(
            f"cds cannot read the reference document {str(path)!r}: {exc.strerror or exc}.",
            "Give the path of a Word document (.docx) or template (.dotx).",
        ) from None
    except YamlProblem as exc:
        raise CdsError(
            f"cds cannot use the reference document {str(path)!r}: {exc.message}.",
            "Give the path of a Word document (.docx) or template (.dotx).",
        ) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8")
            names = archive.namelist()
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        types, names = "", []
    if "word/document.xml" not in names or _WORD_MIME not in types:
        raise CdsError(
            f"{str(path)!r} is not a Word document.",
            "Give a .docx (or .dotx) saved by Word, LibreOffice or pandoc to take the "
            "styles, fonts, header and footer from.",
        )
    fixes: dict[str, bytes] = {}
    if f"{_WORD_MIME}.template.main+xml" in types:
        fixes["[Content_Types].xml"] = types.replace(
            f"{_WORD_MIME}.template.main+xml", f"{_WORD_MIME}.document.main+xml"
        ).encode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("_rels/.rels").decode("utf-8") if "_rels/.rels" in names else ""
    if _LIBREOFFICE_CORE in rels:  # python-docx would add a second docProps/core.xml
        fixes["_rels/.rels"] = rels.replace(_LIBREOFFICE_CORE, _CORE).encode("utf-8")
    return _rezip(data, fixes) if fixes else data


@dataclass(frozen=True)
class Meta:
    """What goes into the file's properties (File > Info in Word)."""

    title: str
    subject: str
    author: str
    comments: str
    date: dt.date
    toc: bool = False  # a table of contents field in place of the list under "Contents"
    links: Mapping[str, str] = field(default_factory=dict)  # href -> href (x.md -> x.docx)


def document_bytes(
    sources: Sources, document: Document, markdown: str, reference: bytes | None
) -> bytes:
    """One cds document as a .docx, from its rendered Markdown."""
    from citydata_share.render.documents import documents, provenance

    facts = provenance(sources, document)
    meta = Meta(
        title=document.title,
        subject=str(facts["project"]),
        author=str(facts["organisation"] or facts["project"]),
        comments=f"Made by cds {facts['cds_version']} from the project's answers as of "
        f"{facts['date_text']}. Based on the {facts['toolkit']}.",
        date=sources.date,
        toc=document.name == "report",
        links={f"{d.name}.md": f"{d.name}.docx" for d in documents()},
    )
    return markdown_to_docx(markdown, meta, reference)


def markdown_to_docx(markdown: str, meta: Meta, reference: bytes | None = None) -> bytes:
    """Markdown (CommonMark with tables) as a .docx; the same input gives the same bytes."""
    import docx
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    tokens = parser.parse(visible(markdown))
    doc = docx.Document(io.BytesIO(reference) if reference is not None else None)
    if reference is not None:
        _clear_body(doc)
    else:
        _house_style(doc)
        _page_setup(doc, meta.title)
    _Writer(doc, tokens, meta).write()
    _properties(doc, meta)
    out = io.BytesIO()
    doc.save(out)
    return _rezip(out.getvalue(), {}, meta.date)


# The file around the content ------------------------------------------------------------


def _rezip(data: bytes, replace: Mapping[str, bytes], date: dt.date | None = None) -> bytes:
    """The archive again, with some members replaced and, given a date, every member dated
    that day: the zip format stores when each member was written, which would make the same
    answers give different bytes."""
    out = io.BytesIO()
    stamp = (date.year, date.month, date.day, 0, 0, 0) if date is not None else None
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        written: set[str] = set()
        for info in source.infolist():
            if info.filename in written:
                continue
            written.add(info.filename)
            member = zipfile.ZipInfo(info.filename, stamp or info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, replace.get(info.filename) or source.read(info))
    return out.getvalue()


def _clear_body(doc: WordDocument) -> None:
    """Empty a reference document, keeping its last section (page set-up, header, footer)."""
    from docx.oxml.ns import qn

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


_FONT = "Arial"
_BLUE = "1D4F91"  # the HTML documents' heading colour
_HEADING_POINTS = (20, 15, 13, 11.5, 11, 11, 11, 11, 11)


def _house_style(doc: WordDocument) -> None:
    """cds's own look when no reference document is given: Arial throughout, headings in
    the HTML documents' blue, British English for the spelling checker."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for which in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(which), _FONT)
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), "en-GB")
        for spacing in defaults.iter(qn("w:spacing")):
            spacing.set(qn("w:after"), "120")
            spacing.set(qn("w:line"), "264")
    for level, points in enumerate(_HEADING_POINTS, start=1):
        font = doc.styles[f"Heading {level}"].font
        font.size = Pt(points)
        font.color.rgb = RGBColor.from_string(_BLUE)
        font.italic = False
    if "table grid" in _style_ids(doc):
        doc.styles["Table Grid"].font.size = Pt(10)


def _page_setup(doc: WordDocument, title: str) -> None:
    """A4 pages, and a footer with the document's title and the page number."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Emu, Pt

    for section in doc.sections:
        section.page_width, section.page_height = Emu(_A4[0]), Emu(_A4[1])
        section.left_margin = section.right_margin = Emu(_MARGIN)
        section.top_margin = section.bottom_margin = Emu(_MARGIN)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = footer.add_run(f"{visible(title)} · page ")
        run.font.size = Pt(9)
        _field(footer, "PAGE", "1").font.size = Pt(9)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> Any:
    """A simple field (PAGE, NUMPAGES) at the end of a paragraph; returns its result run."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld_char(kind: str) -> Any:
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        return run

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    result = paragraph.add_run(shown)
    fld_char("end")
    return result


def _properties(doc: WordDocument, meta: Meta) -> None:
    props = doc.core_properties
    when = dt.datetime(meta.date.year, meta.date.month, meta.date.day)
    props.title = visible(meta.title)
    props.subject = visible(meta.subject)
    props.author = visible(meta.author)
    props.comments = visible(meta.comments)
    props.last_modified_by = "cds"
    props.keywords = "data sharing; City Data Sharing Toolkit"
    props.created = props.modified = when
    props.last_printed = when
    props.revision = 1


# Styles ---------------------------------------------------------------------------------


def _style_ids(doc: WordDocument) -> dict[str, str]:
    """Each style's id by its name in lower case (styles.xml's name: "heading 1")."""
    from docx.oxml.ns import qn

    ids: dict[str, str] = {}
    for style in doc.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            ids.setdefault(str(name.get(qn("w:val"), "")).lower(), str(style.get(qn("w:styleId"))))
    return ids


def _add_style(doc: WordDocument, xml: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc.styles.element.append(parse_xml(xml.replace("<w:style ", f"<w:style {nsdecls('w')} ", 1)))


_HEADING_SIZES = (16, 14, 13, 12, 11, 11, 11, 11, 11)


def _ensure_styles(doc: WordDocument) -> None:
    """The styles the writer uses, added where a reference document lacks them (with the
    built-in names, so that Word treats them as its own: headings in the outline, the
    table of contents' levels)."""
    have = _style_ids(doc)
    for level in range(1, 10):
        if f"heading {level}" not in have:
            size = _HEADING_SIZES[level - 1] * 2
            _add_style(
                doc,
                f'<w:style w:type="paragraph" w:styleId="Heading{level}">'
                f'<w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/>'
                '<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
                '<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>'
                f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
                f'<w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr></w:style>',
            )
    for level in (1, 2):
        if f"toc {level}" not in have:
            _add_style(
                doc,
                f'<w:style w:type="paragraph" w:styleId="TOC{level}">'
                f'<w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/>'
                '<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
                f'<w:pPr><w:spacing w:after="60"/><w:ind w:left="{(level - 1) * 240}"/></w:pPr>'
                "</w:style>",
            )
    if "hyperlink" not in have:
        _add_style(
            doc,
            '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
            '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            '<w:rPr><w:color w:val="1D4F91"/><w:u w:val="single"/></w:rPr></w:style>',
        )
    if "verbatim char" not in have:  # pandoc's name for inline code
        _add_style(
            doc,
            '<w:style w:type="character" w:customStyle="1" w:styleId="VerbatimChar">'
            '<w:name w:val="Verbatim Char"/><w:rPr>'
            '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'
            '<w:sz w:val="20"/></w:rPr></w:style>',
        )
    if "to do" not in have:  # a gap, marked as the HTML marks it
        _add_style(
            doc,
            '<w:style w:type="character" w:customStyle="1" w:styleId="ToDo">'
            '<w:name w:val="To Do"/><w:rPr><w:b/><w:color w:val="3D2E00"/>'
            '<w:shd w:val="clear" w:color="auto" w:fill="FFF4CE"/></w:rPr></w:style>',
        )


# Numbering: one bullet and one decimal definition; each numbered list restarts at its start


def _abstract_num(number: int, bullet: bool) -> str:
    levels = []
    for level in range(9):
        if bullet:
            fmt, text = "bullet", ("•", "–", "▪")[level % 3]
        else:
            fmt = ("decimal", "lowerLetter", "lowerRoman")[level % 3]
            text = f"%{level + 1}."
        left = 360 * (level + 1) + 360
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr></w:lvl>'
        )
    return (
        f'<w:abstractNum w:abstractNumId="{number}"><w:multiLevelType w:val="hybridMultilevel"/>'
        + "".join(levels)
        + "</w:abstractNum>"
    )


def _numbering_part(doc: WordDocument) -> Any:
    """The document's numbering definitions, added empty when it has none (python-docx
    cannot make them; a reference document saved by LibreOffice may have none)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.oxml.ns import nsdecls
    from docx.parts.numbering import NumberingPart

    try:
        return doc.part.part_related_by(RT.NUMBERING)
    except KeyError:
        xml = f"<w:numbering {nsdecls('w')}/>".encode()
        part = NumberingPart.load(
            PackURI("/word/numbering.xml"), CT.WML_NUMBERING, xml, doc.part.package
        )
        doc.part.relate_to(part, RT.NUMBERING)
        return part


class _Numbering:
    def __init__(self, doc: WordDocument) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        self.numbering: Any = _numbering_part(doc).element
        used = [
            int(a.get(qn("w:abstractNumId"))) for a in self.numbering.findall(qn("w:abstractNum"))
        ]
        first = max(used, default=-1) + 1
        self.bullet_abstract, self.decimal_abstract = first, first + 1
        for number, bullet in ((first, True), (first + 1, False)):
            element = parse_xml(
                _abstract_num(number, bullet).replace(
                    "<w:abstractNum ", f"<w:abstractNum {nsdecls('w')} ", 1
                )
            )
            existing = self.numbering.find(qn("w:num"))
            if existing is not None:
                existing.addprevious(element)
            else:
                self.numbering.append(element)
        self.bullets: int | None = None

    def bullet(self) -> int:
        if self.bullets is None:
            self.bullets = int(self.numbering.add_num(self.bullet_abstract).numId)
        return self.bullets

    def numbered(self, level: int, start: int) -> int:
        num = self.numbering.add_num(self.decimal_abstract)
        num.add_lvlOverride(ilvl=level).add_startOverride(start)
        return int(num.numId)


# The content ----------------------------------------------------------------------------


@dataclass
class _Format:
    bold: int = 0
    italic: int = 0
    strike: int = 0


@dataclass
class _ListLevel:
    num_id: int
    item_paragraphs: int = 0  # paragraphs written in the current item


@dataclass
class _Cell:
    inline: Token | None
    align: str | None
    header: bool


def _plain(inline: Token | None, br: str = " ") -> str:
    """An inline token's text as a reader sees it (a line break as ``br``)."""
    if inline is None or not inline.children:
        return ""
    parts = []
    for child in inline.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append(br)
        elif child.type == "html_inline":
            parts.append(br if _BR.fullmatch(child.content.strip()) else child.content)
    return "".join(parts)


def _slug(text: str) -> str:
    from citydata_share.render.report import slug

    return slug(text)


class _Writer:
    def __init__(self, doc: WordDocument, tokens: list[Token], meta: Meta) -> None:
        from docx.shared import Emu

        self.doc = doc
        self.tokens = tokens
        self.meta = meta
        _ensure_styles(doc)
        self.ids = _style_ids(doc)
        self.numbering = _Numbering(doc)
        self.lists: list[_ListLevel] = []
        self.quote = 0
        self.bookmark = 0
        # headings in order, with the bookmark each gets, and where each slug points
        self.headings: list[tuple[int, str, str]] = []
        self.anchors: dict[str, str] = {}
        counts: dict[str, int] = {}
        for i, token in enumerate(tokens):
            if token.type == "heading_open":
                text = _plain(tokens[i + 1])
                name = f"_cds{len(self.headings) + 1}"
                self.headings.append((int(token.tag[1]), text, name))
                base = _slug(text)
                seen = counts.get(base, 0)
                counts[base] = seen + 1
                self.anchors.setdefault(base if not seen else f"{base}-{seen}", name)
        self.heading_index = 0
        section = doc.sections[-1]
        width = (section.page_width or Emu(_A4[0])) - (section.left_margin or 0)
        self.text_width = int(width - (section.right_margin or 0))
        self.has_toc = False
        self.pending_contents = False

    # blocks ---------------------------------------------------------------------------

    def write(self) -> None:
        i = 0
        tokens = self.tokens
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                self.heading(int(token.tag[1]), tokens[i + 1])
                i += 3
                continue
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                if self._introduces_diagram(i):
                    i += 3
                    continue
                self.paragraph(inline)
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                if self.pending_contents and not self.lists:
                    self.table_of_contents()
                    i = self._skip(i)
                    continue
                start = int(token.attrGet("start") or 1)
                level = len(self.lists)
                num = (
                    self.numbering.bullet()
                    if kind == "bullet_list_open"
                    else self.numbering.numbered(level, start)
                )
                self.lists.append(_ListLevel(num))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.lists[-1].item_paragraphs = 0
            elif kind == "table_open":
                i = self.table(i)
                continue
            elif kind == "fence" or kind == "code_block":
                if token.info.strip().split(" ")[0].lower() != "mermaid":
                    self.code(token.content)
            elif kind == "hr":
                self.rule()
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind == "html_block":
                self.literal(token.content)
            i += 1
        if self.meta.toc and not self.has_toc:
            self.table_of_contents(at_start=True)

    def _skip(self, i: int) -> int:
        """The index after the block that opens at ``i``."""
        depth = 0
        while True:
            depth += self.tokens[i].nesting
            i += 1
            if depth == 0:
                return i

    def _introduces_diagram(self, i: int) -> bool:
        """A paragraph ending in ':' right before a Mermaid diagram introduces it (and goes
        with it), unless it shows a to-do."""
        after = i + 3
        if after >= len(self.tokens):
            return False
        following = self.tokens[after]
        if following.type != "fence" or following.info.strip().lower() != "mermaid":
            return False
        text = _plain(self.tokens[i + 1]).rstrip()
        return text.endswith(":") and TODO_LABEL not in text

    def has(self, style: str) -> bool:
        return style.lower() in self.ids

    def _paragraph(self, style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.ids[style.lower()]
        return paragraph

    def heading(self, level: int, inline: Token) -> None:
        text, name = self.headings[self.heading_index][1:]
        self.heading_index += 1
        if self.meta.toc and not self.has_toc and text.strip() == CONTENTS:
            style = "TOC Heading" if self.has("TOC Heading") else f"Heading {level}"
            self.pending_contents = True
        else:
            style = f"Heading {min(level, 9)}"
        paragraph = self._paragraph(style)
        if self.has_toc and level == 2:  # in the full report, each part on a new page
            paragraph.paragraph_format.page_break_before = True
        self._bookmark(paragraph, name, lambda: self.inline(paragraph, inline))

    def _bookmark(self, paragraph: Paragraph, name: str, fill: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.bookmark += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmark))
        start.set(qn("w:name"), name)
        paragraph._p.append(start)
        fill()
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmark))
        paragraph._p.append(end)

    def paragraph(self, inline: Token) -> None:
        paragraph = self._paragraph()
        if self.lists:
            current = self.lists[-1]
            level = len(self.lists) - 1
            self._list_style(paragraph)
            if current.item_paragraphs == 0:
                pPr = paragraph._p.get_or_add_pPr()
                numPr = pPr.get_or_add_numPr()
                numPr.get_or_add_ilvl().val = level
                numPr.get_or_add_numId().val = current.num_id
            else:
                from docx.shared import Emu

                paragraph.paragraph_format.left_indent = Emu((360 * (level + 1) + 360) * _TWIP)
            current.item_paragraphs += 1
        elif self.quote:
            if self.has("Quote"):
                paragraph._p.style = self.ids["quote"]
            else:
                from docx.shared import Emu

                paragraph.paragraph_format.left_indent = Emu(720 * _TWIP * self.quote)
        self.inline(paragraph, inline)

    def _list_style(self, paragraph: Paragraph) -> None:
        """List Paragraph: no space between the items (its contextual spacing), the usual
        space after the list."""
        if self.has("List Paragraph"):
            paragraph._p.style = self.ids["list paragraph"]

    def code(self, content: str) -> None:
        paragraph = self._paragraph()
        lines = content.rstrip("\n").split("\n")
        for n, line in enumerate(lines):
            run = paragraph.add_run(line)
            run._r.style = self.ids["verbatim char"]
            if n < len(lines) - 1:
                run.add_break()

    def literal(self, content: str) -> None:
        paragraph = self._paragraph()
        lines = content.rstrip("\n").split("\n")
        for n, line in enumerate(lines):
            run = paragraph.add_run(line)
            if n < len(lines) - 1:
                run.add_break()

    def rule(self) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        paragraph = self._paragraph()
        border = parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
            'w:color="8A8A8A"/></w:pBdr>'
        )
        pPr = paragraph._p.get_or_add_pPr()
        pPr.insert_element_before(
            border,
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:spacing",
            "w:ind",
            "w:jc",
            "w:outlineLvl",
            "w:rPr",
            "w:sectPr",
        )

    # the table of contents ------------------------------------------------------------

    def table_of_contents(self, at_start: bool = False) -> None:
        """A TOC field whose shown result already lists the headings (levels 1 and 2), each
        a link: readable before Word updates the field, which adds the page numbers."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.has_toc = True
        self.pending_contents = False
        entries = [(lvl, text, name) for lvl, text, name in self.headings if lvl <= 2]
        entries = [e for e in entries if e[1].strip() != CONTENTS]
        paragraphs: list[Paragraph] = []
        for level, text, name in entries or [(1, "Update this field to list the headings", "")]:
            paragraph = self._paragraph(f"toc {level}")
            if name:
                link = OxmlElement("w:hyperlink")
                link.set(qn("w:anchor"), name)
                link.set(qn("w:history"), "1")
                paragraph._p.append(link)
                self._run(paragraph, link, text, _Format(), "Hyperlink")
            else:
                self._run(paragraph, paragraph._p, text, _Format(), None)
            paragraphs.append(paragraph)
        first, last = paragraphs[0]._p, paragraphs[-1]._p

        def fld(kind: str) -> Any:
            run = OxmlElement("w:r")
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
            return run

        instr_run = OxmlElement("w:r")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = TOC_INSTRUCTION
        instr_run.append(instr)
        anchor = first.find(qn("w:pPr"))
        begin = [fld("begin"), instr_run, fld("separate")]
        for element in reversed(begin):
            if anchor is not None:
                anchor.addnext(element)
            else:
                first.insert(0, element)
        last.append(fld("end"))
        if at_start:  # no "Contents" heading: the contents go after the title
            body = self.doc.element.body
            title = body.find(qn("w:p"))
            for paragraph in reversed(paragraphs):
                if title is not None:
                    title.addnext(paragraph._p)
        settings = self.doc.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = OxmlElement("w:updateFields")
            update.set(qn("w:val"), "true")
            settings.insert_element_before(update, *_SETTINGS_AFTER_UPDATE_FIELDS)

    # tables ---------------------------------------------------------------------------

    def table(self, i: int) -> int:
        rows: list[list[_Cell]] = []
        header = False
        while self.tokens[i].type != "table_close":
            token = self.tokens[i]
            if token.type == "thead_open":
                header = True
            elif token.type == "tbody_open":
                header = False
            elif token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                found = _ALIGN.search(str(token.attrGet("style") or ""))
                inline = self.tokens[i + 1] if self.tokens[i + 1].type == "inline" else None
                rows[-1].append(_Cell(inline, found.group(1) if found else None, header))
            i += 1
        self._table(rows)
        return i + 1

    def _table(self, rows: list[list[_Cell]]) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Emu, Pt
        from docx.text.paragraph import Paragraph

        if rows and all(c.header and not _plain(c.inline).strip() for c in rows[0]):
            rows = rows[1:]  # a header row with nothing in it (a two-column fact table)
        if not rows:
            return
        columns = max(len(r) for r in rows)
        table = self.doc.add_table(rows=0, cols=columns)
        tbl: Any = table._tbl
        style = next((s for s in ("Table", "Table Grid") if self.has(s)), None)
        if style is not None:
            tbl.tblPr.style = self.ids[style.lower()]
        else:
            _borders(table)
        widths = _column_widths(rows, columns, self.text_width)
        for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_col.w = Emu(width)
        preferred = tbl.tblPr.find(qn("w:tblW"))  # as wide as the text, as LibreOffice shows it
        if preferred is not None:
            preferred.set(qn("w:type"), "dxa")
            preferred.set(qn("w:w"), str(sum(widths) // _TWIP))
        aligns = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }
        together = len(rows) <= _TOGETHER
        for number, cells in enumerate(rows, start=1):
            tr = tbl.add_tr()
            trPr = tr.get_or_add_trPr()
            trPr.append(OxmlElement("w:cantSplit"))
            is_header = bool(cells) and cells[0].header
            if is_header:
                trPr.append(OxmlElement("w:tblHeader"))
            for n in range(columns):
                tc = tr.add_tc()
                tc.width = Emu(widths[n])
                paragraph = Paragraph(tc.p_lst[0], self.doc)
                paragraph.paragraph_format.space_after = Pt(0)
                if together and number < len(rows):
                    paragraph.paragraph_format.keep_with_next = True
                if is_header:
                    _shade(tc, "E3ECF8")
                if n >= len(cells):
                    continue
                cell = cells[n]
                if cell.align in aligns:
                    paragraph.alignment = aligns[cell.align]
                if cell.inline is not None:
                    self.inline(paragraph, cell.inline, _Format(bold=1 if is_header else 0))
        self._paragraph().paragraph_format.space_after = Pt(0)

    # inline ---------------------------------------------------------------------------

    def inline(self, paragraph: Paragraph, inline: Token, base: _Format | None = None) -> None:
        fmt = base or _Format()
        container: Any = paragraph._p
        todo = False
        children = inline.children or []
        for at, child in enumerate(children):
            kind = child.type
            if kind == "text":
                self._run(paragraph, container, child.content, fmt, "To Do" if todo else None)
            elif kind == "softbreak":
                self._run(paragraph, container, " ", fmt, None)
            elif kind == "hardbreak":
                self._break(paragraph, container)
            elif kind == "code_inline":
                self._run(paragraph, container, child.content, fmt, "Verbatim Char")
            elif kind == "strong_open":
                fmt.bold += 1
                following = children[at + 1] if at + 1 < len(children) else None
                todo = following is not None and following.content == TODO_LABEL
            elif kind == "strong_close":
                fmt.bold -= 1
                todo = False
            elif kind == "em_open":
                fmt.italic += 1
            elif kind == "em_close":
                fmt.italic -= 1
            elif kind == "s_open":
                fmt.strike += 1
            elif kind == "s_close":
                fmt.strike -= 1
            elif kind == "link_open":
                link = self._link(str(child.attrGet("href") or ""))
                if link is not None:
                    paragraph._p.append(link)
                    container = link
            elif kind == "link_close":
                container = paragraph._p
            elif kind == "html_inline":
                if _BR.fullmatch(child.content.strip()):
                    self._break(paragraph, container)
                else:
                    self._run(paragraph, container, child.content, fmt, None)
            elif kind == "image":
                self._run(paragraph, container, _plain(child) or child.content, fmt, None)

    def _link(self, href: str) -> Any:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        link = OxmlElement("w:hyperlink")
        if href.startswith("#"):
            name = self.anchors.get(href[1:])
            if name is None:
                return None
            link.set(qn("w:anchor"), name)
        else:
            target = self.meta.links.get(href, href)
            if not target:
                return None
            link.set(qn("r:id"), self.doc.part.relate_to(target, RT.HYPERLINK, is_external=True))
        link.set(qn("w:history"), "1")
        return link

    def _run(
        self, paragraph: Paragraph, container: Any, text: str, fmt: _Format, style: str | None
    ) -> None:
        from docx.oxml import OxmlElement
        from docx.text.run import Run

        if not text:
            return
        element = OxmlElement("w:r")
        container.append(element)
        run = Run(element, paragraph)
        if style is None and container is not paragraph._p:
            style = "Hyperlink"
        if style is not None:
            run._r.style = self.ids[style.lower()]
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.strike:
            run.font.strike = True
        run.text = text

    def _break(self, paragraph: Paragraph, container: Any) -> None:
        from docx.oxml import OxmlElement

        run = OxmlElement("w:r")
        run.append(OxmlElement("w:br"))
        container.append(run)


# The settings that come after w:updateFields, in the schema's order.
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


_TOGETHER = 8  # a table of up to this many rows is kept on one page
_CHAR = 72000  # EMU a character of 10 pt table text takes, roughly (bold headers more)
_CELL_PAD = 2  # characters' worth of cell margins
_SHORT = 12  # a column needing no more than this many characters is never squeezed
_FITS = 16  # a column whose longest line is this short is never wrapped


def _column_widths(rows: Iterable[list[_Cell]], columns: int, total: int) -> list[int]:
    """Column widths the way a browser lays out a table: each column at least as wide as its
    longest word, the room left shared in proportion to how much more each would take to
    fit its longest line."""
    low = [_CELL_PAD + 3] * columns
    high = [_CELL_PAD + 3] * columns
    for cells in rows:
        for n, cell in enumerate(cells[:columns]):
            lines = _plain(cell.inline, "\n").split("\n")
            words = [len(w) for line in lines for w in line.split()]
            strong = cell.inline is not None and any(
                c.type == "strong_open" for c in cell.inline.children or []
            )
            bold = 1 if cell.header or strong else 0  # bold letters are wider
            low[n] = max(low[n], _CELL_PAD + bold + min(max(words, default=0), 24))
            high[n] = max(high[n], _CELL_PAD + bold + max(len(line) for line in lines))
    room = total / _CHAR
    # a column whose longest line is short (a rating, a date, yes or no) is not wrapped
    fits = [h <= _FITS for h in high]
    if any(fits) and not all(fits):
        kept = sum(h for h, f in zip(high, fits, strict=True) if f)
        others = [n for n, f in enumerate(fits) if not f]
        if room - kept >= sum(low[n] for n in others):
            rest = _share([low[n] for n in others], [high[n] for n in others], room - kept)
            chars = [float(h) for h in high]
            for n, width in zip(others, rest, strict=True):
                chars[n] = width
            return [int(c * _CHAR) for c in chars]
    chars = _share(low, high, room)
    return [int(c * _CHAR) for c in chars]


def _share(low: list[int], high: list[int], room: float) -> list[float]:
    """Widths for columns needing ``low`` to ``high`` characters, filling ``room``."""
    if sum(high) <= room:
        return [h * room / sum(high) for h in high]
    if sum(low) >= room:  # long words everywhere: short columns keep theirs whole
        short = [w if w <= _SHORT else 0 for w in low]
        rest = room - sum(short)
        longer = sum(w for w in low if w > _SHORT)
        if longer and rest >= _SHORT * sum(1 for w in low if w > _SHORT):
            return [s or w * rest / longer for s, w in zip(short, low, strict=True)]
        return [w * room / sum(low) for w in low]
    spare = [h - w for h, w in zip(high, low, strict=True)]
    extra = room - sum(low)
    return [w + extra * d / sum(spare) for w, d in zip(low, spare, strict=True)]


def _borders(table: Any) -> None:
    """Thin borders on a table when the reference document has no table style to give."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="8A8A8A"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    tblPr = table._tbl.tblPr
    tblPr.insert_element_before(
        parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"),
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
    )


def _shade(tc: Any, fill: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    tcPr = tc.get_or_add_tcPr()
    tcPr.insert_element_before(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'),
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
    )
