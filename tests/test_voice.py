"""The voice score: metrics, baseline freshness, calibration against off-voice drafts, and the CLI."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT, needs_corpus, run_cli
from vibelint.voice import profile_text, score_profile
from vibelint.voice.profile import markers
from vibelint.voice.score import Baseline, poisson_tail, shipped_baseline, tail_share
from vibelint.voice.separation import auc, measure

OFF_VOICE = ROOT / "tests" / "data" / "off_voice"
AUTHORISH = """I kind of feel like the tokenizer is the most underrated part of the stack.

It's kind of like a compression step we never look at.

Strap in.

Trained a 124M model on 10B tokens in 3 hours on 8X H100, ~$60. Imo this will get cheaper, not sure how fast.
"""
JARGON = """We will leverage our best-in-class platform to facilitate synergy across stakeholders and
utilize actionable insights in order to move the needle on key deliverables going forward."""


@pytest.fixture(scope="module")
def separation(default_ruleset):
    return measure(CORPUS / "tweets.jsonl", OFF_VOICE, default_ruleset, shipped_baseline())


def test_metrics_come_from_the_lint_pipeline(default_ruleset):
    profile = profile_text(AUTHORISH, "draft.md", default_ruleset)
    values = profile.values
    assert values["one_line_share"] == pytest.approx(3 / 4)  # "Strap in." and two one-sentence paragraphs
    assert values["analogy_rate"] > 0  # "kind of like"
    assert values["hedge_rate"] == 1.0  # both claims carry a hedge: "I kind of feel like", "Imo"
    assert values["numbers_per_100"] > 5  # 124M, 10B, 3, 8X, 100, ~$60
    assert values["plain_verb_ratio"] == 1.0
    assert values["rule:karpathy.unhedged-prediction"] == 0


def test_jargon_lowers_the_plain_verb_ratio_and_costs_points(default_ruleset):
    profile = profile_text(JARGON, "memo.md", default_ruleset)
    assert profile.values["plain_verb_ratio"] < 0.5
    result = score_profile(profile)
    jargon = next(i for i in result.items if i.metric.key == "plain_verb_ratio")
    assert jargon.points == 10.0  # no day of the author's is this low
    assert "plain_verb_ratio" in [i.metric.key for i in result.drifts()]


def test_contributions_explain_the_score(default_ruleset):
    result = score_profile(profile_text(JARGON, "memo.md", default_ruleset))
    assert result.score == max(0, round(100 - sum(i.points for i in result.items)))


def test_turned_off_rules_are_not_measured(default_ruleset, tmp_path):
    (tmp_path / ".vibelint.toml").write_text('ignore = ["karpathy.hype"]\n', encoding="utf-8")
    draft = tmp_path / "post.md"
    draft.write_text("This game-changing, revolutionary launch is mind-blowing.\n", encoding="utf-8")
    done = run_cli("score", "--json", str(draft))
    assert done.returncode == 0, done.stderr
    metric = {m["key"]: m for m in json.loads(done.stdout)["files"][0]["metrics"]}
    assert metric["hype_density"]["value"] is None and metric["hype_density"]["points_lost"] == 0


def test_tail_share_mid_ranks_ties():
    days = [0.0, 0.0, 0.0, 1.0]
    assert tail_share(days, 0.0, "high") == pytest.approx(0.25 + 0.375)
    assert tail_share(days, 2.0, "high") == 0.0
    assert tail_share(days, 0.0, "low") == pytest.approx(0.375)
    assert tail_share([1.0, 2.0, 3.0, 4.0, 5.0], 3.0, "both") == 1.0


def test_poisson_tail():
    assert poisson_tail(0, 0.0) == 1.0 and poisson_tail(1, 0.0) == 0.0
    assert poisson_tail(0, 0.01) == pytest.approx(1 - 0.5 * math.exp(-0.01))
    assert poisson_tail(3, 0.01) < 1e-6
    assert 0.4 < poisson_tail(50, 50.0) < 0.6


@needs_corpus("karpathy_en.md")
def test_long_author_text_is_not_penalised_for_length(default_ruleset):
    """All of his 2024 tweets as one 35,000-word draft: rare findings add up, but at his own rate."""
    text = (CORPUS / "karpathy_en.md").read_text(encoding="utf-8")
    result = score_profile(profile_text(text, "karpathy_en.md", default_ruleset))
    assert result.score >= 90, [(i.metric.key, i.points) for i in result.drifts()]


def test_auc():
    assert auc([3, 4], [1, 2]) == 1.0
    assert auc([1], [1]) == 0.5
    assert auc([1, 2], [3, 4]) == 0.0


@needs_corpus("tweets.jsonl")
def test_shipped_baseline_is_current():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_baseline.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@needs_corpus("tweets.jsonl")
def test_score_separates_the_author_from_off_voice_drafts(separation):
    """AUC 0.9 means nine in ten (author day, off-voice draft) pairs are ordered right; every style
    must also sit below the author's median day, on the shipped baseline and held out."""
    assert len(separation.drafts) >= 12
    assert separation.auc >= 0.9
    assert separation.held_out_auc >= 0.9
    author_median = sorted(separation.days.values())[len(separation.days) // 2]
    assert max(separation.drafts.values()) < author_median, separation.drafts


@needs_corpus("tweets.jsonl")
def test_separation_check_can_fail(default_ruleset, tmp_path):
    """The same measurement with author text in the off-voice folder gives no separation."""
    from vibelint.voice.baseline import author_days

    texts = list(author_days(CORPUS / "tweets.jsonl").values())
    for i, text in enumerate(t for t in texts if len(t.split()) > 150):
        (tmp_path / f"author-{i}.md").write_text(text, encoding="utf-8")
    sep = measure(CORPUS / "tweets.jsonl", tmp_path, default_ruleset, shipped_baseline())
    assert sep.auc < 0.75


def test_markers_load_from_the_rule_pack():
    m = markers()
    assert m.hedges.search("imo this is fine") and m.hedges.search("it could possibly work")  # hedge-stacking's list
    assert m.plain.search("we use it") and m.plain.search("then find out")  # plain-verbs' replacements
    assert m.numbers.findall("3e-4 for ~300 lines, 10X, 245MB, 40%") == ["3e-4", "~300", "10X", "245MB", "40%"]


def test_baseline_round_trips():
    base = shipped_baseline()
    assert base.days >= 100 and abs(sum(base.histogram) - 1) < 0.01
    assert Baseline.from_json(json.loads((ROOT / "src" / "vibelint" / "voice" / "baseline.json").read_text())).days == base.days


# --- CLI ----------------------------------------------------------------------------------------

def test_cli_score_one_line(tmp_path):
    draft = tmp_path / "memo.md"
    draft.write_text(JARGON, encoding="utf-8")
    done = run_cli("score", str(draft))
    assert done.returncode == 0, done.stderr
    line = done.stdout.decode().strip()
    assert line.count("\n") == 0
    assert line.startswith(f"{draft}: ") and "/100 — drifts: " in line and "plain verbs vs jargon" in line


def test_cli_score_json_has_every_metric(tmp_path):
    draft = tmp_path / "memo.md"
    draft.write_text(JARGON, encoding="utf-8")
    data = json.loads(run_cli("score", "--json", str(draft)).stdout)
    assert data["schema"] == "vibelint.voice-score/1"
    entry = data["files"][0]
    keys = {m["key"] for m in entry["metrics"]}
    assert {"sentence_median", "sentence_p90", "one_line_share", "hedge_rate", "plain_verb_ratio", "hype_density",
            "filler_density", "analogy_rate", "numbers_per_100", "flesch", "grade"} <= keys
    assert any(k.startswith("rule:karpathy.") for k in keys)
    assert all({"value", "baseline", "points_lost", "spec"} <= set(m) for m in entry["metrics"])
    assert entry["score"] == max(0, round(100 - sum(m["points_lost"] for m in entry["metrics"])))


def test_cli_score_fail_under(tmp_path):
    draft = tmp_path / "memo.md"
    draft.write_text(JARGON, encoding="utf-8")
    assert run_cli("score", "--fail-under", "99", str(draft)).returncode == 1
    assert run_cli("score", "--fail-under", "1", str(draft)).returncode == 0


def test_cli_score_stdin():
    done = run_cli("score", "-", stdin=AUTHORISH.encode())
    assert done.returncode == 0 and done.stdout.decode().startswith("-: ")


@pytest.mark.parametrize("command", ["score", "report"])
def test_cli_bad_input_is_one_line_exit_2(tmp_path, command):
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x00\x01\x02PNG")
    for target in (str(tmp_path / "missing.md"), str(binary), str(tmp_path)):
        done = run_cli(command, target)
        err = done.stderr.decode()
        assert done.returncode == 2, err
        assert err.count("\n") == 1 and "Traceback" not in err and target in err


def test_cli_score_draft_without_prose(tmp_path):
    draft = tmp_path / "code.md"
    draft.write_text("```python\nx = 1\n```\n", encoding="utf-8")
    done = run_cli("score", str(draft))
    assert done.returncode == 0 and done.stdout.decode().strip() == f"{draft}: no prose to score"
    assert json.loads(run_cli("score", "--json", str(draft)).stdout)["files"][0]["score"] is None
