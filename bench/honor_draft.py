"""Print HONOR candidates of raw corpus files for manual review (annotation helper).

    python bench/honor_draft.py raw/web-fanwen-pages/pages/x.txt ...

Shows every candidate the rules generate (kept ones with +, rejected with -) in original
offsets with context, so the annotator can accept, fix or add spans by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportminer.extractors.honors import find_honors, honor_candidates
from reportminer.normalise import normalise
from reportminer.readers.text import detect_and_decode

CORPUS = Path("/work/shared/corpus")


def main() -> None:
    for rel in sys.argv[1:]:
        text, _ = detect_and_decode((CORPUS / rel).read_bytes())
        norm = normalise(text)
        kept = {(h.start, h.end): h for h in find_honors(norm.text, 0, len(norm.text), [])}
        print(f"=== {rel} ({len(text)} chars)")
        for cand in honor_candidates(norm.text, 0, len(norm.text)):
            s, e = norm.span_to_original(cand.start, cand.end)
            item = kept.get((cand.start, cand.end))
            mark = "+" if item else "-"
            attrs = (
                f"{item.status},{item.level},{item.year}"
                if item
                else (f"campaign={cand.campaign} st={cand.status}")
            )
            print(
                f"{mark} {s:5d} {e:5d} {text[max(0, s - 14) : s]!r:>20} [{text[s:e]}] "
                f"{text[e : e + 8]!r} {attrs}"
            )


if __name__ == "__main__":
    main()
