"""parse_figure and find_figures: offsets, agreement, metric and context, report ranges."""

from __future__ import annotations

from reportminer import parse_figure as exported_parse_figure
from reportminer.extractors.figures import find_figures, metric_of, parse_figure
from reportminer.extractors.numbers import resolve_value
from reportminer.normalise import normalise
from reportminer.types import Figure, Heading


def test_parse_figure_resolves_one_expression() -> None:
    figure = parse_figure("13万余元")
    assert isinstance(figure, Figure)
    assert (figure.value, figure.unit, figure.kind, figure.approx, figure.masked) == (
        130000,
        "元",
        "money",
        "over",
        False,
    )
    assert (figure.start, figure.end) == (0, 5)
    assert exported_parse_figure is parse_figure


def test_parse_figure_none_without_a_figure() -> None:
    assert parse_figure("加强组织领导") is None
    assert parse_figure("一切") is None
    assert parse_figure("") is None


def test_parse_figure_offsets_are_relative_to_the_expression() -> None:
    figure = parse_figure("投入资金13万余元用于修路")
    assert figure is not None
    assert "投入资金13万余元用于修路"[figure.start : figure.end] == "13万余元"


def test_parse_and_extract_agree() -> None:
    text = "共投入资金618.48万元,新建道路28.74公里,受益群众1600余人次。"
    norm = normalise(text)
    for figure in find_figures(norm.text, 0, len(norm.text), []):
        parsed = parse_figure(text[figure.start : figure.end])
        assert parsed is not None
        assert (parsed.value, parsed.unit, parsed.kind, parsed.approx) == (
            figure.value,
            figure.unit,
            figure.kind,
            figure.approx,
        )


def test_comparisons_and_signs_in_whole_expressions() -> None:
    assert parse_figure("大于50").value == 50
    assert parse_figure("大于50").approx == "over"
    assert parse_figure("170之下").approx == "under"
    assert parse_figure("20和30之间").value == [20, 30]
    assert parse_figure("负3.5%").value == -3.5
    assert parse_figure("百二万").value == 1200000


def test_numeral_resolution() -> None:
    assert resolve_value("四万万") == 400000000
    assert resolve_value("三又五分之一") == 3.2
    assert resolve_value("七百三四十") == [730, 740]
    assert resolve_value("618.48万") == 6184800
    assert resolve_value("加强") is None


def test_overlong_numerals_are_not_read() -> None:
    """Reading a numeral costs time quadratic in its length; 40 characters is past any amount."""
    from reportminer.extractors.numbers import MAX_NUMERAL_CHARS

    assert resolve_value("9" * 20) == int("9" * 20)
    assert resolve_value("9" * MAX_NUMERAL_CHARS) is not None
    assert resolve_value("9" * (MAX_NUMERAL_CHARS + 1)) is None
    assert resolve_value("一" * 10_000) is None
    assert resolve_value("1" * 20 + "-" + "2" * 20) == [int("1" * 20), int("2" * 20)]


def test_only_the_report_range_is_searched() -> None:
    text = "前言100人。正文200人。"
    start = text.index("正文")
    figures = find_figures(text, start, len(text), [])
    assert [text[f.start : f.end] for f in figures] == ["200人"]


def test_heading_markers_are_not_figures() -> None:
    text = "1、完成投资5万元\n(2)新建3座"
    headings = [Heading(start=0, end=9, marker="1、"), Heading(start=10, end=17, marker="(2)")]
    figures = find_figures(text, 0, len(text), headings)
    assert [text[f.start : f.end] for f in figures] == ["5万元", "3座"]


def test_metric_and_context() -> None:
    text = "通过一事一议等方式,组织群众筹资350万元解决基础设施建设,新建白庙、松林村等村社道路28.74公里。"
    figures = find_figures(text, 0, len(text), [])
    assert [f.metric for f in figures] == ["组织群众筹资", "新建村社道路"]
    assert figures[0].context == "组织群众筹资350万元解决基础设施建设"
    text = "建立了健康档案,受益人数达1000余人,"
    start = text.index("1000")
    assert metric_of(text, start, start + 7) == "受益人数"


def test_metric_falls_back_to_the_noun_after() -> None:
    text = "评比出2个“文明楼院”并给予奖励"
    figures = find_figures(text, 0, len(text), [])
    assert figures[0].metric == "评比出"
    text = "。2个“文明楼院”获奖"
    figures = find_figures(text, 0, len(text), [])
    assert figures[0].metric == "文明楼院"
