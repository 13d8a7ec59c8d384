"""``reportminer evaluate`` through click: output, JSON, HTML, exit codes, pairing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportminer.evaluation.cli import evaluate

TEXT = "一、基本情况\n共投入资金13万余元，建成公园2处。荣获省级文明村称号。"


def sp(start: int, end: int, label: str, **attrs: object) -> dict:
    return {"start": start, "end": end, "label": label, **attrs}


GOLD_SPANS = [
    sp(0, 6, "HEADING", level=1, role="overview"),
    sp(12, 17, "FIGURE", value=130000, unit="元", kind="money", approx="over", masked=False),
    sp(22, 24, "FIGURE", value=2, unit="处", kind="count", approx=None, masked=False),
    sp(27, 32, "HONOR", status="received", level="province", year=None),
]
PRED_SPANS = [
    sp(0, 6, "HEADING", level=1, role="measures"),  # role wrong
    sp(12, 17, "FIGURE", value=13000, unit="元", kind="money", approx="over", masked=False),
    sp(22, 23, "FIGURE", value=2, unit=None, kind="count", approx=None, masked=False),  # boundary
    sp(25, 27, "HONOR", status="received", level=None, year=None),  # false alarm
]


def write_jsonl(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return str(path)


@pytest.fixture()
def files(tmp_path: Path) -> tuple[str, str]:
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"id": "doc1", "text": TEXT, "spans": GOLD_SPANS}])
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "doc1", "text": TEXT, "spans": PRED_SPANS}])
    return gold, pred


def run(*args: str):
    return CliRunner().invoke(evaluate, list(args), catch_exceptions=False)


def test_table(files: tuple[str, str]) -> None:
    result = run(*files)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    figure = next(line for line in lines if line.startswith("FIGURE "))
    # FIGURE: gold 2 pred 2; strict 1 -> 0.5/0.5/0.5; overlap 2 -> 1/1/1
    assert figure.split() == [
        "FIGURE",
        "2",
        "2",
        "|",
        "0.500",
        "0.500",
        "0.500",
        "|",
        "1.000",
        "1.000",
        "1.000",
    ]
    honor = next(line for line in lines if line.startswith("HONOR "))
    assert honor.split()[1:3] == ["1", "1"] and honor.split()[4:7] == ["0.000"] * 3
    micro = next(line for line in lines if line.startswith("micro "))
    # strict tp 2 (HEADING, FIGURE 13万余元) of 4 and 4
    assert micro.split()[1:7] == ["4", "4", "|", "0.500", "0.500", "0.500"]
    attributes = next(line for line in lines if line.startswith("FIGURE ") and "value" in line)
    assert "value 0.000" in attributes and "unit 1.000" in attributes
    assert any(line.startswith("HEADING ") and "role 0.000" in line for line in lines)
    assert len(lines) <= 40


def test_json_to_stdout(files: tuple[str, str]) -> None:
    result = run(*files, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    figure = data["labels"]["FIGURE"]
    assert figure["strict"] == {"tp": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert figure["overlap"]["f1"] == 1.0
    assert figure["attributes"]["value"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert data["micro"]["strict"]["tp"] == 2
    assert data["documents_scored"] == 1
    kinds = sorted(e["kind"] for e in data["documents"][0]["errors"])
    assert kinds == ["attribute", "attribute", "boundary", "false alarm", "missed"]
    assert data["unscored"] == {
        "text_differs": [],
        "missing_in_pred": [],
        "missing_in_gold": [],
        "extraction_failed": [],
        "text_not_found": [],
    }


def test_json_file_and_table(files: tuple[str, str], tmp_path: Path) -> None:
    out = tmp_path / "scores.json"
    result = run(*files, "--json-file", str(out))
    assert result.exit_code == 0
    assert "FIGURE" in result.stdout
    assert json.loads(out.read_text("utf-8"))["labels"]["HEADING"]["strict"]["f1"] == 1.0


@pytest.mark.parametrize(
    ("floors", "code"),
    [
        (["FIGURE=0.5"], 0),
        (["FIGURE=0.51"], 1),
        (["micro=0.5", "HEADING=1"], 0),
        (["micro=0.6"], 1),
        (["macro=0.4"], 0),  # macro strict F1 = (1 + 0.5 + 0) / 3 = 0.5
        (["figure=0.4", "HONOR=0.1"], 1),
    ],
)
def test_fail_under(files: tuple[str, str], floors: list[str], code: int) -> None:
    args = [a for floor in floors for a in ("--fail-under", floor)]
    result = run(*files, *args)
    assert result.exit_code == code, result.output
    if code:
        assert "FAIL:" in result.stderr


def test_fail_under_macro_value(files: tuple[str, str]) -> None:
    # macro strict F1 over HEADING 1.0, FIGURE 0.5, HONOR 0.0 = 0.5
    assert run(*files, "--fail-under", "macro=0.5").exit_code == 0
    assert run(*files, "--fail-under", "macro=0.501").exit_code == 1


@pytest.mark.parametrize("bad", ["FIGURE", "FIGURE=high", "FIGURE=1.5", "=0.5"])
def test_fail_under_syntax(files: tuple[str, str], bad: str) -> None:
    result = run(*files, "--fail-under", bad)
    assert result.exit_code == 2
    assert "LABEL=F1" in result.stderr


def test_fail_under_unknown_label_is_reported_not_failed(files: tuple[str, str]) -> None:
    result = run(*files, "--fail-under", "PROGRAM=0.9")
    assert result.exit_code == 0
    assert "PROGRAM: nothing to score" in result.stderr


@pytest.mark.parametrize(
    ("floor", "code"),
    [
        # strict matches: HEADING (role wrong), FIGURE 13万余元 (value wrong, unit right)
        ("FIGURE.unit=1", 0),
        ("figure.value=0.01", 1),
        ("HEADING.level=1", 0),
        ("HEADING.all=0.5", 1),
        ("HONOR.status=0.9", 0),  # no strict HONOR match: nothing to check
    ],
)
def test_fail_under_attribute_accuracy(files: tuple[str, str], floor: str, code: int) -> None:
    result = run(*files, "--fail-under", floor)
    assert result.exit_code == code, result.output
    if code:
        assert "attribute accuracy" in result.stderr


def test_annotated_labels_limit_a_document(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"id": "doc1", "text": TEXT, "annotated_labels": ["FIGURE"], "spans": GOLD_SPANS[1:3]},
        ],
    )
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "doc1", "text": TEXT, "spans": PRED_SPANS}])
    data = json.loads(run(gold, pred, "--json").stdout)
    assert list(data["labels"]) == ["FIGURE"]
    assert data["micro"]["pred"] == 2


def test_bad_json_names_the_file(tmp_path: Path, files: tuple[str, str]) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"id": "x", "text": "abc", "spans": []}\n{not json\n', "utf-8")
    result = run(files[0], str(bad))
    assert result.exit_code == 2
    assert "broken.jsonl:2" in result.stderr


def test_span_out_of_range_names_file_record_and_span(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "gold.jsonl", [{"id": "r1", "text": "abc", "spans": [sp(1, 9, "FIGURE")]}]
    )
    result = run(gold)
    assert result.exit_code == 2
    assert (
        "gold.jsonl" in result.stderr
        and "'r1'" in result.stderr
        and "[1, 9, 'FIGURE']" in result.stderr
    )


def test_duplicate_id_is_bad_input(tmp_path: Path) -> None:
    rec = {"id": "same", "text": "abc", "spans": []}
    gold = write_jsonl(tmp_path / "gold.jsonl", [rec, rec])
    result = run(gold, gold)
    assert result.exit_code == 2 and "'same'" in result.stderr


def test_record_without_spans(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "g.jsonl", [{"id": "a", "text": "abc"}])
    result = run(gold)
    assert result.exit_code == 2 and "g.jsonl:1" in result.stderr


def test_missing_file_exit_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "nope.jsonl")).exit_code == 2


def test_unscored_documents_are_listed(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"id": "same", "text": TEXT, "spans": GOLD_SPANS},
            {"id": "changed", "text": "第一行\r\n第二行", "spans": []},
            {"id": "only-gold", "text": TEXT, "spans": GOLD_SPANS},
        ],
    )
    pred = write_jsonl(
        tmp_path / "pred.jsonl",
        [
            {"id": "same", "text": TEXT, "spans": GOLD_SPANS},
            {"id": "changed", "text": "第一行\n第二行", "spans": []},
            {"id": "only-pred", "text": TEXT, "spans": []},
        ],
    )
    result = run(gold, pred, "--json")
    data = json.loads(result.stdout)
    assert data["documents_scored"] == 1
    assert data["micro"]["strict"]["f1"] == 1.0
    assert [d["id"] for d in data["unscored"]["text_differs"]] == ["changed"]
    assert "line endings" in data["unscored"]["text_differs"][0]["detail"]
    assert data["unscored"]["missing_in_pred"] == ["only-gold"]
    assert data["unscored"]["missing_in_gold"] == ["only-pred"]
    table = run(gold, pred).stdout
    assert "NOT scored: 1 text differs, 1 missing in pred, 1 missing in gold" in table
    assert "  only-gold" in table and "  only-pred" in table


def test_ids_fall_back_to_file_name_without_extension(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"id": "raw/pages/report-a.txt", "text": TEXT, "spans": GOLD_SPANS},
            {"id": "raw/x/dup.txt", "text": TEXT, "spans": []},
        ],
    )
    pred = write_jsonl(
        tmp_path / "pred.jsonl",
        [
            {"id": "report-a", "text": TEXT, "spans": GOLD_SPANS},
            # two predictions named dup: ambiguous, so not paired
            {"id": "a/dup.txt", "text": TEXT, "spans": []},
            {"id": "b/dup.md", "text": TEXT, "spans": []},
        ],
    )
    data = json.loads(run(gold, pred, "--json").stdout)
    assert data["documents_scored"] == 1
    assert data["unscored"]["missing_in_pred"] == ["raw/x/dup.txt"]
    assert sorted(data["unscored"]["missing_in_gold"]) == ["a/dup.txt", "b/dup.md"]


def test_labels_filter_and_per_doc(files: tuple[str, str]) -> None:
    result = run(*files, "--labels", "figure", "--per-doc")
    assert result.exit_code == 0
    rows = [line.split()[0] for line in result.stdout.splitlines() if "|" in line]
    assert "HONOR" not in rows and "FIGURE" in rows
    assert result.stdout.rstrip().endswith("| doc1")


def test_html_written(files: tuple[str, str], tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    result = run(*files, "--html", str(page))
    assert result.exit_code == 0
    html = page.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "13万余元" in html
    assert 'class="m l-FIGURE st-attr"' in html  # 13万余元: value wrong
    assert 'class="m l-HONOR st-miss"' in html and 'class="m l-HONOR st-false"' in html


def test_extracts_when_no_prediction_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(
        "reportminer.classifiers.store.set_models_dir", lambda path: calls.append(str(path))
    )
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"id": "doc1", "text": TEXT, "spans": GOLD_SPANS}])
    models = tmp_path / "models"
    models.mkdir()
    result = run(gold, "--json", "--models", str(models))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["extracted"] is True and data["pred"] is None
    assert data["documents_scored"] == 1 and data["unscored"]["extraction_failed"] == []
    assert data["labels"]["FIGURE"]["gold"] == 2
    assert calls == [str(models)]


def test_extraction_failure_is_listed_and_scored_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportminer.evaluation import evaluate_records

    def broken(text: str, doc_id: str) -> list[dict]:
        raise RuntimeError("boom")

    ev = evaluate_records([{"id": "d", "text": TEXT, "spans": GOLD_SPANS}], extract=broken)
    assert ev.pairing.extraction_failed == [{"id": "d", "error": "RuntimeError: boom"}]
    assert ev.summary.micro().pred == 0 and ev.summary.micro().gold == 4


def test_standoff_records_without_text_are_listed(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    source = tmp_path / "corpus" / "here.txt"
    source.write_bytes(TEXT.encode("utf-8"))
    import hashlib

    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"id": "here", "source": "here.txt", "sha256": digest, "spans": GOLD_SPANS},
            {"id": "gone", "source": "nowhere/gone.txt", "sha256": digest, "spans": GOLD_SPANS},
        ],
    )
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "here", "text": TEXT, "spans": GOLD_SPANS}])
    runner = CliRunner(env={"REPORTMINER_CORPUS": str(tmp_path / "corpus")})
    result = runner.invoke(evaluate, [gold, pred], catch_exceptions=False)
    assert result.exit_code == 0
    assert "documents: 1 scored" in result.stdout and "1 stand-off texts not found" in result.stdout
    assert "gold.jsonl: gone" in result.stdout
