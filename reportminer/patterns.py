r"""Compiling rule patterns for the standard ``re`` engine.

Most rule patterns need nothing beyond ``re``, which scans them two to four times faster than
``regex`` (``bench/bench.py`` throughput). ``regex`` stays where a pattern needs it: overlapped
matches, reverse search, Unicode properties other than Han. :func:`compile_re` reads
``\p{Han}`` as the ranges of the installed regex's own Han script (:func:`han_class`; a test
checks the two agree on every code point), so a pattern keeps its meaning when it moves
between engines.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable
from functools import cache

# Where the Han script lives (CJK radicals up to the supplementary ideographic planes); the
# surrogates are skipped, they are not text.
_HAN_SPAN = ((0x2E80, 0xD800), (0xE000, 0x40000))


@cache
def han_class() -> str:
    r"""The body of a character class matching what the installed regex matches with \p{Han}.

    Read from regex itself, so ``re`` and ``regex`` patterns agree whatever Unicode version
    the installed regex carries (the Han script grows with each one).
    """
    import regex

    ranges: list[str] = []
    for low, high in _HAN_SPAN:
        codes = array("I", range(low, high))
        text = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
        for run in regex.finditer(r"\p{Han}+", text):
            first, last = low + run.start(), low + run.end() - 1
            ranges.append(_escape(first) if first == last else f"{_escape(first)}-{_escape(last)}")
    return "".join(ranges)


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_HAN_PROPERTY = r"\p{Han}"


def alternation(words: Iterable[str]) -> str:
    """Words as a regex alternation, longest first (so 文明城市 wins over 文明 at one
    position), escaped, in one order whatever the set's iteration order."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def compile_re(source: str, flags: int = 0) -> re.Pattern[str]:
    r"""``re.compile`` of ``source``, with ``\p{Han}`` spelled out (inside or outside a class)."""
    return re.compile(_spell_out_han(source), flags)


def _spell_out_han(source: str) -> str:
    out: list[str] = []
    in_class = False
    position = 0
    while position < len(source):
        if source.startswith(_HAN_PROPERTY, position):
            out.append(han_class() if in_class else f"[{han_class()}]")
            position += len(_HAN_PROPERTY)
            continue
        char = source[position]
        if char == "\\":
            out.append(source[position : position + 2])
            position += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            # a "]" right after "[" or "[^" is a literal, not the end of the class
            for prefix in ("^]", "]", "^"):
                if source.startswith(prefix, position + 1):
                    out.append(prefix)
                    position += len(prefix)
                    break
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        position += 1
    return "".join(out)
