"""A Japanese–English lexicon for the aligner: which English words may translate a
Japanese word.

It is read from an EDICT file, the plain-text form of JMdict (Jim Breen and the
Electronic Dictionary Research and Development Group, licensed CC BY-SA 4.0). Debian's
package ``edict`` installs one at ``/usr/share/edict/edict``; ``TRANSLATOR_EDICT`` names
another (EUC-JP or UTF-8). Without one, the aligner works on length and anchors alone.

What the aligner needs from it is small: for each Japanese headword (and the stem of
each verb or adjective, so that ``取りやめた`` finds ``取りやめる``), the stems of the
English words of its glosses (``to cancel; to call off`` -> ``cancel``, ``call``). Japanese
text is cut into headwords leftmost-longest (no morphological analyser: the longest
dictionary word wins, which is what compounds need); English text into word stems
(Snowball's English stemmer). Reading the file takes a few seconds, so the result is kept
in the user's cache folder, keyed by the file's size and time.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import threading
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs
import snowballstemmer

from translator._io import user_cache_dir, write_bytes_atomic
from translator.errors import TranslatorError

ENVIRONMENT = "TRANSLATOR_EDICT"
DEFAULT_PATHS = (Path("/usr/share/edict/edict"),)
_FORMAT = 2  # bump when the cached form changes


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English words that translate nothing in particular (and EDICT's gloss boilerplate).
STOPWORDS = _word_set(
    """a an the of to in on at for from by with as into onto over under about than then
    and or but nor so if not no yes is are was were be been being am do does did doing done
    have has had having it its this that these those there here what which who whom whose
    when where why how all any both each few more most other some such only own same too
    very can could will would shall should may might must i me my we our you your he him his
    she her they them their one ones oneself someone something somebody anyone anything
    sb sth etc eg ie e g usu esp abbr lit col fig kana also used s t"""
)
# Hiragana words that are grammar rather than content: their glosses ("thing", "to do",
# "purpose") would match English text by chance.
_FUNCTION_WORDS = _word_set(
    """こと もの ため よう これ それ あれ どれ ここ そこ あそこ どこ とき ところ する
    ある いる なる できる いう おる くる みる しまう おく いく ない なく など まで から
    より ほど だけ ので のに けど けれど ながら つつ たり ばかり くらい ぐらい さえ
    しか こそ でも ても では には とは へは ように ような られる させる れる せる
    です ます ました でした だった である であり として について によって による において
    における に対して に対する ものの わけ はず つもり すると そして しかし また
    および ならびに または あるいは さらに ただし なお つまり"""
)

_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]")
_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
_KATAKANA = re.compile(r"[\u30a1-\u30ff\uff66-\uff9f]+")
_LINE = re.compile(r"^(\S+?)(?: \[([^\]]*)\])? /(.*)/\s*$")
_TAGS = re.compile(r"\(([a-z0-9,\-]+)\)")
_NOTE = re.compile(r"\([^)]*\)")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+")

_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case English word."""
    with _stem_lock:  # the stemmer object keeps state between calls
        result: str = _stemmer.stemWord(word)
    return result


def english_words(text: str) -> Iterator[tuple[str, str]]:
    """(lower-case word, stem) of each content word of English ``text``."""
    for match in _ENGLISH_WORD.finditer(text):
        word = match.group().lower()
        if len(word) > 1 and word not in STOPWORDS:
            yield word, stem(word)


@dataclass
class Lexicon:
    """Japanese headwords and, for each, the ids of its English gloss stems."""

    words: list[str]
    glosses: list[tuple[int, ...]]
    vocabulary: dict[str, int]  # English stem -> id
    path: str = ""  # the EDICT file it was read from

    def __post_init__(self) -> None:
        self._matcher = ahocorasick_rs.AhoCorasick(
            self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )

    def japanese_words(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, word index) of the headwords of ``text``, leftmost-longest."""
        return [
            (start, end, index)
            for index, start, end in self._matcher.find_matches_as_indexes(text)
        ]

    def stem_id(self, english_stem: str) -> int | None:
        return self.vocabulary.get(english_stem)


def parse_edict(text: str) -> tuple[list[str], list[tuple[int, ...]], list[str]]:
    """(headwords, gloss stem ids per headword, stems by id) of an EDICT file's text."""
    vocabulary: dict[str, int] = {}
    by_word: dict[str, set[int]] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is None:
            continue
        head, reading, body = match.groups()
        tags: set[str] = set()
        for found in _TAGS.findall(body):
            tags.update(found.split(","))
        ids: set[int] = set()
        for gloss in body.split("/"):
            if gloss.startswith("EntL"):
                continue
            for word in _ENGLISH_WORD.findall(_NOTE.sub(" ", gloss)):
                word = word.lower()
                if len(word) > 1 and word not in STOPWORDS:
                    ids.add(vocabulary.setdefault(stem(word), len(vocabulary)))
        if not ids:
            continue
        for form in _forms(head, reading, tags):
            by_word.setdefault(form, set()).update(ids)
    words = list(by_word)
    stems = [""] * len(vocabulary)
    for word_stem, index in vocabulary.items():
        stems[index] = word_stem
    return words, [tuple(sorted(by_word[w])) for w in words], stems


