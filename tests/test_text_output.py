"""The text format on long lines: a window around each span, and a cap on what one line prints.

A 500 KB line with 20,000 findings used to print the whole line under every finding (minutes,
gigabytes); now each snippet is a window of about 60 characters either side of the span.
"""

from __future__ import annotations

import json
import re

from conftest import run_cli

from vibelint.engine import Diagnostic
from vibelint.output import FileReport
from vibelint.output.text import CONTEXT, MAX_MARKED, PER_LINE, render, window

SENTENCE = "We utilize it and ship. "  # one plain-verbs finding every 24 characters
SNIPPET_MAX = 2 + CONTEXT + MAX_MARKED + CONTEXT + 2  # the two ellipses and a little slack


def blocks(text: str) -> list[list[str]]:
    """The output split into one list of lines per finding (header, bar, source, carets, ...)."""
    return [b.splitlines() for b in text.split("\n\n") if re.match(r"^\S+:\d+:\d+: ", b)]


def underlined(block: list[str]) -> str:
    """The characters of the shown source line that the carets sit under."""
    source, carets = block[2], block[3]
    gutter = source.index("|") + 2
    first = carets.index("^")
    return source[first:first + carets.count("^")] if first >= gutter else ""


def test_a_long_line_prints_a_window_per_finding_and_a_count_of_the_rest(tmp_path):
    line = (SENTENCE * 1_000)[:20_000]
    (tmp_path / "line.md").write_text(line + "\n")
    text = run_cli("check", "--no-cache", "line.md", cwd=tmp_path)
    out = text.stdout.decode()
    assert text.returncode == 1 and text.stderr == b""
    every = json.loads(run_cli("check", "--no-cache", "--format", "json", "line.md", cwd=tmp_path).stdout)["diagnostics"]
    assert len(every) > PER_LINE + 500
    # every snippet is short, whatever the line's length ...
    assert max(len(out_line) for out_line in out.splitlines()) <= SNIPPET_MAX
    shown = blocks(out)
    assert len(shown) == PER_LINE
    for block, finding in zip(shown, every):
        assert block[0].startswith(f"line.md:1:{finding['column']}: ")
        assert underlined(block) == finding["text"][:MAX_MARKED]
    # ... the line's other findings are counted, not dropped silently, and the summary counts all
    assert f"line.md:1: note: {len(every) - PER_LINE:,} more findings on this line not shown" in out
    assert out.splitlines()[-1].startswith(f"Found {len(every)} problems")


def test_a_short_line_is_shown_whole_as_before(tmp_path):
    (tmp_path / "post.md").write_text("# Notes\n\nWe utilize synergies.\n")
    out = run_cli("check", "--no-cache", "--color", "never", "post.md", cwd=tmp_path).stdout.decode()
    assert out.splitlines()[:5] == [
        "post.md:3:4: warning[karpathy.plain-verbs] Plain verb: write 'use' instead of 'utilize'.",
        "  |",
        "3 | We utilize synergies.",
        "  |    ^^^^^^^",
        "  = fix: use",
    ]


def _window(source: str, start: int, end: int) -> tuple[str, str, str]:
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    line = max(n for n, s in enumerate(starts, 1) if s <= start)
    return window(source, starts, line, start, end)


def test_window_cuts_both_sides_between_words_and_marks_them():
    words = " ".join(f"w{n:03d}" for n in range(200))  # 999 characters
    start = words.index("w100")
    before, marked, after = _window(words, start, start + 4)
    assert marked == "w100"
    assert before.startswith("…w") and after.endswith("…")  # cut at a word, not inside one
    assert CONTEXT - 15 <= len(before) - 1 <= CONTEXT and CONTEXT - 15 <= len(after) - 1 <= CONTEXT
    assert words[start - len(before) + 1:start] == before[1:] and words[start + 4:].startswith(after[:-1])


def test_window_keeps_a_side_whole_when_cutting_it_would_hide_little():
    text = "x" * (CONTEXT + 10) + " utilize " + "y" * (CONTEXT + 10)
    start = text.index("utilize")
    assert _window(text, start, start + 7) == (text[:start], "utilize", text[start + 7:])


def test_window_cuts_a_long_span_and_shows_where_it_goes_on():
    text = "Intro. " + "a" * 5_000 + " end"
    before, marked, after = _window(text, 7, 7 + 5_000)
    assert (before, marked, after) == ("Intro. ", "a" * MAX_MARKED, "…")


def test_window_stops_at_the_line_break_and_handles_crlf():
    text = "first line\r\n" + "We utilize it. " * 20 + "\r\nnext"
    start = text.rindex("utilize")
    before, marked, after = _window(text, start, start + 7)
    assert (marked, after) == ("utilize", " it. ") and before.startswith("…")
    # a span running into the line break is underlined up to it
    assert _window(text, start, len(text))[1:] == ("utilize it. ", "")


def test_carets_line_up_under_wide_characters_and_tabs_in_the_window():
    source = "中文" * 100 + "\tWe utilize it.\n"
    start = source.index("utilize")
    report = FileReport("cjk.md", source, [Diagnostic("karpathy.plain-verbs", "warning", "m", start, start + 7)])
    [block] = blocks(render([report]))
    shown, carets = block[2], block[3]
    assert shown.startswith("1 | …中文") and shown.endswith("中文    We utilize it.")
    # CJK takes two columns and a tab four: the carets sit under 'utilize' on a terminal
    columns = sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in shown[:shown.index("utilize")])
    assert carets.index("^") == columns and carets.count("^") == 7
