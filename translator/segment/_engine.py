"""The sentence scanner: one compiled regex finds events, a small state machine decides.

Text is first cut into *units* that sentences never cross: blank lines, lines that start a
block (``#``, ``-``, ``*``, ``+``, ``1.``, ``・``, ``※``, ``>``, ``|``) and the end of a
heading line. In each unit, atoms (code, links, URLs, HTML, kaomoji...) are found by offset
and skipped; emphasis delimiters are paired. Then one pass over the events:

* openers push onto a bracket stack, closers pop to their opener (a closer with no opener
  open is ignored, so a stray ")" never unbalances anything);
* a terminator run is a *candidate* end; what attaches to it with no space (closers, a closing
  ``**``, citation markers, kaomoji, emoji, ``w``) moves the end right;
* a candidate while a bracket is open is parked on that bracket: dropped when the bracket
  closes, restored when the unit ends with the bracket still open (recovery);
* vetoes look only at the next few characters (quotatives after "！？", particles after a
  closing quote, lowercase after an English period, abbreviations before ".").

Every step is O(1) amortised per character: the stack keeps a count per opener, candidates
are moved at most once, and look-arounds are bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from translator.segment import _inline
from translator.segment._rules import SegmentRules

# Lines that begin a new unit (a list item, heading, quote, table row, note).
_BLOCK_START = re.compile(r"[ \t]*(?:#|[-*+][ \t]|\d{1,9}[.)](?:[ \t]|$)|・(?!・)|[※>|])")
_CITATION = re.compile(r"\[\^[^\[\]\s]{1,64}\]|\[\d{1,4}(?:[ ]?[,，、\-–~][ ]?\d{1,4}){0,16}\]")
_EMOJI_CLASS = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u231a\u231b\u23e9-\u23fa"
    "\u3030\u303d\u3297\u3299\ufe0e\ufe0f\u200d\u20e3\U000e0020-\U000e007f"
)
_EMOJI = re.compile(f"[{_EMOJI_CLASS}]+")
_LAUGH = re.compile(r"[wｗ]+(?![A-Za-z])")
# After a sentence end with no space between, these mean the clause goes on.
_VETO_PUNCT = frozenset("、，,：:；;―—…‥")
_SPACE = re.compile(r"\s*+")
# An HTML or JSX tag that ends right before a period ("<Math>y</Math>. Always").
_TAG_BEFORE = re.compile(r"</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>$")
# Before "1." with no space, these make it an enumerator ("…とおり。1. 電源"); other
# symbols make it a quantity that may end a sentence ("It costs $5. The").
_ENUMERATOR_AFTER = frozenset("。．！？、，：；）」』】(（[「『【・")


def _is_cjk(ch: str) -> bool:
    return (
        "\u3040" <= ch <= "\u30ff"
        or "\u3400" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\uff66" <= ch <= "\uff9f"
        or "\U00020000" <= ch <= "\U0003134f"
    )


def _is_alnum(ch: str) -> bool:
    """ASCII or full-width letter or digit (not kana/kanji, which Python also calls alnum)."""
    return (ch.isascii() and ch.isalnum()) or "０" <= ch <= "９" or "Ａ" <= ch <= "ｚ"


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9\-]*)")
_VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"]
)


def _tag(text: str, s: int, e: int) -> tuple[str, bool] | None:
    """(key, closing) for a paired inline HTML tag at text[s:e]; None for void/other."""
    m = _TAG.match(text, s, e)
    if m is None or text[e - 2] == "/":
        return None
    name = m.group(2).lower()
    if name in _VOID_TAGS:
        return None
    return f"<{name}", bool(m.group(1))


def _word_before(text: str, start: int, p: int) -> str:
    """The dotted Latin word (at most 12 characters, not before ``start``) that ends at the
    period ``text[p]``: "Inc" in "Inc.", "U.S" in "U.S."."""
    j = p - 1
    while (
        j >= start and p - j <= 12 and (text[j] == "." or (text[j].isascii() and text[j].isalpha()))
    ):
        j -= 1
    return text[j + 1 : p].lstrip(".")


def _is_emoji_start(ch: str) -> bool:
    return (
        "\U0001f000" <= ch <= "\U0001faff"
        or "\u2600" <= ch <= "\u27bf"
        or "\u2b00" <= ch <= "\u2bff"
        or ch in "\u231a\u231b\u3030\u303d\u3297\u3299"
        or "\u23e9" <= ch <= "\u23fa"
    )


# Event kinds, by the character that triggers them.
_TERM, _DOT, _OPEN, _CLOSE, _QUOTE, _EMPH, _SYMBOL = range(7)


@dataclass(frozen=True)
class _Compiled:
    trigger: re.Pattern[str]  # one character class: C scans fast between events
    kinds: dict[str, int]
    closer_to_opener: dict[str, str]
    closers: frozenset[str]
    particle: re.Pattern[str] | None  # a particle that keeps a closed quote in its clause
    terminators: frozenset[str]
    exclaims: frozenset[str]
    extra: re.Pattern[str] | None


_COMPILED: dict[int, tuple[SegmentRules, _Compiled]] = {}


def compiled(rules: SegmentRules) -> _Compiled:
    """The compiled form of ``rules``, cached by identity (hashing rules costs more)."""
    entry = _COMPILED.get(id(rules))
    if entry is not None and entry[0] is rules:
        return entry[1]
    if len(_COMPILED) > 256:
        _COMPILED.clear()
    result = _compile(rules)
    _COMPILED[id(rules)] = (rules, result)
    return result


@lru_cache(maxsize=64)
def _compile(rules: SegmentRules) -> _Compiled:
    closer_to_opener: dict[str, str] = {}
    for pair in rules.brackets:
        if len(pair) == 2 and pair[0] != pair[1] and pair[1] not in closer_to_opener:
            closer_to_opener[pair[1]] = pair[0]
    kinds: dict[str, int] = {}
    for ch in "*_~":
        kinds[ch] = _EMPH
    kinds['"'] = _QUOTE
    for closer, opener in closer_to_opener.items():
        kinds[opener] = _OPEN
        kinds[closer] = _CLOSE
    for ch in rules.terminators:
        if ch != ".":
            kinds[ch] = _TERM
    kinds["."] = _DOT
    kinds["ｗ"] = kinds["笑"] = _SYMBOL  # ASCII "w" laughter is an atom (see _inline)
    chars = re.escape("".join(sorted(kinds)))
    extra = re.compile("|".join(f"(?:{p})" for p in rules.no_break_patterns))
    particle = None
    if rules.particles:
        words = sorted(rules.particles, key=len, reverse=True)
        guard = "|".join(f"(?:{x})" for x in rules.particle_exceptions)
        particle = re.compile(
            (f"(?!{guard})" if guard else "") + "(?:" + "|".join(map(re.escape, words)) + ")"
        )
    return _Compiled(
        particle=particle,
        trigger=re.compile(f"[{chars}{_EMOJI_CLASS}]"),
        kinds=kinds,
        closer_to_opener=closer_to_opener,
        closers=frozenset(closer_to_opener),
        terminators=frozenset(rules.terminators),
        exclaims=frozenset("！？!?‼⁉⁇⁈"),
        extra=extra if rules.no_break_patterns else None,
    )


# A newline that ends a unit: before a blank line or a line that starts a block.
_UNIT_BREAK = re.compile(
    r"\n(?:[^\S\n]*+(?:\n|\Z)|[ \t]*+(?:#|[-*+][ \t]|\d{1,9}[.)](?:[ \t]|\Z|\n)|・(?!・)|[※>|]))"
)


def units(text: str, rules: SegmentRules) -> list[tuple[int, int]]:
    """(start, end) of the stretches of ``text`` that no sentence crosses."""
    out: list[tuple[int, int]] = []
    n = len(text)
    if "\n" not in text or (
        not rules.soft_wrap_is_boundary
        and not _UNIT_BREAK.search(text)
        and not text.lstrip(" \t").startswith("#")
    ):
        return [(0, n)]
    start = 0
    pos = 0
    heading = False
    every_line = rules.soft_wrap_is_boundary
    while True:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        line = text[pos:line_end]
        if not line or line.isspace():
            if pos > start:
                out.append((start, pos))
            start = line_end + 1
            heading = False
        else:
            if pos > start and (heading or every_line or _BLOCK_START.match(line)):
                out.append((start, pos))
                start = pos
            heading = line.lstrip(" \t").startswith("#")
        if nl < 0:
            break
        pos = nl + 1
    if start < n:
        out.append((start, n))
    return out


class _Unit:
    """The scan of one unit; collects break offsets into ``breaks``."""

    __slots__ = (
        "a",
        "atom_at",
        "b",
        "breaks",
        "c",
        "close_em",
        "consumed",
        "counts",
        "parked",
        "rules",
        "stack",
        "text",
    )

    def __init__(
        self, text: str, a: int, b: int, rules: SegmentRules, c: _Compiled, breaks: list[int]
    ) -> None:
        self.text = text
        self.a = a
        self.b = b
        self.rules = rules
        self.c = c
        self.breaks = breaks
        self.stack: list[str] = []  # opener keys
        # Ends found while a bracket was open: (stack depth, offset), depths non-decreasing.
        self.parked: list[tuple[int, int]] = []
        self.counts: dict[str, int] = {}
        self.consumed = a
        self.atom_at: dict[int, tuple[int, str]] = {}
        self.close_em: dict[int, tuple[int, int]] = {}

    # --- bracket stack -------------------------------------------------------------------

    def push(self, key: str) -> None:
        self.stack.append(key)
        self.counts[key] = self.counts.get(key, 0) + 1

    def pop_to(self, key: str) -> None:
        """Close the innermost ``key``: openers above it were never closed; ends parked
        inside the closed pair are dropped."""
        stack, counts = self.stack, self.counts
        while stack:
            k = stack.pop()
            counts[k] -= 1
            if k == key:
                break
        parked = self.parked
        depth = len(stack)
        while parked and parked[-1][0] > depth:
            parked.pop()

    def candidate(self, end: int) -> None:
        if self.stack and not self.rules.split_inside_quotes:
            self.parked.append((len(self.stack), end))
        else:
            self.breaks.append(end)

    # --- what attaches to a sentence end --------------------------------------------------

    def attach(self, end: int) -> tuple[int, bool]:
        text, b, c = self.text, self.b, self.c
        closed = False
        while end < b:
            ch = text[end]
            if ch in c.closers:
                opener = c.closer_to_opener[ch]
                if self.counts.get(opener):
                    self.pop_to(opener)
                    closed = True
                end += 1
                continue
            if ch == "'":
                if end + 1 >= b or text[end + 1].isspace():
                    end += 1  # "'Stop.' Then": a closing single quote
                    continue
                break
            if ch == '"':
                if self.counts.get('"'):
                    self.pop_to('"')
                    closed = True
                    end += 1
                    continue
                if end + 1 >= b or text[end + 1].isspace():
                    end += 1
                    continue
                break
            em = self.close_em.get(end)
            if em is not None:
                key = f"*{em[1]}"
                if self.counts.get(key):
                    self.pop_to(key)
                    closed = True
                end += em[0]
                continue
            if ch == "[":
                m = _CITATION.match(text, end, b)
                if m is None:
                    break
                end = m.end()
                continue
            atom = self.atom_at.get(end)
            if atom is not None:
                if atom[1] == _inline.HTML:
                    tag = _tag(text, end, atom[0])
                    if tag is not None and not tag[1]:
                        break  # an opening tag starts the next sentence
                    if tag is not None and self.counts.get(tag[0]):
                        self.pop_to(tag[0])
                        closed = True
                elif atom[1] != _inline.KAOMOJI:
                    break
                end = atom[0]
                continue
            if ch in "wｗ":
                m = _LAUGH.match(text, end, b)
                if m is None:
                    break
                end = m.end()
                continue
            if _is_emoji_start(ch) or ch in "\ufe0f\u200d":
                m = _EMOJI.match(text, end, b)
                if m is None:  # pragma: no cover - the class covers every start
                    break
                end = m.end()
                continue
            if ch in c.terminators and closed:
                end += 1  # "（詳しくは後述。）。": the sentence's own end after the aside
                continue
            if ch == "\\" and end + 1 < len(text) and text[end + 1] == "\n":
                end += 1  # a hard line break stays with the line it ends
                continue
            break
        return end, closed

    def _attachable(self, ch: str, pos: int) -> bool:
        return ch in self.c.closers or ch in "\"'[*_~" or pos in self.atom_at or _is_emoji_start(ch)

    def _next_word_lower(self, pos: int) -> bool:
        """Whether the first non-space character from ``pos`` is a lowercase ASCII letter."""
        j = _SPACE.match(self.text, pos, self.b)
        k = j.end() if j else pos
        return k < self.b and "a" <= self.text[k] <= "z"

    # --- events --------------------------------------------------------------------------

    def terminator(self, p: int, q: int, ascii_run: bool, exclaim: bool) -> None:
        """A terminator run text[p:q] (or the ASCII period text[p])."""
        text, b = self.text, self.b
        nxt = text[q] if q < b else ""
        prev = text[p - 1] if p > self.a else ""
        if nxt == "[" and text[q - 1] == "!" and _CITATION.match(text, q, b) is None:
            # "![alt][label]", "![[a](b)](c)": the "!" is Markdown's image opener; what
            # comes before it may still end the sentence ("…です。![図]…").
            q -= 1
            if q == p:
                return
            nxt = "!"
        if (
            ascii_run
            and nxt
            and not nxt.isspace()
            and not self._attachable(nxt, q)
            and ((prev.isascii() and prev.isalnum()) or nxt.isascii() or not prev)
        ):
            return  # "Yahoo!ニュース", "a!=b", "index.php?id=1": glued to a word, not an end
        end, closed = self.attach(q)
        self.consumed = end
        if end >= b:
            self.candidate(end)
            return
        ch = text[end]
        if ch.isspace():
            if ascii_run and prev.isascii() and self._next_word_lower(end):
                return  # "e.g. the", "Wow! that": an English sentence goes on
            if closed and self.c.particle is not None:
                m = _SPACE.match(text, end, b)
                if m is not None and "\n" not in m.group() and self.c.particle.match(text, m.end()):
                    return  # '"Hello." と表示される': the quote is part of the clause
            self.candidate(end)
            return
        if ch in _VETO_PUNCT:
            return
        rules = self.rules
        if closed:
            if not rules.split_after_closing_quote:
                return
            particle = self.c.particle
            if particle is not None and particle.match(text, end):
                return
        elif exclaim and rules.quotatives and text.startswith(rules.quotatives, end):
            return
        self.candidate(end)

    def period(self, p: int) -> None:
        text, a, b = self.text, self.a, self.b
        nxt = text[p + 1] if p + 1 < b else ""
        prev = text[p - 1] if p > a else ""
        if not (
            prev.isalnum()
            or prev in self.c.closers
            or prev in "*_`'’"
            or (prev == "%" and p - 1 > a and text[p - 2].isdigit())  # "rose 72%. Then"
            or (prev == '"' and not self.counts.get('"'))  # 'tap "Battery". Then'
            or (prev in "+#" and p - 1 > a and (text[p - 2].isalnum() or text[p - 2] in "+#"))
            or (prev == ">" and _TAG_BEFORE.search(text, max(a, p - 200), p) is not None)
        ):
            return  # '"."', "(.)", " . ": a period that is quoted, not an end
        if nxt and not nxt.isspace() and not self._attachable(nxt, p + 1):
            if not _is_cjk(nxt):
                return  # "2.5", "v1.2.3", "example.com", "Node.js"
            if _is_cjk(prev):
                self.terminator(p, p + 1, False, False)  # "です.次の": a Japanese-style period
            elif prev.isascii() and prev.isalnum() and not "\u3040" <= nxt <= "\u309f":
                # "…in 2020.彼は": an English sentence ends before Japanese; but "Inc.は",
                # "U.S.の" (a particle follows) and "U.S.政府" (an abbreviation) go on.
                word = _word_before(text, a, p)
                rules = self.rules
                if (
                    word in rules.abbreviations
                    or word in rules.final_abbreviations
                    or len(word.rsplit(".", 1)[-1]) == 1
                ):
                    return
                self.terminator(p, p + 1, False, False)
            return
        if prev.isascii() and prev.isalpha():
            word = _word_before(text, a, p)
            rules = self.rules
            if word in rules.abbreviations or word.lower() in rules.abbreviations:
                return
            last = word.rsplit(".", 1)[-1]
            if word in rules.final_abbreviations:
                m = _SPACE.match(text, p + 1, b)
                k = m.end() if m else p + 1
                w = re.match(r"[A-Za-z]+", text[k : k + 20])
                if w is None or w.group() not in rules.sentence_starters:
                    return
            elif len(last) == 1 and last.isupper():
                # An initial or a label ("J. R. R. Tolkien", "U.S", "Q. 料金は") unless a
                # sentence starter follows ("Plan B. The").
                m = _SPACE.match(text, p + 1, b)
                k = m.end() if m else p + 1
                w = re.match(r"[A-Za-z]+", text[k : k + 20])
                if w is None or w.group() not in rules.sentence_starters:
                    return
        elif prev.isdigit():
            j = p - 1
            while j >= a and text[j].isdigit():
                j -= 1
            if p - j <= 3 and j >= a and (_is_cjk(text[j]) or text[j] in _ENUMERATOR_AFTER):
                return  # "…とおり。1. 電源を入れる": an enumerator after a sentence
            while j >= a and text[j] in " \t":
                j -= 1
            if j < a or text[j] == "\n":
                return  # "1. " opening a line: a list marker
        self.terminator(p, p + 1, True, False)

    def clause_end(self, p: int, q: int, after_space: bool = False) -> None:
        """Kaomoji, emoji or laughter at text[p:q]: an end when whitespace follows."""
        text = self.text
        if p <= self.a or (text[p - 1].isspace() and not after_space):
            return
        end, _closed = self.attach(q)
        self.consumed = end
        if end < self.b and text[end].isspace() and not self._next_word_lower(end):
            self.candidate(end)

    def atom(self, s: int, e: int, kind: str) -> None:
        text = self.text
        if kind == _inline.KAOMOJI:
            self.clause_end(s, e, after_space=True)
            return
        if kind == _inline.HTML:
            tag = _tag(text, s, e)
            if tag is not None:
                if not tag[1]:
                    self.push(tag[0])
                elif self.counts.get(tag[0]):
                    self.pop_to(tag[0])
            return
        if kind != _inline.LINK:
            return
        k = _inline.link_text_end(text, s, e) - 1
        while k > s and text[k] in self.c.closers:
            k -= 1
        if k > s and text[k] in self.c.terminators:
            self.terminator(k, e, False, text[k] in self.c.exclaims)
        elif (
            k > s + 1
            and text[k] == "."
            and text[k - 1] != "."
            and (text[k - 1].isalnum() or text[k - 1] in "`*_)")
        ):
            word = _word_before(text, s, k)
            rules = self.rules
            if word not in rules.abbreviations and word not in rules.final_abbreviations:
                self.terminator(k, e, True, False)  # "[class components.](/ref) In"

    def run(self) -> None:
        text, a, b, c = self.text, self.a, self.b, self.c
        found = _inline.atoms(text, a, b, c.extra)
        regions: list[tuple[int, int]] = []
        pos = a
        for s, e, kind in found:
            regions.append((pos, s))
            self.atom_at[s] = (e, kind)
            pos = e
        regions.append((pos, b))
        open_em: dict[int, tuple[int, int]] = {}
        if text.find("*", a, b) >= 0 or text.find("_", a, b) >= 0 or text.find("~~", a, b) >= 0:
            open_em, self.close_em = _inline.emphasis_pairs(text, regions)
        close_em = self.close_em
        trigger, kinds, terminators = c.trigger, c.kinds, c.terminators
        counts, stack = self.counts, self.stack
        for index, (r0, r1) in enumerate(regions):
            for m in trigger.finditer(text, r0, r1):
                p = m.start()
                if p < self.consumed:
                    continue
                ch = text[p]
                event = kinds.get(ch, _SYMBOL)
                if event == _TERM:
                    q = p + 1
                    while q < b and text[q] in terminators:
                        q += 1
                    if (
                        ch == "．"
                        and q == p + 1
                        and a < p
                        and q < b
                        and _is_alnum(text[p - 1])
                        and _is_alnum(text[q])
                    ):
                        continue  # "２．５", "ｖ１．２"
                    run = text[p:q]
                    self.terminator(p, q, run.isascii(), not c.exclaims.isdisjoint(run))
                elif event == _OPEN:
                    stack.append(ch)  # self.push(ch), inlined: brackets are the commonest event
                    counts[ch] = counts.get(ch, 0) + 1
                elif event == _CLOSE:
                    opener = c.closer_to_opener[ch]
                    if counts.get(opener):
                        self.pop_to(opener)
                elif event == _DOT:
                    if p + 1 < b and text[p + 1] == ".":
                        q = p + 2
                        while q < b and text[q] == ".":
                            q += 1
                        self.consumed = q  # "...": an ellipsis ends nothing by itself
                    elif p == a or text[p - 1] != ".":
                        self.period(p)
                elif event == _EMPH:
                    if p in open_em:
                        self.push(f"*{p}")
                    elif p in close_em:
                        key = f"*{close_em[p][1]}"
                        if counts.get(key):
                            self.pop_to(key)
                elif event == _QUOTE:
                    if counts.get('"'):
                        self.pop_to('"')
                    else:
                        self.push('"')
                elif ch == "笑":
                    q = p + 1
                    while q < b and text[q] == "笑":
                        q += 1
                    if q < b and text[q].isspace() and p > a and _is_cjk(text[p - 1]):
                        self.clause_end(p, q)  # "楽しかった笑 また": laughter ends the clause
                elif ch == "ｗ":
                    lm = _LAUGH.match(text, p, b)
                    if lm is not None:
                        self.clause_end(p, lm.end())
                else:
                    em = _EMOJI.match(text, p, b)
                    self.clause_end(p, em.end() if em else p + 1)
            if index < len(found):
                s, e, kind = found[index]
                if s >= self.consumed:
                    self.atom(s, e, kind)
        # Brackets never closed: the ends found inside them count after all.
        self.breaks.extend(end for _depth, end in self.parked)


def sentence_spans(text: str, rules: SegmentRules) -> list[tuple[int, int]]:
    c = compiled(rules)
    spans: list[tuple[int, int]] = []
    trigger = c.trigger
    for a, b in units(text, rules):
        breaks: list[int] = []
        if trigger.search(text, a, b) is not None:  # else: no event, one sentence
            _Unit(text, a, b, rules, c, breaks).run()
        if len(breaks) > 1:
            breaks.sort()
        start = a
        for cut in [*breaks, b]:
            if cut <= start:
                continue
            if cut > b:
                cut = b
            piece = text[start:cut]
            stripped = piece.lstrip()
            if stripped:
                s = start + len(piece) - len(stripped)
                spans.append((s, s + len(stripped.rstrip())))
            start = cut
    return spans
