"""Hypothesis strategies for the drafts an editor and a pre-commit hook really see, and the fuzz budget.

The budget is small by default so CI stays quick; a long run is one command:

    VIBELINT_FUZZ_EXAMPLES=6000 python -m pytest tests/test_fuzz.py tests/test_fix_properties.py  # ~17 min
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings, strategies as st

EXAMPLES = int(os.environ.get("VIBELINT_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None if EXAMPLES > 1000 else settings().database,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

WORDS = ["We", "the", "model", "works", "today", "data", "it", "is", "and", "so", "GPT-4o", "v2.0", "3e-4", "e.g.",
         "Dr.", "vs.", "etc.", "...", "imo", "probably", "I think", "kind of", "10x", "significantly faster",
         # what the builtin pack flags
         "utilize", "Leverage", "in order to", "due to the fact that", "make a decision", "synergy", "game-changing",
         "delve", "it's important to note", "AI will replace programmers", "analogous to", "revolutionary",
         "move the needle", "the year of agents", "arguably perhaps maybe possibly"]
SCRIPTS = ["😀", "🎉👍🏽", "👩‍👩‍👧", "中文字符", "日本語のテキスト", "한국어", "مرحبا بالعالم", "שלום", "Привет", "naïve", "e\u0301",
           "\u200b", "\u00a0", "\u2028", "\x0c", "\ufeff", "\t", "ﬁ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"]
INLINE = ["**bold utilize**", "*em*", "_em_", "~~strike~~", "`code utilize`", "``a ` b``", "[link utilize](https://x.io/a)",
          "![alt leverage](img.png)", "<https://example.com>", "https://github.com/x/y", "github.com/karpathy/nanoGPT",
          "me@example.com", "@karpathy", "<span>utilize</span>", "<!-- utilize -->", "<!--", "-->", "&amp;", "&#x1F600;",
          "\\*", "\\", "$x^2$", "[^1]", "<br>", "`", "**", "[", "](", "|", "  \n", "<!-- vibelint-disable -->",
          "<!-- vibelint-enable -->", "<!-- vibelint-disable-next-line karpathy.plain-verbs -->",
          "<!-- vibelint-disable karpathy.nope -->", "<!-- vibelint-disable-file -->"]

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(SCRIPTS), st.sampled_from(INLINE),
                  st.text(max_size=6))  # any code point now and then, controls and NUL included
line = st.lists(token, min_size=1, max_size=10).map(" ".join).map(lambda s: s.replace("\n", " ") if s.count("\n") > 2 else s)
paragraph = st.lists(line, min_size=1, max_size=4).map("\n".join)


def _heading(level_and_text):
    level, text = level_and_text
    return "#" * level + " " + text


def _fence(parts):
    marker, info, body, closed = parts
    return f"{marker}{info}\n{body}" + (f"\n{marker}" if closed else "")  # unterminated fences too


def _table(rows):
    width = len(rows[0])
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join((row + [""] * width)[:width]) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _html(parts):
    tag, body, closed = parts
    return f"<{tag}>\n{body}" + (f"\n</{tag}>" if closed else "")


def _comment(parts):
    body, closed = parts
    return "<!--\n" + body + ("\n-->" if closed else "")


cell = st.lists(st.sampled_from(WORDS + SCRIPTS[:6] + ["`a|b`", "\\|", ""]), max_size=3).map(" ".join)
leaf = st.one_of(
    paragraph,
    paragraph,
    st.tuples(st.integers(1, 7), line).map(_heading),
    st.tuples(line, st.sampled_from(["===", "---", "-"])).map("\n".join),  # setext headings (or not)
    st.tuples(st.sampled_from(["```", "~~~", "````"]), st.sampled_from(["", "python", " md {.x}"]), paragraph, st.booleans())
    .map(_fence),
    paragraph.map(lambda p: "\n".join("    " + x for x in p.split("\n"))),  # indented code
    st.lists(st.lists(cell, min_size=1, max_size=4), min_size=1, max_size=4).map(_table),
    st.tuples(st.sampled_from(["div", "details", "pre", "script", "table"]), paragraph, st.booleans()).map(_html),
    st.tuples(paragraph, st.booleans()).map(_comment),
    st.sampled_from(["---", "***", "- - -", "$$\nx = 1 utilize\n$$", "$$\nunclosed", "[ref]: https://x.io 'utilize'"]),
)


def _item(parts):
    marker, body, lazy = parts
    lines = body.split("\n")
    pad = " " * len(marker)
    rest = [(x if lazy else pad + x) for x in lines[1:]]
    return "\n".join([marker + lines[0], *rest])


def _quote(parts):
    marker, body, lazy = parts
    return "\n".join(marker + x if (i == 0 or not lazy) else x for i, x in enumerate(body.split("\n")))


def _extend(children):
    item = st.tuples(st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "10. ", "-   ", "- [ ] "]), children, st.booleans())
    return st.one_of(
        st.lists(item.map(_item), min_size=1, max_size=4).map("\n".join),
        st.lists(item.map(_item), min_size=1, max_size=3).map("\n\n".join),
        st.tuples(st.sampled_from(["> ", ">", ">> "]), children, st.booleans()).map(_quote),
    )


block = st.recursive(leaf, _extend, max_leaves=12)
front_matter = st.sampled_from(["", "", "---\ntitle: utilize\ntags: [a, b]\n---\n", "+++\ntitle = 'leverage'\n+++\n",
                                "---\nunclosed: front matter utilize\n"])


def _document(parts):
    front, blocks, separators, newline = parts
    body = front
    for i, b in enumerate(blocks):
        body += b + separators[i % len(separators)]
    if newline == "crlf":
        body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    elif newline == "cr":
        body = body.replace("\r\n", "\n").replace("\n", "\r")
    elif newline == "mixed":
        body = "".join(part + ("\r\n" if i % 2 else "\n") for i, part in enumerate(body.split("\n")))[:-1]
    return body


markdown = st.tuples(front_matter, st.lists(block, max_size=8),
                     st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n", "\r\n\r\n", ""]), min_size=1, max_size=3),
                     st.sampled_from(["lf", "lf", "crlf", "cr", "mixed"])).map(_document)


def _nest(parts):
    kind, depth, text = parts
    if kind == "quote":
        return ">" * depth + " " + text
    if kind == "list":
        return "".join("  " * i + "- item\n" for i in range(depth)) + "  " * depth + "- " + text
    return "- " * depth + text


deep = st.tuples(st.sampled_from(["quote", "list", "inline-list"]), st.integers(1, 400), line).map(_nest)
drafts = st.one_of(markdown, markdown, markdown, deep.map(lambda d: d + "\n\nAfter we utilize it.\n"), st.text(max_size=300))
names = st.sampled_from(["draft.md", "draft.txt", "notes.markdown"])
