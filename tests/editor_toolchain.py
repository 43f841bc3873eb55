"""The real editors the end-to-end tests drive (code-server + Chromium, Emacs + eglot), and what a
missing one means.

`.ci/editor-toolchain` installs them from the package registries and writes their paths to
``$VIBELINT_CI_CACHE/editors.env`` (default /var/cache/vibelint-ci); a variable set in the
environment wins. A developer without them gets a skip that says how to get them. CI sets
``VIBELINT_E2E=require`` after running that script: there a missing editor is a failure, so a
broken install can never pass as a skipped test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CACHE = Path(os.environ.get("VIBELINT_CI_CACHE", "/var/cache/vibelint-ci"))
HOW = "run `bash .ci/editor-toolchain` as root (installs them from Debian and npm, about 15 min once), or set {names}"


def _from_cache() -> dict[str, str]:
    try:
        lines = (CACHE / "editors.env").read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    return dict(line.split("=", 1) for line in lines if "=" in line)


def tools(*names: str) -> dict[str, str]:
    """The paths of the named tools, or skip (developer) / fail (``VIBELINT_E2E=require``) naming what is missing."""
    cached = _from_cache()
    found, missing = {}, []
    for name in names:
        value = os.environ.get(name) or cached.get(name, "")
        if value and Path(value).exists():
            found[name] = value
        else:
            missing.append(f"{name} ({value or 'unset'})")
    if missing:
        message = f"missing {', '.join(missing)}: " + HOW.format(names=", ".join(names))
        if os.environ.get("VIBELINT_E2E") == "require":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found
