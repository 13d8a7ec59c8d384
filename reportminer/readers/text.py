"""Plain text: decode bytes exactly, detecting UTF-8/16/32, GB18030 (GBK, GB2312) and Big5.

The decoded text is kept as decoded (no newline folding); only a byte-order mark is dropped,
as ANNOTATION.md asks. Bytes that no candidate decodes without loss are an error, never
silently replaced characters.
"""

from __future__ import annotations

import codecs

from reportminer.errors import DecodeError, InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Frequent characters of the genre, simplified and traditional: a wrong decoding of
# Chinese bytes gives rare characters, a right one gives these.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来到用们生作地于出就分对成会可主发年动同工也"
    "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家力里如水化高自二理起小现实加量"
    "都两体制机当使点从业本去把性好应开合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新内数正心明看原又利比或但质第向道此变条只没结解问意建月公无系很情者最立代想已通并提直"
    "题党程展五果员位入常文总次品式活设及管特件长求基资边流路级少图山统接知较将组见计别手期根"
    "论运农指区强放决被做必战先回则任取据处府镇村县市省乡委镇街社区工作领导创建文明卫生"
    "這為個國們來時會說對發動過產種後經實機當點業從還應開關間樣與係質變條沒結問題黨員設總區"
    "強決戰據處縣鄉鎮領導創衛"
)


def detect_and_decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name). ``encoding`` forces one codec."""
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError as exc:
            raise InputError(f"unknown encoding {encoding!r}") from exc
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"bytes {exc.start}-{exc.end} are not valid {encoding}",
                hint="check --encoding or leave it out to detect the encoding",
            ) from exc
        return text.removeprefix("\ufeff"), encoding
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(name.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"byte-order mark says {name} but bytes {exc.start}+ are not"
                ) from exc
            return text, name
    if len(data) >= 4 and _looks_utf16(data):
        for name in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                continue
    if b"\x00" in data:
        position = data.index(b"\x00")
        raise InputError(f"binary content (NUL byte at offset {position})", hint="not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        candidates = []
        for name in ("gb18030", "big5"):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            candidates.append((_score(text), name, text))
        if not candidates:
            raise DecodeError(
                f"not UTF-8 (invalid byte at offset {utf8_error.start}), GB18030 or Big5",
                hint="pass --encoding if you know the file's encoding",
            ) from utf8_error
        # Prefer GB18030 on ties: it is the common legacy encoding of mainland reports.
        candidates.sort(key=lambda c: (-c[0], c[1] != "gb18030"))
        _, name, text = candidates[0]
        return text, name


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16 has NULs in one of the two byte lanes; CJK-heavy UTF-16 rarely
    # decodes as UTF-8, so a lane of NULs is the cue we can trust.
    return max(even_nuls, odd_nuls) > 0.3 * half and min(even_nuls, odd_nuls) < 0.05 * half


def _score(text: str) -> float:
    sample = text[:20000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    if not cjk:
        return 0.0
    common = sum(1 for ch in sample if ch in _COMMON)
    return common / cjk
