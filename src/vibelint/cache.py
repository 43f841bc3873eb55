"""The result cache: an unchanged file under unchanged rules is not linted again (like ruff's).

One JSON file per project in ``.vibelint_cache/<version>/``, mapping each absolute path (not
resolved: resolving costs a syscall per path part) to the key it was linted under and its diagnostics. The key hashes the file's bytes, the rule set (every rule's id,
kind, severity, message and options, plus accepted words) and vibelint's own code, so editing a
rule, a config or vibelint itself invalidates exactly what it should.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from . import __version__
from .engine import Diagnostic, Fix, RuleSet

FORMAT = 1


class ResultCache:
    def __init__(self, folder: Path):
        self.file = folder / __version__ / "results.json"
        self.entries: dict[str, dict] = {}
        self.dirty = False
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT:
                self.entries = data["entries"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # a missing or damaged cache is an empty one

    def get(self, path: Path, key: str) -> list[Diagnostic] | None:
        entry = self.entries.get(str(path))
        if not entry or entry.get("key") != key:
            return None
        try:
            return [_diagnostic(item) for item in entry["diagnostics"]]
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, path: Path, key: str, diagnostics: list[Diagnostic]) -> None:
        self.entries[str(path)] = {"key": key, "diagnostics": [_record(d) for d in diagnostics]}
        self.dirty = True

    def save(self) -> None:
        """Write atomically; drop entries for files that are gone. Failing to write a cache is not an error."""
        if not self.dirty:
            return
        entries = {path: entry for path, entry in self.entries.items() if os.path.exists(path)}
        try:
            folder = self.file.parent.parent
            folder.mkdir(parents=True, exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Automatically created by vibelint.\n*\n", encoding="utf-8")
            self.file.parent.mkdir(exist_ok=True)
            text = json.dumps({"format": FORMAT, "entries": entries}, ensure_ascii=False, separators=(",", ":"))
            fd, tmp = tempfile.mkstemp(prefix=".results-", dir=self.file.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(tmp, self.file)
            except OSError:
                os.unlink(tmp)
                raise
        except OSError:
            pass


def cache_key(data: bytes, lint_path: str, ruleset_key: str) -> str:
    markdown = not lint_path.lower().endswith(".txt")
    return hashlib.sha256(b"%s\0%d\0" % (ruleset_key.encode(), markdown) + data).hexdigest()


_RULESET_KEYS: dict[int, str] = {}


def ruleset_key(ruleset: RuleSet) -> str:
    """A hash of everything in a rule set that can change its results."""
    if ruleset.serial not in _RULESET_KEYS:
        parts = [[r.id, r.kind, r.severity, r.message, r.options, r.scope] for r in ruleset.rules]
        blob = json.dumps([code_stamp(), sorted(ruleset.context.accepted), sorted(ruleset.known_ids), parts],
                          sort_keys=True, default=repr)
        _RULESET_KEYS[ruleset.serial] = hashlib.sha256(blob.encode()).hexdigest()
    return _RULESET_KEYS[ruleset.serial]


_STAMP: list[str] = []


def code_stamp() -> str:
    """vibelint's version plus its modules' sizes and mtimes: an editable install changing invalidates the cache."""
    if not _STAMP:
        package = Path(__file__).parent
        stats = sorted((str(p.relative_to(package)), p.stat().st_mtime_ns, p.stat().st_size) for p in package.rglob("*.py"))
        _STAMP.append(hashlib.sha256(repr((__version__, stats)).encode()).hexdigest())
    return _STAMP[0]


def _record(d: Diagnostic) -> list:
    fix = [d.fix.start, d.fix.end, d.fix.replacement] if d.fix else None
    return [d.rule, d.severity, d.message, d.start, d.end, fix, d.suggestions]


def _diagnostic(item: list) -> Diagnostic:
    rule, severity, message, start, end, fix, suggestions = item
    return Diagnostic(rule, severity, message, int(start), int(end), Fix(*fix) if fix else None, list(suggestions))
