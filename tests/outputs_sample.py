"""A hand-built result for the output tests, so they do not depend on the extractors' rules."""

from __future__ import annotations

from reportminer.types import (
    Document,
    DocumentRef,
    ErrorRecord,
    Figure,
    Heading,
    Honor,
    Measure,
    Program,
    Report,
    Section,
    SourceInfo,
)

TEXT = (
    "某镇2024年创建文明城市工作总结\n"
    "一、基本情况\n"
    "全镇共投入资金13万余元，硬化道路28.74公里，文明户比例达93%以上。\n"
    "二、主要做法\n"
    "（一）开展“清河行动”\n"
    "一是组织领导到位。我镇荣获“江苏省卫生村”称号，印发《关于加强管理的通知》。\n"
    "新建停车场xx处。"
)


def _at(surface: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(surface, after)
    return start, start + len(surface)


def _item(cls, surface: str, path: list[str], after: int = 0, **attrs):  # type: ignore[no-untyped-def]
    start, end = _at(surface, after)
    return cls(start=start, end=end, text=surface, section_path=path, **attrs)


def make_document(doc_id: str = "sample.txt") -> Document:
    h1 = _item(Heading, "一、基本情况", [], level=1, role="overview", marker="一、")
    h2 = _item(Heading, "二、主要做法", [], level=1, role="measures", marker="二、")
    h21 = _item(
        Heading, "（一）开展“清河行动”", [h2.text], level=2, role="measures", marker="（一）"
    )
    p1 = [h1.text]
    p21 = [h2.text, h21.text]
    figures = [
        _item(
            Figure,
            "13万余元",
            p1,
            value=130000,
            unit="元",
            kind="money",
            approx="over",
            metric="投入资金",
        ),
        _item(Figure, "28.74公里", p1, value=28.74, unit="公里", kind="length", metric="硬化道路"),
        _item(Figure, "93%以上", p1, value=93, unit="%", kind="percent", approx="over"),
    ]
    masked = _item(Figure, "xx处", p21, value=None, unit="处", kind="count", masked=True)
    measure = _item(Measure, "组织领导到位", p21, marker="一是", ordinal=1)
    program = _item(Program, "清河行动", p21, after=h21.start, quoted=True)
    honour = _item(Honor, "江苏省卫生村", p21, status="received", level="province")
    document_ref = _item(DocumentRef, "关于加强管理的通知", p21)
    s1 = Section(h1.start, h2.start - 1, heading=h1, path=p1, items=figures)
    s21 = Section(
        h21.start,
        len(TEXT),
        heading=h21,
        path=p21,
        items=[program, measure, honour, document_ref, masked],
    )
    s2 = Section(h2.start, len(TEXT), heading=h2, path=[h2.text], children=[s21])
    root = Section(0, len(TEXT), children=[s1, s2])
    report = Report(
        start=0,
        end=len(TEXT),
        text=TEXT,
        title="某镇2024年创建文明城市工作总结",
        genre="summary",
        body=root,
    )
    source = SourceInfo(path=doc_id, format="txt", encoding="utf-8", size=len(TEXT.encode()))
    return Document(id=doc_id, text=TEXT, source=source, reports=[report])


def make_error(doc_id: str = "broken.pdf") -> ErrorRecord:
    return ErrorRecord(
        doc_id, doc_id, "cannot read input", "no text layer; OCR it first", hint="run OCR"
    )
