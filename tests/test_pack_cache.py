"""The compiled shipped packs and the hyphenation patterns are kept between runs, and never trusted blindly."""

import os
import subprocess
import sys

from conftest import ROOT

DRAFT = ("We utilize synergies. " * 3 + "\n\n" + "The quintessential epistemological considerations notwithstanding, "
         "institutionalized organizational methodologies systematically necessitate comprehensive reconsideration. " * 6)


def _check(tmp_path, cache) -> subprocess.CompletedProcess:
    draft = tmp_path / "post.md"
    draft.write_text(DRAFT, encoding="utf-8")
    env = {**os.environ, "VIBELINT_PACK_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-m", "vibelint", "check", "--no-cache", "--format", "json", str(draft)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False)


def test_a_second_run_reads_the_cache_and_finds_the_same_and_a_damaged_one_is_rebuilt(tmp_path):
    cache = tmp_path / "packs"
    first = _check(tmp_path, cache)
    stored = sorted(p.name.split("-")[0] for p in cache.iterdir())
    assert stored == ["hyph", "packs", "regexes"]  # the readability rule fired, so the patterns were needed and kept
    second = _check(tmp_path, cache)
    assert first.returncode == second.returncode == 1
    assert "karpathy.readability" in first.stdout and "karpathy.plain-verbs" in first.stdout
    assert second.stdout == first.stdout
    off = _check(tmp_path, "off")
    assert off.stdout == first.stdout
    # a damaged cache is rebuilt, not used (one test: each run is a fresh process, a second each)
    for path in cache.iterdir():
        path.write_bytes(b"not a pickle")
    again = _check(tmp_path, cache)
    assert again.stdout == first.stdout and again.stderr == ""
    assert all(path.read_bytes() != b"not a pickle" for path in cache.iterdir())  # written anew


def test_the_cache_is_named_by_the_rule_files_content(tmp_path, monkeypatch):
    from vibelint import packs

    rules = sorted((ROOT / "rules").rglob("*.toml"))
    copy = tmp_path / "rules"
    copy.mkdir()
    for path in rules:
        (copy / path.name).write_bytes(path.read_bytes())
    copied = sorted(copy.glob("*.toml"))
    before = packs._pack_key(copied)
    copied[0].write_text(copied[0].read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert packs._pack_key(copied) != before


def test_the_caches_are_keyed_by_every_module_of_vibelint_as_it_is_now(tmp_path, monkeypatch):
    """An editable install keeps its version while its code changes: every module's size and time name the
    compiled packs and the result cache, so an edited module makes both anew."""
    import shutil
    from pathlib import Path

    import vibelint
    from vibelint import cachefiles

    package = Path(vibelint.__file__).parent
    stamps = cachefiles.module_stamps()
    assert [name for name, _, _ in stamps] == sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py"))
    copy = tmp_path / "vibelint"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cachefiles, "__file__", str(copy / "cachefiles.py"))
    monkeypatch.setattr(cachefiles, "_MODULES", [])
    before = cachefiles.module_stamps()
    (copy / "kinds" / "base.py").write_text((copy / "kinds" / "base.py").read_text() + "\n# edited\n")
    monkeypatch.setattr(cachefiles, "_MODULES", [])
    after = cachefiles.module_stamps()
    assert [s for s in after if s not in before] == [next(s for s in after if s[0] == "kinds/base.py")]
    monkeypatch.setattr(cachefiles, "__file__", str(tmp_path / "vibelint.zip" / "vibelint" / "cachefiles.py"))
    monkeypatch.setattr(cachefiles, "_MODULES", [])
    assert cachefiles.module_stamps() == ()  # imported from a zip: no folder to list, and no error


# Counts only what vibelint loads: a site ``.pth`` file may import modules at start-up (CI's interpreter
# has one that loads certifi, and with it ``shutil``), which no change to vibelint could avoid.
WARM_RUN = """
import sys
started = set(sys.modules)
from vibelint.cli import main
code = main(["check", "--no-cache", "--format", "json", sys.argv[1]])
# (the regex readers that build a pack's prefilters are not needed either when the pack comes compiled)
heavy = sorted(m for m in ("pydantic", "pyphen", "textstat", "nltk", "shutil", "vibelint.kinds.whole_words", "tomllib")
               if m in sys.modules and m not in started)
print("loaded:", heavy, file=sys.stderr)
"""


