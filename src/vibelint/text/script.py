"""Which language a piece of prose is in, and a block seen by one language's rules.

Chinese and English share many drafts: a Chinese blog post names English tools, an English
post quotes a Chinese sentence. Each rule pack reads its own script. A rule file says which
(``lang = "en"`` or ``"zh"``); a sentence is Chinese when it holds more Han characters
than Latin words, and no kana ("我用 Python 写了一个 tokenizer" is Chinese; "We shipped 新功能
today" is English). A rule then sees its block with the other language's sentences blanked
to spaces, so every offset still points at the source and a Chinese sentence's 60 characters
never count as 60 English words.

The draft's language (for messages and labels) is read from its text the same way, over the
whole file with code blocks, inline code and URLs left out.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import regexes
from .prose import HAN, Block, Sentence

_KANA = regexes.compile(r"[\p{Hiragana}\p{Katakana}]")
_LATIN_WORD = regexes.compile(r"[A-Za-z][A-Za-z'’\-]*")
_NOT_PROSE = regexes.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)|`[^`\n]*`|<!--.*?-->|https?://\S+|<[^>\n]*>",
                           regex.DOTALL)
_NOT_PROSE_STARTS = ("`", "~", "<", "http")  # every match of _NOT_PROSE starts with one of these
LANGS = ("en", "zh")


def han_count(text: str) -> int:
    """Han characters: the length measure for Chinese (what "per 1,000 characters" counts)."""
    return len(HAN.findall(text))


def sentence_language(text: str) -> str:
    """"zh" when the text has more Han characters than Latin words and no kana (Japanese is not Chinese)."""
    han = han_count(text)
    if not han:
        return "en"
    for latin, _ in enumerate(_LATIN_WORD.finditer(text), 1):  # stop counting once the Latin words are as many
        if latin >= han:
            return "en"
    # kana last: its scan reads the whole text, and an English draft quoting a few Han characters
    # (re-read on every keystroke in an editor) is decided above without it
    return "en" if _KANA.search(text) else "zh"


@lru_cache(maxsize=1)  # asked by the lint and again by the report, of the same text (5 ms a megabyte each)
def draft_language(source: str) -> str:
    """The language of a whole draft, for its messages: code, comments and URLs do not count."""
    if source.isascii():
        return "en"
    bound = han_count(source)  # at least as many as the prose holds
    if not bound:  # no Han character: English whatever the rest
        return "en"
    # an English draft quoting a few Han characters (re-read on every keystroke in an editor): when the
    # first ``bound`` Latin words come before anything non-prose could start, they are prose, and
    # outnumber the prose's Han characters; the answer is the one below, without blanking 60 KB
    for n, word in enumerate(_LATIN_WORD.finditer(source), 1):
        if n >= bound:
            head = source[:word.end()]
            if not any(mark in head for mark in _NOT_PROSE_STARTS):
                return "en"
            break
    return sentence_language(_NOT_PROSE.sub(" ", source))


def language_view(block: Block, lang: str) -> Block | None:
    """``block`` as a rule of ``lang`` reads it: the other language's sentences blanked, offsets kept.

    None when nothing is left (an English paragraph for a Chinese rule). A block with no Han
    character is returned as it is for English rules: English drafts are linted exactly as before.
    """
    text = block.text
    if not block.has_han:
        return block if lang == "en" else None
    langs = [sentence_language(text[s.start:s.end]) for s in block.sentences]
    if all(x == lang for x in langs):
        return block
    chars = list(text)
    keep: list[Sentence] = []
    pos = 0
    for s, x in zip(block.sentences, langs, strict=True):
        _blank(chars, pos, s.start)
        if x == lang:
            keep.append(s)
        elif lang == "en":
            # a Latin word inside a Chinese sentence is still English ("我们要 leverage 这个"): keep the
            # Latin words and numbers, blank the rest; the sentence counts only those words
            latin = _LATIN_OR_NUMBER.findall(text, s.start, s.end)
            _blank(chars, s.start, s.end, keep=_LATIN_OR_NUMBER)
            if latin:
                keep.append(Sentence(s.start, s.end, len(latin)))
        else:
            _blank(chars, s.start, s.end)
        pos = s.end
    _blank(chars, pos, len(text))
    if not keep:
        return None
    view = Block(block.kind, block.start, "".join(chars), level=block.level)
    view._sentences = keep  # the same sentences, at the same offsets
    return view


_LATIN_OR_NUMBER = regexes.compile(r"[A-Za-z0-9][A-Za-z0-9_'’\-.]*[A-Za-z0-9]|[A-Za-z0-9]")


def _blank(chars: list[str], start: int, end: int, keep: regex.Pattern | None = None) -> None:
    """Spaces over chars[start:end] (line breaks kept), except what ``keep`` matches."""
    kept = ({i for m in keep.finditer("".join(chars[start:end])) for i in range(start + m.start(), start + m.end())}
            if keep else set())
    for i in range(start, end):
        if chars[i] not in "\r\n" and i not in kept:
            chars[i] = " "
