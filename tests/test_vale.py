"""Vale styles as vibelint rules: each supported check and its fields, unit level and through `vibelint check`.

The style under tests/data/vale/styles/House has one file per Vale check (and per field combination);
draft.md exercises each of them.
"""

import json

import pytest

from conftest import ROOT, run_cli
from vibelint.config import CliOptions, load_config
from vibelint.engine import RuleSet, fix_until_stable, lint
from vibelint.packs import ConfigError, Examples, Rule, compile_check
from vibelint.vale import go_regex, load_vale_rule, load_vale_styles, report_skipped

VALE = ROOT / "tests" / "data" / "vale"
STYLES = VALE / "styles"
DRAFT = (VALE / "draft.md").read_text(encoding="utf-8")


# ---------- the new kinds, unit level (also usable from vibelint's own TOML rules) ----------

def rule(kind: str, message: str = "{match}", scope: tuple = (), **options) -> RuleSet:
    check = compile_check(kind, {k.replace("_", "-"): v for k, v in options.items()}, "test")
    made = Rule("t.rule", kind, "warning", message, "", "", None, options, Examples(),
                check, "test", scope)
    return RuleSet([made], frozenset(["t.rule"]))


def found(ruleset: RuleSet, text: str) -> list[tuple[str, str]]:
    return [(d.message, text[d.start:d.end]) for d in lint(text, "draft.md", ruleset).diagnostics]


def test_repetition_kind():
    words = rule("repetition")
    assert found(words, "This is is it.") == [("is", "is is")]
    assert found(words, "I forgot that. That is fine.") == [], "a repeat across a sentence end is fine"
    assert found(words, "It is it.") == []
    assert found(rule("repetition", ignore_case=False), "The the cat.") == []
    assert found(rule("repetition", max=1), "very very good, very very very good") == [("very", "very very")]
    assert found(rule("repetition", alpha=True), "Add 1 1 to it.") == []
    assert found(rule("repetition", exceptions=[r"\bbye bye\b"]), "Bye bye now.") == []


def test_conditional_kind():
    acronyms = rule("conditional", first=r"\b[A-Z]{3,5}\b", second=r"(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)",
                    exceptions=[r"\bAPI\b"])
    text = "World Health Organization (WHO) is one.\n\nThe WHO and NASA and the API.\n"
    assert found(acronyms, text) == [("NASA", "NASA")]
    assert found(acronyms, "The WHO first.\n\nWorld Health Organization (WHO) later.\n") == [("WHO", "WHO")], \
        "a definition only covers later blocks"
    presence = rule("conditional", first=r"\bTODO\b", second=r"\bowner:")
    assert found(presence, "TODO fix this.") == [("TODO", "TODO")]
    assert found(presence, "TODO fix this, owner: ana.") == []


def test_capitalization_kind():
    sentence = rule("capitalization", match="$sentence", exceptions=["GitHub"], scope=("heading",))
    assert found(sentence, "# Getting Started With Docs\n") == [("Getting Started With Docs", "Getting Started With Docs")]
    assert found(sentence, "# Getting started with GitHub\n") == []
    assert found(sentence, "# getting started\n") == [("getting started", "getting started")]
    assert found(sentence, "# Setup: Two steps\n") == [], "a word after ':' (an indicator) may be capitalized"
    assert found(sentence, "Getting Started With Docs is a paragraph.\n") == [], "out of scope"
    ap = rule("capitalization", match="$title")
    assert found(ap, "# A Guide to the Galaxy\n") == []
    assert found(ap, "# a guide to the galaxy\n") == [("a guide to the galaxy", "a guide to the galaxy")]
    assert found(rule("capitalization", match="$title", style="AP"), "# Going Through the Woods\n") == []
    chicago = rule("capitalization", match="$title", style="Chicago", threshold=1.0)
    assert found(chicago, "# Going Through the Woods\n"), "Chicago lowercases every preposition"
    assert found(chicago, "# Going through the Woods\n") == []
    assert found(rule("capitalization", match="$upper"), "# NOTES\n") == []
    assert found(rule("capitalization", match="$lower"), "# Notes\n")
    assert found(rule("capitalization", match=r"^\p{Lu}"), "# notes\n") and not found(rule("capitalization", match=r"^\p{Lu}"), "# Notes\n")
    with pytest.raises(ConfigError, match="unknown style"):
        rule("capitalization", match="$camel")


