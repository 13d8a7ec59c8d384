"""Build ``corpora/annotated/honors.standoff.jsonl`` from the hand-written marks file.

    python bench/build_honor_standoff.py

``corpora/annotated/honors.marks.txt`` holds the annotation: ``@ <source>`` starts a file
(a path under the shared corpus), then one HONOR per line::

    被评为[全国文明村镇]<TAB>received<TAB>national<TAB>-

The bracketed part is the span; the text around it only locates it. A pattern is matched on
the normalised text (simplified characters, half-width punctuation) and must occur exactly
once, unless the line starts with ``*`` (every occurrence). Spans are stored in offsets of
the decoded original text, with the file's sha256, so the corpus text is never copied.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import regex

from reportminer.normalise import normalise
from reportminer.readers.text import detect_and_decode

CORPUS = Path("/work/shared/corpus")
HERE = Path(__file__).resolve().parents[1] / "corpora" / "annotated"


def _parse(path: Path) -> list[tuple[str, list[tuple[str, str, str | None, int | None]]]]:
    files: list[tuple[str, list[tuple[str, str, str | None, int | None]]]] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@ "):
            files.append((line[2:].strip(), []))
            continue
        cells = line.split("\t")
        if len(cells) != 4 or not files:
            raise SystemExit(f"{path}:{number}: expected pattern, status, level, year")
        pattern, status, level, year = cells
        files[-1][1].append(
            (pattern, status, None if level == "-" else level, None if year == "-" else int(year))
        )
    return files


def main() -> None:
    out_lines = []
    errors = 0
    for source, marks in _parse(HERE / "honors.marks.txt"):
        data = (CORPUS / source).read_bytes()
        text, _ = detect_and_decode(data)
        norm = normalise(text)
        spans = []
        for pattern, status, level, year in marks:
            every = pattern.startswith("*")
            pattern = pattern.lstrip("*")
            left, rest = pattern.split("[", 1)
            title, right = rest.split("]", 1)
            hits = [
                m.start() + len(left)
                for m in regex.finditer(
                    regex.escape(left + title + right), norm.text, overlapped=True
                )
            ]
            if not hits or (len(hits) > 1 and not every):
                print(f"{source}: {pattern!r} matches {len(hits)} times", file=sys.stderr)
                errors += 1
                continue
            for hit in hits:
                start, end = norm.span_to_original(hit, hit + len(title))
                if normalise(text[start:end]).text != title:
                    print(f"{source}: {pattern!r} maps to {text[start:end]!r}", file=sys.stderr)
                    errors += 1
                    continue
                spans.append(
                    {
                        "start": start,
                        "end": end,
                        "label": "HONOR",
                        "status": status,
                        "level": level,
                        "year": year,
                    }
                )
        spans.sort(key=lambda s: (s["start"], s["end"]))
        for a, b in zip(spans, spans[1:], strict=False):
            if b["start"] < a["end"]:
                print(f"{source}: overlapping spans {a} {b}", file=sys.stderr)
                errors += 1
        out_lines.append(
            json.dumps(
                {
                    "id": source.removeprefix("raw/"),
                    "source": source,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "spans": spans,
                },
                ensure_ascii=False,
            )
        )
    if errors:
        raise SystemExit(f"{errors} errors; nothing written")
    (HERE / "honors.standoff.jsonl").write_text("\n".join(out_lines) + "\n", "utf-8")
    print(f"wrote {len(out_lines)} documents")


if __name__ == "__main__":
    main()
