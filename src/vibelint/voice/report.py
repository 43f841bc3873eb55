"""The voice report: one self-contained HTML page (inline CSS and SVG, no scripts, no network).

Sections: the score and its biggest drifts, the top fixes, the draft's sentence-length
distribution over the author's, one bar per metric against the author's range, and the draft
with every flagged span highlighted (its messages in the tooltip). All user text is escaped.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from ..engine import Diagnostic
from .profile import SENTENCE_BINS, Profile
from .score import (
    FINDING_POINTS,
    POINTS,
    USUAL,
    Item,
    Score,
    describe_drift,
    format_value,
    shipped_baseline,
)

DRAFT_COLOR, AUTHOR_COLOR = "#d9480f", "#1c7ed6"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2, "hint": 3}

CSS = """
:root { --ink:#1f2328; --muted:#656d76; --line:#d0d7de; --bg:#ffffff; --panel:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
       color:var(--ink); background:var(--bg); }
main { max-width: 980px; margin: 0 auto; padding: 28px 24px 60px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 34px 0 10px; }
.sub { color: var(--muted); margin: 0; }
.top { display:flex; gap:28px; align-items:center; padding:20px; background:var(--panel); border:1px solid var(--line);
       border-radius:10px; margin-top:18px; }
.dial { flex: none; }
.drifts { margin:0; padding-left: 18px; } .drifts li { margin: 4px 0; }
.advice { color: var(--muted); display:block; font-size: 13.5px; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle;
         font-size: 14px; }
