"""Finding the old entry an edited msgid came from, without comparing every pair.

A character n-gram index over the candidates shortlists, for each query, the old msgids
that share its rarest n-grams; rapidfuzz's ``fuzz.ratio`` (normalised edit similarity on
characters, like difflib's ratio but in C) then scores only that shortlist, and rejects
candidates whose length alone rules out the cut-off before comparing them. Characters,
not words: Japanese has no spaces, and one edited word in English changes few n-grams
either way.

Position counts too, when the caller knows it (``places``): templates follow their
document, so an edited sentence sits between the same unchanged neighbours as before. An
old string from that place competes from a lower cut-off and ranks above strangers; this
is what recovers one-word edits of short strings, and what tells apart two edited
sentences that both resemble one old string.

Old strings whose msgid is still in the template (matched exactly) lend their translation
too, as msgmerge's do (``shared``): a new string like an existing one (``Attendee
address`` beside ``Attendee name``) gets that translation to review. Those are never
used up; the others are paired one-to-one, greedy on the best score. What the main pass
leaves unpaired gets a second, stricter chance (:func:`rescue_pairs`): similarity on
words instead of characters, a lower cut-off, but only for pairs that pick each other
with a clear margin over every other candidate of both. A new string still without a
match then shares the best old one with the string that took it (:func:`match_all`).
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Postfix, Prefix

# Very common n-grams (" the", "です") say little and would make lookups slow; postings
# longer than this are not consulted.
_MAX_POSTING = 400
# How many candidates, gathered from the query's rarest n-grams first, get a real score.
_SHORTLIST = 64
# Han, kana, Hangul and everything above: one character carries a word's worth.
_WIDE = "\u2e81"


def _grams(text: str) -> dict[str, None]:
    """The distinct n-grams of ``text``, case-folded, in order of first appearance.

    The size depends on the script only, so a query and its candidates always agree:
    bigrams for Han/kana, 4-grams otherwise.
    """
    folded = text.lower()
    n = 2 if folded and max(folded[:40]) >= _WIDE else 4
    if len(folded) < n:
        return {folded: None} if folded else {}
    return dict.fromkeys(folded[i : i + n] for i in range(len(folded) - n + 1))


class FuzzyIndex:
    """An index over candidate strings answering "which are most like this one?"."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.candidates = list(candidates)
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.candidates):
            for gram in _grams(text):
                postings[gram].append(index)
        self.postings = {g: p for g, p in postings.items() if len(p) <= _MAX_POSTING}

    def shortlist(self, query: str) -> list[int]:
        """Candidate indices sharing the query's rarest n-grams, at least ``_SHORTLIST`` of
        them when there are that many, in index order."""
        get = self.postings.get
        # Stable sort over grams in text order: the same shortlist under any hash seed.
        lists = sorted([p for g in _grams(query) if (p := get(g)) is not None], key=len)
        chosen: set[int] = set()
        for posting in lists:
            chosen.update(posting)
            if len(chosen) >= _SHORTLIST:
                break
        return sorted(chosen)

    def best(self, query: str, cutoff: float, limit: int = 3) -> list[tuple[float, int]]:
        """Up to ``limit`` (score, candidate index) pairs with score >= cutoff, best first
        (ties: the earlier candidate)."""
        order = self.shortlist(query)
        if not order:
            return []
        candidates = self.candidates
        found = process.extract(
            query,
            [candidates[i] for i in order],
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=limit,
        )
        scored = [(score, order[pos]) for _text, score, pos in found]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return scored


# Keys of the index over strings still in use (_SharedIndex): the words of a Latin-script
# string (split at spaces and punctuation: str methods, no regex, as there may be tens of
# thousands of strings), the characters of a Japanese or Chinese one.
_PUNCTUATION = str.maketrans(
    dict.fromkeys(
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u2026\u201c\u201d\u2018\u2019\u00ab\u00bb", " "
    )
)
_KANA = "\u30a0"  # strings with a character from here up are keyed on characters


