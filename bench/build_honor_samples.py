"""Build ``corpora/annotated/honors.jsonl`` from ``honors.samples.txt`` (team-written text).

    python bench/build_honor_samples.py

Each line is one document; ``{title|status|level|year}`` marks an HONOR (``-`` = null).
"""

from __future__ import annotations

import json
from pathlib import Path

import regex

HERE = Path(__file__).resolve().parents[1] / "corpora" / "annotated"
_MARK = regex.compile(r"\{([^{}|]+)\|(received|granted|sought|other)\|([a-z-]+)\|([\d-]+)\}")


def build_line(line: str) -> tuple[str, list[dict[str, object]]]:
    text_parts: list[str] = []
    spans: list[dict[str, object]] = []
    position = 0
    last = 0
    for match in _MARK.finditer(line):
        plain = line[last : match.start()]
        text_parts.append(plain)
        position += len(plain)
        title, status, level, year = match.groups()
        spans.append(
            {
                "start": position,
                "end": position + len(title),
                "label": "HONOR",
                "status": status,
                "level": None if level == "-" else level,
                "year": None if year == "-" else int(year),
            }
        )
        text_parts.append(title)
        position += len(title)
        last = match.end()
    text_parts.append(line[last:])
    text = "".join(text_parts)
    if "{" in text or "}" in text:
        raise SystemExit(f"unparsed mark in: {line}")
    return text, spans


def main() -> None:
    records = []
    lines = (HERE / "honors.samples.txt").read_text("utf-8").splitlines()
    for number, line in enumerate((ln for ln in lines if ln and not ln.startswith("#")), 1):
        text, spans = build_line(line)
        records.append(
            {
                "id": f"honors-sample-{number:03d}",
                "source": "team-written",
                "text": text,
                "spans": spans,
            }
        )
    (HERE / "honors.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8"
    )
    print(f"wrote {len(records)} samples")


if __name__ == "__main__":
    main()
