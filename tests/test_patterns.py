"""compile_re: patterns mean the same on ``re`` as on ``regex``."""

from __future__ import annotations

import regex

from reportminer.patterns import _spell_out_han, compile_re, han_class


def test_han_class_equals_regex_han_script() -> None:
    on_re = compile_re(r"\p{Han}")
    on_regex = regex.compile(r"\p{Han}")
    differ = [
        hex(code)
        for code in range(0x110000)
        if 0xD800 > code or code > 0xDFFF  # lone surrogates are not text
        if bool(on_re.match(chr(code))) != bool(on_regex.match(chr(code)))
    ]
    assert differ == [], f"HAN disagrees with regex's \\p{{Han}} at {differ[:10]}"


def test_han_is_spelled_out_inside_and_outside_classes() -> None:
    HAN = han_class()  # noqa: N806
    assert _spell_out_han(r"\p{Han}") == f"[{HAN}]"
    assert _spell_out_han(r"[^\p{Han}\d]") == f"[^{HAN}\\d]"
    assert _spell_out_han(r"[]\p{Han}]") == f"[]{HAN}]"  # "]" first is a literal
    assert _spell_out_han(r"\[\p{Han}\]") == f"\\[[{HAN}]\\]"  # escaped brackets: no class


SAMPLES = [
    "今年以来，我镇共投入资金13万余元。",
    "政 府 工 作 报 告",
    "一、指导思想 (二)工作目标 3.保障措施",
    "㐀𠀀生僻字 and ASCII 123",
    "",
]


def test_compiled_patterns_agree_with_regex() -> None:
    for source in (
        r"\p{Han}+",
        r"^(?:\p{Han} ){2,}\p{Han}",
        r"[\p{Han}\d]{2,}",
        r"(?<=\p{Han}|\s)\d+",
        r"[^\p{Han}\s]+",
    ):
        fast, reference = compile_re(source), regex.compile(source)
        for text in SAMPLES:
            got = [m.span() for m in fast.finditer(text)]
            assert got == [m.span() for m in reference.finditer(text)], (source, text)
