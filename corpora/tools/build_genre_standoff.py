"""Build weakly labelled genre examples from the shared corpus's own metadata.

The web pages' sidecar (`raw/web-fanwen-pages/pages.jsonl`) records each page's genre, and
whole folders are of one genre (海拉尔 government work reports, pkulaw plans). For each text
not in the dev gold, the main report is located with reportminer's splitter and written as a
stand-off REPORT span (path + sha256, no text) with the genre mapped to ANNOTATION.md's set.
Boundaries come from the splitter, so only the genre is a label here; `report_genre` trains on
the report's opening only.

Usage: python corpora/tools/build_genre_standoff.py ../shared/corpus corpora/annotated/genre.standoff.jsonl
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from reportminer.normalise import normalise
from reportminer.readers.text import detect_and_decode
from reportminer.reports import split_reports

PAGE_GENRES = {
    "summary": "summary",
    "government work report": "summary",
    "debrief": "summary",
    "summary/report": "summary",
    "summary/self-evaluation": "summary",
    "summary/self-inspection": "summary",
    "speech": "speech",
    "plan": "plan",
    "plan/regulation": "plan",
    "news": "other",
    "news/blog": "other",
    "news/explainer": "other",
    "explainer": "other",
    "honour list/news": "other",
}
FOLDER_GENRES = {
    "raw/hailar-district-gwr-gbk": "summary",
    "raw/policy-plans-pkulaw": "plan",
}


def main(corpus: Path, out: Path) -> None:
    dev_ids = {
        json.loads(line)["id"]
        for line in (corpus / "annotated" / "dev.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    }
    labelled: list[tuple[str, str]] = []
    pages = corpus / "raw" / "web-fanwen-pages"
    for line in (pages / "pages.jsonl").read_text("utf-8").splitlines():
        page = json.loads(line)
        genre = PAGE_GENRES.get(page["genre"])
        if genre and "NOISE" not in page["slug"] and "SPUN" not in page["slug"]:
            labelled.append((f"raw/web-fanwen-pages/{page['file']}", genre))
    for folder, genre in FOLDER_GENRES.items():
        for path in sorted((corpus / folder).glob("*.txt")):
            labelled.append((path.relative_to(corpus).as_posix(), genre))
    records = []
    for source, genre in labelled:
        if source.removeprefix("raw/") in dev_ids:
            continue
        data = (corpus / source).read_bytes()
        text, _ = detect_and_decode(data)
        reports = split_reports(normalise(text).text)
        if not reports:
            continue
        main_report = max(reports, key=lambda r: r.end - r.start)
        norm = normalise(text)
        start, end = norm.span_to_original(main_report.start, main_report.end)
        records.append(
            {
                "id": source.removeprefix("raw/"),
                "source": source,
                "sha256": hashlib.sha256(data).hexdigest(),
                "spans": [{"start": start, "end": end, "label": "REPORT", "genre": genre}],
                "note": "weak label: genre from the corpus metadata, span from the splitter",
            }
        )
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} records -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
