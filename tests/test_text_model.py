"""The prose model: what is linted, what is skipped, and exact positions."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vibelint.text.parse import parse
from vibelint.text.prose import WORD, count_words
from vibelint.text.sentences import split_sentences
from vibelint.text.source import LineIndex


def prose(source: str, path: str = "draft.md") -> list[str]:
    """The visible prose of each block (masked characters dropped)."""
    return [" ".join(b.text.split()) for b in parse(source, path).blocks]


def test_blocks_cover_the_source_exactly():
    source = "# Title *here*\r\n\r\n> quoted line\r\n> more `code` here\r\n\r\n- item\r\n  continued\r\n"
    doc = parse(source)
    for block in doc.blocks:
        assert len(block.text) == len(source[block.start:block.end])
        for i, ch in enumerate(block.text):
            if ch not in " x":
                assert source[block.start + i] == ch
    assert [b.kind for b in doc.blocks] == ["heading", "blockquote", "list_item"]


@pytest.mark.parametrize("markdown, hidden", [
    ("```\nwe utilize it\n```\n", "utilize"),
    ("    indented utilize code\n", "utilize"),
    ("Run `utilize()` now.\n", "utilize"),
    ("<div>\nutilize\n</div>\n", "utilize"),
    ("A <span title='utilize'>tag</span>.\n", "utilize"),
    ("See [the docs](https://example.com/utilize) now.\n", "example"),
    ("Go to <https://utilize.example.com>.\n", "utilize"),
    ("Visit https://example.com/leverage today.\n", "leverage"),
    ("Read github.com/karpathy/leverage now.\n", "leverage"),
    ("Mail ceo@leverage.com today.\n", "leverage"),
    ("---\ntitle: utilize\n---\nBody text.\n", "utilize"),
    ("$$\nutilize\n$$\n", "utilize"),
    ("Thanks @leverage for it.\n", "leverage"),
])
def test_non_prose_is_skipped(markdown, hidden):
    assert hidden not in " ".join(prose(markdown))


def test_prose_in_tables_links_and_alt_text_is_kept():
    source = "| a | we utilize |\n|---|---|\n| x | y |\n\nA [link utilize](http://x.io) and ![alt leverage](i.png).\n"
    blocks = parse(source).blocks
    assert [b.kind for b in blocks][:2] == ["table_cell", "table_cell"]
    text = " ".join(b.text for b in blocks)
    assert "we utilize" in text and "link utilize" in text and "alt leverage" in text


def test_plain_text_is_paragraphs():
    doc = parse("First para\nstill first.\n\n\nSecond https://x.com/utilize para.\n", "notes.txt")
    assert len(doc.blocks) == 2
    assert "utilize" not in doc.blocks[1].text


def test_positions_with_crlf_tabs_emoji_and_cjk():
    source = "# T\r\n\r\n\t中文 🎉 word\r\n"
    index = LineIndex(source)
    offset = source.index("word")
    assert index.position(offset) == (2, 6)  # code points: tab, 2 CJK, space, emoji, space
    assert index.line_text(2) == "\t中文 🎉 word"


def sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize("text, count", [
    ("Use e.g. Adam, i.e. the default. Then stop.", 2),
    ("It is 3e-4 for Adam, hands down. Strap in.", 2),
    ("We moved to v2.0 of GPT-4o today. Nice.", 2),
    ("Dr. Smith vs. Mr. Jones. Who wins?", 2),
    ("We use pip, conda, etc. You spin up a box.", 2),
    ("We use pip, conda, etc. and then stop.", 1),
    ("Wait... it works. Really!", 2),
    ("See https://x.com/a.b for more. Done.", 2),
    ("Congrats on the release!! 🎉 More soon.", 2),
    ("no. people misunderstand chinchilla.\nchinchilla doesn't tell you the point.", 3),
    ("A short line\nanother short line", 2),
    ("This is a long hard-wrapped line of prose that goes on and on and\ncontinues on the next line.", 1),
])
def test_sentence_splitting(text, count):
    assert len(sentences(text)) == count, sentences(text)


def test_emoji_does_not_become_a_sentence():
    found = sentences("Ship it! 🚀")
    assert found == ["Ship it! 🚀"]


@settings(deadline=None)  # a slow CI machine must not turn a pause into a failure
@given(st.text(alphabet=st.sampled_from(list("aZ09_'-. ,!?\n\t")), max_size=40))
def test_ascii_word_count_takes_a_faster_path_with_the_same_result(text):
    assert count_words(text) == len(WORD.findall(text))


@settings(deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_word_count_agrees_with_the_word_regex_on_every_ascii_character(text):
    assert count_words(text) == len(WORD.findall(text))


def _count_by_regex(text: str) -> int:
    """count_words as the regexes define it: WORD's matches, a CJK character counting as a word."""
    from vibelint.text.prose import _CJK

    return sum(len(_CJK.findall(w)) or 1 for w in WORD.findall(text))


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=127), st.sampled_from(list("’‘“”…—–\xa0éü中ー😅\u200d"))),
               max_size=60))