def test_occurrence_min_and_substitution_choices():
    needs_number = rule("occurrence", message="{count} < {min}", patterns=[r"\d"], scope="paragraph", min=1)
    assert found(needs_number, "No numbers here.") == [("0 < 1", "No numbers here.")]
    assert found(needs_number, "Version 2 is out.") == []
    with pytest.raises(ConfigError, match="max or min"):
        rule("occurrence", patterns=["x"])
    terms = rule("substitution", message="Use '{choices}', not '{match}'.", patterns={r"\bjavascript\b": "JavaScript"},
                 carry_case=False)
    assert found(terms, "javascript or Javascript or JavaScript") == [
        ("Use 'JavaScript', not 'javascript'.", "javascript"), ("Use 'JavaScript', not 'Javascript'.", "Javascript")]


# ---------- the loader: fields and their translation ----------

@pytest.fixture(scope="module")
def house():
    return {r.id: r for r in load_vale_styles(STYLES).rules}


def test_ids_levels_scopes_and_sources(house):
    assert {"House.Weasel", "House.Terms", "House.Commas", "House.Repeated", "House.Acronyms", "House.Headings",
            "Team.Hype"} <= set(house)
    weasel = house["House.Weasel"]
    assert (weasel.kind, weasel.severity, weasel.source) == ("existence", "warning", "Vale: House")
    assert weasel.why == "Weasel words hide the size of a claim." and weasel.link == "https://example.com/style/weasel"
    assert weasel.message == "Avoid '{match}': say how much."
    assert house["House.Plain"].severity == "info" and house["House.Terms"].severity == "error"
    assert house["Team.Hype"].severity == "warning", "Vale's default level is warning (check/manager.go)"
    assert house["House.HeadingPunctuation"].scope == ("heading",)
    assert house["House.Plain"].scope == ("blockquote", "list_item", "paragraph"), "summary: body text, no headings or tables"
    assert house["House.Weasel"].scope == (), "text (the default) reads every block"
    assert house["House.Title"].scope == ("heading.h1",)
    assert house["House.Headings"].scope == tuple(f"heading.h{n}" for n in range(2, 7)), "~heading.h1 takes level 1 out"
    assert house["House.Commas"].options["scope"] == "sentence" and house["House.Commas"].message == "{count} commas in one sentence: split it."
    # Vale lists replace-action choices quoted itself, so the quoted first %s loses its quotes (convertMessage)
    assert house["House.Terms"].message == "Use {listed} instead of '{observed}'."


def test_unsupported_rules_are_listed_once(capsys):
    skipped = dict(load_vale_styles(STYLES).skipped)
    assert skipped == {"House.CodeTerms": "scope code", "House.Grade": "readability", "House.Spelling": "spelling"}
    report_skipped(list(skipped.items()))
    report_skipped(list(skipped.items()))
    err = capsys.readouterr().err
    assert err.count("vibelint: note: Vale styles: 3 rules not loaded (unsupported): ") == 1
    assert "House.Spelling (spelling)" in err


@pytest.mark.parametrize("extends, fields, text, expected", [
    ("existence", "tokens: [very]", "Very good, very.", ["very"]),  # case-sensitive by default, word-bounded
    ("existence", "tokens: [very]\nignorecase: true", "Very good.", ["Very"]),
    ("existence", "tokens: [ing]\nnonword: true", "Testing things.", ["ing", "ing"]),
    ("existence", "tokens: [ing]", "Testing things.", []),
    ("existence", "raw: ['\\d+', '%']", "Up 20% or 3 percent.", ["20%"]),
    ("existence", "tokens: [leverage]\nexceptions: [financial leverage]", "Use leverage, not financial leverage.", ["leverage"]),
    ("substitution", "swap: {utilize: use}", "We utilize it.", ["utilize"]),
    ("substitution", "swap: {'colou?r': hue}\nnonword: true", "Colorful colors.", ["color"]),
    ("occurrence", "token: '\\b\\w+\\b'\nmax: 3\nscope: heading", "# One two three four\n\nOne two three four five.\n", ["One two three four"]),
    ("repetition", "tokens: ['\\w+']", "the the end", ["the the"]),
    ("conditional", "first: '\\bTODO\\b'\nsecond: 'owner:'", "TODO now.", ["TODO"]),
    ("capitalization", "match: $lower\nscope: heading.h2", "## Notes\n\n# Notes\n", ["Notes"]),
])
def test_each_field_through_the_engine(tmp_path, extends, fields, text, expected):
    (tmp_path / "Unit.yml").write_text(f"extends: {extends}\nmessage: \"'%s'\"\n{fields}\n")
    loaded = load_vale_rule(tmp_path / "Unit.yml", "Style")
    ruleset = RuleSet([loaded], frozenset([loaded.id]))
    assert [text[d.start:d.end] for d in lint(text, "draft.md", ruleset).diagnostics] == expected


