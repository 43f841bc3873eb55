"""Vale's own scenarios through vibelint: one line per suite, then every line that is not exact.

    python bench/vale_scenarios.py            # counts, then the differences
    python bench/vale_scenarios.py --counts   # counts only (what the README table shows)

Reads the material laid out by scripts/vale_testdata.py (VIBELINT_VALE_DATA, else ../shared/vale).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import vale_scenarios as vs


def main() -> int:
    if not vs.available():
        print(f"no Vale material in {vs.DATA} (see scripts/vale_testdata.py)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    results = [vs.judge(s) for s in vs.scenarios()]
    elapsed = time.perf_counter() - start
    if "--counts" not in sys.argv:
        for r in results:
            if r.verdict == "exact":
                continue
            print(f"## {r.scenario.suite}: {r.scenario.name} ({r.scenario.folder.name}) {r.verdict}")
            for line in r.missing:
                print(f"  missing {line}")
            for want, got in r.loose:
                print(f"  loose   {want}\n      got {got}")
            for line in r.extra:
                print(f"  extra   {line}")
            if r.stderr.strip():
                print("  stderr: " + r.stderr.strip().replace("\n", "\n          "))
        print()
    print("| suite | scenarios | exact | loose | failed | expected lines | exact | loose | missing | extra |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for suite, row in vs.summary(results).items():
        print(f"| {suite} | {row['scenarios']} | {row['exact']} | {row['loose']} | {row['failed']} | {row['lines']} | "
              f"{row['lines_exact']} | {row['lines_loose']} | {row['missing']} | {row['extra']} |")
    print(f"\n{len(results)} scenarios in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
