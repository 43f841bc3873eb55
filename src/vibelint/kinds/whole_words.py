"""Which whole words every match of a regex must contain: a tighter prefilter for ASCII paragraphs.

``literals.required_literal_sets`` knows that ``\\b(?:ai|agi)\\s+will`` needs "ai" or "agi" somewhere
in the lowercase paragraph. "said" and "again" hold "ai", so that regex still ran on a third of the
benchmark's paragraphs and found nothing in any. This reader also knows where the words stop: "ai"
sits between ``\\b`` and ``\\s+``, so a match holds it as a whole word, and a paragraph whose words
(``Block.word_set``) have neither "ai" nor "agi" cannot match.

Only for ASCII paragraphs. There a run of ASCII letters and digits with a non-word character (or the
text's edge) on each side is exactly one of ``SIMPLE_WORD``'s words. In other text, a character such
as "²" is no word character for ``\\b`` but a number for ``SIMPLE_WORD``, and case folding pairs ASCII
letters with others ("K", the Kelvin sign).

Sound by construction: syntax this reader does not know counts as "any character, maybe a letter",
which never gives a word. A test checks every shipped pattern's words against its matches.
"""

from __future__ import annotations

from .. import regexes
from .literals import _NEVER, COMMON_WORDS, _class_end, _escape_end, _group_end, _split_top_level

# Atoms of a pattern, by what they say about word boundaries next to them:
_WORD = "c"  # one ASCII letter or digit
_OPTIONAL_WORD = "?"  # one optional ASCII letter or digit (the "s" of "llms?")
_NON_WORD = "b"  # consumes at least one character that is no word character (space, punctuation, \s)
_EDGE = "z"  # zero-width, and no word character on one side: \b, \m, \M, ^, $, \A, (?<!\w), (?!\w)
_SAME = "t"  # zero-width and says nothing (lookarounds, \K, verbs), or an optional non-word character
_ANY = "o"  # anything else: may be a word character

# characters outside ASCII that are no word characters and fold to no ASCII letter
_NON_WORD_UNICODE = frozenset("’‘“”–—‐‑…\u00a0")
_ESCAPED_NON_WORD = frozenset("stnrfv")  # \s, \t, \n, \r, \f, \v
_ZERO_WIDTH_EDGES = frozenset("bmMAZz")
_QUANTIFIER = regexes.compile(r"(?:[?*+]|\{(?=,?\d)(\d*)(,?)(\d*)\})[?+]?")
_NAMED = regexes.compile(r"\?P?<[A-Za-z_]\w*>")
_SCOPED = regexes.compile(r"\?[imsuafL]*(?:-[imsuafL]+)?:")
_INLINE_FLAGS = regexes.compile(r"\?[imsuafL]*(?:-[imsuafL]+)?")
# flags that change what a pattern's text means (verbose: spaces and # are not text) or what \b is
_UNREADABLE_FLAGS = regexes.compile(r"\(\?\^?[a-zA-Z0-9]*[xwV]")


class _Atom:
    """One piece of a pattern: a character, a class, an escape, a zero-width assertion or a group.
    (A plain class: a dataclass is made by ``exec`` when the module loads; as one, it cost a 5 KB run about
    4 M instructions when this module was still imported on every run.)"""

    __slots__ = ("alternatives", "char", "kind", "optional", "repeated")

    def __init__(self, kind: str, char: str = "", alternatives: tuple[str, ...] = (), optional: bool = False,
                 repeated: bool = False):
        self.kind = kind
        self.char = char  # for _WORD and _OPTIONAL_WORD
        self.alternatives = alternatives  # for a group
        self.optional = optional  # a group that may match nothing
        self.repeated = repeated  # a group that may match more than once


