#!/usr/bin/env python3
"""vibelint against proselint and write-good, side by side: whole process, same run, medians.

    python bench/run.py [--runs 5] [--peers DIR] [--sizes 5KB,1MB,10MB]

The drafts are the author's tweets (../shared/corpus/make_corpus.py: karpathy_en.md cut or
repeated at paragraph boundaries) at about 5 KB, 1 MB and 10 MB. The peers are installed into a
throwaway folder (deleted afterwards; ``--peers DIR`` keeps them there for the next run):
proselint from PyPI in its own virtual environment, run as its command with ``max_errors``
raised (its default stops at 1,000 findings; the bench checks that its config took effect), and
write-good from npm, its API called once on the whole file by a small node script. vibelint runs
as a user runs it: ``vibelint check FILE --format json`` with the result cache on and cold (a
fresh cache folder per run), so the compiled rule packs are reused as they are between a user's runs.

Each round runs every tool once, in turn, so a busy machine slows them alike; the table gives
the median wall-clock time per tool and size, vibelint's speed-up over each peer (above 1 is
faster), and each tool's peak RSS (the largest over its runs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import machine_speed
from shared_corpus import missing

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "bench" / "out"
SIZES = {"5KB": 5_000, "1MB": 1_000_000, "10MB": 10_000_000}
WRITE_GOOD_SCRIPT = """
const writeGood = require('write-good');
const text = require('fs').readFileSync(process.argv[2], 'utf8');
process.stdout.write(JSON.stringify(writeGood(text)).length + '\\n');
"""


def draft(label: str) -> Path:
    """The author's tweets cut or repeated at paragraph boundaries to about the size named."""
    path = OUT / f"bench_{label.lower()}.md"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        paragraphs = (CORPUS / "karpathy_en.md").read_text(encoding="utf-8").split("\n\n")
        chunks, size, i = [], 0, 0
        while size < SIZES[label]:
            chunk = paragraphs[i % len(paragraphs)]
            chunks.append(chunk)
            size += len(chunk.encode()) + 2
            i += 1
        path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
    return path


def install_peers(folder: Path) -> dict[str, list[str]]:
    """Commands (before the file name) of the peers, installed in ``folder`` unless already there."""
    venv = folder / "proselint-venv"
    proselint = venv / "bin" / "proselint"
    if not proselint.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "proselint"], check=True)
    config = folder / "proselintrc.json"
    config.write_text(json.dumps({"max_errors": 10**9}), encoding="utf-8")
    node_dir = folder / "write-good"
    if not (node_dir / "node_modules" / "write-good").is_dir():
        node_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(node_dir),
                        "write-good"], check=True)
    script = node_dir / "run.js"
    script.write_text(WRITE_GOOD_SCRIPT, encoding="utf-8")
    # proselint 0.16 reads its options after the subcommand: `proselint --config F check` ignores F and
    # stops at 1,000 findings (earlier runs of this bench did that, flattering it on 1 MB and 10 MB)
    dumped = subprocess.run([str(proselint), "dump-config", "--config", str(config)], capture_output=True,
                            text=True, check=True)
    if json.loads(dumped.stdout).get("max_errors") != 10**9:
        raise SystemExit(f"bench: proselint did not take max_errors from {config}")
    return {"proselint": [str(proselint), "check", "--config", str(config)],
            "write-good": ["node", str(script)]}


def byte_compile_vibelint() -> None:
    """Write vibelint's bytecode, as ``pip install`` does for an installed package (and did for proselint).

    An editable install or a checkout on ``PYTHONPATH`` has none until Python writes it, and never
    does under ``PYTHONDONTWRITEBYTECODE`` (set on some machines, this one included): each run then
    compiled every module from source, about 0.3 s of a 5 KB run that a user's install never pays.
    """
    import compileall

    import vibelint

    compileall.compile_dir(str(Path(vibelint.__file__).parent), quiet=1)


