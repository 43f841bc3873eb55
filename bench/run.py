#!/usr/bin/env python3
"""Whole-process speed and peak memory of `vibelint check` on 1 MB and 10 MB Markdown drafts.

    python bench/run.py [--runs 3]

The drafts are built from the author corpus by ../shared/corpus/make_corpus.py (karpathy_en.md
repeated at paragraph boundaries). Each run is a fresh process pinned to one core (taskset, when
available), with the result cache off, timed wall-clock; peak RSS comes from the child's rusage.
Targets: >= 2 MB/s on 1 MB, < 300 MB RSS on 10 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "corpus" / "make_corpus.py"
OUT = ROOT / "bench" / "out"


def build_drafts() -> dict[str, Path]:
    files = {"1 MB": OUT / "bench_1m.md", "10 MB": OUT / "bench_10m.md"}
    if not all(p.exists() for p in files.values()):
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(MAKE_CORPUS), "--out", str(OUT)], check=True, capture_output=True)
    return files


def run_once(path: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one `vibelint check --format json` process."""
    command = [sys.executable, "-m", "vibelint", "check", str(path), "--format", "json", "--no-cache"]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"vibelint failed on {path}: exit {code}: {proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per file; the best time is reported")
    args = parser.parse_args()
    print(f"{'file':<6} {'size':>10} {'best s':>8} {'MB/s':>7} {'peak RSS':>10}")
    for label, path in build_drafts().items():
        size = path.stat().st_size
        runs = [run_once(path) for _ in range(args.runs if label == "1 MB" else 1)]
        best = min(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        print(f"{label:<6} {size:>10,} {best:>8.2f} {size / 1e6 / best:>7.2f} {rss:>8.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
