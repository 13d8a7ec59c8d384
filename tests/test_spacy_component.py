"""The spaCy factory: spans in doc.spans["reportminer"], values in doc._, displaCy rendering."""

from __future__ import annotations

import pickle

import pytest
import spacy
from outputs_sample import TEXT, make_document
from spacy import displacy
from spacy.tokens import DocBin

import reportminer.spacy_component  # noqa: F401  (registers the factory)
from reportminer import api


@pytest.fixture()
def nlp_with_sample(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The component over a fixed result, so the test checks the component, not the rules."""
    monkeypatch.setattr(api, "extract_text", lambda text, **kw: make_document())
    nlp = spacy.blank("zh")
    nlp.add_pipe("reportminer")
    return nlp


def test_spans_and_extension_values(nlp_with_sample) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_with_sample(TEXT)
    spans = doc.spans["reportminer"]
    expected = make_document().items()
    assert [(s.label_, s.start_char, s.end_char) for s in spans] == [
        (it.label, it.start, it.end) for it in expected
    ]
    for span in spans:
        assert span.text == TEXT[span.start_char : span.end_char]
    assert [f["value"] for f in doc._.figures] == [130000, 28.74, 93, None]
    assert [h["text"] for h in doc._.honors] == ["江苏省卫生村"]
    assert [m["marker"] for m in doc._.measures] == ["一是"]
    assert [p["text"] for p in doc._.programs] == ["清河行动"]
    assert [d["text"] for d in doc._.documents] == ["关于加强管理的通知"]
    assert [r["title"] for r in doc._.reports] == ["某镇2024年创建文明城市工作总结"]
    assert doc._.reports[0]["sections"]["children"][0]["path"] == ["一、基本情况"]
    figure_span = next(s for s in spans if s.label_ == "FIGURE")
    assert figure_span._.reportminer["unit"] == "元"


def test_displacy_renders_the_span_group(nlp_with_sample) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_with_sample(TEXT)
    markup = displacy.render(doc, style="span", options={"spans_key": "reportminer"})
    assert "FIGURE" in markup and "HONOR" in markup


def test_docs_stay_serialisable(nlp_with_sample) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_with_sample(TEXT)
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    [restored] = list(DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp_with_sample.vocab))
    assert restored._.figures[0]["value"] == 130000
    assert len(restored.spans["reportminer"]) == len(doc.spans["reportminer"])
    assert pickle.loads(pickle.dumps(doc))._.honors[0]["level"] == "province"


def test_labels_config_filters_and_rejects_unknown() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("reportminer", config={"labels": ["FIGURE"], "spans_key": "rm"})
    doc = nlp("全镇共投入资金13万余元。")
    assert all(span.label_ == "FIGURE" for span in doc.spans["rm"])
    with pytest.raises(ValueError, match="unknown labels"):
        spacy.blank("zh").add_pipe("reportminer", config={"labels": ["PERSON"]})


def test_real_pipeline_spans_match_extract_text() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("reportminer")
    doc = nlp(TEXT)
    expected = api.extract_text(TEXT).items()
    assert [(s.label_, s.start_char, s.end_char) for s in doc.spans["reportminer"]] == [
        (it.label, it.start, it.end) for it in expected
    ]


def test_word_tokens_expand_to_cover_the_item() -> None:
    nlp = spacy.blank("en")  # whitespace tokens: a figure inside a token expands to the token
    nlp.add_pipe("reportminer")
    doc = nlp("一、基本情况\n共投入资金13万余元。")
    for span in doc.spans["reportminer"]:
        item = next(
            i
            for i in api.extract_text(doc.text).items()
            if i.label == span.label_ and i.start >= span.start_char
        )
        assert span.start_char <= item.start and span.end_char >= item.end


def test_component_works_with_the_jieba_segmenter() -> None:
    """Word tokens from jieba: spans are widened to token bounds, offsets stay exact."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("reportminer")
    text = "一、基本情况\n共投入资金13万余元，荣获省级文明单位称号。"
    doc = nlp(text)
    labels = {span.label_ for span in doc.spans["reportminer"]}
    assert {"REPORT", "HEADING", "FIGURE", "HONOR"} <= labels
    (figure,) = doc._.figures
    assert figure["value"] == 130000 and text[figure["start"] : figure["end"]] == "13万余元"