def test_curly_quotes_dashes_and_ellipses_keep_a_paragraph_on_the_ascii_word_paths(text):
    """A paragraph whose only non-ASCII characters are typography (’ “ … — and the like) is counted and split
    into words as ASCII, the right single quote as an apostrophe: the same counts and words as the regexes."""
    from vibelint.text.prose import SIMPLE_WORD, simple_words

    assert count_words(text) == _count_by_regex(text)
    assert simple_words(text.lower()) == SIMPLE_WORD.findall(text.lower())


@settings(deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_an_ascii_paragraphs_word_set_takes_a_faster_path_with_the_same_words(text):
    from vibelint.text.prose import SIMPLE_WORD, Block

    assert Block("paragraph", 0, text).word_set == frozenset(SIMPLE_WORD.findall(text.lower()))


_URL_PIECES = st.sampled_from(["://", "www.", "WWW.", "@", ".com", ".COM", ".Md", ".py", ".io", "x", "_", "1", " ", ".",
                                "\x1c", "\x0b", "\t", "\n", "é", "K", "http", "FTP", "/", "-", "<", '"', "+", ",", ")"])


@settings(deadline=None, max_examples=300)
@example("see a.COM_ and b.md")
@example("http://a.b\x1cc and x\x0by.com/p\x1fq")
@given(st.one_of(st.lists(_URL_PIECES, max_size=14).map("".join), st.text(alphabet=st.characters(max_codepoint=127))))
def test_an_ascii_paragraphs_url_masking_takes_a_faster_path_with_the_same_answer(text):
    """On ASCII text the hint is substring tests and a stdlib ``re``, and the URL scan a stdlib ``re``:
    the same answer and the same spans as the ``regex`` patterns every other paragraph uses."""
    from vibelint.text import masking

    assert masking.may_hold_url(text) == (masking._URL_HINT.search(text) is not None)
    spans = [m.span() for m in masking.url_pattern(text).finditer(text)]
    assert spans == [m.span() for m in masking._URL.finditer(text)]


_WIDE_URL_PIECES = st.one_of(_URL_PIECES, st.sampled_from(["\xa0", "\u2028", "\x85", "\u3000", "’", "ü.com", "é@x.io"]))


@settings(deadline=None, max_examples=500)
@example("a.com b c.org")
@example("x y@z.io\xa0see http://a.b/c. And www.Q.md")
@given(st.one_of(st.lists(_WIDE_URL_PIECES, max_size=16).map("".join), st.text(max_size=40)))
def test_the_url_scan_reads_only_the_window_around_its_hints_and_finds_the_same_spans(text):
    """A paragraph's URLs are looked for only from its first hint's run of non-space characters to its
    last one's: the spans are those of a scan of the whole paragraph, ASCII or not."""
    from vibelint.text import masking

    if not masking.may_hold_url(text):
        return
    start, end = masking.url_window(text)
    assert [m.span() for m in masking.url_pattern(text).finditer(text, start, end)] == \
        [m.span() for m in masking._URL.finditer(text)]


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\r\n\x0c\u2028 ")), max_size=40))
def test_line_starts_break_at_crlf_cr_and_lf_only(text):
    import re

    assert LineIndex(text).starts == [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


# a paragraph's word count is taken without splitting it into sentences (rules skip short paragraphs on
# it), so it must equal the sum of its sentences' counts: no sentence boundary falls inside a word
_PIECES = st.sampled_from(["word", "e.g.", "U.S.", "3.5", "don't", "it’s", "a-b", "。", "大模型", "…", "?!", ".", "'", "”",
                           ")", " ", "  ", "\n", "\n\n", "x.y", "Dr.", "etc.", "No. 5", "🙂", "ÉCOLE", "naïve", "—"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_a_block_word_count_is_the_sum_of_its_sentences(text):
    assert count_words(text) == sum(s.words for s in split_sentences(text))


def test_block_words_need_no_sentence_split():
    block = parse("We trained it. Then it diverged, e.g. at step 40k!\n").blocks[0]
    assert block.words == 10 and block._sentences is None
    assert len(block.sentences) == 2 and block.words == 10


@pytest.mark.parametrize(("text", "lang"), [
    ("我用 Python 写了一个 tokenizer", "zh"),  # more Han characters than Latin words
    ("We shipped 新功能 today", "en"),
    ("大语言模型", "zh"),
    ("これは日本語です", "en"),  # kana: Japanese is not Chinese
    ("日本語の文章を書く", "en"),  # kanji with a little hiragana
    ("", "en"),
    ("plain English only", "en"),
])
def test_a_sentence_is_chinese_with_more_han_than_latin_words_and_no_kana(text, lang):
    from vibelint.text.script import sentence_language

    assert sentence_language(text) == lang


def test_the_draft_language_leaves_code_and_urls_out():
    from vibelint.text.script import draft_language

    assert draft_language("We use it.\n\n```\n大语言模型大语言模型\n```\n") == "en"
    assert draft_language("我们用 `some_long_function_name()` 来训练大语言模型。\n") == "zh"
    assert draft_language("我们的模型\n\nhttps://example.com/a/b/c/d/e/f\n") == "zh"


_PIECES = ["我们", "模型", "the ", "code ", "`x y`", "```\n大语言\n```\n", "~~~\n中\n~~~", "~", "<!-- 中文 -->",
           "https://a.b/中文 ", "http", "h", "<", "`", "\n", "の", "カ", "word-word ", "<b>", "。", "a", "中"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30))
@example(["<b>", "中"]).via("a tag's name is not a prose word")
@example(["`x y`", "模型"]).via("nor is inline code")
@example(["https://a.b/中文 ", "the "]).via("nor a URL")
@example(["~~~\nx y\n~~~", "模型"]).via("nor a fenced block")
@settings(max_examples=1000, deadline=None)
def test_the_draft_language_shortcut_answers_as_blanking_the_whole_draft_does(pieces):
    """An English draft with a few Han characters is decided from its first words, before anything
    non-prose could start; every draft must get the answer the whole-draft definition gives."""
    from vibelint.text.script import _NOT_PROSE, draft_language, sentence_language

    source = "".join(pieces)
    expected = "en" if source.isascii() else sentence_language(_NOT_PROSE.sub(" ", source))
    assert draft_language(source) == expected


@settings(deadline=None, max_examples=400)
@given(st.text(alphabet=st.sampled_from(list("aZé中. \n!?'’)e.g")), max_size=40), st.integers(0, 40))
def test_the_word_before_a_dot_is_read_backwards_with_the_same_result(text, at):
    """The abbreviation check reads the word before a dot backwards from it (``regex.REVERSE``): the same
    span as the forward search it replaced, from the 24 characters before the dot."""
    import regex

    from vibelint.text.sentences import _WORD_BEFORE

    text = text[:at] + "." + text[at:]
    at = min(at, len(text) - 1)
    forward = regex.compile(r"([\p{L}\.]+)\.$").search(text, max(0, at - 24), at + 1)
    backward = _WORD_BEFORE.search(text, max(0, at - 24), at + 1)
    assert (forward and forward.span(1)) == (backward and backward.span(1))
