"""scripts/coverage.py: entries are classified by linting them with the real pack."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT, corpus_reason
from conftest import needs_corpus as _needs

FIXTURES = ROOT / "tests" / "data" / "coverage"
SCRIPT = ROOT / "scripts" / "coverage.py"
needs_corpus = _needs("karpathy_en.md", "longform")  # his writing gives the rates


def load_script():
    spec = importlib.util.spec_from_file_location("coverage_script", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cov():
    return load_script()


@pytest.fixture(scope="module")
def classified(cov):
    if not (CORPUS / "karpathy_en.md").is_file():
        pytest.skip(corpus_reason("karpathy_en.md"))
    longform = CORPUS / "longform"
    coverage = cov.Coverage(cov.load_ruleset(), cov.Corpus([CORPUS / "karpathy_en.md", *longform.glob("kp_*.md")]),
                            cov.Corpus(longform.glob("dev_off_*.md")))
    return {r.entry.text: r for r in map(coverage.classify, cov.read_list(FIXTURES / "fixture.tsv"))}


@needs_corpus
def test_hard_entries_fire_alone(classified):
    assert (classified["delve"].status, classified["delve"].rule) == ("hard", "karpathy.ai-filler")
    assert classified["in today's fast-paced world"].status == "hard"


@needs_corpus
def test_soft_entry_fires_only_in_a_cluster(classified):
    moreover = classified["moreover"]
    assert (moreover.status, moreover.rule) == ("soft", "karpathy.ai-filler")
    assert moreover.his >= 3  # why it is soft: he writes it


@needs_corpus
def test_uncovered_entries_get_a_reason(classified):
    just = classified["just"]
    assert (just.status, just.reason) == ("none", "his-word")
    assert just.his > 100  # he writes it all the time
    assert (classified["oaicite"].status, classified["oaicite"].reason) == ("none", "not-prose")
    # an ordinary word no rule knows is not caught, alone or among soft entries
    assert classified["banana"].status == "none"


@needs_corpus
def test_cli_prints_the_table_and_one_list(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), "--reference", str(FIXTURES), "--list", "fixture"],
                          check=False, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    row = next(line for line in lines if line.startswith("fixture "))
    # 6 entries: 2 hard (delve, in today's...), 1 soft (moreover), 3 not covered
    assert row.split()[1:] == ["6", "33.3%", "0.0%", "16.7%", "50.0%"]
    assert any("'just'" in line and "none: his-word" in line for line in lines)
    assert any("'moreover'" in line and "soft karpathy.ai-filler" in line for line in lines)


def test_counts_stripped_ngrams_with_stop_words_between(cov, tmp_path):
    text = tmp_path / "t.md"
    text.write_text("It plays a pivotal role. Plays pivotal role.\n\n```\nplays a pivotal role\n```\n"
                    "I couldn't help but feel it. Don’t stop.\n")
    corpus = cov.Corpus([text])
    assert corpus.count(cov.Entry("l", "plays pivotal role", stripped=True)) == 2  # not the one in code
    assert corpus.count(cov.Entry("l", "could help feel", stripped=True)) == 1
    assert corpus.count(cov.Entry("l", "plays pivotal role")) == 1  # literal lists stay literal
    assert corpus.count(cov.Entry("l", "don't stop")) == 1  # ' matches ’
    assert corpus.count(cov.Entry("l", "it x")) == 1  # x stands for a phrase ("It plays ...")


def test_missing_reference_is_an_error(cov, tmp_path):
    assert cov.main(["--reference", str(tmp_path)]) == 2