def test_a_run_from_the_cache_loads_neither_pydantic_nor_pyphen(tmp_path):
    """Pydantic validates rule files and configs at the edge; packs read back from the cache are plain
    dataclasses, so a short run without a config file does not pay for importing it (about 0.2 s); the
    hyphenation patterns are kept as a pickled automaton, so neither does it import Pyphen (about 40 ms);
    argparse's help formatter, made for every option, finds its width without ``shutil`` (about 5 ms)."""
    cache = tmp_path / "packs"
    first = _check(tmp_path, cache)  # builds the cache (this run validates, so it loads pydantic)
    env = {**os.environ, "VIBELINT_PACK_CACHE": str(cache)}
    warm = subprocess.run([sys.executable, "-c", WARM_RUN, str(tmp_path / "post.md")], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120, check=False)
    assert warm.stderr.splitlines()[-1] == "loaded: []", warm.stderr
    assert warm.stdout == first.stdout and "karpathy.readability" in warm.stdout
    (tmp_path / ".vibelint.toml").write_text('ignore = ["karpathy.punchline"]\n', encoding="utf-8")
    configured = subprocess.run([sys.executable, "-c", WARM_RUN, str(tmp_path / "post.md")], capture_output=True,
                                text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    assert configured.stderr.splitlines()[-1] in (  # validated (pydantic uses shutil, unless a .pth loaded it first)
        "loaded: ['pydantic', 'shutil', 'tomllib']", "loaded: ['pydantic', 'tomllib']")


READ_BACK = """
import regex
from vibelint.kinds import timed_regex

read_back = []  # every pattern the cache gives back
restore = timed_regex.TimedPattern.__setstate__
def spy(self, state):
    restore(self, state)
    read_back.append(self)
timed_regex.TimedPattern.__setstate__ = spy

from vibelint.packs import builtin_rules
rules = builtin_rules()
text = " ".join(example for rule in rules for example in rule.examples.bad + rule.examples.good)
compiled = all(p._compiled is not None for p in read_back)
same = all(p.compiled.findall(text) == regex.compile(p.pattern, p.flags).findall(text) for p in read_back)
print(len(read_back) > 200, compiled, same, len(timed_regex._NOT_YET_COMPILED))
"""


def test_the_cache_keeps_every_shipped_regex_compiled_and_they_match_as_fresh_ones(tmp_path):
    """A run from the cache parses no shipped pattern again: regex's own pickling keeps its compiled code."""
    cache = tmp_path / "packs"
    _check(tmp_path, cache)
    env = {**os.environ, "VIBELINT_PACK_CACHE": str(cache)}
    result = subprocess.run([sys.executable, "-c", READ_BACK], capture_output=True, text=True, env=env, timeout=120,
                            check=False)
    assert result.stdout.split() == ["True", "True", "True", "0"], result.stderr


def test_module_regexes_are_kept_compiled_and_a_damaged_store_is_ignored(tmp_path, monkeypatch):
    from vibelint import regexes

    monkeypatch.setenv("VIBELINT_PACK_CACHE", str(tmp_path))
    monkeypatch.setattr(regexes, "_STORE", None)
    monkeypatch.setattr(regexes, "_ADDED", {})
    pattern = r"\b(?:kept|stored)\s+once\b"
    first = regexes.compile(pattern, regexes.regex.IGNORECASE)
    regexes._save()
    (stored,) = tmp_path.glob("regexes-*.pickle")
    monkeypatch.setattr(regexes, "_STORE", None)
    again = regexes.compile(pattern, regexes.regex.IGNORECASE)
    assert again is not first and again.findall("KEPT once, stored  once") == first.findall("KEPT once, stored  once")
    assert (pattern, regexes.regex.IGNORECASE) in regexes._read(regexes._location())
    stored.write_bytes(b"not a pickle")
    monkeypatch.setattr(regexes, "_STORE", None)
    assert regexes.compile(pattern).findall("kept once") == ["kept once"]


def test_a_new_entry_leaves_the_newest_few_of_its_kind_and_removes_older_ones(tmp_path):
    """Every upgrade names its packs anew (the digest takes vibelint's version): the folder keeps the newest
    four of each kind, so a few installs side by side never rebuild and upgrades do not pile up."""
    cache = tmp_path / "packs"
    cache.mkdir()
    stale = [cache / f"packs-{n:024x}.pickle" for n in range(6)]
    for age, path in enumerate(stale):
        path.write_bytes(b"an older version's packs")
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # the last is the newest
    others = [cache / "hyph-00000000000000000000abcd.pickle", cache / "notes.txt"]
    for path in others:
        path.write_bytes(b"not this kind")
    result = _check(tmp_path, cache)
    assert "karpathy.plain-verbs" in result.stdout and result.stderr == ""
    packs = sorted(p.name for p in cache.glob("packs-*.pickle"))
    assert len(packs) == 4 and {p.name for p in stale[-3:]} < set(packs)  # the three newest old ones and the new
    assert all(path.exists() for path in others)  # another kind, or not an entry: left alone
    assert len(list(cache.glob("hyph-ac-*.pickle"))) == len(list(cache.glob("regexes-*.pickle"))) == 1
