"""The HTML voice report: self-contained, escaped, every finding highlighted with its message."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli, run_cli_process
from vibelint.engine import lint
from vibelint.voice.report import highlight

DRAFT = """# Launch <notes> & "quotes"

We utilize a revolutionary <script>alert('x')</script> approach to leverage synergy.

It's important to note that the loss went down. See https://example.com/x.png for the plot.

Strap in.
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("report")
    draft = folder / "launch.md"
    draft.write_text(DRAFT, encoding="utf-8")
    out = folder / "launch.html"
    done = run_cli("report", str(draft), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout.decode()
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    # nothing is loaded from anywhere: no remote src/href, no scripts, no CSS imports or url()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "<script" not in page.replace("&lt;script", "")
    assert "@import" not in page and "url(" not in page
    assert "<link" not in page


def test_report_has_charts_and_score(page):
    assert page.count("<svg") >= 3  # the dial, the sentence-length chart, a bar per metric
    assert 'aria-label="sentence length distribution"' in page
    assert re.search(r"<title>Voice report: [^<]*launch\.md \(\d+/100\)</title>", page)
    assert "Biggest drifts" in page and "Top fixes" in page
    for label in ("median sentence length", "hedged opinions and predictions", "plain verbs vs jargon", "AI filler",
                  "concrete numbers", "reading ease (Flesch)", "karpathy.long-sentence findings"):
        assert label in page


def test_user_text_is_escaped(page):
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Launch &lt;notes&gt; &amp; &quot;quotes&quot;" in page


def test_every_finding_is_highlighted_with_its_message(page, default_ruleset):
    diagnostics = lint(DRAFT, "launch.md", default_ruleset).diagnostics
    assert len(diagnostics) >= 4
    marks = re.findall(r'<mark class="sev-\w+" title="([^"]*)">(.*?)</mark>', page, re.S)
    for d in diagnostics:
        message = f"{d.rule}: {d.message}"
        pieces = [text for title, text in marks if message in html.unescape(title).split("\n")]
        assert "".join(pieces) == html.escape(DRAFT[d.start:d.end]), message


def test_overlapping_findings_share_pieces(default_ruleset):
    text = "abcdef"

    class D:  # the engine's Diagnostic shape, enough for highlight()
        def __init__(self, start, end, rule, severity):
            self.start, self.end, self.rule, self.severity, self.message = start, end, rule, severity, f"m-{rule}"

    out = highlight(text, [D(0, 4, "a", "info"), D(2, 6, "b", "warning")])
    assert out == ('<mark class="sev-info" title="a: m-a">ab</mark>'
                   '<mark class="sev-warning" title="a: m-a\nb: m-b">cd</mark>'
                   '<mark class="sev-warning" title="b: m-b">ef</mark>')


def test_report_to_stdout_and_default_name(tmp_path):
    draft = tmp_path / "post.md"
    draft.write_text("Strap in.\n", encoding="utf-8")
    done = run_cli_process("report", str(draft), "-o", "-")  # the page through a real process's stdout
    assert done.returncode == 0 and done.stdout.decode().startswith("<!DOCTYPE html>")
    done = run_cli("report", str(draft), cwd=tmp_path)
    assert done.returncode == 0 and (tmp_path / "post.voice.html").is_file()


@pytest.mark.slow  # a real browser
@pytest.mark.skipif(not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")),
                    reason="no chromium on this machine (apt-get install chromium); the screenshot check needs it")
def test_report_renders_in_headless_chromium(tmp_path):
    png = tmp_path / "post.png"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot_report.py"), str(ROOT / "examples" / "post.md"),
                           "-o", str(png), "--height", "1400"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1100, 1400)
    assert len(data) > 50_000  # a blank page compresses to a few KB; the rendered report is far larger
