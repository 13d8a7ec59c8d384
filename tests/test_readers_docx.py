"""The .docx reader on documents generated here: Word list numbering, a table, heading styles."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reportminer.api import extract_loaded
from reportminer.load import LoadOptions, load_path
from reportminer.readers.docx import chinese_numeral, format_number, read_docx
from reportminer.types import ErrorRecord

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

NUMBERING = f"""
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="7">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="%4"/></w:lvl>
</w:abstractNum>
"""
NUM = f"""<w:num xmlns:w="{W_NS}" w:numId="3"><w:abstractNumId w:val="7"/></w:num>"""
# A second list instance of the same abstract list that restarts level 0 at 5.
NUM_RESTART = f"""<w:num xmlns:w="{W_NS}" w:numId="4"><w:abstractNumId w:val="7"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>"""


def _numbered(document, text: str, num_id: int, level: int):  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr>"
        )
    )
    return paragraph


def make_docx() -> bytes:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    numbering.append(parse_xml(NUM_RESTART))
    document.add_paragraph("某镇2024年创建文明城市工作总结", style="Title")
    document.add_paragraph("今年以来，我镇扎实推进各项工作。")
    _numbered(document, "基本情况", 3, 0)
    _numbered(document, "全镇共投入资金13万余元，硬化道路28.74公里。", 3, 2)
    _numbered(document, "新建公园2处。", 3, 2)
    _numbered(document, "主要做法", 3, 0)
    _numbered(document, "加强组织领导", 3, 1)
    _numbered(document, "成立领导小组。", 3, 2)  # restarts at 1 under the new parent
    _numbered(document, "召开会议3次", 3, 3)
    _numbered(document, "", 3, 1)  # an empty numbered paragraph still counts, shows nothing
    _numbered(document, "强化宣传引导", 3, 1)
    table = document.add_table(rows=3, cols=2)
    for row, (name, value) in enumerate(
        [("指标", "数值"), ("户数", "226户"), ("覆盖率", "93%以上")]
    ):
        table.cell(row, 0).text = name
        table.cell(row, 1).text = value
    document.add_heading("下一步打算", level=1)
    _numbered(document, "巩固创建成果", 4, 0)  # the restarting instance: 五、
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    path.write_bytes(make_docx())
    return path


def test_numbering_markers_and_table_rows(docx_file: Path) -> None:
    [loaded] = read_docx(docx_file, docx_file.read_bytes(), LoadOptions())
    lines = loaded.text.split("\n")
    assert lines == [
        "某镇2024年创建文明城市工作总结",
        "今年以来，我镇扎实推进各项工作。",
        "一、基本情况",
        "1.全镇共投入资金13万余元，硬化道路28.74公里。",
        "2.新建公园2处。",
        "二、主要做法",
        "（一）加强组织领导",
        "1.成立领导小组。",
        "①召开会议3次",
        "",
        "（三）强化宣传引导",
        "指标\t数值",
        "户数\t226户",
        "覆盖率\t93%以上",
        "下一步打算",
        "五、巩固创建成果",
    ]


def test_hints_point_at_paragraph_starts(docx_file: Path) -> None:
    [loaded] = read_docx(docx_file, docx_file.read_bytes(), LoadOptions())
    text = loaded.text
    headings = loaded.hints["heading_levels"]
    assert {text[o:].split("\n")[0]: lvl for o, lvl in headings.items()} == {"下一步打算": 1}
    lists = {text[o:].split("\n")[0]: lvl for o, lvl in loaded.hints["list_levels"].items()}
    assert lists["一、基本情况"] == 1
    assert lists["（一）加强组织领导"] == 2
    assert lists["①召开会议3次"] == 4
    [title_offset] = loaded.hints["title_offsets"]
    assert text[title_offset:].startswith("某镇2024年")


def test_every_span_is_its_surface(docx_file: Path) -> None:
    [loaded] = list(load_path(docx_file))
    assert not isinstance(loaded, ErrorRecord)
    document = extract_loaded(loaded)
    spans = document.spans()
    assert spans, "the pipeline found nothing in the docx text"
    for item in document.items():
        assert loaded.text[item.start : item.end] == item.text
    assert loaded.source.format == "docx"


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (12, "chineseCounting", "十二"),
        (20, "chineseCounting", "二十"),
        (105, "chineseCounting", "一百零五"),
        (3, "decimalEnclosedCircle", "③"),
        (2, "ideographTraditional", "乙"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (7, "decimalZero", "07"),
        (3, "decimalFullWidth", "３"),
        (11, "chineseLegalSimplified", "拾壹"),
    ],
)
def test_number_formats(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_chinese_numeral_out_of_range_stays_digits() -> None:
    assert chinese_numeral(1000) == "1000"


def _error(tmp_path: Path, name: str, data: bytes) -> ErrorRecord:
    path = tmp_path / name
    path.write_bytes(data)
    [record] = list(load_path(path))
    assert isinstance(record, ErrorRecord)
    return record


def test_zip_bomb_is_an_error_record(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    record = _error(tmp_path, "bomb.docx", buffer.getvalue())
    assert "zip bomb" in record.cause


def test_legacy_doc_renamed_docx_gets_a_hint(tmp_path: Path) -> None:
    record = _error(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert ".doc" in record.cause and record.hint and "docx" in record.hint


def test_not_a_zip_is_an_error_record(tmp_path: Path) -> None:
    record = _error(tmp_path, "broken.docx", b"this is plain text, not a zip")
    assert "not a .docx" in record.cause


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_and_wps_give_error_records(tmp_path: Path, suffix: str) -> None:
    record = _error(tmp_path, f"legacy{suffix}", b"\xd0\xcf\x11\xe0" + b"x" * 100)
    assert "unsupported" in record.cause and record.hint


def test_unknown_binary_is_an_error_record(tmp_path: Path) -> None:
    record = _error(tmp_path, "blob.bin", bytes(range(256)) * 4)
    assert record.cause


def test_visible_text_of_runs_insertions_links_and_fields(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:t>共投入</w:t></w:r>'))
    for xml in (
        '<w:ins w:id="1" w:author="a"><w:r><w:t>资金</w:t></w:r></w:ins>',
        '<w:del w:id="2" w:author="a"><w:r><w:delText>经费</w:delText></w:r></w:del>',
        "<w:hyperlink><w:r><w:t>13万余元</w:t></w:r></w:hyperlink>",
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>。</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        for node in parse_xml(f'<w:body xmlns:w="{W_NS}">{xml}</w:body>'):
            paragraph._p.append(node)
    path = tmp_path / "runs.docx"
    document.save(str(path))
    [loaded] = read_docx(path, path.read_bytes(), LoadOptions())
    assert loaded.text == "共投入资金13万余元。"
