#!/usr/bin/env python3
"""One 5 MB line with 200,000+ findings, in the default text format: the case that used to stall.

    python bench/long_line.py [--size 5000000]

Writes the line ("We utilize it and ship. " repeated: a plain-verbs finding every 24
characters) to $TMPDIR/vibelint-bench-long-line/, then times whole `vibelint check` processes
(wall clock, CPU time and peak RSS from the child's rusage):
  text, no cache    `check line.md --no-cache`: the target, <= 30 s and <= 500 MB
  text, cache on    the same with the result cache (the entry is over the cap, so it is not stored)
  empty file after  `check empty.md` in the same folder: a big file's findings must not slow it
Before the fix, text output of this file was killed after 5 minutes at 19 GB RSS, and an empty
file's run took 2.6 s and 222 MB (it read the whole 26 MB cache file).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(tempfile.gettempdir()) / "vibelint-bench-long-line"
SENTENCE = "We utilize it and ship. "
TARGET_SECONDS, TARGET_MB = 30.0, 500.0


def run(*args: str, cwd: Path) -> tuple[float, float, float, bytes]:
    """(wall s, CPU s, peak RSS MB, stdout) of one `python -m vibelint` process."""
    env = {k: v for k, v in os.environ.items() if k != "VIBELINT_CACHE_DIR"}
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "vibelint", *args], cwd=cwd, env=env,
                                stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if code not in (0, 1):
            raise SystemExit(f"vibelint {' '.join(args)} failed: exit {code}: {stderr.read().decode()[-500:]}")
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout.read()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5_000_000, help="bytes in the line (default 5,000,000)")
    args = parser.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    line = (SENTENCE * (args.size // len(SENTENCE) + 1))[:args.size]
    (OUT / "line.md").write_text(line + "\n", encoding="utf-8")
    (OUT / "empty.md").write_text("", encoding="utf-8")
    print(f"line.md: one line of {args.size:,} bytes, {line.count('utilize'):,} times 'utilize'")
    print(f"{'run':<18} {'wall s':>7} {'CPU s':>7} {'peak RSS':>10} {'output':>14}")

    wall, cpu, rss, out = run("check", "line.md", "--no-cache", cwd=OUT)
    found = out.decode().splitlines()[-1]
    print(f"{'text, no cache':<18} {wall:>7.1f} {cpu:>7.1f} {rss:>7.0f} MB {len(out):>9,} bytes")
    ok = wall <= TARGET_SECONDS and rss <= TARGET_MB

    wall, cpu, rss, out = run("check", "line.md", cwd=OUT)
    stored = sum(p.stat().st_size for p in (OUT / ".vibelint_cache").rglob("*") if p.is_file())
    print(f"{'text, cache on':<18} {wall:>7.1f} {cpu:>7.1f} {rss:>7.0f} MB {len(out):>9,} bytes"
          f"  (cache: {stored:,} bytes)")

    wall, cpu, rss, out = run("check", "empty.md", cwd=OUT)
    print(f"{'empty file after':<18} {wall:>7.2f} {cpu:>7.2f} {rss:>7.0f} MB {len(out):>9,} bytes")
    print(found)
    print(f"target: text output (first run) <= {TARGET_SECONDS:.0f} s and <= {TARGET_MB:.0f} MB: "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
