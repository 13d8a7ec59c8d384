"""Does reading a report from .docx give the same structure as reading it as plain text?

For each .docx in a folder (default: the provincial 2025 reports in the shared corpus), the
report is extracted twice: through the .docx reader, and from a plain-text conversion (the
paragraphs' text as python-docx gives it, joined with newlines, written to a temporary .txt
and loaded like any text file). The section trees (HEADING text and level) and the FIGUREs
(surface, value, unit) are compared as sequences.

These files number their sections with typed characters, so a second run (``--renumber``)
turns each typed 一、 and （一） marker into Word list numbering (the marker removed from the
paragraph, a ``numPr`` pointing at a chineseCounting list added), the way many reports are
written, and compares what the .docx reader makes of that with the original plain text.

    python bench/docx_vs_text.py [FOLDER] [--renumber] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared/corpus/raw/provincial-gwr-2025-docx"


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>"""
MARKERS = (
    (0, r"^\s*([一二三四五六七八九十]+)、"),
    (1, r"^\s*[（(]([一二三四五六七八九十]+)[）)]"),
)


def _num(num_id: int, restart: tuple[int, int] | None) -> str:
    override = ""
    if restart is not None:
        level, value = restart
        override = (
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{value}"/></w:lvlOverride>'
        )
    return (
        f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
        f"{override}</w:num>"
    )


def _value(numeral: str) -> int:
    digits = "一二三四五六七八九"
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + digits.index(numeral[1]) + 1
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (digits.index(tens) + 1) * 10 + (digits.index(ones) + 1 if ones else 0)
    return digits.index(numeral) + 1


def renumbered(path: Path, out: Path) -> str:
    """Write a copy of ``path`` whose typed 一、/（一） markers are Word list numbering.

    A list restarting where Word's counters would go on (a second 一、 list, a （一） run
    without a new parent) gets a new list instance with a start override, as Word writes it.
    Returns the plain text the copy should read as: the original paragraphs, with the
    indentation before a removed marker gone (Word indents numbered paragraphs by layout).
    """
    import docx
    import regex
    from docx.oxml import parse_xml

    document = docx.Document(str(path))
    numbering = _numbering_element(document)
    numbering.append(parse_xml(NUMBERING))
    num_id = 90
    numbering.append(parse_xml(_num(num_id, None)))
    counters: dict[int, int] = {}
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text
        for level, pattern in MARKERS:
            match = regex.match(pattern, text)
            if not match:
                continue
            value = _value(match.group(1))
            expected = counters.get(level, 0) + 1
            if value != expected:
                num_id += 1
                numbering.append(parse_xml(_num(num_id, (level, value))))
            counters[level] = value
            for deeper in [k for k in counters if k > level]:
                del counters[deeper]
            _strip_prefix(paragraph, match.end())
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(
                parse_xml(
                    f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/>'
                    f'<w:numId w:val="{num_id}"/></w:numPr>'
                )
            )
            text = text.lstrip()
            break
        lines.append(text)
    document.save(str(out))
    return "\n".join(lines)


def _numbering_element(document):  # type: ignore[no-untyped-def]
    """The numbering part's root, adding an empty part when the file has none."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.oxml import parse_xml
    from docx.parts.numbering import NumberingPart

    try:
        return document.part.numbering_part.element
    except NotImplementedError:
        element = parse_xml(f'<w:numbering xmlns:w="{W_NS}"/>')
        part = NumberingPart(
            PackURI("/word/numbering.xml"),
            CONTENT_TYPE.WML_NUMBERING,
            element,
            document.part.package,
        )
        document.part.relate_to(part, RELATIONSHIP_TYPE.NUMBERING)
        return part.element


def _strip_prefix(paragraph, length: int) -> None:  # type: ignore[no-untyped-def]
    """Remove the first ``length`` characters of a paragraph's runs."""
    for run in paragraph.runs:
        if length <= 0:
            break
        text = run.text
        cut = min(length, len(text))
        run.text = text[cut:]
        length -= cut


def plain_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def signature(document) -> tuple[list[tuple[str, int]], list[tuple[str, object, object]]]:  # type: ignore[no-untyped-def]
    headings = [(h.text.translate(_PARENS), h.level) for h in document.items("HEADING")]
    figures = [
        (f.text, tuple(f.value) if isinstance(f.value, list) else f.value, f.unit)
        for f in document.items("FIGURE")
    ]
    return headings, figures


_PARENS = str.maketrans("()", "（）")


def matched(a: Sequence[object], b: Sequence[object]) -> int:
    from difflib import SequenceMatcher

    return sum(
        block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--json", type=Path, help="write the per-file numbers here")
    parser.add_argument(
        "--renumber",
        action="store_true",
        help="read a copy with typed markers turned into Word list numbering",
    )
    args = parser.parse_args(argv)

    from reportminer.api import extract_loaded
    from reportminer.load import load_path

    files = sorted(args.folder.glob("*.docx"))
    if not files:
        print(f"no .docx files in {args.folder}", file=sys.stderr)
        return 1
    rows = []
    totals = dict.fromkeys(
        (
            "headings_docx",
            "headings_text",
            "headings_same",
            "figures_docx",
            "figures_text",
            "figures_same",
            "files_identical",
        ),
        0,
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            docx_path = path
            expected_text = plain_text(path)
            if args.renumber:
                docx_path = Path(tmp) / path.name
                expected_text = renumbered(path, docx_path)
            [from_docx] = list(load_path(docx_path))
            txt = Path(tmp) / (path.stem + ".txt")
            txt.write_text(expected_text, encoding="utf-8")
            [from_text] = list(load_path(txt))
            heads_d, figs_d = signature(extract_loaded(from_docx))  # type: ignore[arg-type]
            heads_t, figs_t = signature(extract_loaded(from_text))  # type: ignore[arg-type]
            row = {
                "file": path.name,
                "same_text": from_docx.text == from_text.text,  # type: ignore[union-attr]
                "headings_docx": len(heads_d),
                "headings_text": len(heads_t),
                "headings_same": matched(heads_d, heads_t),
                "levels_docx": sorted({lvl for _, lvl in heads_d}),
                "figures_docx": len(figs_d),
                "figures_text": len(figs_t),
                "figures_same": matched(figs_d, figs_t),
            }
            rows.append(row)
            for key in (
                "headings_docx",
                "headings_text",
                "headings_same",
                "figures_docx",
                "figures_text",
                "figures_same",
            ):
                totals[key] += row[key]
            totals["files_identical"] += heads_d == heads_t and figs_d == figs_t
    elapsed = time.perf_counter() - started
    width = max(len(r["file"]) for r in rows)
    print(f"{'file':<{width}}  text=  H.docx H.text H.same  F.docx F.text F.same")
    for r in rows:
        print(
            f"{r['file']:<{width}}  {'yes' if r['same_text'] else 'no ':<5} "
            f"{r['headings_docx']:>6} {r['headings_text']:>6} {r['headings_same']:>6}  "
            f"{r['figures_docx']:>6} {r['figures_text']:>6} {r['figures_same']:>6}"
        )
    print(
        f"\n{len(rows)} files, {totals['files_identical']} with identical headings and figures; "
        f"headings {totals['headings_same']}/{totals['headings_docx']} (docx) vs "
        f"{totals['headings_text']} (text); figures {totals['figures_same']}/"
        f"{totals['figures_docx']} (docx) vs {totals['figures_text']} (text); {elapsed:.1f} s"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"files": rows, "totals": totals}, ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
