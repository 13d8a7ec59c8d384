"""A normalised view of the decoded text for the rules, with a map back to the original.

The rules see half-width digits, letters and punctuation, plain spaces, simplified forms of
the characters the rules key on, and "\\n" line ends; the user sees offsets into the text as
decoded. Normalisation is a 1:1 character translation plus deletions (zero-width characters,
the "\\r" of "\\r\\n", pinyin glosses such as "結(jié)"), so the offset map only needs the
sorted positions of deleted characters.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from reportminer.rules import load_pairs

# Characters removed outright: zero-width space/joiners, BOM, soft hyphen, word joiner.
_DELETABLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# "\r" before "\n", lone zero-width characters, and pinyin glosses that machine
# traditional-character converters insert after a character: 總結(jié), 鎮(zhèn).
_DELETE_RE = regex.compile(
    r"\r(?=\n)|[" + _DELETABLE + r"]"
    r"|(?<=\p{Han})\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[1-5]?)\)",
    regex.V0,
)


@cache
def _translation() -> dict[int, str]:
    table: dict[int, str] = {}
    # Full-width ASCII block -> ASCII (！ -> !, ０ -> 0, Ａ -> A, （ -> ( ...).
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "  # ideographic space
    table[0x00A0] = " "  # no-break space
    table[0x2002] = " "
    table[0x2003] = " "
    table[0x2009] = " "
    table[ord("\r")] = "\n"  # a lone CR (old Mac line end); CRLF's CR is deleted instead
    table[ord("\t")] = " "
    for source, target in load_pairs("normalise_chars.tsv"):
        if len(source) != 1 or len(target) != 1:
            raise ValueError(f"normalise_chars.tsv: {source!r} -> {target!r} is not 1:1")
        table[ord(source)] = target
    return table


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Positions in the original text of the characters normalisation deleted."""

    deleted: tuple[int, ...] = ()

    def to_original(self, norm_offset: int) -> int:
        """Original offset of a normalised *start* offset (or any boundary)."""
        if not self.deleted:
            return norm_offset
        # The k-th kept character sits at original position k + (deletions before it).
        # Walk: orig = norm + number of deleted positions <= orig.
        orig = norm_offset
        seen = 0
        while True:
            count = bisect_right(self.deleted, orig)
            if count == seen:
                return orig
            orig = norm_offset + count
            seen = count

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) for a normalised span; deletions inside stay inside."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass(frozen=True, slots=True)
class NormalisedText:
    original: str
    text: str
    offsets: OffsetMap

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span_to_original(start, end)


def normalise(original: str) -> NormalisedText:
    """Normalise ``original`` for the rules; see the module docstring for what changes."""
    deleted: list[int] = []
    pieces: list[str] = []
    last = 0
    for match in _DELETE_RE.finditer(original):
        pieces.append(original[last : match.start()])
        deleted.extend(range(match.start(), match.end()))
        last = match.end()
    if deleted:
        pieces.append(original[last:])
        kept = "".join(pieces)
    else:
        kept = original
    return NormalisedText(original, kept.translate(_translation()), OffsetMap(tuple(deleted)))
