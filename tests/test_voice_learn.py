"""`vibelint voice learn` and using the voice file: thresholds, habits, baseline, bad input.

Small generated corpora keep these cheap; `python bench/voice.py` measures the real writers.
"""

import json
from pathlib import Path

import pytest
from conftest import needs_corpus, run_cli, run_cli_process

from vibelint.cli import main
from vibelint.config import CliOptions, load_config
from vibelint.voice.voicefile import SCHEMA

SHORT = [
    "We tested the parser on {i} files last week.",
    "It broke on the third one.",
    "The bug was in the tokenizer, not the grammar.",
    "I fixed it with two lines and a test.",
    "Then I ran the whole suite again.",
    "Everything passed in about {i} seconds.",
    "That felt good.",
    "Next I looked at the slow path.",
    "Most of the time went into reading files from disk.",
    "A small cache cut it by half.",
    "I am not sure the cache is worth the extra code.",
    "We will see how it holds up.",
]
# a 63-word sentence: the writer's habit, past the pack's long-sentence limit of 53
LONG = ("When I went back over the old notes from the project I found that we had written the same small parser "
        "three times over the years, each time a little differently, each time with its own bugs and its own tests, "
        "and nobody had noticed because the three copies lived in three folders that no single person ever opened "
        "on the same day.")
HABIT = "Additionally, the logs from run {i} were clean."  # "additionally" is a soft ai-filler entry
DRAFT_SLOP = "Additionally, this is crucial. Moreover, the robust design matters a lot to us."


