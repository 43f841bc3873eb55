"""Title case and sentence case as Vale converts them (the ``strcase`` package of jdkato/twine
v0.10.1, which Vale's ``capitalization`` check calls), so a Vale style judges a heading here as
it does under Vale.

What Vale's converters do, and so what these do:

- a *vocab* (the rule's ``exceptions`` plus the ``.vale.ini``'s accepted words) is matched
  first, so a multi-word entry ("Axon Server") is one token and keeps its spelling;
- a ``prefix`` regex ("a. ") is cut off before converting and put back as written;
- sentence case capitalizes the first word and the word after an *indicator* (a word ending in
  one of ``indicators``, or a numbered-list marker like "8." as the first word), lowercases the
  rest, and joins the tokens with single spaces;
- title case capitalizes each word's first letter (the rest is kept) except small words
  (AP: articles, short conjunctions and prepositions; Chicago: also every listed preposition),
  which stay lowercase unless first or last, after ':' or around a hyphen.

Vale decides AP's "to" with a part-of-speech tagger ("to" before a noun stays lowercase, an
infinitive's "To" is capitalized). vibelint has no tagger: a capitalized next word (not an
article or pronoun) counts as a noun.
"""

from __future__ import annotations

import regex

from .. import regexes

WORD = r"[\p{N}\p{L}*]+\S*"  # Vale's word token: punctuation stays on its word
_SPLIT = regexes.compile(r"[\p{N}\p{L}]+[^\s\-/]*")  # the title converter's word (stops at - and /)
_NUMBER_LIST = regexes.compile(r"\d+\.")
_SANITIZE = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-"})
_SMALL = {"a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or", "per", "the",
          "to", "vs", "vs.", "via", "v", "v."}
_PREPOSITIONS = {
    "with", "from", "into", "during", "including", "until", "against", "among", "throughout", "despite", "towards",
    "upon", "concerning", "about", "over", "through", "before", "between", "after", "since", "without", "under",
    "within", "along", "following", "across", "beyond", "around", "down", "near", "above"}
_NOT_NOUNS = {"the", "a", "an", "this", "that", "these", "those", "my", "your", "our", "their", "his", "her", "its",
              "it", "you", "we", "they", "he", "she", "i", "be"}


def scoped(term: str, fold: bool) -> str:
    """One vocab term as its own group. Vale puts ``(?-i)`` before every term without ``(?i)``, so
    each term keeps its own case rule inside one alternation."""
    if term.startswith("(?i)"):
        return f"(?i:{term[4:]})"
    return f"(?i:{term})" if fold else f"(?-i:{term})"


def alternation(terms: list[str], fold: bool) -> str:
    """``\\b(?:t1|t2)\\b``, longest term first (Vale sorts for greedy alternation), or ''."""
    ordered = sorted((t for t in terms if t), key=len, reverse=True)
    return r"\b(?:" + "|".join(scoped(t, fold) for t in ordered) + r")\b" if ordered else ""


class Vocab:
    """The converter's vocabulary. ``folds_case``: an entry equal to a word but for case gives the
    entry's spelling, and entries tokenize case-insensitively. Vale loses both when the rule's
    exceptions get its ``(?-i)`` prefix in place, which happens unless the ``.vale.ini``'s accepted
    words were added to them (a Go slice aliasing detail, kept so results match)."""

    def __init__(self, terms: list[str], folds_case: bool):
        self.terms = sorted((t for t in terms if t), key=len, reverse=True)
        self.folds_case = folds_case
        self.searches: list[tuple[str, regex.Pattern | None]] = []
        for term in self.terms:
            try:
                self.searches.append((term, regex.compile(scoped(term, False))))
            except regex.error:
                self.searches.append((term, None))
        body = alternation(self.terms, folds_case)
        self.tokens = regex.compile(f"{body}|{WORD}" if body else WORD)

    def lookup(self, word: str) -> str:
        """twine's ``inVocab``: the entry's spelling for an equal word, the word itself when an
        entry (a regex) occurs in it, else ''."""
        for term, pattern in self.searches:
            if self.folds_case and term.lower() == word.lower():
                return term
            if pattern is not None and pattern.search(word):
                return word
        return ""