def _forms(head: str, reading: str | None, tags: set[str]) -> Iterator[str]:
    """The strings a headword is found by in running text."""
    candidates = []
    if _KANJI.search(head):
        candidates.append(head)
        if reading and "uk" in tags:  # usually written in kana
            candidates.append(reading)
    else:
        candidates.append(head)
    for form in candidates:
        if _HIRAGANA.fullmatch(form) and (len(form) < 3 or form in _FUNCTION_WORDS):
            continue
        if _KATAKANA.fullmatch(form) and len(form) < 2:
            continue
        if not (_KANJI.search(form) or _HIRAGANA.search(form) or _KATAKANA.search(form)):
            continue
        yield form
        last = form[-1]
        if not _HIRAGANA.fullmatch(last):
            continue
        # Conjugating words are found by their stem: 取りやめる → 取りやめ(た).
        ichidan = last == "る" and any(t.startswith("v1") for t in tags)
        godan = any(t.startswith("v5") for t in tags)
        adjective = last == "い" and "adj-i" in tags
        stem_form = form[:-1]
        if (ichidan or godan or adjective) and (_KANJI.search(stem_form) or len(stem_form) >= 3):
            yield stem_form


def lexicon_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """The EDICT file to read: ``TRANSLATOR_EDICT`` (set but empty: none), else the first
    default that exists."""
    env = os.environ if environ is None else environ
    named = env.get(ENVIRONMENT)
    if named is not None:
        return Path(named) if named else None
    for path in DEFAULT_PATHS:
        if path.is_file():
            return path
    return None


_loaded: dict[str, Lexicon | None] = {}
_load_lock = threading.Lock()


def load_lexicon(path: Path | None = None) -> Lexicon | None:
    """The lexicon of ``path`` (default: :func:`lexicon_path`), or None when there is none
    to read. Read once per process, from the user's cache when it is there. A file that
    cannot be read, or is not EDICT, is a ``TranslatorError``."""
    if path is None:
        path = lexicon_path()
        if path is None:
            return None
    key = str(path)
    with _load_lock:
        if key not in _loaded:
            _loaded[key] = _read(path)
        return _loaded[key]


def _cache_file(path: Path, size: int, mtime: int) -> Path:
    where = zlib.crc32(str(path.resolve()).encode("utf-8"))
    return user_cache_dir() / f"lexicon-{_FORMAT}-{where:08x}-{size}-{mtime}.marshal"


def _read(path: Path) -> Lexicon | None:
    try:
        info = path.stat()
    except OSError as error:
        raise TranslatorError(
            f"cannot read the EDICT lexicon ({error.strerror}); set {ENVIRONMENT} to an EDICT "
            "file, or to nothing to align without one",
            str(path),
        ) from None
    cache = _cache_file(path, info.st_size, int(info.st_mtime))
    try:
        words, glosses, stems = marshal.loads(cache.read_bytes())
        return Lexicon(words, glosses, {s: i for i, s in enumerate(stems)}, str(path))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    try:
        data = path.read_bytes()
    except OSError as error:
        message = f"cannot read the EDICT lexicon ({error.strerror})"
        raise TranslatorError(message, str(path)) from None
    words, glosses, stems = parse_edict(_decode(data))
    if not words:
        raise TranslatorError("not an EDICT file: no dictionary entry found in it", str(path))
    # A cache folder we cannot write only costs reading the file again next time.
    with contextlib.suppress(OSError, TranslatorError):
        write_bytes_atomic(cache, marshal.dumps((words, glosses, stems)))
    return Lexicon(words, glosses, {s: i for i, s in enumerate(stems)}, str(path))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("euc_jp", errors="replace")
