"""Which plain strings every match of a regex must contain, so most paragraphs skip its scan.

A small reader of regex syntax: literal runs and groups count, lookarounds, classes and escapes
are skipped and never trusted.
"""

from __future__ import annotations

import regex

from .. import regexes

COMMON_WORDS = frozenset(
    "a an the and or but of in on at to for from by with without as is are was were be been being it its "
    "it's this that these those there their they them we our you your i me my he she his her not no do does "
    "did have has had will would can could should may might must so than then up down out over into about "
    "s t ll re ve d just very more most much many some any all one new make made get got take way world today".split()
)


_LITERAL = regexes.compile(r"(?:[a-z0-9'’]|\\x27)+", regex.IGNORECASE)  # letters, digits, apostrophes
_OPTIONAL = ("?", "*", "{")
_NEVER = ("(*FAIL)", "(*F)")  # backtracking verbs that make a branch fail


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lowercase strings one of which every match of ``pattern`` must contain, or None if unknown.

    The pattern is read as a sequence of literal runs and groups; each non-optional one gives a
    set of strings a match must contain one of, and the set with the least common, longest
    strings wins: ``\\bthe\\s+majority\\s+of`` gives ("majority",), ``\\b(?:will|\\x27ll|(?:is|are)
    \\s+going)`` gives ("'ll", "going", "will"). A block whose lowercase text contains none of
    them skips the regex scan. Lookarounds, classes and escapes are skipped, never trusted.
    """
    found = _required(pattern)
    return tuple(sorted(found)) if found else None


def required_literal_sets(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Every set of strings a match must contain one of, for a prefilter that wants them all.

    ``required_literals`` is the best of these; the others are those free of common words (a set
    with "the" or "it" in it rules out almost no paragraph, and costs a search). A paragraph that
    lacks any set cannot hold a match: ``\\bthe\\s+end\\s+of\\s+(?:coding|work)`` needs "end" and
    one of "coding", "work". Empty: nothing is known, always run.
    """
    best = _required(pattern)
    if not best:
        return ()
    sets = [best] if len(_split_top_level(pattern)) > 1 else _candidates(pattern)
    # a set with a string of one or two letters ("e" of navigat(?:e|es|ed|ing)) rules out no paragraph either
    rest = [found for found in sets if found != best and not found & COMMON_WORDS and min(map(len, found)) > 2]
    return tuple(tuple(sorted(found)) for found in [best, *rest])


def _required(body: str) -> set[str] | None:
    # a branch that ends in (*FAIL) never matches (it only steers the search, e.g. (*SKIP)(*FAIL)): it needs nothing
    alternatives = [a for a in _split_top_level(body) if not a.rstrip().endswith(_NEVER)]
    if not alternatives:  # it never matches: nothing to know (the regex runs, and finds nothing)
        return None
    if len(alternatives) > 1:
        each = [found for a in alternatives if (found := _required(a))]
        return set().union(*each) if len(each) == len(alternatives) else None  # every branch must need one
    return _best(_candidates(alternatives[0]))


# (?:...), (?i:...), (?-i:...): a group with flags of its own; not verbose (x), whose comments are not text
_SCOPED_FLAGS = regexes.compile(r"\?[imsuafL]*(?:-[imsuafL]+)?:")


def _candidates(body: str) -> list[set[str]]:
    """A set per literal run or group of a branch without top-level alternatives (each a set of
    strings a match must contain one of); a branch with alternatives gives the one set of ``_required``."""
    if len(_split_top_level(body)) > 1:
        found = _required(body)
        return [found] if found else []
    candidates: list[set[str]] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "(":
            end = _group_end(body, i)
            if end is None:
                return candidates
            inner = body[i + 1:end]
            optional = body[end + 1:end + 2] in _OPTIONAL
            i = end + 1
            scoped = _SCOPED_FLAGS.match(inner) if inner.startswith("?") else None
            if scoped:  # (?:...) or (?-i:...): case only narrows a match, and literals are compared lowercase
                inner = inner[scoped.end():]
            elif inner.startswith(("?", "*")):  # lookaround, inline flags, named group, (*SKIP)-like verb: skip
                continue
            found = None if optional else _required(inner)
            if found:
                candidates.append(found)
            continue
        if ch == "[":
            i = _class_end(body, i) + 1
            continue
        m = _LITERAL.match(body, i)
        if m:
            literal = m.group().replace("\\x27", "'")
            if body[m.end():m.end() + 1] in _OPTIONAL:
                literal = literal[:-1]  # the last character is optional
            if literal:
                candidates.append({literal.lower()})
            i = m.end()
            continue
        if ch == "{":  # a quantifier's counts are not text
            close = body.find("}", i)
            i = close + 1 if close > 0 else len(body)
        elif ch == "\\":
            i = _escape_end(body, i)
        else:
            i += 1
    return candidates


def _escape_end(body: str, start: int) -> int:
    """Where an escape ends: \\s, \\x27, \\u2019, \\p{L}, \\N{...}, and the backreference \\g<name>
    (whose name is no text: read as one, "(?P<w>\\w+)\\s+\\g<w>" needed a "w" in the paragraph)."""
    kind = body[start + 1:start + 2]
    if kind in ("p", "P", "N", "x") and body[start + 2:start + 3] == "{":
        close = body.find("}", start)
        return close + 1 if close > 0 else len(body)
    if kind == "g" and body[start + 2:start + 3] == "<":
        close = body.find(">", start)
        return close + 1 if close > 0 else len(body)
    return start + {"x": 4, "u": 6, "U": 10}.get(kind, 2)


def _best(candidates: list[set[str]]) -> set[str] | None:
    """The set whose words are least likely to be in every paragraph: uncommon, then long."""
    def rank(found: set[str]) -> tuple[bool, int]:
        return all(w not in COMMON_WORDS for w in found), min(len(w) for w in found)
    return max(candidates, key=rank) if candidates else None


def _group_end(body: str, start: int) -> int | None:
    depth, i = 0, start
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(body, i) + 1
            continue
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i
        i += 1
    return None


def _class_end(body: str, start: int) -> int:
    i = start + 1
    if body[i:i + 1] == "^":
        i += 1
    if body[i:i + 1] == "]":
        i += 1
    while i < len(body) and body[i] != "]":
        i += 2 if body[i] == "\\" else 1
    return i


def _split_top_level(group: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(group):
        ch = group[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(group, i) + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(group[start:i])
            start = i + 1
        i += 1
    parts.append(group[start:])
    return parts
