""".docx reader: body paragraphs and tables in order, with Word list numbering made visible.

Chinese reports often number their sections with Word's list numbering, so 一、 （一） 1. are
not characters in the paragraph but ``numPr`` references into ``numbering.xml``; a reader that
takes ``paragraph.text`` loses exactly the markers the section parser needs. Here the markers
are computed the way Word does (counters per abstract list, deeper levels restarting, start
overrides) and written into the text. Heading styles and outline levels are kept as hints:
``hints["heading_levels"] = {offset of the paragraph: level}`` (1 = outermost) and
``hints["list_levels"] = {offset: list level}`` for numbered paragraphs, both in the text's
offsets.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportminer.errors import InputError

if TYPE_CHECKING:
    from reportminer.load import LoadedText, LoadOptions

log = logging.getLogger(__name__)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = f"{{{W_NS}}}"

# Zip-bomb guards: a report is a few MB of XML at most.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 5000

CELL_SEPARATOR = "\t"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_CHINESE_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TRADITIONAL_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
# Symbol/Wingdings private-use bullets -> a visible bullet the section parser knows.
_BULLET_MAP = {
    "\uf06c": "●",
    "\uf0b7": "●",
    "\uf0a7": "■",
    "\uf0d8": "◆",
    "\uf076": "◆",
    "\uf06e": "■",
    "\uf0fc": "√",
    "\uf0a8": "□",
    "o": "○",
}
# Marker endings after which Word's tab suffix is dropped rather than turned into a space.
_PUNCT_END = "、.．)）:：，,"


def read_docx(path: Path, data: bytes, options: LoadOptions) -> list[LoadedText]:
    from reportminer.load import LoadedText, _source

    _check_archive(data)
    import docx  # python-docx, slow to import

    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"not a readable .docx ({type(exc).__name__}: {exc})",
            hint="open and re-save it in Word or LibreOffice",
        ) from exc
    builder = _TextBuilder(_Numbering.from_document(document), _Styles.from_document(document))
    builder.add_body(document.element.body)
    text = builder.text()
    hints: dict[str, Any] = {
        "format": "docx",
        "heading_levels": builder.heading_levels,
        "list_levels": builder.list_levels,
    }
    if builder.title_offsets:
        hints["title_offsets"] = builder.title_offsets
    return [
        LoadedText(id=str(path), text=text, source=_source(path, data, None, "docx"), hints=hints)
    ]


def _check_archive(data: bytes) -> None:
    """Refuse non-zip input and zip bombs before python-docx inflates anything."""
    if data.startswith(OLE_MAGIC):
        raise InputError(
            "this is a legacy Word .doc (OLE) file with a .docx name",
            hint="save it as .docx (e.g. libreoffice --convert-to docx)",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(
            "not a .docx file (not a zip archive)",
            hint="check the file; .docx files are zip archives",
        ) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"archive has {len(infos)} members", hint="not a Word document")
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError(
                f"archive inflates to {total} bytes (limit {MAX_UNCOMPRESSED_BYTES}); "
                "possible zip bomb",
                hint="not processed for safety",
            )
        for info in infos:
            if (
                info.compress_size
                and info.file_size > 1024 * 1024
                and (info.file_size / info.compress_size > MAX_COMPRESSION_RATIO)
            ):
                raise InputError(
                    f"member {info.filename} compresses {info.file_size // info.compress_size}:1;"
                    " possible zip bomb",
                    hint="not processed for safety",
                )
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            raise InputError("zip archive without word/document.xml", hint="not a Word document")


# --------------------------------------------------------------------------- numbering


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    restart: int | None = None  # restart after this level (0-based) changes; None = any lower
    legal: bool = False


@dataclass(slots=True)
class _Numbering:
    """numbering.xml: num -> abstract list, levels, overrides; and the running counters."""

    abstract_levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_abstract: dict[str, str] = field(default_factory=dict)
    num_overrides: dict[str, dict[int, _Level | int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started_nums: set[str] = field(default_factory=set)

    @classmethod
    def from_document(cls, document: Any) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        for abstract in root.iter(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            numbering.abstract_levels[abstract_id] = {
                int(lvl.get(W + "ilvl", "0")): _parse_level(lvl) for lvl in abstract.iter(W + "lvl")
            }
        for num in root.iter(W + "num"):
            num_id = num.get(W + "numId")
            abstract_ref = num.find(W + "abstractNumId")
            if abstract_ref is None:
                continue
            numbering.num_abstract[num_id] = abstract_ref.get(W + "val")
            overrides: dict[int, _Level | int] = {}
            for override in num.iter(W + "lvlOverride"):
                level = int(override.get(W + "ilvl", "0"))
                lvl = override.find(W + "lvl")
                start = override.find(W + "startOverride")
                if lvl is not None:
                    overrides[level] = _parse_level(lvl)
                elif start is not None:
                    overrides[level] = int(start.get(W + "val", "1"))
            if overrides:
                numbering.num_overrides[num_id] = overrides
        return numbering

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        override = self.num_overrides.get(num_id, {}).get(ilvl)
        if isinstance(override, _Level):
            return override
        abstract = self.num_abstract.get(num_id)
        levels = self.abstract_levels.get(abstract or "", {})
        base = levels.get(ilvl)
        if base is not None and isinstance(override, int):
            return _Level(override, base.fmt, base.text, base.suffix, base.restart, base.legal)
        return base

    def marker(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one numbered paragraph and return its visible marker."""
        if num_id in ("", "0") or num_id not in self.num_abstract:
            return None
        level = self.level(num_id, ilvl)
        if level is None:
            return None
        # Word shares counters between nums of one abstract list; a num with start overrides
        # restarts them the first time it is used.
        key = self.num_abstract[num_id]
        counters = self.counters.setdefault(key, {})
        if num_id not in self.started_nums:
            self.started_nums.add(num_id)
            for lvl_index in self.num_overrides.get(num_id, {}):
                counters.pop(lvl_index, None)
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            deeper_level = self.level(num_id, deeper)
            restart = deeper_level.restart if deeper_level else None
            if restart is None or restart > ilvl:
                counters.pop(deeper)
        if level.fmt == "none":
            return _suffix(level, "")
        out = []
        rest = level.text
        while rest:
            position = rest.find("%")
            if position < 0 or position + 1 >= len(rest) or not rest[position + 1].isdigit():
                out.append(rest)
                break
            out.append(rest[:position])
            ref = int(rest[position + 1]) - 1
            ref_level = self.level(num_id, ref) or level
            value = counters.get(ref, ref_level.start)
            fmt = "decimal" if level.legal and ref != ilvl else ref_level.fmt
            out.append(format_number(value, fmt))
            rest = rest[position + 2 :]
        marker = "".join(out)
        if level.fmt == "bullet":
            marker = "".join(_BULLET_MAP.get(ch, ch) for ch in marker)
        return _suffix(level, marker)


