"""Calibration on the author's own writing: his tweets come out nearly clean, a jargon draft does not."""

import importlib.util

import pytest
from conftest import CORPUS, ROOT, needs_corpus

# slow: lints the whole corpus
pytestmark = [pytest.mark.slow, needs_corpus("tweets.jsonl", "karpathy_en.md")]


@pytest.fixture(scope="module")
def calibrate():
    spec = importlib.util.spec_from_file_location("calibrate", ROOT / "scripts" / "calibrate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_thresholds_in_the_rule_files_come_from_the_corpus(calibrate):
    for rule_id, (key, value, _) in calibrate.thresholds().items():
        assert calibrate.current_value(rule_id, key) == value, f"{rule_id}: rerun scripts/calibrate.py --write"


def test_author_corpus_is_nearly_clean(calibrate):
    rate, count, words = calibrate.per_thousand_words(CORPUS / "karpathy_en.md")
    assert words > 30_000
    assert rate <= 3.0, f"{count} warnings in {words} words"


def test_jargon_draft_is_flagged(calibrate):
    rate, count, words = calibrate.per_thousand_words(calibrate.JARGON_DRAFT)
    assert rate >= 20.0, f"only {count} warnings in {words} words"
