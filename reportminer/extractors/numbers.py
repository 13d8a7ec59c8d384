"""Numeral resolution: the value of a number written in Arabic, Chinese or mixed digits.

The extractor's regex only *finds* numerals; this module says what they are worth. Inputs are
short strings (one numeral), so per-character loops here are cheap. Arithmetic is done with
:class:`decimal.Decimal` so that 618.48万 is exactly 6184800 and not 6184800.000000001.

Supported: Arabic with thousands separators (601,293.11), Chinese digits and multipliers
(二十八, 两千三百, 一万二千, 壹仟玖佰, 〇/零, 廿/卅), mixed forms (3.5万, 13万, 3万4000,
100万三千), colloquial abbreviations (三万五 = 35000, 两千六 = 2600), digit strings
(一一一 = 111, 二〇二三 = 2023), decimals with 点 (三点五), negatives (负三), fractions
(五分之一), and the approximate ranges of adjacent digits (二三十, 十五六, 三五百).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

Number = int | float
Value = Number | list[Number] | None

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1, "弌": 1,
    "二": 2, "贰": 2, "两": 2, "俩": 2, "貳": 2, "兩": 2, "倆": 2, "弍": 2,
    "三": 3, "叁": 3, "參": 3, "参": 3, "弎": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}
TENS: dict[str, int] = {"廿": 20, "卄": 20, "卅": 30, "卌": 40}
LETTER_SCALES: dict[str, int] = {"k": 10**3, "K": 10**3, "w": 10**4, "W": 10**4, "M": 10**6}
DECIMAL_POINTS = "点點"
RANGE_SEPARATORS = "-~～至到—–－"
NEGATIVE = ("负", "負", "-", "−")

_ARABIC = set("0123456789.,")
# Longer runs of digits are codes, IDs or noise, not amounts (601,293,000,000.11 is 18), and
# reading one costs time quadratic in its length (big-integer arithmetic).
MAX_NUMERAL_CHARS = 40


def to_number(value: Decimal) -> Number:
    """An int when the value is integral, else a float (JSON-friendly, deterministic)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _tokens(text: str) -> list[tuple[str, Decimal | str]] | None:
    """Split a numeral into ("num", value) / ("small"|"big"|"zero", char) tokens."""
    tokens: list[tuple[str, Decimal | str]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "0123456789":
            j = i
            while j < n and (text[j] in _ARABIC):
                j += 1
            raw = text[i:j].rstrip(".,")
            j = i + len(raw)
            try:
                tokens.append(("num", Decimal(raw.replace(",", ""))))
            except InvalidOperation:
                return None
            i = j
            continue
        if ch in DIGITS:
            if DIGITS[ch] == 0:
                tokens.append(("zero", ch))
            else:
                tokens.append(("cn", Decimal(DIGITS[ch])))
        elif ch in SMALL_UNITS:
            tokens.append(("small", ch))
        elif ch in BIG_UNITS:
            tokens.append(("big", ch))
        elif ch in TENS:
            tokens.append(("tens", ch))
        elif ch in LETTER_SCALES and tokens and tokens[-1][0] == "num":
            tokens.append(("letter", ch))
        elif ch in " ":
            pass
        else:
            return None
        i += 1
    return tokens


def _digit_string(tokens: list[tuple[str, Decimal | str]]) -> Decimal | None:
    """一一一 -> 111, 二〇二三 -> 2023: Chinese digits with no multiplier."""
    digits = []
    for kind, value in tokens:
        if kind == "cn":
            digits.append(str(int(value)))  # type: ignore[arg-type]
        elif kind == "zero":
            digits.append("0")
        else:
            return None
    return Decimal("".join(digits)) if digits else None


def resolve_integer_part(text: str) -> Decimal | None:
    """Value of a numeral without a decimal 点 (which :func:`resolve_numeral` splits off)."""
    tokens = _tokens(text)
    if not tokens:
        return None
    if len(tokens) > 1 and all(kind in ("cn", "zero") for kind, _ in tokens):
        return _digit_string(tokens)
    total = Decimal(0)  # finished 万/亿 groups
    section = Decimal(0)  # inside the current 万 group
    current: Decimal | None = None
    current_is_cn_digit = False
    last_small: int | None = None
    zero_seen = False
    biggest = 0
    for kind, value in tokens:
        if kind in ("num", "cn"):
            if current is not None and kind == "num":
                return None  # two numbers in a row: not one numeral
            if current is not None:
                # two Chinese digits in a row after a multiplier: 一万二三 is not supported
                return None
            current = value  # type: ignore[assignment]
            current_is_cn_digit = kind == "cn"
        elif kind == "zero":
            if current is not None:
                section += current
                current = None
            zero_seen = True
            last_small = None
        elif kind == "tens":
            if current is not None:
                return None
            section += TENS[value]  # type: ignore[index]
            last_small = 10
            zero_seen = False
        elif kind == "small":
            multiplier = SMALL_UNITS[value]  # type: ignore[index]
            section += (current if current is not None else Decimal(1)) * multiplier
            current = None
            last_small = multiplier
            zero_seen = False
        elif kind == "big":
            multiplier = BIG_UNITS[value]  # type: ignore[index]
            if (
                current is not None
                and current_is_cn_digit
                and last_small is not None
                and 100 <= last_small < 10**4
                and not zero_seen
            ):
                current *= Decimal(last_small) / 10  # 百二万 = 120万
            group = section + (current if current is not None else Decimal(0))
            if group == 0 and total == 0:
                group = Decimal(1)
            if group == 0:
                total *= multiplier  # 四万万 = 4亿
                section = Decimal(0)
                current = None
                last_small = multiplier
                biggest = max(biggest, multiplier * 10**4)
                continue
            if multiplier > biggest:
                total = (total + group) * multiplier
                biggest = multiplier
            else:
                total += group * multiplier
            section = Decimal(0)
            current = None
            last_small = multiplier
            zero_seen = False
        elif kind == "letter":
            if current is None:
                return None
            current *= LETTER_SCALES[value]  # type: ignore[index]
    if current is not None:
        if current_is_cn_digit and last_small is not None and last_small >= 100 and not zero_seen:
            # colloquial abbreviation: 三万五 = 35000, 两千六 = 2600, 一百五 = 150
            current *= Decimal(last_small) / 10
        section += current
    return total + section


def resolve_numeral(text: str) -> Decimal | None:
    """Value of one numeral (no range, no unit); None when ``text`` is not one."""
    text = text.strip()
    if not text or len(text) > MAX_NUMERAL_CHARS:
        return None
    sign = Decimal(1)
    for neg in NEGATIVE:
        if text.startswith(neg) and len(text) > len(neg):
            sign = Decimal(-1)
            text = text[len(neg) :]
            break
    if "又" in text:
        whole, _, part = text.partition("又")
        a, b = resolve_numeral(whole), resolve_numeral(part)
        if a is None or b is None:
            return None
        return sign * (a + b)
    if "/" in text and regex_fraction(text):
        numerator, _, denominator = text.partition("/")
        whole = Decimal(0)
        if " " in numerator.strip():
            head, _, numerator = numerator.strip().rpartition(" ")
            head_value = resolve_numeral(head)
            if head_value is None:
                return None
            whole = head_value
        num, den = resolve_numeral(numerator), resolve_numeral(denominator)
        if num is None or den is None or den == 0:
            return None
        return sign * (whole + num / den)
    if text.startswith("."):
        text = "0" + text
    if "分之" in text:
        denominator, _, numerator = text.partition("分之")
        den = resolve_numeral(denominator)
        num = resolve_numeral(numerator)
        if den is None or num is None or den == 0:
            return None
        return sign * num / den
    for point in DECIMAL_POINTS:
        if point in text:
            whole, _, rest = text.partition(point)
            # 三点五万: the fraction digits may carry a trailing scale
            scale = Decimal(1)
            while rest and rest[-1] in BIG_UNITS:
                scale *= BIG_UNITS[rest[-1]]
                rest = rest[:-1]
            if not rest or any(c not in DIGITS and c not in "0123456789" for c in rest):
                return None
            integer = resolve_integer_part(whole) if whole else Decimal(0)
            if integer is None:
                return None
            fraction = "".join(str(DIGITS[c]) if c in DIGITS else c for c in rest)
            return sign * (integer + Decimal("0." + fraction)) * scale
    value = resolve_integer_part(text)
    return None if value is None else sign * value


def regex_fraction(text: str) -> bool:
    """3/5, 1 4/3: Arabic digits around one slash."""
    numerator, _, denominator = text.partition("/")
    return (
        bool(numerator.strip())
        and denominator.strip().isdigit()
        and all(c.isdigit() or c == " " for c in numerator.strip())
    )


def _adjacent_digit_range(text: str) -> tuple[str, str] | None:
    """二三十 -> (二十, 三十); 十五六 -> (十五, 十六); 三五百 -> (三百, 五百)."""
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a not in DIGITS or b not in DIGITS:
            continue
        da, db = DIGITS[a], DIGITS[b]
        if da == 0 or db == 0:
            continue
        if not (db == da + 1 or (da, db) == (3, 5)):
            continue
        prefix, suffix = text[:i], text[i + 2 :]
        if prefix and prefix[-1] not in SMALL_UNITS and prefix[-1] not in BIG_UNITS:
            continue
        if suffix and suffix[0] not in SMALL_UNITS and suffix[0] not in BIG_UNITS:
            continue
        if not prefix and not suffix:
            # a bare pair (七八, 三四) is a range too; digit strings like 一二 are not
            pass
        if any(c in DIGITS for c in suffix):
            continue
        return prefix + a + suffix, prefix + b + suffix
    return None


def split_range(text: str) -> tuple[str, str] | None:
    """The two ends of a written range ``3-5万`` or ``3至5``, or None."""
    for double in ("--", "——"):
        if double in text:
            low, _, high = text.partition(double)
            if low.strip() and high.strip():
                return low.strip(), high.strip()
    for i, ch in enumerate(text):
        if ch in RANGE_SEPARATORS and 0 < i < len(text) - 1:
            low, high = text[:i].strip(), text[i + 1 :].strip()
            if low and high:
                return low, high
    return None


def trailing_scale(text: str) -> str:
    """The scale characters a numeral ends with (5万 -> 万, 15k -> k)."""
    end = len(text)
    while end > 0 and (text[end - 1] in BIG_UNITS or text[end - 1] in LETTER_SCALES):
        end -= 1
    return text[end:]


def has_scale(text: str) -> bool:
    return any(c in BIG_UNITS or c in SMALL_UNITS for c in text)


def resolve_value(text: str) -> Value:
    """A numeral or a range of numerals: a number, ``[low, high]`` or None."""
    text = text.strip()
    if len(text) > 2 * MAX_NUMERAL_CHARS + 3:  # two ends and a separator at the most
        return None
    parts = split_range(text)
    if parts is not None:
        low_text, high_text = parts
        high = resolve_numeral(high_text)
        if high is None:
            return None
        scale = trailing_scale(high_text)
        if scale and not any(c in BIG_UNITS or c in LETTER_SCALES for c in low_text):
            # 3-5万 = 3万-5万; 一百二十到一百五十万 = 120万-150万 (and 八到九百亿 = 8亿-900亿)
            low_text = low_text + scale
        low = resolve_numeral(low_text)
        if low is None:
            return None
        return [to_number(low), to_number(high)]
    adjacent = _adjacent_digit_range(text)
    if adjacent is not None and not (len(text) >= 3 and not has_scale(text)):
        low = resolve_numeral(adjacent[0])
        high = resolve_numeral(adjacent[1])
        if low is not None and high is not None:
            return [to_number(low), to_number(high)]
    value = resolve_numeral(text)
    return None if value is None else to_number(value)


def scale_value(value: Value, factor: Decimal) -> Value:
    """Multiply a value (or both ends of a range) by a unit factor, keeping exactness."""
    if value is None or factor == 1:
        return value
    if isinstance(value, list):
        return [to_number(Decimal(str(v)) * factor) for v in value]
    return to_number(Decimal(str(value)) * factor)
