"""How close is the .pdf reader's text to a clean transcription of the same document?

Default: the GovDoc-CN sample (397.pdf and its clean 397.txt). Prints the character-level
similarity ignoring whitespace, the paragraph counts, transcription lines that the reader's
text lacks (joins lost or furniture kept show up here) and any line of the reader's text that
looks like page furniture (a page number).

    python bench/pdf_vs_text.py [PDF TXT]
"""

from __future__ import annotations

import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

import regex

SAMPLE = Path(__file__).resolve().parents[2] / "shared/corpus/raw/govdoc-cn-sample"


def main(argv: list[str]) -> int:
    from reportminer.load import load_path
    from reportminer.readers.text import detect_and_decode

    pdf, txt = (
        (Path(argv[0]), Path(argv[1]))
        if len(argv) == 2
        else (SAMPLE / "397.pdf", SAMPLE / "397.txt")
    )
    started = time.perf_counter()
    [loaded] = list(load_path(pdf))
    elapsed = time.perf_counter() - started
    if not hasattr(loaded, "text"):
        print(loaded)
        return 1
    clean, _ = detect_and_decode(txt.read_bytes())
    ours = loaded.text  # type: ignore[union-attr]
    squeeze = regex.compile(r"\s+")
    a, b = squeeze.sub("", ours), squeeze.sub("", clean)
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    clean_lines = [line.strip() for line in clean.splitlines() if line.strip()]
    our_lines = ours.split("\n")
    missing = [line for line in clean_lines if squeeze.sub("", line) not in a]
    furniture = [line for line in our_lines if regex.fullmatch(r"[\s\-—–]*\d+[\s\-—–]*", line)]
    print(
        f"{pdf.name}: {len(a)} chars (clean {len(b)}), similarity {ratio:.4f} ignoring "
        f"whitespace; {len(our_lines)} paragraphs (clean {len(clean_lines)} lines); "
        f"clean lines not found intact: {len(missing)}; page-number lines left: "
        f"{len(furniture)}; {elapsed:.2f} s"
    )
    for line in missing[:10]:
        print("  missing:", line[:60])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