def write_corpus(folder: Path, docs: int = 10, *, habit: bool = True, long: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        paragraphs = [
            " ".join(s.format(i=i) for s in SHORT[:6]),
            (HABIT.format(i=i) + " " if habit else "") + " ".join(s.format(i=i) for s in SHORT[6:]),
            "Done.",
            " ".join(s.format(i=i + 1) for s in reversed(SHORT)),
        ]
        if long:
            paragraphs.insert(2, LONG)
        (folder / f"post-{i:02}.md").write_text(f"# Post {i}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def learned(tmp_path_factory):
    root = tmp_path_factory.mktemp("voice")
    write_corpus(root / "blog", 12)
    out = root / "me.json"
    code = main(["voice", "learn", str(root / "blog"), "-o", str(out), "--writer", "Ada"])
    assert code == 0
    return root, out


def test_learn_writes_a_versioned_voice_file_and_prints_a_summary(tmp_path):
    write_corpus(tmp_path / "blog", 12)
    out = tmp_path / "v.json"
    done = run_cli_process("voice", "learn", str(tmp_path / "blog"), "-o", str(out), "--writer", "Ada")
    assert done.returncode == 0, done.stderr
    printed = done.stdout.decode()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA == "vibelint.voice/1"
    assert data["writer"] == "Ada" and data["corpus"]["documents"] == 12
    assert set(data["baseline"]["metrics"]) >= {"sentence_spread", "clean_share", "flesch"}
    assert len(data["baseline"]["metrics"]["sentence_spread"]) == 12  # one value per document
    assert f"{out}: voice of 'Ada' from 12 documents" in printed
    assert "threshold karpathy.long-sentence max = 63 (pack 53)" in printed
    assert "karpathy.ai-filler 'additionally': 12 documents (100%)" in printed
    assert "warning: small corpus: 12 documents" in printed  # under 5,000 words


def test_learned_thresholds_never_tighten_the_pack_unless_asked(tmp_path, capsys):
    write_corpus(tmp_path / "blog", 12, long=False)  # the longest sentence has 11 words
    out = tmp_path / "v.json"
    assert main(["voice", "learn", str(tmp_path / "blog"), "-o", str(out)]) == 0
    assert json.loads(out.read_text())["thresholds"]["karpathy.long-sentence"]["value"] == 53
    assert "stricter than the pack's 53, which stays" in capsys.readouterr().out
    assert main(["voice", "learn", str(tmp_path / "blog"), "-o", str(out), "--tighten"]) == 0
    assert json.loads(out.read_text())["thresholds"]["karpathy.long-sentence"]["value"] == 11


def test_habits_are_steady_soft_entries_only(tmp_path):
    folder = write_corpus(tmp_path / "blog", 12, habit=False)
    # "delve" (hard) in every document, "moreover" (soft) in two only: neither is a habit
    for i, path in enumerate(sorted(folder.iterdir())):
        extra = "We delve into it here." + (" Moreover, it works." if i < 2 else "")
        path.write_text(path.read_text() + "\n" + extra + "\n")
    out = tmp_path / "v.json"
    assert main(["voice", "learn", str(folder), "-o", str(out)]) == 0
    assert json.loads(out.read_text())["habits"] == []


def test_the_voice_loosens_metric_rules_and_excuses_habits(learned, tmp_path, capsys):
    root, voice = learned
    draft = tmp_path / "draft.md"
    draft.write_text(f"# Draft\n\n{LONG}\n\n{DRAFT_SLOP}\n", encoding="utf-8")
    assert main(["check", str(draft), "--no-cache", "--format", "json"]) == 1
    plain = {d["rule"] for d in json.loads(capsys.readouterr().out)["diagnostics"]}
    assert {"karpathy.long-sentence", "karpathy.ai-filler"} <= plain
    main(["check", str(draft), "--no-cache", "--format", "json", "--voice", str(voice)])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert not [d for d in found if d["rule"] in ("karpathy.long-sentence", "karpathy.ai-filler")]
    # without its habit the paragraph holds 3 chatbot words, under the cluster's 4: all 4 findings are excused
    main(["check", str(draft), "--no-cache", "--statistics", "--voice", str(voice)])
    assert "4 findings excused by habit (your voice file): karpathy.ai-filler 4." in capsys.readouterr().out
    main(["check", str(draft), "--no-cache", "--statistics", "--format", "json", "--voice", str(voice)])
    assert json.loads(capsys.readouterr().out)["excused_by_habit"] == [{"rule": "karpathy.ai-filler", "count": 4}]


def test_excused_counts_survive_the_cache(learned, tmp_path, capsys):
    _, voice = learned
    draft = tmp_path / "draft.md"
    draft.write_text(f"{DRAFT_SLOP}\n", encoding="utf-8")
    args = ["check", str(draft), "--statistics", "--voice", str(voice), "--cache-dir", str(tmp_path / "cache")]
    main(args)
    first = capsys.readouterr().out
    main(args)
    assert capsys.readouterr().out == first and "excused by habit" in first


def test_hard_entries_are_never_learned_away(learned, tmp_path, capsys):
    _, voice = learned
    data = json.loads(voice.read_text())
    data["habits"].append({"rule": "karpathy.ai-filler", "entry": "delve", "type": "term", "documents": 9,
                           "share": 1.0, "per_1k": 3.0})
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    draft = tmp_path / "d.md"
    draft.write_text("We delve into synergy. I hope this helps! It is a revolutionary, game-changing tool.\n")
    main(["check", str(draft), "--no-cache", "--format", "json", "--voice", str(edited)])
    rules = [d["rule"] for d in json.loads(capsys.readouterr().out)["diagnostics"]]
    assert {"karpathy.ai-filler", "karpathy.corporate-jargon", "karpathy.chatbot-voice", "karpathy.hype"} <= set(rules)


def test_config_voice_key_relative_to_the_config(learned, tmp_path, capsys):
    _, voice = learned
    project = tmp_path / "site"
    project.mkdir()
    (project / "voice.json").write_bytes(voice.read_bytes())
    (project / ".vibelint.toml").write_text('voice = "voice.json"\n')
    (project / "post.md").write_text(f"{LONG}\n")
    assert main(["check", str(project / "post.md"), "--no-cache"]) == 0
    (project / ".vibelint.toml").write_text('fail-on = "warning"\nvoice = "gone.json"\n')
    assert main(["check", str(project / "post.md"), "--no-cache"]) == 2
    assert f"{project / '.vibelint.toml'}:2: voice: 'gone.json': no such voice file" in capsys.readouterr().err


def test_score_report_and_explain_use_the_writers_voice(learned, tmp_path, capsys):
    root, voice = learned
    post = root / "blog" / "post-03.md"
    main(["score", "--json", str(post)])
    karpathy = json.loads(capsys.readouterr().out)["files"][0]
    main(["score", "--json", str(post), "--voice", str(voice)])
    own = json.loads(capsys.readouterr().out)["files"][0]
    assert own["voice"] == {"writer": "Ada", "file": str(voice)} and "voice" not in karpathy
    assert own["score"] > karpathy["score"]  # her own post is closer to her voice than to his
    assert own["sentence_histogram"]["author"] != karpathy["sentence_histogram"]["author"]
    out = tmp_path / "r.html"
    assert main(["report", str(post), "-o", str(out), "--voice", str(voice)]) == 0
    html = out.read_text()
    assert "<h1>Voice report: " in html and " in the voice of Ada</h1>" in html and "Ada's writing (the voice file)" in html
    capsys.readouterr()
    main(["explain", "karpathy.long-sentence", "--voice", str(voice)])
    text = capsys.readouterr().out
    assert "Threshold: max = 63, learned from the voice of 'Ada'" in text and "the pack's is 53" in text
    main(["explain", "karpathy.long-sentence"])
    assert "Threshold:" not in capsys.readouterr().out


def test_the_editors_score_uses_the_voice(learned):
    from vibelint.lsp.linting import BufferResult
    from vibelint.lsp.voice import VoiceScores
    from vibelint.service import LintService
    from vibelint.voice.profile import profile_text
    from vibelint.voice.score import score_profile

    root, voice = learned
    text = (root / "blog" / "post-05.md").read_text()
    service = LintService()

    def editor_score(ruleset):
        """What the editor's status shows: the score of the buffer's own lint."""
        result = service.lint(text, "p.md", ruleset)
        outcome = BufferResult(text, ruleset, 0, result.diagnostics, [], 0.0, result)
        return VoiceScores().get("file:///p.md", outcome, service).score.score

    ruleset = load_config(None, CliOptions(voice=str(voice))).ruleset_for(None, CliOptions(voice=str(voice)))
    shown = editor_score(ruleset)
    assert shown == score_profile(profile_text(text, "p.md", ruleset), ruleset.voice.baseline).score
    plain = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    assert shown != editor_score(plain)


@pytest.mark.parametrize(("setup", "message"), [
    ("empty", "no Markdown or text files to learn from"),
    ("code", "no Markdown or text files"),
    ("tiny", "nothing useful to learn: 0 usable documents (0 words); skipped 1 (under 30 words)"),
])
def test_nothing_to_learn_is_one_line_and_exit_2(tmp_path, capsys, setup, message):
    folder = tmp_path / "in"
    folder.mkdir()
    if setup == "code":
        (folder / "main.py").write_text("print('hello')\n")
        (folder / "lib.rs").write_text("fn main() {}\n")
    elif setup == "tiny":
        (folder / "note.md").write_text("Just a short note.\n")
    if setup == "code":  # once through the whole command line (argparse, exit code): one line, no traceback
        result = run_cli("voice", "learn", str(folder), "-o", str(tmp_path / "v.json"))
        code, err = result.returncode, result.stderr.decode()
    else:
        code, err = main(["voice", "learn", str(folder), "-o", str(tmp_path / "v.json")]), capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and not (tmp_path / "v.json").exists()


def test_mixed_language_folder_skips_what_is_not_english(tmp_path, capsys):
    folder = write_corpus(tmp_path / "blog", 4)
    (folder / "zh.md").write_text("我们上周在十个文件上测试了解析器。它在第三个文件上出错了。问题在分词器里，不在语法里。" * 3 + "\n")
    (folder / "fr.md").write_text("Nous avons testé le programme sur les fichiers et il ne marche pas avec une "
                                  "grande table, mais nous sommes dans la bonne direction pour la suite du projet.\n")
    assert main(["voice", "learn", str(folder), "-o", str(tmp_path / "v.json")]) == 0
    out = capsys.readouterr().out
    assert "warning: skipped 2 files (not English): " in out and "from 4 documents" in out


@pytest.mark.parametrize(("content", "message"), [
    ('{"schema": "vibelint.voice/2", "writer": "x"}', "voice file schema vibelint.voice/2 is newer than this vibelint reads"),
    ('{"schema": "vibelint.voice/1", "writ', "damaged voice file: not JSON"),
    ('{"schema": "vibelint.voice/1", "writer": "x"}', "damaged voice file: corpus: Field required"),
    ('[1, 2]', "not a voice file"),
])
def test_bad_voice_files_are_one_line_exit_2(tmp_path, capsys, content, message):
    voice = tmp_path / "v.json"
    voice.write_text(content)
    (tmp_path / "d.md").write_text("Hello there.\n")
    for command in (["check", str(tmp_path / "d.md")], ["score", str(tmp_path / "d.md")],
                    ["explain", "karpathy.hype"]):
        code = main([*command, "--voice", str(voice)])
        err = capsys.readouterr().err
        assert code == 2 and f"vibelint: error: {voice}: " in err and message in err, err
        assert len(err.strip().splitlines()) == 1


def test_a_damaged_voice_file_never_shows_a_traceback(tmp_path):
    (tmp_path / "v.json").write_text('{"schema": "vibelint.voice/1", "writer": 3}')
    (tmp_path / "d.md").write_text("Hello there.\n")
    result = run_cli("check", str(tmp_path / "d.md"), "--voice", str(tmp_path / "v.json"))
    assert result.returncode == 2 and b"damaged voice file" in result.stderr and b"Traceback" not in result.stderr


@needs_corpus("longform")
def test_learning_his_long_form_gives_the_packs_thresholds():
    """The pack's thresholds are his long-form's percentiles (scripts/calibrate.py); learning his voice finds them again."""
    from conftest import CORPUS

    from vibelint.text.parse import parse
    from vibelint.voice.learn import learn_thresholds

    docs = [parse(p.read_text(encoding="utf-8"), p.name) for p in sorted((CORPUS / "longform").glob("kp_*.md"))]
    ruleset = load_config(None, CliOptions()).ruleset_for(None, CliOptions())
    found = {t.rule: t.writer for t in learn_thresholds(docs, ruleset, tighten=True) if t.writer is not None}
    assert found == {"karpathy.long-sentence": 53, "karpathy.wall-of-text": 16, "karpathy.readability": 27}
