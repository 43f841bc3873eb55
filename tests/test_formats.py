"""Vale's other inputs (.rst, .adoc, .html, .tex) are refused by name, never read as Markdown.

Read as Markdown, an reStructuredText directive or a LaTeX command is prose to the rules, so a
user would get findings on markup. Named on the command line (or as --stdin-filename) such a file
gets one line naming it and exit 2; a folder walk passes over it; the editor shows one note.
"""

from __future__ import annotations

import json

from conftest import run_cli
from rawlsp import RawServer

FLAGGED = "We utilize it.\n"  # karpathy.plain-verbs, so a file read as Markdown would have a finding


def drafts(folder):
    files = {"guide.rst": f"Guide\n=====\n\n{FLAGGED}\n.. note:: x\n", "guide.adoc": f"= Guide\n\n{FLAGGED}",
             "page.html": f"<p>{FLAGGED}</p>\n", "paper.tex": f"\\section{{Intro}}\n{FLAGGED}", "notes.md": FLAGGED}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_named_files_of_other_markup_are_refused_one_line_each(tmp_path):
    drafts(tmp_path)
    done = run_cli("check", "--format", "json", "--no-cache", "guide.rst", "guide.adoc", "page.html", "paper.tex",
                   "notes.md", cwd=tmp_path)
    err = done.stderr.decode().splitlines()
    assert done.returncode == 2
    tail = "is not read; vibelint reads Markdown (.md, .markdown) and plain text (.txt)"
    assert err == [f"vibelint: error: {name}: not linted: {markup} ({name[name.rindex('.'):]}) {tail}" for name, markup in
                   (("guide.rst", "reStructuredText"), ("guide.adoc", "AsciiDoc"), ("page.html", "HTML"),
                    ("paper.tex", "LaTeX"))]
    assert {d["path"] for d in json.loads(done.stdout)["diagnostics"]} == {"notes.md"}, "the Markdown file is linted"


def test_a_folder_walk_passes_over_them_and_stdin_names_them(tmp_path):
    drafts(tmp_path)
    walked = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert walked.returncode == 1 and walked.stderr == b""
    piped = run_cli("check", "--stdin-filename", "paper.tex", "-", stdin=FLAGGED.encode(), cwd=tmp_path)
    assert piped.returncode == 2 and b"paper.tex: not linted: LaTeX (.tex) is not read" in piped.stderr
    scored = run_cli("score", "guide.rst", cwd=tmp_path)
    assert scored.returncode == 2 and scored.stderr.decode().count("\n") == 1
    assert "guide.rst: not linted: reStructuredText" in scored.stderr.decode()


def test_the_editor_shows_one_note_unless_the_user_picks_markdown(tmp_path):
    raw = RawServer(tmp_path, thread=True)
    try:
        raw.initialize()
        uri = (tmp_path / "guide.rst").as_uri()
        raw.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "restructuredtext",
                                                             "version": 1, "text": FLAGGED}})
        [note] = raw.diagnostics(uri, 1)
        assert note["code"] == "vibelint.not-read" and note["severity"] == 3
        assert note["message"].startswith("vibelint: not linted: reStructuredText (.rst) is not read")
        chosen = raw.open("chosen.rst", FLAGGED)  # languageId markdown: the user chose Markdown for this buffer
        assert [d["code"] for d in raw.diagnostics(chosen, 1)] == ["karpathy.plain-verbs"]
    finally:
        assert raw.close() == 0