def _shared_keys(text: str) -> set[str]:
    lowered = text.lower()
    if not text.isascii() and max(text) >= _KANA:
        return set(lowered)
    return set(lowered.translate(_PUNCTUATION).split())


# Per key, the strings whose length is closest to the query's (a string much longer or
# shorter cannot reach the cut-off): "Voucher deleted" finds "Voucher redeemed" through
# its commoner word. At most _SHARED_KEYS keys per query, rarest first.
_SHARED_WINDOW = 16
_SHARED_KEYS = 6


class _SharedIndex:
    """Like :class:`FuzzyIndex`, for the strings of a whole catalog that are still in use.

    There are many of them and few queries: it indexes only the keys the queries have,
    words or wide characters rather than n-grams (see ``_shared_keys``), each key listing
    its strings shortest first, so that a query looks only at the strings of about its
    length that share one of its rarer keys.
    """

    def __init__(self, texts: Sequence[str], queries: Sequence[str]) -> None:
        self.texts = texts
        self.lengths = lengths = [len(text) for text in texts]
        self.by_length = sorted(range(len(texts)), key=lengths.__getitem__)
        self.postings: dict[str, list[int]] = {}
        self.indexed: set[str] = set()
        self.add_queries(queries)

    def add_queries(self, queries: Sequence[str]) -> None:
        """Index the keys of ``queries`` not indexed yet (a query looks up its own keys
        only: those of the queries that search are enough)."""
        wanted: set[str] = set()
        for query in queries:
            wanted.update(_shared_keys(query))
        # Short words ("to", "of") and kana, punctuation or Latin letters among wide
        # characters are in too many strings to single any out.
        wanted = {key for key in wanted if len(key) >= 3 or key >= _KANA}
        wanted -= self.indexed
        if not wanted:
            return
        self.indexed |= wanted
        texts = self.texts
        postings: dict[str, list[int]] = {key: [] for key in wanted}
        common = wanted.intersection
        for index in self.by_length:
            # _shared_keys(text) & wanted, without building the set of the text's keys
            text = texts[index]
            lowered = text.lower()
            if not text.isascii() and max(text) >= _KANA:
                keys = common(lowered)
            else:
                keys = common(lowered.translate(_PUNCTUATION).split())
            for key in keys:
                postings[key].append(index)
        self.postings.update((key, found) for key, found in postings.items() if found)

    def best(self, query: str, cutoff: float) -> list[tuple[float, int]]:
        """The closest text (score, index) at or above ``cutoff``, if any."""
        postings = self.postings
        # Rarest first; equally rare keys in a fixed order, so that the same keys are chosen
        # under any hash seed.
        keys = sorted((len(postings[k]), k) for k in _shared_keys(query) if k in postings)
        lists = [postings[k] for _size, k in keys]
        chosen: set[int] = set()
        size = len(query)
        length = self.lengths.__getitem__
        for posting in lists[:_SHARED_KEYS]:
            if len(posting) <= 2 * _SHARED_WINDOW:
                chosen.update(posting)
            else:
                middle = bisect_left(posting, size, key=length)
                chosen.update(posting[max(middle - _SHARED_WINDOW, 0) : middle + _SHARED_WINDOW])
        if not chosen:
            return []
        order = sorted(chosen)
        texts = self.texts
        found = process.extractOne(
            query, [texts[i] for i in order], scorer=fuzz.ratio, score_cutoff=cutoff
        )
        return [] if found is None else [(found[1], order[found[2]])]


# A link destination or a URL is copied, not translated, yet in a character ratio it weighs
# as much as the prose around it: a sentence whose link now points elsewhere would look
# half rewritten (``詳細は [esbuild のドキュメント](https://esbuild.github.io/…)を参照``
# → ``詳細は [Oxc のドキュメント](https://oxc.rs/docs/…)を参照``), and two sentences
# that merely link to the same page would look alike. Strings are compared with each
# destination and URL weighed as one character: the same address, the same character,
# another address, another character (a Braille pattern: no documentation sentence holds
# one, and below the scripts that decide how a string is indexed, see ``_grams``).
# (Patterns, compiled by ``re`` when a string first holds a link: most catalogs have none.)
_DESTINATION = (
    r"(?<=\]\()(?:[^()\s\\]|\\.|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*(?=\))"
)
_URL = r"<?[A-Za-z][A-Za-z0-9+.-]{1,31}://[^\s<>()\[\]\"'、。，．）」』]*>?"


