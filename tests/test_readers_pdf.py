"""The .pdf reader on PDFs generated here with reportlab (a CJK CID font, no font files needed):
running header, page-number footer, hard-wrapped lines, headings, a scanned-like page."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportminer.api import extract_loaded
from reportminer.load import LoadOptions, load_path
from reportminer.readers.pdf import read_pdf
from reportminer.types import ErrorRecord


def _need_reportlab() -> None:
    try:
        import reportlab  # noqa: F401
    except ImportError:
        pytest.fail("reportlab is a test dependency: pip install reportlab")


PAGE_WIDTH, PAGE_HEIGHT = 595, 842
LEFT, SIZE, LINE_CHARS = 72, 12, 36
HEADER = "某县人民政府办公室"

PARAGRAPHS = [
    ("title", "某县2024年创建文明城市工作总结"),
    ("heading", "一、基本情况"),
    (
        "body",
        "今年以来，全县上下围绕创建全国文明城市目标，通过全面深入的宣传发动和扎实有效的"
        "整治提升，城乡面貌发生了明显变化，群众满意度持续提高，共投入资金13万余元，硬化"
        "道路28.74公里，新建停车场226处，全县文明户比例达到93%以上。",
    ),
    ("heading", "二、主要做法"),
    ("heading", "（一）加强组织领导"),
    (
        "body",
        "成立了由县委书记任组长的创建工作领导小组，下设办公室和八个专项工作组，建立了"
        "周调度、月通报、季考核的工作机制，层层压实责任，确保各项任务落到实处。",
    ),
    ("heading", "（二）强化宣传引导"),
    (
        "body",
        "利用电视、报纸、网络和户外广告等多种形式广泛开展宣传，累计发放宣传资料5万余份，"
        "举办专题培训班12期，培训人员1000余人次，形成了全民参与的浓厚氛围。",
    ),
    ("heading", "三、下一步打算"),
    (
        "body",
        "我们将进一步巩固创建成果，完善长效管理机制，推动创建工作常态化、制度化、规范化，"
        "努力把我县建设成为更加文明、更加和谐、更加宜居的美好家园。",
    ),
]


def _layout() -> list[tuple[str, str, bool]]:
    """Lines as typeset: (kind, text, first line of its paragraph)."""
    lines = []
    for kind, text in PARAGRAPHS:
        if kind != "body":
            lines.append((kind, text, True))
            continue
        first = LINE_CHARS - 2  # a two-character first-line indent
        chunks = [text[:first]]
        rest = text[first:]
        while rest:
            chunks.append(rest[:LINE_CHARS])
            rest = rest[LINE_CHARS:]
        lines.extend(("body", chunk, number == 0) for number, chunk in enumerate(chunks))
    return lines


def make_pdf(path: Path, *, lines_per_page: int = 9) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    layout = _layout()
    pages = [layout[i : i + lines_per_page] for i in range(0, len(layout), lines_per_page)]
    for number, page in enumerate(pages, start=1):
        pdf.setFont("STSong-Light", 9)
        pdf.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 40, HEADER)
        pdf.drawCentredString(PAGE_WIDTH / 2, 30, f"— {number} —")
        y = PAGE_HEIGHT - 120
        for kind, text, first in page:
            if kind == "title":
                pdf.setFont("STSong-Light", 18)
                pdf.drawCentredString(PAGE_WIDTH / 2, y, text)
                y -= 40
                continue
            pdf.setFont("STSong-Light", SIZE)
            indent = 2 * SIZE if (kind == "heading" or first) else 0
            pdf.drawString(LEFT + indent, y, text)
            y -= 24
        pdf.showPage()
    pdf.save()


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need_reportlab()
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    make_pdf(path)
    return path


def test_paragraphs_rejoined_and_furniture_dropped(pdf_file: Path) -> None:
    [loaded] = read_pdf(pdf_file, pdf_file.read_bytes(), LoadOptions())
    expected = [text for _, text in PARAGRAPHS]
    assert loaded.text.split("\n") == expected
    assert HEADER not in loaded.text
    assert "—" not in loaded.text
    assert loaded.hints["pages"] >= 2


def test_every_span_is_its_surface(pdf_file: Path) -> None:
    [loaded] = list(load_path(pdf_file))
    assert not isinstance(loaded, ErrorRecord)
    document = extract_loaded(loaded)
    items = document.items()
    assert any(item.label == "FIGURE" for item in items) or any(
        item.label == "HEADING" for item in items
    )
    for item in items:
        assert loaded.text[item.start : item.end] == item.text


def test_pdf_without_text_layer_is_an_error_record(tmp_path: Path) -> None:
    _need_reportlab()
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.rect(72, 72, 400, 600, fill=1)  # an "image" of a page: shapes, no text
    pdf.showPage()
    pdf.save()
    [record] = list(load_path(path))
    assert isinstance(record, ErrorRecord)
    assert record.cause == "no text layer; OCR it first"
    assert record.hint and "OCR" in record.hint


def test_damaged_pdf_is_an_error_record(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF")
    [record] = list(load_path(path))
    assert isinstance(record, ErrorRecord)
