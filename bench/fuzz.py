"""A long fuzz run of the whole pipeline (issue 7): python bench/fuzz.py --cases 100000.

The same properties as tests/test_fuzz.py, with many more cases: any Unicode text gives
spans inside the text whose surface is the item's text, and a schema-valid result; any bytes
give a result or a clean error record (never "extraction failed", which means a crash).
Prints one line per property and a total; exit status 1 on any failure (with the
shrunk example Hypothesis found).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="total cases (default 100000)")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument(
        "--shards", type=int, default=1, help="processes, each with its own seed and a share"
    )
    args = parser.parse_args()
    if args.shards > 1:
        return _sharded(args)

    from fuzz_strategies import any_bytes, any_text
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from test_fuzz import check_document

    from reportminer import __version__
    from reportminer.api import extract_or_error, extract_text
    from reportminer.load import LoadOptions, load_bytes
    from reportminer.types import ErrorRecord

    counts = {"text": 0, "bytes": 0}

    def tick(name: str) -> None:
        counts[name] += 1
        if counts[name] % 5000 == 0:
            print(f"  {name}: {counts[name]} cases so far", flush=True)

    def check_text(text: str) -> None:
        tick("text")
        check_document(extract_text(text))

    def check_bytes(data: bytes) -> None:
        tick("bytes")
        for loaded in load_bytes(Path("fuzz.txt"), data, options=LoadOptions()):
            result = extract_or_error(loaded)
            if isinstance(result, ErrorRecord):
                assert result.error != "extraction failed", str(result)
                assert result.cause
            else:
                check_document(result)

    share = {"text": args.cases * 7 // 10, "bytes": args.cases - args.cases * 7 // 10}
    failures = 0
    began = time.perf_counter()
    for name, strategy, check in (
        ("text", any_text, check_text),
        ("bytes", any_bytes, check_bytes),
    ):
        run = settings(
            max_examples=share[name],
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )(seed(args.seed)(given(strategy)(check)))
        started = time.perf_counter()
        try:
            run()
            status = "ok"
        except Exception as exc:  # report and go on to the next property
            failures += 1
            status = f"FAILED: {type(exc).__name__}: {exc}"
        print(
            f"fuzz {name}: {counts[name]} cases, {time.perf_counter() - started:.0f} s, {status}",
            flush=True,
        )
    total = sum(counts.values())
    print(
        f"fuzz total: {total} cases, {failures} failures, reportminer {__version__}, "
        f"seed {args.seed}, {time.perf_counter() - began:.0f} s"
    )
    return 1 if failures else 0


def _sharded(args: argparse.Namespace) -> int:
    """Run shards in parallel (seed, seed+1, ...), stream their output, fail if any fails."""
    import subprocess

    share = -(-args.cases // args.shards)
    shards = [
        subprocess.Popen(
            [sys.executable, __file__, "--cases", str(share), "--seed", str(args.seed + n)]
        )
        for n in range(args.shards)
    ]
    codes = [shard.wait() for shard in shards]
    print(f"fuzz shards: {args.shards} x {share} cases, exit codes {codes}")
    return 1 if any(codes) else 0


if __name__ == "__main__":
    sys.exit(main())