def _address(match: re.Match[str]) -> str:
    return chr(0x2800 + zlib.crc32(match.group().encode()) % 256)


def comparable(text: str) -> str:
    """``text`` as it is compared: each link destination and URL as one character."""
    if "](" in text:
        text = re.sub(_DESTINATION, _address, text)
    if "://" in text:
        text = re.sub(_URL, _address, text)
    return text


class Match(NamedTuple):
    query: int
    candidate: int
    score: float
    how: str  # "chars" or "place" (pass 1), "links", "words" (pass 2), "shared"/"shared words"


def match_all(
    queries: Sequence[str],
    candidates: Sequence[str],
    cutoff: float,
    *,
    places: Sequence[range] | None = None,
    shared: Sequence[str] = (),
    rescue: bool = True,
    share: bool = True,
) -> list[Match]:
    """The old string (candidate) each new string (query) most likely comes from.

    1. One-to-one on character similarity >= ``cutoff``, best scores first
       (:func:`match_pairs`). ``places[q]``, when given, are the candidates that sat
       where query ``q`` sits (between its unchanged neighbours): they take part from
       half the cut-off up (if the pair looks like an edit) and rank ``PLACE_BONUS``
       points higher.
    2. What is left on both sides: mutual best pairs on word similarity with a clear
       margin (:func:`rescue_pairs`), above 5/6 of the cut-off (50 at 60).
    3. A query still without a match takes its best candidate >= ``cutoff`` even though
       another query took it first (as msgmerge always does): when two edited strings
       come from one old string, both get its translation to review. Failing that, the
       same on words: its best candidate by the pass-2 score, among all of them, if they
       have at least two words in common and no other candidate comes within the margin.

    ``shared`` strings (old entries still in use) take part in pass 1 as candidates that
    any number of queries may take; a match names one as candidate ``len(candidates) + i``.

    Between passes 1 and 2, a query and a candidate both left unpaired and both holding
    links or URLs are paired one-to-one as pass 1 pairs, on :func:`comparable` strings
    (each address weighs as one character): a sentence whose link now points elsewhere,
    with its prose edited or not (:func:`link_pairs`).

    Sorted by query index; a candidate appears more than once only when shared or
    through pass 3.
    """
    if not queries or not (candidates or shared):
        return []
    near = _in_place(queries, candidates, places, cutoff) if places is not None else {}
    first = len(candidates)  # index of the first shared string
    if shared:
        # The same text in use under another msgctxt: no translation could be closer, so it
        # ranks as a string in place does.
        same: dict[str, int] = {}
        for i, text in enumerate(shared):
            same.setdefault(text, first + i)
        for qi, query in enumerate(queries):
            if query in same:
                near.setdefault(qi, {})[same[query]] = 100.0
    # A query whose place holds a string >= cutoff needs no search: nothing from elsewhere
    # can outrank that (PLACE_BONUS >= 100 - cutoff). It searches only if another query
    # takes that string from it.
    settled = (
        {qi for qi, scores in near.items() if max(scores.values()) >= cutoff}
        if cutoff + PLACE_BONUS >= 100
        else set()
    )
    # The indexes are built on the first search: when every edit is settled in its place
    # (a few sentences edited in a document), none is needed. The index of strings in use
    # holds the keys of the queries that search (a settled query that searches after all
    # adds its own): indexing those of every query took a sixth longer.
    @cache
    def indexes() -> tuple[FuzzyIndex, _SharedIndex | None]:
        searching = [query for qi, query in enumerate(queries) if qi not in settled]
        in_use = _SharedIndex(shared, searching) if shared else None
        return FuzzyIndex(candidates), in_use

    def search(query: str) -> list[tuple[float, int]]:
        index, in_use = indexes()
        top = index.best(query, cutoff)
        if in_use is not None:
            top += [(score, first + i) for score, i in in_use.best(query, cutoff)]
            top.sort(key=lambda item: (-item[0], item[1]))
        return top

    tops = [[] if qi in settled else search(query) for qi, query in enumerate(queries)]
    matches = _first_pass(tops, near, cutoff, first)
    late = sorted(settled.difference(m.query for m in matches))
    if late:
        in_use = indexes()[1]
        if in_use is not None:
            in_use.add_queries([queries[qi] for qi in late])
        for qi in late:
            tops[qi] = search(queries[qi])
        taken = {m.candidate for m in matches}
        ranked = [
            (s, qi, ci, s) for qi in late for s, ci in tops[qi] if ci >= first or ci not in taken
        ]
        matches += [Match(qi, ci, score, "chars") for qi, ci, score in _greedy(ranked, first)]
    matches += link_pairs(queries, candidates, matches, cutoff)
    if rescue:
        paired_q = {m.query for m in matches}
        paired_c = {m.candidate for m in matches}
        left_q = [qi for qi in range(len(queries)) if qi not in paired_q]
        left_c = [ci for ci in range(len(candidates)) if ci not in paired_c]
        words = rescue_pairs(
            [queries[qi] for qi in left_q],
            [candidates[ci] for ci in left_c],
            _rescue_cutoff(cutoff),
        )
        matches += [Match(left_q[q], left_c[c], score, "words") for q, c, score in words]
    if share:
        paired_q = {m.query for m in matches}
        matches += [
            Match(qi, top[0][1], top[0][0], "shared")
            for qi, top in enumerate(tops)
            if top and qi not in paired_q
        ]
        paired_q = {m.query for m in matches}
        left_q = [qi for qi in range(len(queries)) if qi not in paired_q]
        if left_q:
            words = rescue_pairs(
                [queries[qi] for qi in left_q],
                candidates,
                _rescue_cutoff(cutoff),
                mutual=False,
                max_posting=_SHARE_MAX_POSTING,
                min_common=2,
            )
            matches += [Match(left_q[q], c, score, "shared words") for q, c, score in words]
    matches.sort()
    return matches