def _suffix(level: _Level, marker: str) -> str:
    if not marker:
        return ""
    if level.suffix == "nothing":
        return marker
    if level.suffix == "space" or marker[-1] not in _PUNCT_END:
        return marker + " "
    return marker


def _parse_level(lvl: Any) -> _Level:
    def val(tag: str, default: str | None = None) -> str | None:
        node = lvl.find(W + tag)
        return default if node is None else node.get(W + "val", default)

    restart = val("lvlRestart")
    return _Level(
        start=int(val("start", "1") or 1),
        fmt=val("numFmt", "decimal") or "decimal",
        text=val("lvlText", "") or "",
        suffix=val("suff", "tab") or "tab",
        restart=None if restart is None else int(restart) - 1,
        legal=lvl.find(W + "isLgl") is not None,
    )


def format_number(value: int, fmt: str) -> str:
    """A counter value in one of Word's numFmt styles (the ones Chinese documents use)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "ideographDigital",
    ):
        if fmt == "ideographDigital":
            return "".join(_CHINESE_DIGITS[int(d)] for d in str(value)).replace("零", "〇")
        return chinese_numeral(value)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_numeral(value, digits=_LEGAL_DIGITS, ten="拾", hundred="佰")
    if fmt == "ideographTraditional":
        return _TRADITIONAL_STEMS[(value - 1) % 10]
    if fmt == "ideographZodiac":
        return _ZODIAC[(value - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + value - 1) if 1 <= value <= 20 else f"({value})"
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + value - 1) if 1 <= value <= 20 else f"({value})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + value - 1) if 1 <= value <= 20 else f"{value}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def chinese_numeral(
    value: int, digits: str = _CHINESE_DIGITS, ten: str = "十", hundred: str = "百"
) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (list numbers stay small)."""
    if value <= 0 or value >= 1000:
        return str(value)
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + hundred
        if rest and tens == 0:
            return out + digits[0] + digits[ones]
    if tens:
        out += (digits[tens] if (tens > 1 or hundreds) else "") + ten
    if ones:
        out += digits[ones]
    return out