th { color: var(--muted); font-weight: 600; font-size: 12.5px; text-transform: uppercase; letter-spacing: .03em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.spec { color: var(--muted); white-space: nowrap; font-size: 12.5px; }
.lost { color: #c92a2a; font-weight: 600; }
.fixes li { margin: 6px 0; } code { background: var(--panel); padding: 1px 4px; border-radius: 4px; font-size: 13px; }
.legend { display:flex; gap:18px; color: var(--muted); font-size: 13px; margin: 6px 0; align-items:center; }
.swatch { display:inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px;
          vertical-align: -1px; }
.draft { white-space: pre-wrap; overflow-wrap: anywhere; font: 14.5px/1.7 ui-serif, Georgia, "Times New Roman", serif;
         background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px; }
mark { background: #fff3bf; border-bottom: 2px solid #f08c00; padding: 0 1px; cursor: help; }
mark.sev-error { background: #ffe3e3; border-bottom-color: #e03131; }
mark.sev-warning { background: #fff3bf; border-bottom-color: #f08c00; }
mark.sev-info, mark.sev-hint { background: #e7f5ff; border-bottom-color: #339af0; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
"""


def render_report(display: str, source: str, profile: Profile, result: Score, rules: dict, voice=None) -> str:
    """The page; with a voice file (``voicefile.Voice``) the title names its writer and every
    comparison is with that writer's distributions."""
    baseline = voice.baseline if voice is not None else shipped_baseline()
    whose = f" in the voice of {escape(voice.writer)}" if voice is not None else ""
    compared = (f"{escape(voice.writer)}'s own writing (voice file {escape(voice.path)})" if voice is not None
                else "the author's own writing")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Voice report: {escape(display)}{whose} ({result.score}/100)</title>",
        f"<style>{CSS}</style></head><body><main>",
        f"<h1>Voice report: {escape(display)}{whose}</h1>",
        (f'<p class="sub">{profile.words} words, {len(profile.sentences)} sentences, compared with '
         f"{compared}: {escape(baseline.source)}.</p>"),
        _summary(result) if profile.words else '<section class="top"><strong>No prose to score yet.</strong></section>',
        "<h2>Top fixes</h2>",
        _fixes(source, profile.diagnostics, result, rules),
        "<h2>Sentence length</h2>",
        _legend(writer=voice.writer if voice is not None else None),
        _histogram(profile.histogram, baseline.histogram),
        "<h2>Every metric against the author</h2>",
        _legend(band=True),
        _metric_table(result),
        '<h2 id="draft">The draft</h2>',
        '<p class="sub">Flagged spans are highlighted; hover one to read its messages.</p>',
        f'<div class="draft">{highlight(source, profile.diagnostics)}</div>',
        _footer(),
        "</main></body></html>",
        "",
    ]
    return "\n".join(parts)


def _summary(result: Score) -> str:
    drifts = result.drifts()
    if drifts:
        items = "".join(f"<li>{escape(describe_drift(i))}<span class=\"advice\">{escape(i.metric.advice)} "
                        f"(−{i.points:.1f} points; study §{escape(i.metric.spec)})</span></li>" for i in drifts)
        body = f'<strong>Biggest drifts</strong><ul class="drifts">{items}</ul>'
    else:
        body = "<strong>No drifts:</strong> every metric is inside the author's usual range."
    return f'<section class="top">{_dial(result.score)}<div>{body}</div></section>'


def _dial(score: int) -> str:
    """The score as a ring: the arc's length is the score."""
    radius, width = 46, 10
    circumference = 2 * 3.14159265 * radius
    color = "#2f9e44" if score >= 80 else "#f08c00" if score >= 60 else "#e03131"
    return (f'<svg class="dial" width="120" height="120" viewBox="0 0 120 120" role="img" '
            f'aria-label="voice score {score} of 100">'
            f'<circle cx="60" cy="60" r="{radius}" fill="none" stroke="#e9ecef" stroke-width="{width}"/>'
            f'<circle cx="60" cy="60" r="{radius}" fill="none" stroke="{color}" stroke-width="{width}" '
            'stroke-linecap="round" '
            f'stroke-dasharray="{circumference * score / 100:.1f} {circumference:.1f}" transform="rotate(-90 60 60)"/>'
            f'<text x="60" y="66" text-anchor="middle" font-size="30" font-weight="700" fill="#1f2328">{score}</text>'
            f'<text x="60" y="86" text-anchor="middle" font-size="11" fill="#656d76">of 100</text></svg>')


def _legend(band: bool = False, writer: str | None = None) -> str:
    author = ("author's usual range (10th–90th percentile of his documents; for findings, up to his rate), "
              "tick = his median" if band else "the author's long-form writing")
    if writer is not None and not band:
        author = f"{escape(writer)}'s writing (the voice file)"
    return (f'<div class="legend"><span><span class="swatch" style="background:{DRAFT_COLOR}"></span>this draft</span>'
            f'<span><span class="swatch" style="background:{AUTHOR_COLOR};opacity:.55"></span>{author}</span></div>')


def _histogram(draft: list[float], author: list[float]) -> str:
    labels, low = [], 1
    for top in SENTENCE_BINS:
        labels.append(f"{low}–{top}")
        low = top + 1
    labels.append(f"{low}+")
    width, height, left, bottom, top_pad = 900, 240, 44, 36, 12
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    peak = max(max(draft, default=0), max(author, default=0), 0.05)
    peak = min(1.0, (int(peak * 10) + 1) / 10)
    slot = plot_w / len(labels)
    bar = slot * 0.36
    out = [f'<svg width="100%" viewBox="0 0 {width} {height}" role="img" aria-label="sentence length distribution">']
    for k in range(0, round(peak * 10) + 1, 1 if peak <= 0.5 else 2):
        y = top_pad + plot_h * (1 - k / 10 / peak)
        out.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e9ecef"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#656d76">'
                   f'{k * 10}%</text>')
    for i, label in enumerate(labels):
        x = left + i * slot + slot * 0.12
        for j, (share, color, opacity, who) in enumerate(((draft[i], DRAFT_COLOR, 1, "draft"),
                                                         (author[i], AUTHOR_COLOR, .55, "author"))):
            h = plot_h * share / peak
            out.append(f'<rect x="{x + j * bar:.1f}" y="{top_pad + plot_h - h:.1f}" width="{bar - 2:.1f}" '
                       f'height="{h:.1f}" fill="{color}" fill-opacity="{opacity}">'
                       f'<title>{who}: {100 * share:.0f}% of sentences have {label} words</title></rect>')
        out.append(f'<text x="{left + (i + .5) * slot:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                   f'font-size="11.5" fill="#656d76">{label}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle" font-size="12" fill="#656d76">'
               "words per sentence</text>")
    out.append(f'<line x1="{left}" x2="{width - 10}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}" '
               'stroke="#adb5bd"/></svg>')
    return "".join(out)


def _metric_table(result: Score) -> str:
    rows = [("<table><tr><th>metric</th><th>study</th><th>this draft</th><th>against the author</th>"
             "<th>author median</th><th>points</th></tr>")]
    for item in result.items:
        metric = item.metric
        points = f'<span class="lost">−{item.points:.1f}</span>' if item.points >= 0.05 else "0"
        rows.append(f"<tr><td>{escape(metric.label)}</td><td class=\"spec\">§{escape(metric.spec)}</td>"
                    f'<td class="num">{escape(format_value(item.value, metric.unit, short=True))}</td>'
                    f"<td>{_metric_bar(item)}</td>"
                    f'<td class="num">{escape(format_value(item.median, metric.unit, short=True))}</td>'
                    f'<td class="num">{points if item.scored else "not scored"}</td></tr>')
    rows.append("</table>")
    return "".join(rows)


def _metric_bar(item: Item) -> str:
    """A track from the smallest to the largest value seen (author or draft): his 10-90% band, his median, the draft."""
    width, height = 220, 22
    if item.usual is None or item.median is None:
        return f'<svg width="{width}" height="{height}"></svg>'
    low, high = item.usual
    values = [low, high, item.median] + ([item.value] if item.value is not None else [])
    lo, hi = min(*values, 0.0), max(values)
    span = (hi - lo) or 1.0
    lo, hi = lo - span * 0.08, hi + span * 0.08

    def x(v: float) -> float:
        return 6 + (width - 12) * (v - lo) / (hi - lo)

    severity = item.points / POINTS if item.pooled else item.cost  # findings: points, not their share
    color = "#2f9e44" if severity == 0 else "#f08c00" if severity < 0.5 else "#e03131"
    parts = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">',
             f'<line x1="6" x2="{width - 6}" y1="11" y2="11" stroke="#dee2e6" stroke-width="2"/>',
             (f'<rect x="{x(low):.1f}" y="5" width="{max(2.0, x(high) - x(low)):.1f}" height="12" rx="3" '
              f'fill="{AUTHOR_COLOR}" fill-opacity=".3"/>'),
             (f'<line x1="{x(item.median):.1f}" x2="{x(item.median):.1f}" y1="2" y2="20" '
              f'stroke="{AUTHOR_COLOR}" stroke-width="2"/>')]
    if item.value is not None:
        if item.pooled:
            tail = f"; {item.excess:.1f} weighted findings beyond the author's rate"
        elif item.tail is None:
            tail = ""
        else:
            tail = f"; {100 * item.tail:.0f}% of the author's documents are at least this far out"
        parts.append(f'<circle cx="{x(item.value):.1f}" cy="11" r="6" fill="{color}" stroke="#fff" stroke-width="1.5">'
                     f"<title>{escape(format_value(item.value, item.metric.unit))}{escape(tail)}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)


def _fixes(source: str, diagnostics: list[Diagnostic], result: Score, rules: dict) -> str:
    """The rules with findings (worst severity, then most frequent first) with examples, then the drifts' advice."""
    by_rule: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_rule.setdefault(d.rule, []).append(d)
    ranked = sorted(by_rule.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[1][0].severity, 9), -len(kv[1]), kv[0]))
    items = []
    for rule_id, found in ranked[:6]:
        rule = rules.get(rule_id)
        spec = f" (study §{escape(rule.spec.split(' ', 1)[0])})" if rule is not None and rule.spec else ""
        examples: list[str] = []
        seen: set[tuple[str, str]] = set()
        for d in found:
            text = source[d.start:d.end]
            swap = d.suggestions[0] if d.suggestions else ""
            if not text or (text.lower(), swap) in seen or len(examples) == 4:
                continue
            seen.add((text.lower(), swap))
            examples.append(f"<code>{escape(text)}</code>" + (f" → <code>{escape(swap)}</code>" if swap else ""))
        items.append(f"<li><strong>{escape(rule_id)}</strong> ×{len(found)}<span class=\"advice\">"
                     f"{escape(found[0].message)}{spec}</span>{'; '.join(examples)}</li>")
    for item in result.drifts(5):
        if not item.metric.key.startswith("rule:"):
            items.append(f"<li><strong>{escape(item.metric.label)}</strong>: {escape(item.metric.advice)}</li>")
    if not items:
        return "<p>Nothing to fix: no findings, no drifts.</p>"
    return f'<ul class="fixes">{"".join(items)}</ul>'


def highlight(source: str, diagnostics: list[Diagnostic]) -> str:
    """The source as escaped text, each flagged span in a <mark> whose title lists every message on it.

    Overlapping findings are cut at every boundary so each piece carries all the messages covering it.
    """
    spans = sorted((d for d in diagnostics if d.end > d.start), key=lambda d: (d.start, d.end))
    cuts = sorted({0, len(source), *(d.start for d in spans), *(d.end for d in spans)})
    out: list[str] = []
    covering: list[Diagnostic] = []  # a sweep: the spans open at the current piece
    next_span = 0
    for a, b in pairwise(cuts):
        while next_span < len(spans) and spans[next_span].start <= a:
            covering.append(spans[next_span])
            next_span += 1
        covering = [d for d in covering if d.end > a]
        piece = escape(source[a:b])
        if not covering:
            out.append(piece)
            continue
        worst = min(covering, key=lambda d: SEVERITY_ORDER.get(d.severity, 9)).severity
        title = "\n".join(f"{d.rule}: {d.message}" for d in covering)
        out.append(f'<mark class="sev-{escape(worst)}" title="{escape(title)}">{piece}</mark>')
    return "".join(out)


def _footer() -> str:
    return ("<footer>How the score works: findings cost points by rule and severity, beyond the rate the author's "
            "own writing shows for each rule (hard findings weigh 1, soft ones less); their total excess E costs "
            f"{FINDING_POINTS:.0f}·ln(1+E) points, so every further finding costs something. "
            "Style metrics are measured "
            "on the sentences without findings and compared with the author's long-form documents: inside his usual "
            f"range (a tail share of {100 * USUAL:.0f}% or more) a metric costs nothing; "
            "beyond it the cost grows to its "
            f"full weight ({POINTS:.0f} points) at his most extreme document. The score is 100 minus the points lost. "
            "Generated by vibelint; this page loads nothing from the network.</footer>")