def cut_prefix(prefix: regex.Pattern | None, text: str) -> tuple[str, str]:
    """(prefix as written, the rest): Go's FindString then TrimPrefix."""
    if prefix is None:
        return "", text
    found = prefix.search(text)
    if not found:
        return "", text
    return found.group(), text.removeprefix(found.group())


def to_title(word: str, strict: bool) -> str:
    """twine's ``ToTitle``: the first letter in title case; with ``strict`` the rest lowercased."""
    first = word[:1].title() if len(word[:1].title()) == 1 else word[:1]
    return first + (word[1:].lower() if strict else word[1:])


def go_title(word: str) -> str:
    """Go's ``strings.Title``: a capital after every separator (anything but a letter, digit or _)."""
    out, after_separator = [], True
    for c in word:
        out.append(c.upper() if after_separator else c)
        after_separator = not (c.isalnum() or c == "_")
    return "".join(out)


def sentence_case(text: str, vocab: Vocab, indicators: list[str], prefix: regex.Pattern | None) -> str:
    head, text = cut_prefix(prefix, text)
    tokens = vocab.tokens.findall(text)
    made = []
    for i, token in enumerate(tokens):
        entry = vocab.lookup(token)
        if entry:
            made.append(entry)
        elif i == 0 or _indicator(tokens[i - 1], i - 1, indicators):
            made.append(to_title(token, True))
        else:
            made.append(token.lower())
    return head + " ".join(made)


def _indicator(word: str, index: int, indicators: list[str]) -> bool:
    return any(word.endswith(s) for s in indicators) or (index == 0 and _NUMBER_LIST.search(word) is not None)


def title_case(text: str, vocab: Vocab, chicago: bool, prefix: regex.Pattern | None) -> str:
    head, text = cut_prefix(prefix, text)
    t = text.translate(_SANITIZE).replace("\u2026", "...")
    end = len(t)
    words = [m.group() for m in _SPLIT.finditer(text)]
    out: list[str] = []
    idx = pos = last = 0
    for widx, m in enumerate(_SPLIT.finditer(text)):
        word = m.group()
        out.append(text[last:m.start()])
        last = m.end()
        small = word.lower()
        found = t.find(word, idx)
        pos = found if found >= 0 else idx - 1
        ext = len(word)
        idx = pos + ext
        entry = vocab.lookup(small)  # twine v0.10.1 looks the lowercased word up
        if entry:
            out.append(entry)
            continue
        bounding = pos == 0 or idx == end
        prev = _char_at(t, pos - 1)
        if (_ignored(small, words, widx, bounding, chicago) and prev in " -/"
                and _char_at(t, pos - 2) not in ":-" and (_char_at(t, pos + ext) != "-" or prev == "-")):
            out.append(small)
        else:
            out.append(to_title(word, False))
    out.append(text[last:])
    return head + "".join(out)


def _char_at(t: str, i: int) -> str:
    """twine's ``CharAt``: the character at i, or the first one when i is out of range."""
    return t[i] if 0 <= i < len(t) else t[:1]


def _ignored(word: str, words: list[str], index: int, bounding: bool, chicago: bool) -> bool:
    """Whether a small word stays lowercase (twine's optionsAP / optionsChicago)."""
    if chicago:
        return not bounding and (word in _SMALL or word in _PREPOSITIONS)
    if word == "to":  # AP: "to" before a noun stays lowercase; the infinitive's "To" does not
        after = words[index + 1] if index + 1 < len(words) else ""
        return after[:1].isupper() and after.lower() not in _NOT_NOUNS
    return not bounding and word in _SMALL