def link_pairs(
    queries: Sequence[str], candidates: Sequence[str], matches: list[Match], cutoff: float
) -> list[Match]:
    """Pairs of what ``matches`` left unpaired that both hold links or URLs, scored with
    each address as one character (:func:`comparable`).

    Only vanished old strings (candidates), never strings still in use: a new sentence
    that links elsewhere than one in use is new text, not an edit of it."""
    paired_q = {m.query for m in matches}
    paired_c = {m.candidate for m in matches}
    left_q = [(qi, c) for qi in range(len(queries)) if qi not in paired_q
              if (c := comparable(queries[qi])) != queries[qi]]  # fmt: skip
    if not left_q:
        return []
    left_c = [(ci, c) for ci in range(len(candidates)) if ci not in paired_c
              if (c := comparable(candidates[ci])) != candidates[ci]]  # fmt: skip
    pairs = match_pairs([c for _qi, c in left_q], [c for _ci, c in left_c], cutoff)
    return [Match(left_q[q][0], left_c[c][0], score, "links") for q, c, score in pairs]


def _first_pass(
    tops: list[list[tuple[float, int]]],
    near: dict[int, dict[int, float]],
    cutoff: float,
    shared_from: int | None = None,
) -> list[Match]:
    """Pass 1: one-to-one, best rank first; candidates in a query's place rank higher.

    Candidates from index ``shared_from`` on may serve any number of queries."""
    ranked: list[tuple[float, int, int, float]] = []
    for qi, top in enumerate(tops):
        scores = near.get(qi, {})
        for score, ci in top:
            ranked.append((score + PLACE_BONUS if ci in scores else score, qi, ci, score))
        listed = {ci for _score, ci in top}
        for ci, score in scores.items():
            if ci not in listed:
                ranked.append((score + PLACE_BONUS, qi, ci, score))
    return [
        Match(qi, ci, score, "chars" if score >= cutoff else "place")
        for qi, ci, score in _greedy(ranked, shared_from)
    ]


