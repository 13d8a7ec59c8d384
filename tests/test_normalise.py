"""The normalised view and its offset map back to the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportminer.normalise import OffsetMap, normalise


def test_full_width_and_spaces_are_translated_one_to_one() -> None:
    norm = normalise("２００１年增长７．３％，（一）\u3000好")
    assert norm.text == "2001年增长7.3%,(一) 好"
    assert norm.offsets.deleted == ()


def test_traditional_characters_are_simplified_for_the_rules() -> None:
    assert normalise("縣政府工作總結").text == "县政府工作总结"


def test_crlf_zero_width_and_pinyin_glosses_are_deleted() -> None:
    original = "總結(jié)\r\n第\u200b一"
    norm = normalise(original)
    assert norm.text == "总结\n第一"
    # "结" and "第" map back to their original positions.
    assert norm.span_to_original(1, 2) == (1, 2)
    assert original[slice(*norm.span_to_original(3, 5))] == "第\u200b一"


def test_lone_carriage_return_becomes_a_line_end() -> None:
    assert normalise("甲\r乙").text == "甲\n乙"


def test_offset_map_is_monotonic_over_deletions() -> None:
    offsets = OffsetMap((0, 3, 4))
    assert [offsets.to_original(i) for i in range(4)] == [1, 2, 5, 6]


@given(st.text(alphabet=st.sampled_from(list("甲乙丙\r\n\u200b(jié)１，總 \u3000x")), max_size=60))
def test_every_normalised_span_maps_to_the_same_characters(original: str) -> None:
    norm = normalise(original)
    kept = [i for i in range(len(original)) if i not in set(norm.offsets.deleted)]
    assert len(kept) == len(norm.text)
    for index, position in enumerate(kept):
        assert norm.offsets.to_original(index) == position
        start, end = norm.span_to_original(index, index + 1)
        assert (start, end) == (position, position + 1)