def version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        return result.stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def run_once(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds (user + system), peak RSS in MB) of one process, its output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: findings
        raise SystemExit(f"bench: {command[0]} failed with exit {code}: {proc.stderr.read().decode()[-500:]}")
    proc.stderr.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds per size (10 MB: at most 3)")
    parser.add_argument("--peers", type=Path, help="install the peers here and keep them (default: a throwaway folder)")
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated, of: " + ", ".join(SIZES))
    args = parser.parse_args()
    if missing("bench", CORPUS):
        return 2
    byte_compile_vibelint()
    throwaway = None if args.peers else Path(tempfile.mkdtemp(prefix="vibelint-peers-"))
    folder = args.peers or throwaway
    try:
        peers = install_peers(folder)
        vibelint = [sys.executable, "-m", "vibelint", "check", "--format", "json"]
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"{platform.system()} {platform.release()}; Python {platform.python_version()}")
        print(f"tools: {version([*vibelint[:3], '--version'])}; {version([peers['proselint'][0], 'version'])}; "
              f"write-good {_npm_version(folder)} (node {version(['node', '--version'])})")
        print(machine_speed.line("before"))
        print()
        print(f"{'input':<6} {'vibelint':>9} {'proselint':>10} {'write-good':>11} {'vs proselint':>13} "
              f"{'vs write-good':>14}   peak RSS (MB): vibelint / proselint / write-good")
        cpu_lines: list[str] = []
        for label in args.sizes.split(","):
            path = draft(label)
            rounds = args.runs if label != "10MB" else min(args.runs, 3)
            times: dict[str, list[float]] = {"vibelint": [], "proselint": [], "write-good": []}
            cpu: dict[str, list[float]] = {tool: [] for tool in times}
            rss: dict[str, float] = dict.fromkeys(times, 0.0)
            with tempfile.TemporaryDirectory(prefix="vibelint-bench-") as work:
                for n in range(rounds):
                    cache = Path(work) / f"cache-{n}"  # cold result cache, as on a first run
                    commands = {"vibelint": [*vibelint, "--cache-dir", str(cache), str(path)],
                                "proselint": [*peers["proselint"], str(path)],
                                "write-good": [*peers["write-good"], str(path)]}
                    for tool, command in commands.items():
                        seconds, used, peak = run_once(command, Path(work))
                        times[tool].append(seconds)
                        cpu[tool].append(used)
                        rss[tool] = max(rss[tool], peak)
            med = {tool: statistics.median(values) for tool, values in times.items()}
            print(f"{label:<6} {_secs(med['vibelint']):>9} {_secs(med['proselint']):>10} "
                  f"{_secs(med['write-good']):>11} "
                  f"{med['proselint'] / med['vibelint']:>12.2f}x {med['write-good'] / med['vibelint']:>13.2f}x   "
                  f"{rss['vibelint']:.0f} / {rss['proselint']:.0f} / {rss['write-good']:.0f}", flush=True)
            used = {tool: statistics.median(values) for tool, values in cpu.items()}
            cpu_lines.append(f"{label:<6} {_secs(used['vibelint']):>9} {_secs(used['proselint']):>10} "
                             f"{_secs(used['write-good']):>11} {used['proselint'] / used['vibelint']:>12.2f}x "
                             f"{used['write-good'] / used['vibelint']:>13.2f}x")
        print(f"\nmedians of {args.runs} alternating rounds (10 MB: {min(args.runs, 3)}); whole process, wall clock")
        # CPU time (user + system) is what a busy shared machine distorts least
        print("\nthe same runs, CPU time (user + system):")
        print("\n".join(cpu_lines))
        print()
        print(machine_speed.line("after"))
    finally:
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)
    return 0


def _secs(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _npm_version(folder: Path) -> str:
    try:
        package = folder / "write-good" / "node_modules" / "write-good" / "package.json"
        return json.loads(package.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


if __name__ == "__main__":
    sys.exit(main())
