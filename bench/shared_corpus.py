"""The development corpus beside the checkout (``../shared/corpus``), and the one line a bench prints without it."""

from __future__ import annotations

import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def missing(tool: str, folder: Path = CORPUS) -> bool:
    """True, after one line on stderr, when ``folder`` is not there (the bench then exits 2)."""
    if folder.is_dir():
        return False
    print(f"{tool}: error: {folder}: not found (the development corpus sits in ../shared beside the checkout)",
          file=sys.stderr)
    return True