# Where a string sits is evidence too: templates follow the document, so an edited
# sentence keeps the neighbours it had. A candidate from the query's place (between the
# old entries of its unchanged neighbours) takes part in pass 1 from half the cut-off
# (30 at the default 60) when it looks like an edit of the query (a one-word edit of a
# short string changes most of its characters), and ranks this many points above
# candidates from elsewhere: a stranger wins only by being more than that much closer.
# Places holding more candidates than _PLACE_MAX (a rewritten section) are not used:
# there, position says little.
PLACE_BONUS = 40.0
_PLACE_MAX = 16


def _in_place(
    queries: Sequence[str], candidates: Sequence[str], places: Sequence[range], cutoff: float
) -> dict[int, dict[int, float]]:
    """{query: {candidate in its place: character similarity}} for the usable places.

    Under ``cutoff`` a pair must look like an edit, not a replacement: one changed
    stretch, with what it kept before and after (:func:`_affix_common`) at least half of
    the shorter string in characters (from ``cutoff / 2`` similarity up), or at least the
    word pass's cut-off on words (:func:`rescue_pairs`, whose margin over rivals the place
    stands in for: ``ページレイアウトの変更`` → ``グローバル消去コードポリシーの変更``
    keeps two words of three and five, 50). Two unrelated sentences that merely end alike
    (``…の文です。``) share too little either way."""
    near: dict[int, dict[int, float]] = {}
    coder: _WordCoder | None = None
    word_cutoff = _rescue_cutoff(cutoff)
    for qi, place in enumerate(places):
        if not place or len(place) > _PLACE_MAX:
            continue
        query = queries[qi]
        query_words: str | None = None
        scores = {}
        for text, score, pos in process.extract(
            query, [candidates[ci] for ci in place], scorer=fuzz.ratio, limit=None
        ):
            if score >= cutoff or (
                score >= cutoff / 2 and 2 * _affix_common(query, text) >= min(len(query), len(text))
            ):
                scores[place[pos]] = score
                continue
            # Words only where characters did not decide: the word patterns of Japanese
            # cost milliseconds to compile, more than a small update's whole merge.
            if coder is None:
                coder = _WordCoder([*queries, *candidates])
            if query_words is None:
                query_words = coder(query)
            words = coder(text)
            if query_words and words and _affix_similarity(query_words, words) >= word_cutoff:
                scores[place[pos]] = score
        if scores:
            near[qi] = scores
    return near


def match_pairs(
    queries: Sequence[str], candidates: Sequence[str], cutoff: float
) -> list[tuple[int, int, float]]:
    """(query index, candidate index, score): each side used at most once, best scores first.

    When two edited sentences both resemble one old sentence, the closer one inherits it.
    """
    if not queries or not candidates:
        return []
    index = FuzzyIndex(candidates)
    tops = [index.best(query, cutoff) for query in queries]
    return [(m.query, m.candidate, m.score) for m in _first_pass(tops, {}, cutoff)]


def _greedy(
    ranked: list[tuple[float, int, int, float]], shared_from: int | None = None
) -> list[tuple[int, int, float]]:
    """Pairs from (rank, query, candidate, score), highest rank first: each query once,
    each candidate once unless its index is ``shared_from`` or more."""
    ranked.sort(key=lambda item: (-item[0], item[1], item[2]))
    taken_q: set[int] = set()
    taken_c: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for _rank_value, qi, ci, score in ranked:
        if qi in taken_q or ci in taken_c:
            continue
        taken_q.add(qi)
        if shared_from is None or ci < shared_from:
            taken_c.add(ci)
        pairs.append((qi, ci, score))
    return pairs


# --------------------------------------------------------------------------- second pass