def _roman(value: int) -> str:
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = ""
    for number, letters in numerals:
        while value >= number:
            out += letters
            value -= number
    return out


# --------------------------------------------------------------------------- styles


@dataclass(slots=True)
class _StyleInfo:
    num_id: str | None = None
    ilvl: int | None = None
    outline_level: int | None = None
    heading_level: int | None = None
    is_title: bool = False


@dataclass(slots=True)
class _Styles:
    """Paragraph styles resolved through ``basedOn``: numbering, outline level, heading level."""

    raw: dict[str, Any] = field(default_factory=dict)
    resolved: dict[str, _StyleInfo] = field(default_factory=dict)
    default_id: str | None = None

    @classmethod
    def from_document(cls, document: Any) -> _Styles:
        styles = cls()
        try:
            root = document.styles.element
        except (KeyError, AttributeError):
            return styles
        for style in root.iter(W + "style"):
            if style.get(W + "type") != "paragraph":
                continue
            style_id = style.get(W + "styleId")
            styles.raw[style_id] = style
            if style.get(W + "default") in ("1", "true"):
                styles.default_id = style_id
        return styles

    def info(self, style_id: str | None) -> _StyleInfo:
        style_id = style_id or self.default_id
        if style_id is None or style_id not in self.raw:
            return _StyleInfo()
        cached = self.resolved.get(style_id)
        if cached is not None:
            return cached
        self.resolved[style_id] = _StyleInfo()  # guards basedOn cycles
        style = self.raw[style_id]
        based = style.find(W + "basedOn")
        parent = self.info(based.get(W + "val")) if based is not None else _StyleInfo()
        info = _StyleInfo(parent.num_id, parent.ilvl, parent.outline_level, None, False)
        ppr = style.find(W + "pPr")
        if ppr is not None:
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                num_id = num_pr.find(W + "numId")
                ilvl = num_pr.find(W + "ilvl")
                if num_id is not None:
                    info.num_id = num_id.get(W + "val")
                if ilvl is not None:
                    info.ilvl = int(ilvl.get(W + "val", "0"))
            outline = ppr.find(W + "outlineLvl")
            if outline is not None:
                info.outline_level = int(outline.get(W + "val", "9"))
        name_node = style.find(W + "name")
        name = (name_node.get(W + "val", "") if name_node is not None else "").strip().lower()
        info.heading_level = _heading_level_from_name(name)
        if info.heading_level is None and parent.heading_level is not None:
            info.heading_level = parent.heading_level
        info.is_title = name in ("title", "标题") or (style_id or "").lower() == "title"
        self.resolved[style_id] = info
        return info


def _heading_level_from_name(name: str) -> int | None:
    for prefix in ("heading ", "标题 ", "heading", "标题"):
        if name.startswith(prefix):
            tail = name[len(prefix) :].strip()
            if tail.isdigit():
                return int(tail)
    return None


# --------------------------------------------------------------------------- text