def required_word_sets(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of lowercase ASCII words; an ASCII paragraph holding no word of one of them has no match.
    Most telling sets first (no common word, longest shortest word). Empty: nothing is known."""
    if _UNREADABLE_FLAGS.search(pattern):
        return ()
    sets = _alternatives_sets(_split_top_level(pattern), False, False)
    sets.sort(key=_rank, reverse=True)
    return tuple(frozenset(found) for found in sets[:4])


def _rank(found: set[str]) -> tuple[bool, int]:
    return all(w not in COMMON_WORDS for w in found), min(len(w) for w in found)


def _alternatives_sets(branches: list[str] | tuple[str, ...], left: bool, right: bool) -> list[set[str]]:
    """The sets a match of one of ``branches`` (a pattern's or a group's alternatives) needs; ``left``: no word
    character can come just before it (when it starts with one), ``right``: likewise just after."""
    alternatives = [a for a in branches if not a.rstrip().endswith(_NEVER)]
    if not alternatives:
        return []
    if len(alternatives) == 1:
        return _sequence_sets(_atoms(alternatives[0]), left, right)
    best = []
    for alternative in alternatives:
        sets = _sequence_sets(_atoms(alternative), left, right)
        if not sets:
            return []  # a branch that needs no word: the whole needs none
        best.append(max(sets, key=_rank))
    return [set().union(*best)]


def _sequence_sets(atoms: list[_Atom] | None, left: bool, right: bool) -> list[set[str]]:
    if atoms is None:
        return []
    n = len(atoms)
    # edge_before[k]: if atom k starts with a word character, none comes before it; edge_after[k]: if
    # atom k-1 ends with a word character, none comes after it
    edge_before = [left] * (n + 1)
    for k, atom in enumerate(atoms):
        edge_before[k + 1] = _past(atom, edge_before[k], forward=True)
    edge_after = [right] * (n + 1)
    for k in range(n - 1, -1, -1):
        edge_after[k] = _past(atoms[k], edge_after[k + 1], forward=False)
    sets: list[set[str]] = []
    k = 0
    while k < n:
        atom = atoms[k]
        if atom.kind == _WORD:
            end = k
            while end < n and atoms[end].kind == _WORD:
                end += 1
            word = "".join(a.char for a in atoms[k:end])
            if edge_before[k] and edge_after[end]:
                sets.append({word})
            elif (edge_before[k] and end < n and atoms[end].kind == _OPTIONAL_WORD
                  and edge_after[end + 1]):
                sets.append({word, word + atoms[end].char})
            k = end
            continue
        if atom.alternatives and not atom.optional:
            if atom.repeated:  # the neighbours of an inner word may be the group's own other rounds
                sets.extend(_alternatives_sets(atom.alternatives, False, False))
            else:
                sets.extend(_alternatives_sets(atom.alternatives, edge_before[k], edge_after[k + 1]))
        k += 1
    return sets


def _past(atom: _Atom, value: bool, forward: bool) -> bool:
    """An edge flag carried past ``atom``: edge_before from its start to its end (``forward``), or
    edge_after from its end to its start; the two read the same atoms the same way, mirrored."""
    if atom.alternatives:
        start = False if atom.repeated else value
        inside = all(_through(alt, start, forward) for alt in atom.alternatives)
        return value and inside if atom.optional else inside
    return {_NON_WORD: True, _EDGE: True, _SAME: value}.get(atom.kind, False)


def _through(alternative: str, value: bool, forward: bool) -> bool:
    atoms = _atoms(alternative)
    if atoms is None:
        return False
    for atom in atoms if forward else reversed(atoms):
        value = _past(atom, value, forward)
    return value


def _atoms(body: str) -> list[_Atom] | None:
    """The atoms of a sequence without top-level alternatives; None: unreadable."""
    atoms: list[_Atom] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "(":
            end = _group_end(body, i)
            if end is None:
                return None
            atom = _group(body[i + 1:end])
            i = end + 1
        elif ch == "[":
            end = _class_end(body, i)
            if end >= len(body):
                return None
            atom = _class(body[i + 1:end])
            i = end + 1
        elif ch == "\\":
            end = _escape_end(body, i)
            atom = _escape(body[i:end])
            i = end
        elif ch == "{":  # not a count (that went with the atom before): a fuzzy constraint, {e<=1}, or a brace
            return None
        else:
            atom = _char(ch)
            i += 1
        low, high, i = _quantifier(body, i)
        atoms.append(_quantified(atom, low, high))
    return atoms


def _quantifier(body: str, i: int) -> tuple[int, int | None, int]:
    """(least, most or None for no limit, where the quantifier ends): (1, 1, i) when there is none."""
    m = _QUANTIFIER.match(body, i)
    if m is None:
        return 1, 1, i
    q = m.group()
    if q[0] == "?":
        return 0, 1, m.end()
    if q[0] == "*":
        return 0, None, m.end()
    if q[0] == "+":
        return 1, None, m.end()
    low = int(m.group(1) or 0)
    high = None if m.group(2) and not m.group(3) else int(m.group(3) or m.group(1) or 0)
    return low, high, m.end()


def _quantified(atom: _Atom, low: int, high: int | None) -> _Atom:
    if low == 1 and high == 1:
        return atom
    if atom.alternatives:
        return _Atom(_ANY, alternatives=atom.alternatives, optional=low == 0, repeated=high != 1)
    if atom.kind == _WORD:
        return _Atom(_OPTIONAL_WORD, atom.char) if (low, high) == (0, 1) else _Atom(_ANY)
    if atom.kind == _NON_WORD:
        return _Atom(_SAME) if low == 0 else atom
    if atom.kind in (_EDGE, _SAME):
        return _Atom(_SAME)
    return _Atom(_ANY)


def _char(ch: str) -> _Atom:
    if ch.isascii():
        if ch.isalnum():
            return _Atom(_WORD, ch.lower())
        if ch in "^$":
            return _Atom(_EDGE)
        if ch in "._":  # any character; the underscore is a word character
            return _Atom(_ANY)
        return _Atom(_NON_WORD)
    return _Atom(_NON_WORD) if ch in _NON_WORD_UNICODE else _Atom(_ANY)


def _escape(escape: str) -> _Atom:
    kind = escape[1:2]
    if kind in _ZERO_WIDTH_EDGES:
        return _Atom(_EDGE)
    if kind in ("K", "G"):
        return _Atom(_SAME)
    if kind in _ESCAPED_NON_WORD:
        return _Atom(_NON_WORD)
    if kind in ("x", "u", "U") and escape[2:3] != "{":
        try:
            return _char(chr(int(escape[2:], 16)))
        except ValueError:
            return _Atom(_ANY)
    if len(escape) == 2 and kind.isascii() and not kind.isalnum() and kind != "_":
        return _Atom(_NON_WORD)  # an escaped punctuation mark: \- \. \'
    return _Atom(_ANY)


def _class(inner: str) -> _Atom:
    """A character class: non-word if every member surely is no word character."""
    if inner.startswith("^") or "[" in inner:
        return _Atom(_ANY)
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch == "\\":
            end = _escape_end(inner, i)
            if _escape(inner[i:end]).kind != _NON_WORD:
                return _Atom(_ANY)
            i = end
            continue
        if ch == "-" and 0 < i < len(inner) - 1:
            return _Atom(_ANY)  # a range
        if _char(ch).kind != _NON_WORD:
            return _Atom(_ANY)
        i += 1
    return _Atom(_NON_WORD)


def _group(inner: str) -> _Atom:
    if inner.startswith(("?<!", "?!")):
        guarded = inner[3:] if inner.startswith("?<!") else inner[2:]
        # (?<!\w) and (?![\w-]): no word character on that side
        if guarded == "\\w" or (guarded.startswith("[\\w") and _class_end(guarded, 0) == len(guarded) - 1):
            return _Atom(_EDGE)
        return _Atom(_SAME)
    if inner.startswith(("?=", "?<=", "?#", "*")):
        return _Atom(_SAME)
    if inner.startswith(("?(", "?R", "?&", "?P>", "?P=")) or (inner[1:2].isdigit() and inner.startswith("?")):
        return _Atom(_ANY)
    if inner.startswith("?"):
        for opener in ("?:", "?>", "?|"):
            if inner.startswith(opener):
                return _Atom(_ANY, alternatives=tuple(_split_top_level(inner[len(opener):])))
        named = _NAMED.match(inner)
        if named:
            return _Atom(_ANY, alternatives=tuple(_split_top_level(inner[named.end():])))
        scoped = _SCOPED.match(inner)
        if scoped:
            return _Atom(_ANY, alternatives=tuple(_split_top_level(inner[scoped.end():])))
        if _INLINE_FLAGS.fullmatch(inner):
            return _Atom(_SAME)  # inline flags for the rest: case is compared lowercase anyway
        return _Atom(_ANY)
    return _Atom(_ANY, alternatives=tuple(_split_top_level(inner)))