# Words, for the second pass: placeholders (%s, %(name)s, {name}) whole, runs of letters
# (Latin, Cyrillic, Hangul, ...), of digits, of hiragana, of katakana, and of Han
# characters; punctuation and spaces are not words. Han runs are words in Japanese, where
# kana mark their edges; Chinese has no kana and a run of Han would be a whole clause, so
# there each Han character is a word.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HIRAGANA = "\u3040-\u309f"
_KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_PLACEHOLDER = r"%(?:\(\w+\))?[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|\{\w*\}"
_OTHER_WORDS = (
    rf"{_PLACEHOLDER}|[^\W\d_{_HAN}{_HIRAGANA}{_KATAKANA}]+|\d+|[{_HIRAGANA}]+|[{_KATAKANA}]+"
)
_LATIN_WORDS = rf"{_PLACEHOLDER}|[^\W\d_]+|\d+"  # the same words where there is no Han or kana
# Default rule of the second pass (0-100 word-level similarity).
RESCUE_CUTOFF = 50.0  # exclusive: more than half of the words in common
RESCUE_MARGIN = 15.0
_DEFAULT_CUTOFF = 60.0  # the character cut-off RESCUE_CUTOFF goes with
# Words shared by more leftover strings than this ("the", "の") are not used to find
# candidates (a pair sharing nothing rarer is far below the cut-off anyway); pass 3 looks
# among all candidates, so it skips common words sooner.
_RESCUE_MAX_POSTING = 2000
_SHARE_MAX_POSTING = 200


def _rescue_cutoff(cutoff: float) -> float:
    """The word-level cut-off that goes with a character cut-off (50 for 60): a stricter
    fuzzy threshold is stricter in every pass."""
    return min(RESCUE_CUTOFF * cutoff / _DEFAULT_CUTOFF, 100.0)


def _word_pattern(texts: Sequence[str]) -> re.Pattern[str]:
    """Han runs as words if the strings with Han are mostly Japanese (have kana too).

    Each pattern is compiled when first needed (milliseconds apiece: big Unicode classes;
    ``re`` keeps it for the next call). Strings with nothing from hiragana up hold no Han
    or kana even in lower case (Cherokee's lower case, U+AB70.., is letters): for them the
    letters, digits and placeholders alone give the same words, and the big classes are
    not compiled at all.
    """
    if all(text.isascii() or max(text) < _HIRAGANA[0] for text in texts):
        return re.compile(_LATIN_WORDS)
    has_han = re.compile(rf"[{_HAN}]").search
    has_kana = re.compile(rf"[{_HIRAGANA}{_KATAKANA}]").search
    han = kana = 0
    for text in texts:
        if has_han(text):
            han += 1
            kana += has_kana(text) is not None
    if han and kana * 2 >= han:
        return re.compile(rf"{_OTHER_WORDS}|[{_HAN}]+")
    return re.compile(rf"{_OTHER_WORDS}|[{_HAN}]")