def test_swap_group_reference_and_safe_fix(house):
    ruleset = RuleSet([house["House.Terms"]], frozenset(["House.Terms"]))
    fixed, count, _ = fix_until_stable("It lives within the build folder. We utilise javascript.", "d.md", ruleset)
    assert fixed == "It lives in the build folder. We use JavaScript." and count == 3
    plain = RuleSet([house["House.Plain"]], frozenset(["House.Plain"]))
    [diag] = lint("Leverage it.", "d.md", plain).diagnostics
    assert diag.fix is None and diag.suggestions == ["Use", "Apply"], "no action: suggestions only; capitalize carries case"


@pytest.mark.parametrize("body, message", [
    ("extends: existence\nmessage: x\ntokenz: [a]\n", "Bad.yml:3: tokenz: unknown key"),
    ("extends: existence\nmessage: x\nlevel: fatal\n", "Bad.yml:3: level: input should be 'suggestion', 'warning' or 'error'"),
    ("extends: existance\nmessage: x\n", "Bad.yml:1: extends: unknown check 'existance'"),
    ("message: x\n", "Bad.yml:1: extends: missing"),
    ("extends: substitution\nmessage: x\n", "Bad.yml:1: swap: field required"),
    ("extends: existence\nmessage: x\ntokens:\n  - ok\n  - '(unclosed'\n", "Bad.yml:5: tokens: bad regex '(unclosed': missing )"),
    ("extends: existence\nmessage: [x\n", "Bad.yml:3: invalid YAML"),
    ("extends: occurrence\nmessage: x\ntoken: a\nmax: lots\n", "Bad.yml:4: max: input should be a valid integer"),
])
def test_bad_rule_files_are_one_line_errors(tmp_path, body, message):
    (tmp_path / "Bad.yml").write_text(body)
    with pytest.raises(ConfigError) as err:
        load_vale_rule(tmp_path / "Bad.yml", "S")
    assert message in str(err.value) and "\n" not in str(err.value)


def test_go_regex_translation():
    assert go_regex(r"\Qa.b\E+c\z") == r"a\.b+c\Z"
    assert go_regex(r"\\z") == r"\\z", "an escaped backslash before z is not \\z"


def test_vale_ini_based_on_styles(capsys):
    loaded = load_vale_styles(VALE / ".vale.ini")
    # "Vale" is Vale's built-in style: its Repetition rule runs; its Spelling is not loaded (a note)
    assert [r.id for r in loaded.rules] == ["Team.Hype", "Vale.Repetition"]
    assert ("Vale.Spelling", "spelling") in loaded.skipped


# ---------- end to end ----------

