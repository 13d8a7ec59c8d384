r"""Compiling rule patterns for the standard ``re`` engine.

Most rule patterns need nothing beyond ``re``, which scans them two to four times faster than
``regex`` (``bench/bench.py`` throughput). ``regex`` stays where a pattern needs it: overlapped
matches, reverse search, Unicode properties other than Han. :func:`compile_re` reads
``\p{Han}`` as the ranges of regex's own Han script table (``HAN``; a test checks the two
agree on every code point), so a pattern keeps its meaning when it moves between engines.
"""

from __future__ import annotations

import re

# Body of a character class: every code point regex matches with \p{Han}.
HAN = (
    r"\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3"
    r"\U00016ff0-\U00016ff6\U00020000-\U0002a6df\U0002a700-\U0002b81d"
    r"\U0002b820-\U0002cead\U0002ceb0-\U0002ebe0\U0002ebf0-\U0002ee5d"
    r"\U0002f800-\U0002fa1d\U00030000-\U0003134a\U00031350-\U00033479"
)
_HAN_PROPERTY = r"\p{Han}"


def compile_re(source: str, flags: int = 0) -> re.Pattern[str]:
    r"""``re.compile`` of ``source``, with ``\p{Han}`` spelled out (inside or outside a class)."""
    return re.compile(_spell_out_han(source), flags)


def _spell_out_han(source: str) -> str:
    out: list[str] = []
    in_class = False
    position = 0
    while position < len(source):
        if source.startswith(_HAN_PROPERTY, position):
            out.append(HAN if in_class else f"[{HAN}]")
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