class _WordCoder:
    """Text → one character per word (see ``_OTHER_WORDS``), the same word always the same
    character: rapidfuzz compares strings fastest, and word-level scores become string
    scores."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.vocabulary: dict[str, str] = {}
        self.words_of = _word_pattern(texts).findall

    def __call__(self, text: str) -> str:
        vocabulary = self.vocabulary
        out = []
        for word in self.words_of(text.lower()):
            code = vocabulary.get(word)
            if code is None:
                number = len(vocabulary) + 0x100
                code = vocabulary[word] = chr(number + 0x800 if number >= 0xD800 else number)
            out.append(code)
        return "".join(out)


def rescue_pairs(
    queries: Sequence[str],
    candidates: Sequence[str],
    cutoff: float = RESCUE_CUTOFF,
    margin: float = RESCUE_MARGIN,
    *,
    mutual: bool = True,
    max_posting: int = _RESCUE_MAX_POSTING,
    min_common: int = 1,
) -> list[tuple[int, int, float]]:
    """Pairs among what :func:`match_pairs` left unpaired, by word-level similarity.

    Meant for the msgids an update would otherwise leave untranslated and the old entries
    it would otherwise retire. Short strings where one changed word is most of the string
    (``支払手数料の課税設定`` → ``返品理由の課税設定``) fall under the character
    cut-off, yet keep most of their words. The score here is over words instead of
    characters (see ``_OTHER_WORDS``), and counts only the words before and after one
    changed stretch: the Indel similarity of a one-stretch edit, lower for strings that
    merely share scattered words (``The order has been canceled.`` / ``The shop has been
    taken live.``). A pair is kept only when it scores above ``cutoff`` (more than half of
    the words kept), each is the other's best, and both beat their runner-up by ``margin``
    or more: a plausible old translation, flagged fuzzy for review, with no close rival.

    ``mutual=False`` asks that of the query only (the candidate may serve others: pass 3
    of :func:`match_all`); ``min_common`` is the fewest words the pair must keep.
    """
    if not queries or not candidates:
        return []
    encode = _WordCoder([*queries, *candidates])
    query_words = [encode(q) for q in queries]
    candidate_words = [encode(c) for c in candidates]
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for ci, words in enumerate(candidate_words):
        for word in dict.fromkeys(words):
            postings[word].append(ci)
    floor = cutoff - margin  # lower scores can neither win nor threaten a winner
    found: list[tuple[float, int, int]] = []
    too_few: set[tuple[int, int]] = set()  # pairs with fewer than min_common words kept
    for qi, words in enumerate(query_words):
        if not words:
            continue
        chosen: set[int] = set()
        for word in dict.fromkeys(words):
            posting = postings.get(word)
            if posting is not None and len(posting) <= max_posting:
                chosen.update(posting)
        if not chosen:
            continue
        order = sorted(chosen)
        for other, score, pos in process.extract(
            words,
            [candidate_words[i] for i in order],
            scorer=fuzz.ratio,
            score_cutoff=floor,
            limit=None,
        ):
            common = _affix_common(words, other)
            score = 200.0 * common / (len(words) + len(other))  # <= the Indel score above
            if score >= floor:
                found.append((score, qi, order[pos]))
                if common < min_common:
                    too_few.add((qi, order[pos]))
    # Best and runner-up score of every query and candidate (over all pairs >= floor).
    best_q: dict[int, tuple[float, int]] = {}
    second_q: dict[int, float] = {}
    best_c: dict[int, tuple[float, int]] = {}
    second_c: dict[int, float] = {}
    for score, qi, ci in found:
        _rank(best_q, second_q, qi, score, ci)
        _rank(best_c, second_c, ci, score, qi)
    pairs: list[tuple[int, int, float]] = []
    for qi, (score, ci) in sorted(best_q.items()):
        if score <= cutoff or score - second_q.get(qi, 0.0) < margin or (qi, ci) in too_few:
            continue
        if mutual and (best_c[ci][1] != qi or score - second_c.get(ci, 0.0) < margin):
            continue
        pairs.append((qi, ci, score))
    return pairs


def _affix_common(a: str, b: str) -> int:
    """Length of the common prefix plus the common suffix (not overlapping it).

    As a similarity, 100 * 2 * common / (len a + len b): the Indel similarity when ``a``
    and ``b`` differ in one stretch, lower when the common parts are scattered."""
    common = Prefix.similarity(a, b)
    return common + Postfix.similarity(a[common:], b[common:])


def _affix_similarity(a: str, b: str) -> float:
    return 200.0 * _affix_common(a, b) / (len(a) + len(b))


def _rank(
    best: dict[int, tuple[float, int]], second: dict[int, float], key: int, score: float, other: int
) -> None:
    """Keep ``best[key]`` = (top score, its partner) and ``second[key]`` = the runner-up."""
    top = best.get(key)
    if top is None:
        best[key] = (score, other)
    elif score > top[0]:
        second[key] = top[0]
        best[key] = (score, other)
    elif score > second.get(key, -1.0):
        second[key] = score
