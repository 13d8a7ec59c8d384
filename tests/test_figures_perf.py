"""The figure regex runs in linear time: no input makes it backtrack super-linearly.

Times are compared between an input of n and one of 4n characters (a ratio, not absolute
seconds, so a slow machine does not fail the test): linear work gives about 4, quadratic 16.
"""

from __future__ import annotations

import time

import pytest

from reportminer.extractors.figures import _pattern, find_candidates

ADVERSARIAL = {
    "digits": "9",
    "digits and 万": "1万",
    "万 runs": "万",
    "thousands separators": "1,2",
    "qualified": "约1,2",
    "decimals": "1.",
    "ranges": "1-",
    "chinese numerals": "一二三四五六七八九十百千",
    "masks": "x",
    "digits then mask": "9x",
    "percent words": "百分之",
    "unit soup": "1万元/",
}


def _best_time(func, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_regex_is_linear(name: str) -> None:
    unit = ADVERSARIAL[name]
    pattern = _pattern()
    small = unit * (5_000 // len(unit))
    large = unit * (20_000 // len(unit))

    def run(text: str):
        return lambda: sum(1 for _ in pattern.finditer(text))

    run(small)()  # warm up
    # a floor keeps timer noise on tiny runs from deciding the ratio
    t_small = max(_best_time(run(small)), 0.005)
    t_large = _best_time(run(large))
    assert t_large / t_small < 10, f"{name}: 4x input took {t_large / t_small:.1f}x time"


def test_candidates_scale_linearly() -> None:
    small = "约1,2万元" * 500
    large = small * 4
    find_candidates(small, 0, len(small), [])
    t_small = max(_best_time(lambda: find_candidates(small, 0, len(small), []), 2), 0.005)
    t_large = _best_time(lambda: find_candidates(large, 0, len(large), []), 2)
    assert t_large / t_small < 10
