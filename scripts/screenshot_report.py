#!/usr/bin/env python3
"""Render a draft's voice report and screenshot it in headless Chromium, to check how it looks.

    python scripts/screenshot_report.py examples/post.md -o /tmp/report.png
    python scripts/screenshot_report.py --html existing-report.html -o shot.png

Needs Debian's `chromium` (apt-get install chromium). The browser runs with networking
refused (--host-resolver-rules), so anything the page tried to fetch would be missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def screenshot(html: Path, png: Path, width: int = 1100, height: int = 2400, timeout: int = 90) -> None:
    browser = find_browser()
    if browser is None:
        raise RuntimeError("no chromium found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}",
                   f"--window-size={width},{height}", f"--screenshot={png}", html.resolve().as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    if not png.is_file() or png.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no screenshot to {png}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("draft", nargs="?", default=str(ROOT / "examples" / "post.md"))
    parser.add_argument("--html", type=Path, help="screenshot this report instead of rendering one")
    parser.add_argument("-o", "--output", type=Path, default=Path("report.png"))
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    html = args.html
    if html is None:
        html = args.output.with_suffix(".html")
        done = subprocess.run([sys.executable, "-m", "vibelint", "report", args.draft, "-o", str(html)])
        if done.returncode != 0:
            return done.returncode
    screenshot(html, args.output, height=args.height)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
