"""The .html reader: visible text by block, page chrome dropped, charset from <meta>."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportminer.api import extract_loaded
from reportminer.load import LoadOptions, load_path
from reportminer.readers.html import decode_html, html_to_text, read_html
from reportminer.types import ErrorRecord

PAGE = """<!DOCTYPE html>
<html><head><meta charset="gb2312"><title>某镇工作总结_范文网</title>
<style>.x{color:red}</style><script>var tracker = "统计代码";</script></head>
<body>
<header><div class="logo">范文网</div></header>
<nav><a href="/">首页</a> &gt; <a href="/zj">工作总结</a></nav>
<div class="breadcrumb">当前位置：首页</div>
<article>
  <h1>某镇2024年创建文明村镇工作总结</h1>
  <p>　　今年以来，我镇以创建省级文明村镇为目标，
  扎实开展各项工作，现将有关情况总结如下。</p>
  <h2>一、基本情况</h2>
  <p>全镇共投入资金<b>13万余元</b>，硬化道路<span>28.74</span>公里，新建公园2处。</p>
  <p style="display:none">隐藏的关键词堆砌</p>
  <table><tr><th>指标</th><th>数值</th></tr><tr><td>户数</td><td>226户</td></tr></table>
  <h2>二、主要做法</h2>
  <ul><li>一是组织领导到位。</li><li>二是宣传发动到位。<br>三是督查考核到位。</li></ul>
</article>
<aside><h3>相关文章</h3><ul><li>某村工作总结</li></ul></aside>
<footer>Copyright © 范文网</footer>
<script>document.write("广告");</script>
</body></html>"""

EXPECTED_LINES = [
    "某镇2024年创建文明村镇工作总结",
    "　　今年以来，我镇以创建省级文明村镇为目标，扎实开展各项工作，现将有关情况总结如下。",
    "一、基本情况",
    "全镇共投入资金13万余元，硬化道路28.74公里，新建公园2处。",
    "指标\t数值",
    "户数\t226户",
    "二、主要做法",
    "一是组织领导到位。",
    "二是宣传发动到位。",
    "三是督查考核到位。",
]


@pytest.fixture()
def html_file(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode("gb18030"))
    return path


def test_visible_text_by_block(html_file: Path) -> None:
    [loaded] = read_html(html_file, html_file.read_bytes(), LoadOptions())
    assert loaded.text.split("\n") == EXPECTED_LINES
    assert loaded.source.encoding == "gb18030"
    levels = {
        loaded.text[o:].split("\n")[0]: lvl for o, lvl in loaded.hints["heading_levels"].items()
    }
    assert levels == {"某镇2024年创建文明村镇工作总结": 1, "一、基本情况": 2, "二、主要做法": 2}


def test_every_span_is_its_surface(html_file: Path) -> None:
    [loaded] = list(load_path(html_file))
    assert not isinstance(loaded, ErrorRecord)
    document = extract_loaded(loaded)
    assert document.items()
    for item in document.items():
        assert loaded.text[item.start : item.end] == item.text


def test_wrong_meta_charset_falls_back_to_detection() -> None:
    data = '<meta charset="utf-8"><p>创建文明城市</p>'.encode("gb18030")
    text, encoding = decode_html(data)
    assert "创建文明城市" in text and encoding == "gb18030"


def test_chrome_by_role_and_class_is_dropped() -> None:
    text, _ = html_to_text(
        '<div role="navigation">导航</div><div class="sidebar">侧栏</div>'
        '<div class="content">正文内容</div><p hidden>隐藏</p>'
    )
    assert text == "正文内容"


def test_pre_keeps_its_lines() -> None:
    text, _ = html_to_text("<pre>第一行\n第二行</pre>")
    assert text == "第一行\n第二行"


def test_page_without_text_is_an_error_record(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>app()</script><div id='root'></div></body></html>")
    [record] = list(load_path(path))
    assert isinstance(record, ErrorRecord)
    assert "no visible text" in record.cause
