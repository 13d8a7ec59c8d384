"""Benchmarks of issue 7, measured side by side in one run (ratios, not absolute times).

    python bench/bench.py                      # everything, on ../shared/corpus (read-only)
    python bench/bench.py --only throughput,startup --chars 100000

Sections:
  throughput  reportminer's pipeline (one process, warm) vs jieba.lcut over the same texts;
              figures alone (normalise + find_figures) vs the fastest pip peer, cn2an.transform
              (install it outside the project: pip install --target bench/.deps cn2an)
  cli         `reportminer extract -j 1 DIR -o OUT` (start-up, reading, writing JSON included)
              vs a `python -c` that loads jieba and runs jieba.lcut over the same files
  startup     `reportminer extract one-short-file` vs `python -c "import jieba; jieba.initialize()"`
  jobs        `reportminer extract -j 2` vs `-j 1` over the same files, --copies of the texts
              (wall time; start-up is serial, so a batch must be large enough to measure)
  memory      peak RSS of `reportminer extract -j 1` on a corpus (3 copies of the texts) and on
              one ten times larger
  profile     the slowest functions of the pipeline (cProfile, cumulative time)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpus" / "raw"
SECTIONS = ("throughput", "cli", "startup", "jobs", "memory", "profile")


def load_texts(corpus: Path, chars: int) -> list[tuple[str, str]]:
    """(relative name, decoded text) of .txt files in path order, about ``chars`` in total."""
    from reportminer.errors import InputError
    from reportminer.readers.text import detect_and_decode

    texts: list[tuple[str, str]] = []
    total = 0
    for path in sorted(corpus.rglob("*.txt")):
        try:
            text, _ = detect_and_decode(path.read_bytes())
        except InputError:
            continue
        if not text.strip():
            continue
        texts.append((path.relative_to(corpus).as_posix(), text))
        total += len(text)
        if total >= chars:
            break
    return texts


def best_of(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - began)
    return best


def throughput(texts: list[tuple[str, str]], runs: int, peer_path: str | None) -> list[str]:
    import jieba

    from reportminer import scale
    from reportminer.api import extract_text
    from reportminer.extractors.figures import find_figures
    from reportminer.normalise import normalise

    jieba.setLogLevel(60)
    jieba.initialize()
    scale.warm_up(scale.RunOptions())
    bodies = [text for _, text in texts]
    chars = sum(map(len, bodies))

    def pipeline() -> None:
        for text in bodies:
            extract_text(text)

    def segment() -> None:
        for text in bodies:
            jieba.lcut(text)

    def figures() -> None:
        for text in bodies:
            norm = normalise(text).text
            find_figures(norm, 0, len(norm), [])

    # Interleave the contenders so that load from other processes hits both alike; a ratio
    # per pair of neighbouring runs shows how much the machine moved meanwhile.
    ours = jieba_time = fig_time = float("inf")
    pairs = []
    for _ in range(runs):
        mine, theirs = best_of(1, pipeline), best_of(1, segment)
        pairs.append(mine / theirs)
        ours, jieba_time = min(ours, mine), min(jieba_time, theirs)
        fig_time = min(fig_time, best_of(1, figures))
    lines = [
        f"texts: {len(bodies)} files, {chars} characters (best of {runs})",
        f"reportminer pipeline: {ours:.2f} s ({chars / ours / 1000:.1f} k chars/s)",
        f"jieba.lcut:           {jieba_time:.2f} s ({chars / jieba_time / 1000:.1f} k chars/s)",
        f"RATIO pipeline / jieba.lcut = {ours / jieba_time:.2f}  (target <= 1.0)",
        f"  per run pair: {_ratios(pairs)}",
        f"figures alone (normalise + find_figures): {fig_time:.2f} s",
    ]
    if peer_path:
        sys.path.insert(0, peer_path)
    try:
        import cn2an
    except ImportError:
        lines.append("cn2an not installed: pip install --target bench/.deps cn2an")
        return lines

    def peer() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # cn2an warns on every numeral it cannot read
            for text in bodies:
                cn2an.transform(text, "cn2an")

    peer_time = float("inf")
    for _ in range(runs):
        peer_time = min(peer_time, best_of(1, peer))
        fig_time = min(fig_time, best_of(1, figures))
    lines += [
        f"cn2an.transform:      {peer_time:.2f} s",
        f"RATIO figures / cn2an.transform = {fig_time / peer_time:.2f}",
    ]
    return lines


def _run(command: list[str], allowed: tuple[int, ...] = (0,)) -> float:
    """Wall time of ``command``; it must end as allowed, or the timing means nothing."""
    began = time.perf_counter()
    done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in allowed:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-500:]!r}")
    return time.perf_counter() - began


def _extract_command(folder: Path, out: Path, jobs: int = 1) -> list[str]:
    """`reportminer extract FOLDER -j N -q -o OUT` in a fresh interpreter."""
    command = [sys.executable, "-m", "reportminer", "extract", str(folder)]
    return [*command, "-j", str(jobs), "-q", "-o", str(out)]


def _ratios(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{', '.join(f'{v:.2f}' for v in values)} (median {ordered[len(ordered) // 2]:.2f})"


_JIEBA_OVER_FILES = (
    "import pathlib, sys, jieba\n"
    "jieba.setLogLevel(60)\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.txt')):\n"
    "    jieba.lcut(path.read_text(encoding='utf-8'))\n"
)


def cli(texts: list[tuple[str, str]], runs: int, work: Path, copies: int) -> list[str]:
    """The whole command against segmentation of the same files, each a fresh process."""
    folder = work / "cli"
    _write_files(texts, folder, copies=copies)
    jieba_cmd = [sys.executable, "-c", _JIEBA_OVER_FILES, str(folder)]
    ours = jieba_time = float("inf")
    pairs = []
    for run in range(runs):
        # exit 1 (some files failed) still times a full run
        mine = _run(_extract_command(folder, work / f"cli-out{run}"), (0, 1))
        theirs = _run(jieba_cmd)
        pairs.append(mine / theirs)
        ours, jieba_time = min(ours, mine), min(jieba_time, theirs)
    return [
        f"files: {copies * len(texts)} ({copies} copies of the texts), best of {runs}",
        f"reportminer extract -j 1: {ours:.2f} s",
        f"jieba.lcut over the files (with its start-up): {jieba_time:.2f} s",
        f"RATIO extract / jieba = {ours / jieba_time:.2f}  (target <= 1.0)",
        f"  per run pair: {_ratios(pairs)}",
    ]


def startup(runs: int, work: Path) -> list[str]:
    short = work / "short.txt"
    short.write_text("工作总结\n一、基本情况\n共投入资金13万余元。\n", encoding="utf-8")
    ours_cmd = [sys.executable, "-m", "reportminer", "extract", str(short), "-o", str(work / "s")]
    jieba_cmd = [sys.executable, "-c", "import jieba; jieba.setLogLevel(60); jieba.initialize()"]
    ours = jieba_time = float("inf")
    for _ in range(runs):
        ours = min(ours, _run(ours_cmd))
        jieba_time = min(jieba_time, _run(jieba_cmd))
    return [
        f"reportminer extract short.txt: {ours:.2f} s   ({' '.join(ours_cmd[1:])})",
        f"import jieba + initialize:     {jieba_time:.2f} s",
        f"RATIO start-up = {ours / jieba_time:.2f}",
    ]


def _write_files(texts: list[tuple[str, str]], folder: Path, copies: int = 1) -> None:
    for copy in range(copies):
        for number, (_, text) in enumerate(texts):
            target = folder / f"c{copy:02d}" / f"{number:04d}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def jobs(texts: list[tuple[str, str]], runs: int, work: Path, copies: int) -> list[str]:
    """Copies of the texts make the parallel part dominate start-up, as in a real batch."""
    folder = work / "jobs"
    _write_files(texts, folder, copies=copies)
    walls: dict[str, float] = {}
    pairs = []
    for _ in range(runs):
        run: dict[str, float] = {}
        for count in ("1", "2"):
            command = _extract_command(folder, work / f"j{count}", jobs=int(count))
            # exit 1 (some files failed) still times a full run; the same files fail for both
            run[count] = _run(command, (0, 1))
            walls[count] = min(walls.get(count, float("inf")), run[count])
        pairs.append(run["1"] / run["2"])
    same = _same_tree(work / "j1", work / "j2")
    return [
        f"files: {copies * len(texts)} ({copies} copies of the texts); "
        f"-j 1: {walls['1']:.2f} s, -j 2: {walls['2']:.2f} s "
        f"(cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f})",
        f"RATIO speed-up -j 2 / -j 1 = {walls['1'] / walls['2']:.2f}  (target >= 1.7)",
        f"  per run pair: {_ratios(pairs)}",
        f"outputs identical: {same}",
    ]


def _same_tree(first: Path, second: Path) -> bool:
    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.json")}

    return tree(first) == tree(second)


def _peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of ``command`` (GNU time's maximum resident set size)."""
    time_bin = shutil.which("time") or "/usr/bin/time"
    result = subprocess.run(
        [time_bin, "-f", "%M", *command],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def memory(texts: list[tuple[str, str]], work: Path, base_copies: int = 3) -> list[str]:
    """Peak RSS on a corpus and on one ten times larger. The first corpus is a few copies of
    the texts: a single pass is still filling caches (feature weights, numerals), and what
    is measured should be the steady state a long batch runs in."""
    sizes = {"1x": base_copies, "10x": 10 * base_copies}
    peaks = {}
    for name, copies in sizes.items():
        folder = work / f"mem{name}"
        _write_files(texts, folder, copies=copies)
        command = _extract_command(folder, work / f"out-{name}")
        peaks[name] = _peak_rss_mb(command)
    return [
        f"corpus 1x: {sizes['1x'] * len(texts)} files, peak RSS {peaks['1x']:.0f} MB",
        f"corpus 10x: {sizes['10x'] * len(texts)} files, peak RSS {peaks['10x']:.0f} MB",
        f"RATIO peak memory 10x / 1x = {peaks['10x'] / peaks['1x']:.2f}  (flat: about 1.0)",
    ]


def profile(texts: list[tuple[str, str]], top: int = 25) -> list[str]:
    from reportminer import scale
    from reportminer.api import extract_text

    scale.warm_up(scale.RunOptions())
    profiler = cProfile.Profile()
    profiler.enable()
    for _, text in texts:
        extract_text(text)
    profiler.disable()
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(top)
    return [line for line in buffer.getvalue().splitlines() if line.strip()][-(top + 1) :]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--chars", type=int, default=200_000, help="text to use (characters)")
    parser.add_argument("--runs", type=int, default=3, help="repetitions (best is kept)")
    parser.add_argument("--copies", type=int, default=10, help="copies of the texts for jobs")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--peer-path", default=str(HERE / ".deps"), help="where cn2an is installed")
    args = parser.parse_args()
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(wanted) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    texts = load_texts(args.corpus, args.chars)
    if not texts:
        parser.error(f"no .txt files in {args.corpus}")
    print(f"# bench: {' '.join(sys.argv)}  ({time.strftime('%Y-%m-%d %H:%M:%S')})", flush=True)
    with tempfile.TemporaryDirectory(prefix="reportminer-bench-") as temp:
        work = Path(temp)
        for section in wanted:
            print(f"\n## {section}", flush=True)
            if section == "throughput":
                lines = throughput(texts, args.runs, args.peer_path)
            elif section == "cli":
                lines = cli(texts, args.runs, work, args.copies)
            elif section == "startup":
                lines = startup(args.runs, work)
            elif section == "jobs":
                lines = jobs(texts, args.runs, work, args.copies)
            elif section == "memory":
                lines = memory(texts, work)
            else:
                lines = profile(texts)
            print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
