"""The voice score: metrics, findings cost, monotonicity, baseline freshness, separation, and the CLI."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, ROOT, needs_corpus, run_cli, run_cli_process
from vibelint.voice import profile_text, score_profile
from vibelint.voice.baseline import LONGFORM_GLOB
from vibelint.voice.profile import markers
from vibelint.voice.score import Baseline, findings_points, shipped_baseline, tail_share
from vibelint.voice.separation import auc, folds_of, measure

LONGFORM = CORPUS / "longform"
AUTHORISH = """I kind of feel like the tokenizer is the most underrated part of the stack.

It's kind of like a compression step we never look at.

Strap in.

Trained a 124M model on 10B tokens in 3 hours on 8X H100, ~$60. Imo this will get cheaper, not sure how fast.
"""
JARGON = """We will leverage our best-in-class platform to facilitate synergy across stakeholders and
utilize actionable insights in order to move the needle on key deliverables going forward."""
# Sentences with at least one hard finding each (checked by test_slop_sentences_have_findings).
SLOP = [
    "It's important to note that we must delve into the rich tapestry of this game-changing landscape.",
    "We leverage best-in-class synergy to empower stakeholders going forward.",
    "This revolutionary, mind-blowing platform is a total game-changer.",
    "In today's fast-paced world, we utilize actionable insights to facilitate growth.",
    "I hope this helps, and let's delve deeper into this tapestry!",
]
PLAIN = [
    "Strap in.", "It works.", "The loss went down.", "I trained it for 3 hours on one GPU.",
    "Imo the tokenizer is the most underrated part of the whole stack, and it bites you later.",
    "Here the network sees 256 characters at a time and predicts the next one.",
    "We can now take the gradient of the loss with respect to every weight, which is what backprop does.",
    "It's kind of like a compression step we never look at.",
    # soft entries: his words too, which cluster in machine prose (a draft may dilute or form a cluster)
    "Additionally, we subtract the mean.", "Moreover, the loss is robust.", "It is crucial to look at the data.",
    "Furthermore, this is essential.",
    "Training is 40% faster with the fused kernel, but the numbers move around a lot between runs.",
]
VOCAB = "the a model loss data we it is was train net layer so and but then one two 3 10 ok fast slow".split()


@pytest.fixture(scope="module")
def separation(default_ruleset):
    return measure(LONGFORM, CORPUS / "tweets.jsonl", default_ruleset, folds=5)


def test_metrics_come_from_the_lint_pipeline(default_ruleset):
    profile = profile_text(AUTHORISH, "draft.md", default_ruleset)
    values = profile.values
    assert values["one_line_share"] == pytest.approx(3 / 4)  # "Strap in." and two one-sentence paragraphs
    assert values["analogy_rate"] > 0  # "kind of like"
    assert values["hedge_rate"] == 1.0  # both claims carry a hedge: "I kind of feel like", "Imo"
    assert values["numbers_per_100"] > 5  # 124M, 10B, 3, 8X, 100, ~$60
    assert values["plain_verb_ratio"] == 1.0
    assert values["rule:karpathy.unhedged-prediction"] == 0
    assert values["sentence_spread"] == pytest.approx(statistics.pstdev(profile.sentences))  # no sentence is flagged
    assert values["paragraph_spread"] == pytest.approx(statistics.pstdev([1, 1, 1, 2]) / 1.25)  # sentences per paragraph


def test_flagged_sentences_leave_the_style_metrics_alone(default_ruleset):
    """A sentence with a finding is charged through its findings only: the style values do not move."""
    before = profile_text(AUTHORISH, "draft.md", default_ruleset)
    after = profile_text(AUTHORISH.replace("Strap in.", "Strap in. " + SLOP[0]), "draft.md", default_ruleset)
    style = ("sentence_median", "sentence_spread", "one_line_share", "paragraph_spread", "hedge_rate",
             "numbers_per_100", "flesch", "grade")
    assert {k: after.values[k] for k in style} == {k: before.values[k] for k in style}
    assert sum(f.weight for f in after.findings.values()) > sum(f.weight for f in before.findings.values())


def test_jargon_costs_points_through_its_findings(default_ruleset):
    profile = profile_text(JARGON, "memo.md", default_ruleset)
    assert profile.values["plain_verb_ratio"] < 0.5
    result = score_profile(profile)
    jargon = [i for i in result.items if i.metric.key in ("rule:karpathy.plain-verbs", "rule:karpathy.corporate-jargon")]
    assert sum(i.points for i in jargon) > 10  # several hard findings the author never makes at this rate
    assert any(i.metric.key.startswith("rule:karpathy.") for i in result.drifts())


def test_findings_are_read_by_rule_id_against_his_rate(default_ruleset):
    """A rule missing from the baseline (new since the last rebuild) costs from its first finding;
    the same findings at a rate he shows himself cost nothing."""
    import dataclasses

    profile = profile_text(JARGON, "memo.md", default_ruleset)
    fired = {r for r, f in profile.findings.items() if f.count}
    base = shipped_baseline()
    unknown = dataclasses.replace(base, rule_rates={r: v for r, v in base.rule_rates.items() if r not in fired})
    his_own = dataclasses.replace(base, rule_rates={**base.rule_rates, **{r: 1.0 for r in fired}})
    assert sum(i.points for i in score_profile(profile, unknown).items if i.pooled) > 15
    assert sum(i.points for i in score_profile(profile, his_own).items if i.pooled) == 0


def test_contributions_explain_the_score(default_ruleset):
    result = score_profile(profile_text(JARGON, "memo.md", default_ruleset))
    assert result.score == max(0, round(100 - sum(i.points for i in result.items)))


def test_findings_cost_grows_with_count_and_never_saturates():
    costs = [findings_points(n) for n in range(0, 60)]
    assert costs[0] == 0 and all(b > a for a, b in zip(costs, costs[1:]))
    assert findings_points(0.3) < findings_points(1) / 2  # one soft finding (info: weight 0.3) vs one hard
    assert findings_points(0.3) * 5 < findings_points(10)  # one soft costs far less than ten hard
    assert findings_points(21) > findings_points(6) + 5  # the draft with 21 warnings no longer wins


def _draft(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def test_more_warnings_score_lower(default_ruleset):
    """The same draft with 1, 6 and 21 hard findings: every step costs, none saturates."""
    base = [PLAIN[3:6], [PLAIN[0]], PLAIN[6:9]]
    scores = []
    for n in (0, 1, 6, 21):
        slop = [SLOP[2]] * n
        scores.append(score_profile(profile_text(_draft(base + [slop] if slop else base), "d.md", default_ruleset)).score)
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4, scores


def test_soft_findings_cost_less_than_hard(tmp_path):
    """Severity is read from each diagnostic: the same findings downgraded to info cost less than as warnings."""
    draft = tmp_path / "memo.md"
    draft.write_text(JARGON, encoding="utf-8")
    hard = json.loads(run_cli("score", "--json", str(draft)).stdout)["files"][0]["score"]
    (tmp_path / ".vibelint.toml").write_text(
        '[severity]\n"karpathy.plain-verbs" = "info"\n"karpathy.corporate-jargon" = "info"\n', encoding="utf-8")
    soft = json.loads(run_cli("score", "--json", str(draft)).stdout)["files"][0]["score"]
    assert hard < soft < 100, (hard, soft)


def test_turned_off_rules_are_not_measured(tmp_path):
    (tmp_path / ".vibelint.toml").write_text('ignore = ["karpathy.hype"]\n', encoding="utf-8")
    draft = tmp_path / "post.md"
    draft.write_text("This game-changing, revolutionary launch is mind-blowing.\n", encoding="utf-8")
    done = run_cli("score", "--json", str(draft))
    assert done.returncode == 0, done.stderr
    metric = {m["key"]: m for m in json.loads(done.stdout)["files"][0]["metrics"]}
    assert "hype_density" not in metric  # no findings, no item: the rule is off


sentences = st.one_of(st.sampled_from(PLAIN),
                      st.lists(st.sampled_from(VOCAB), min_size=1, max_size=45).map(lambda w: " ".join(w).capitalize() + "."))
drafts = st.lists(st.lists(sentences, min_size=1, max_size=6), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(drafts, st.sampled_from(SLOP), st.integers(0, 100), st.integers(0, 100), st.booleans())
def test_adding_a_slop_sentence_never_raises_the_score(default_ruleset, paragraphs, slop, where, at, own_paragraph):
    before = score_profile(profile_text(_draft(paragraphs), "d.md", default_ruleset)).score
    changed = [list(p) for p in paragraphs]
    i = where % (len(changed) + 1)
    if own_paragraph or i == len(changed):
        changed.insert(i, [slop])
    else:
        changed[i].insert(at % (len(changed[i]) + 1), slop)
    after = score_profile(profile_text(_draft(changed), "d.md", default_ruleset)).score
    assert after <= before, (before, after, changed)


def test_a_short_slop_paragraph_that_satisfies_the_punchline_rule_does_not_raise_the_score(default_ruleset):
    """Found by the property test above in CI: a one-line slop paragraph is a "short paragraph" to the
    punchline rule, which then withdraws its finding. That finding is about the draft's shape, so it never
    decided which sentence is clean; the score falls as it should."""
    imo = "Imo the tokenizer is the most underrated part of the whole stack, and it bites you later."
    strap, mean = "Strap in.", "Additionally, we subtract the mean."
    paragraphs = [[strap, strap], [strap] * 4 + [imo], [strap] * 3 + ["I trained it for 3 hours on one GPU.", imo, imo],
                  [strap] + [imo] * 4, [strap] * 4 + [imo, mean], [strap] * 4 + [imo, mean],
                  [imo] * 4 + ["We can now take the gradient of the loss with respect to every weight, which is what "
                               "backprop does.", mean]]
    slop = "We leverage best-in-class synergy to empower stakeholders going forward."
    before = score_profile(profile_text(_draft(paragraphs), "d.md", default_ruleset)).score
    after = score_profile(profile_text(_draft([[slop], *paragraphs]), "d.md", default_ruleset)).score
    assert after < before, (before, after)


def test_a_slop_sentence_that_dilutes_a_soft_cluster(default_ruleset):
    """A sentence that dilutes ai-filler's draft-level soft cluster below its density withdraws four findings
    from the rule; the score counts soft matches wherever they are, so it still does not rise."""
    body = " ".join(["The network sees a batch of images and we look at the loss and then we change the weights a "
                     "little bit."] * 8)
    openers = ["Additionally, it works.", "Moreover, it is fast.", "Furthermore, it is small.", "In conclusion, it is fine."]
    paragraphs = [f"{opener} {body}" for opener in openers]
    paragraphs[0] += " " + " ".join(["It works well."] * 25)
    draft = "\n\n".join(paragraphs) + "\n"
    before = score_profile(profile_text(draft, "d.md", default_ruleset)).score
    after = score_profile(profile_text(
        draft + "\nLet us delve into the rich tapestry of it all here.\n", "d.md", default_ruleset)).score
    assert after <= before, (before, after)


def test_slop_sentences_have_findings(default_ruleset):
    for sentence in SLOP:
        found = profile_text(sentence + "\n", "s.md", default_ruleset).diagnostics
        assert any(d.severity in ("warning", "error") for d in found), sentence


def test_tail_share_mid_ranks_ties():
    days = [0.0, 0.0, 0.0, 1.0]
    assert tail_share(days, 0.0, "high") == pytest.approx(0.25 + 0.375)
    assert tail_share(days, 2.0, "high") == 0.0
    assert tail_share(days, 0.0, "low") == pytest.approx(0.375)
    assert tail_share([1.0, 2.0, 3.0, 4.0, 5.0], 3.0, "both") == 1.0


@needs_corpus("karpathy_en.md")
def test_his_tweets_as_one_draft_score_high(default_ruleset):
    """All of his 2024 tweets as one 35,000-word draft: findings at his own rate cost nothing."""
    text = (CORPUS / "karpathy_en.md").read_text(encoding="utf-8")
    result = score_profile(profile_text(text, "karpathy_en.md", default_ruleset))
    assert result.score >= 85, [(i.metric.key, i.points) for i in result.drifts()]


def test_auc():
    assert auc([3, 4], [1, 2]) == 1.0
    assert auc([1], [1]) == 0.5
    assert auc([1, 2], [3, 4]) == 0.0


def test_folds_partition_the_documents():
    names = [f"kp_{i}.md" for i in range(12)]
    folds = folds_of(names, 5)
    assert len(folds) == 5 and sorted(n for f in folds for n in f) == sorted(names)


@pytest.mark.slow  # rebuilds the baseline from the whole corpus
@needs_corpus("tweets.jsonl", "longform")
def test_shipped_baseline_is_current():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_baseline.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow  # scores the whole long-form corpus
@needs_corpus("tweets.jsonl", "longform")
def test_score_separates_his_long_form_from_off_voice(separation):
    """Issue 10's targets, with his documents held out of the baseline (5-fold)."""
    assert len(separation.held_out) >= 40 and len(separation.off) >= 20
    assert separation.held_out_auc >= 0.98, separation.held_out_auc
    held = sorted(separation.held_out.values())
    assert held[len(held) // 2] >= 85, held


@pytest.mark.slow  # scores the whole long-form corpus
@needs_corpus("tweets.jsonl", "longform")
def test_separation_check_can_fail(default_ruleset, tmp_path):
    """The same measurement with his own documents on the off-voice side gives no separation."""
    mine = sorted(LONGFORM.glob(LONGFORM_GLOB))
    for i, path in enumerate(mine):
        shutil.copy(path, tmp_path / (f"dev_off_{i}.md" if i % 2 else path.name))
    sep = measure(tmp_path, CORPUS / "tweets.jsonl", default_ruleset, folds=5)
    assert sep.held_out_auc < 0.75 and sep.auc < 0.75


def test_markers_load_from_the_rule_pack():
    m = markers()
    assert m.hedges.search("imo this is fine") and m.hedges.search("it could possibly work")  # hedge-stacking's list
    assert m.plain.search("we use it") and m.plain.search("then find out")  # plain-verbs' replacements
    assert m.numbers.findall("3e-4 for ~300 lines, 10X, 245MB, 40%") == ["3e-4", "~300", "10X", "245MB", "40%"]


def test_baseline_round_trips():
    base = shipped_baseline()
    assert base.units["longform"] >= 40 and base.units["tweets"] >= 100 and abs(sum(base.histogram) - 1) < 0.01
    data = json.loads((ROOT / "src" / "vibelint" / "voice" / "baseline.json").read_text())
    assert Baseline.from_json(data).units == base.units
    assert data["sources"]["paragraph_spread"] == "longform" and set(data["rule_rates"]) <= set(data["sources"])
    with pytest.raises(ValueError, match="schema"):  # a first-schema (tweets-only) file is refused by name
        Baseline.from_json({**data, "schema": "vibelint.voice-baseline/1"})


# --- CLI ----------------------------------------------------------------------------------------

def test_cli_score_one_line(tmp_path):
    draft = tmp_path / "memo.md"
    draft.write_text(JARGON, encoding="utf-8")
    done = run_cli("score", str(draft))
    assert done.returncode == 0, done.stderr
    line = done.stdout.decode().strip()
    assert line.count("\n") == 0
    assert line.startswith(f"{draft}: ") and "/100 — drifts: " in line and "karpathy.plain-verbs findings" in line


def test_cli_score_json_has_every_metric(tmp_path):
    draft = tmp_path / "memo.md"
    draft.write_text(JARGON, encoding="utf-8")
    data = json.loads(run_cli("score", "--json", str(draft)).stdout)
    assert data["schema"] == "vibelint.voice-score/1"
    entry = data["files"][0]
    keys = {m["key"] for m in entry["metrics"]}
    assert {"sentence_median", "sentence_p90", "sentence_spread", "one_line_share", "paragraph_spread", "hedge_rate",
            "plain_verb_ratio", "hype_density", "filler_density", "analogy_rate", "numbers_per_100", "flesch",
            "grade"} <= keys
    assert any(k.startswith("rule:karpathy.") for k in keys)
    assert all({"value", "baseline", "points_lost", "spec"} <= set(m) for m in entry["metrics"])
    assert entry["score"] == max(0, round(100 - sum(m["points_lost"] for m in entry["metrics"])))


def test_cli_score_fail_under(tmp_path):
    draft = tmp_path / "memo.md"
    draft.write_text(JARGON, encoding="utf-8")
    assert run_cli("score", "--fail-under", "99", str(draft)).returncode == 1
    assert run_cli("score", "--fail-under", "1", str(draft)).returncode == 0


def test_cli_score_stdin():
    done = run_cli_process("score", "-", stdin=AUTHORISH.encode())  # the real process and stdin pipe
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