class _TextBuilder:
    """Collects paragraphs as lines and records hints at their offsets."""

    def __init__(self, numbering: _Numbering, styles: _Styles) -> None:
        self.numbering = numbering
        self.styles = styles
        self.lines: list[str] = []
        self.length = 0
        self.heading_levels: dict[int, int] = {}
        self.list_levels: dict[int, int] = {}
        self.title_offsets: list[int] = []

    def text(self) -> str:
        return "\n".join(self.lines)

    def _append(self, line: str) -> int:
        offset = self.length + (1 if self.lines else 0)
        self.lines.append(line)
        self.length = offset + len(line)
        return offset

    def add_body(self, body: Any) -> None:
        for child in body.iterchildren():
            tag = child.tag
            if tag == W + "p":
                self.add_paragraph(child)
            elif tag == W + "tbl":
                self.add_table(child)
            elif tag in (W + "sdt", W + "customXml"):
                content = child.find(W + "sdtContent")
                self.add_body(content if content is not None else child)

    def add_paragraph(self, paragraph: Any) -> None:
        boxes: list[Any] = []
        body = _run_text(paragraph, boxes)
        ppr = paragraph.find(W + "pPr")
        style_id = num_id = None
        ilvl = outline = None
        if ppr is not None:
            style = ppr.find(W + "pStyle")
            style_id = style.get(W + "val") if style is not None else None
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                num_node = num_pr.find(W + "numId")
                ilvl_node = num_pr.find(W + "ilvl")
                num_id = num_node.get(W + "val") if num_node is not None else None
                ilvl = int(ilvl_node.get(W + "val", "0")) if ilvl_node is not None else None
            outline_node = ppr.find(W + "outlineLvl")
            if outline_node is not None:
                outline = int(outline_node.get(W + "val", "9"))
        info = self.styles.info(style_id)
        num_id = num_id if num_id is not None else info.num_id
        if ilvl is None:
            ilvl = info.ilvl or 0
        marker = None
        if num_id is not None:
            # Word counts empty numbered paragraphs too, but shows no marker without text.
            marker = self.numbering.marker(num_id, ilvl) if body.strip() else None
            if not body.strip():
                self.numbering.marker(num_id, ilvl)
        line = (marker or "") + body
        if line.strip() or not boxes:
            offset = self._append(line)
            if line.strip():
                level = info.heading_level
                if outline is None:
                    outline = info.outline_level
                if level is None and outline is not None and outline < 9:
                    level = outline + 1
                if level is not None:
                    self.heading_levels[offset] = level
                if marker:
                    self.list_levels[offset] = ilvl + 1
                if info.is_title:
                    self.title_offsets.append(offset)
        for box in boxes:
            self.add_body(box)

    def add_table(self, table: Any) -> None:
        for row in table.iterchildren(W + "tr"):
            cells = []
            for cell in row.iterchildren(W + "tc"):
                tc_pr = cell.find(W + "tcPr")
                if tc_pr is not None:
                    merge = tc_pr.find(W + "vMerge")
                    if merge is not None and merge.get(W + "val", "continue") == "continue":
                        continue  # the merged cell's text was given in the row above
                cells.append(_cell_text(cell))
            if any(cell.strip() for cell in cells):
                self._append(CELL_SEPARATOR.join(cells))


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs on one line (a cell is one field of its row)."""
    parts = []
    for paragraph in cell.iter(W + "p"):
        text = _run_text(paragraph, None, nested=True).strip()
        if text:
            parts.append(text)
    return " ".join(parts)


_SKIP_SUBTREES = frozenset(
    {
        W + "pPr",
        W + "rPr",
        W + "instrText",
        W + "delText",
        W + "del",
        f"{{{MC_NS}}}Fallback",
        W + "footnoteReference",
        W + "endnoteReference",
        W + "commentReference",
    }
)


def _run_text(paragraph: Any, boxes: list[Any] | None, nested: bool = False) -> str:
    """The visible text of a paragraph: runs, hyperlinks, insertions, fields' results."""
    out: list[str] = []
    stack = list(reversed(list(paragraph)))
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIP_SUBTREES:
            continue
        if tag == W + "t":
            out.append(node.text or "")
            continue
        if tag == W + "txbxContent":
            if boxes is not None:
                boxes.append(node)
            continue  # text-box paragraphs come after this one as lines of their own
        if tag == W + "p" and nested:
            continue  # nested paragraphs of a cell are handled by _cell_text
        if tag == W + "r" and _hidden(node):
            continue
        if tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            code = node.get(W + "char")
            if code:
                char = chr(int(code, 16))
                out.append(_BULLET_MAP.get(char, char))
        stack.extend(reversed(list(node)))
    return "".join(out)


def _hidden(run: Any) -> bool:
    rpr = run.find(W + "rPr")
    if rpr is None:
        return False
    vanish = rpr.find(W + "vanish")
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false")