def test_check_with_vale_styles_end_to_end():
    done = run_cli("check", "--vale-styles", str(STYLES), "--select", "House.", "--no-cache", "--format", "json",
                   "draft.md", cwd=VALE)
    assert done.returncode == 1, done.stderr
    found = [(d["rule"], d["severity"], d["text"], d["message"]) for d in json.loads(done.stdout)["diagnostics"]]
    expected = [
        ("House.Headings", "info", "Getting Started With Docs", "'Getting Started With Docs' should use sentence-style capitalization."),
        ("House.Terms", "error", "utilize", "Use 'use' instead of 'utilize'."),
        ("House.Weasel", "warning", "very", "Avoid 'very': say how much."),
        ("House.Weasel", "warning", "Quite a few", "Avoid 'Quite a few': say how much."),
        ("House.Terms", "error", "Javascript", "Use 'JavaScript' instead of 'Javascript'."),
        ("House.Terms", "error", "within the build folder", "Use 'in the build folder' instead of 'within the build folder'."),
        ("House.Terms", "error", "gave rise to", "Use 'lead to' instead of 'gave rise to'."),
        ("House.Acronyms", "warning", "NASA", "Define 'NASA' on first use, e.g. 'World Health Organization (WHO)'."),
        ("House.Commas", "warning", ", two, three, four,", "4 commas in one sentence: split it."),
        ("House.Repeated", "error", "is is", "'is' is repeated."),
        # no `action: replace`: Vale prints the swap value as written (substitution.go subMsg)
        ("House.Plain", "info", "leverage", "Consider use|apply instead of 'leverage'."),
        ("House.HeadingPunctuation", "error", "y?", "Don't end a heading with punctuation ('y?')."),
    ]
    assert found == expected
    assert done.stderr.decode().count("Vale styles: 3 rules not loaded (unsupported): House.CodeTerms (scope code), "
                                      "House.Grade (readability), House.Spelling (spelling)") == 1


def test_config_key_select_ignore_severity_and_suppression(tmp_path):
    (tmp_path / ".vibelint.toml").write_text(
        f'vale-styles = ["{STYLES.as_posix()}"]\nselect = ["House.Weasel", "House.Repeated", "Team"]\n'
        'ignore = ["Team.Hype"]\n[severity]\n"House.Weasel" = "error"\n')
    (tmp_path / "post.md").write_text("A very good draft.\n\n<!-- vibelint-disable-next-line House.Repeated -->\n"
                                      "It is is fine here.\n\nIt is is not fine here, revolutionary.\n")
    done = run_cli("check", "--no-cache", "--format", "json", "post.md", cwd=tmp_path)
    rules = [(d["rule"], d["severity"], d["line"]) for d in json.loads(done.stdout)["diagnostics"]]
    assert rules == [("House.Weasel", "error", 1), ("House.Repeated", "error", 6)]


def test_rules_and_explain_show_vale_rules():
    listing = run_cli("rules", "--vale-styles", str(STYLES), "--format", "json")
    by_id = {r["id"]: r for r in json.loads(listing.stdout)}
    assert by_id["House.Weasel"]["source"] == "Vale: House" and by_id["karpathy.hype"]["source"] == "karpathy (built-in)"
    assert by_id["House.Title"]["scope"] == ["heading.h1"]
    explained = run_cli("explain", "House.Weasel", "--vale-styles", str(STYLES)).stdout.decode()
    assert "Weasel words hide the size of a claim." in explained and "(Vale: House)" in explained
    assert "Bad:" not in explained


def test_bad_vale_file_exits_2_with_one_line(tmp_path):
    style = tmp_path / "Broken"
    style.mkdir()
    (style / "Typo.yml").write_text("extends: existence\nmessage: x\nignorcase: true\n")
    done = run_cli("check", "--vale-styles", str(style), "-", stdin=b"Hello.\n")
    assert done.returncode == 2
    assert done.stderr.decode().strip().splitlines() == [f"vibelint: error: {style / 'Typo.yml'}:3: ignorcase: unknown key"]
    missing = run_cli("rules", "--vale-styles", str(tmp_path / "nope"))
    assert missing.returncode == 2 and b"Vale styles folder not found" in missing.stderr


def test_config_catalog_relative_path(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / ".vibelint.toml").write_text('vale-styles = ["../styles/Team"]\n')
    (tmp_path / "styles" / "Team").mkdir(parents=True)
    (tmp_path / "styles" / "Team" / "Hype.yml").write_text((STYLES / "Team" / "Hype.yml").read_text())
    config = load_config(tmp_path / "docs" / ".vibelint.toml", CliOptions())
    assert "Team.Hype" in {r.id for r in config.catalog}
    ruleset = config.ruleset_for(tmp_path / "docs" / "a.md", CliOptions(select=["Team."]))
    assert [r.id for r in ruleset.rules] == ["Team.Hype"]
