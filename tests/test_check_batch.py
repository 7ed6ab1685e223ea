"""``check_catalogs`` checks many entries at once and skips work where it can prove there is
nothing to find: these tests hold it to what ``check_pair`` finds one pair at a time, and
each shortcut to the slow reading it stands for, on real files and random text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import polib
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.cli_run import run_cli
from translator.checks import numbers
from translator.checks.batch import Item, check_items
from translator.checks.markup import PLAIN_MARKUP, plain, read_markup
from translator.checks.model import Finding, Pair, SourceFacts
from translator.checks.registry import (
    CHECKS,
    DEFAULT_SEVERITY,
    MAY_REPORT,
    SOURCE_CHECKS,
    SOURCE_MAY_REPORT,
    check_pair,
)
from translator.checks.runner import check_catalogs, ignored_checks
from translator.cli.check import check_command
from translator.glossary.load import load_glossary
from translator.glossary.matcher import Matcher, leftmost_longest
from translator.glossary.model import Glossary
from translator.glossary.text import Normalized, normalize

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "check_cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(sorted((ROOT / "glossary").glob("*.yaml")))


def _cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in CASES:
        out += yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    return out


# --- whole catalogs against check_pair --------------------------------------------------


def _write_catalogs(folder: Path) -> dict[str, Path]:
    """One catalog per locale of the case set; each case once plainly, and as a plural,
    fuzzy, silenced, contextual and obsolete entry in turn."""
    by_locale: dict[str, list[dict[str, Any]]] = {}
    for case in _cases():
        by_locale.setdefault(case["locale"], []).append(case)
    paths = {}
    for locale, cases in by_locale.items():
        po = polib.POFile()
        po.metadata = {
            "Language": locale,
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
        seen: set[tuple[str | None, str]] = set()
        for number, case in enumerate(cases):
            entry = polib.POEntry(
                msgid=case["source"],
                msgstr=case["target"],
                occurrences=[("case.md", str(number + 1))],
            )
            kind = number % 7
            if kind == 1:
                entry.msgid_plural = case["source"] + "（複数）"
                entry.msgstr_plural = {0: case["target"], 1: case["target"] + " (many)"}
                entry.msgstr = ""
            elif kind == 2:
                entry.flags.append("fuzzy")
            elif kind == 3:
                entry.tcomment = "qa-ignore: number_mismatch, term_missing"
            elif kind == 4:
                entry.msgctxt = "table"
            elif kind == 5:
                entry.obsolete = True
            elif kind == 6:
                entry.flags.append("qa-ignore:markup_mismatch")
            if (entry.msgctxt, entry.msgid) in seen:
                continue
            seen.add((entry.msgctxt, entry.msgid))
            po.append(entry)
        paths[locale] = folder / locale / "case.po"
        paths[locale].parent.mkdir(parents=True)
        po.save(str(paths[locale]))
    return paths


def _expected(paths: Iterable[Path], glossary: Glossary) -> list[tuple[Any, ...]]:
    """What the checks find, entry by entry, with ``check_pair`` and the documented rules."""
    out: list[tuple[Any, ...]] = []
    seen: set[tuple[str | None, str]] = set()
    source_checks = [c for c in CHECKS if c in SOURCE_CHECKS]
    target_checks = [c for c in CHECKS if c not in SOURCE_CHECKS]
    for path in paths:
        po = polib.pofile(str(path))
        locale = po.metadata["Language"]
        lines = path.read_text(encoding="utf-8").split("\n")
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            ignored = ignored_checks(entry)
            if "all" in ignored:
                continue
            # The entry's first line: its comments, then its own "#: case.md:N" line.
            line = lines.index(f"#: case.md:{entry.occurrences[0][1]}") + 1
            while lines[line - 2].startswith("#"):
                line -= 1
            if entry.msgid_plural:
                targets = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
                pairs = [
                    (entry.msgid if i == 0 else entry.msgid_plural, t)
                    for i, t in enumerate(targets)
                ]
            else:
                pairs = [(entry.msgid, entry.msgstr)]
            if "fuzzy" in entry.flags:
                pairs = []
            pairs = [(s, t) for s, t in pairs if t]
            key = (entry.msgctxt, entry.msgid)
            if key not in seen:
                seen.add(key)
                source, target = pairs[0] if pairs else (entry.msgid, "")
                for p in check_pair(source, target, locale, glossary, checks=source_checks):
                    if p.check not in ignored:
                        out.append((p.check, None, line, entry.msgid, p.message, p.term))
            for source, target in pairs:
                for p in check_pair(source, target, locale, glossary, checks=target_checks):
                    if p.check not in ignored:
                        out.append((p.check, locale, line, entry.msgid, p.message, p.term))
    return out


def _found(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return [(f.check, f.locale, f.line, f.msgid, f.message, f.term) for f in findings]


@pytest.mark.parametrize("jobs", [1, 2])
def test_catalogs_find_what_check_pair_finds(tmp_path: Path, glossary: Glossary, jobs: int) -> None:
    paths = list(_write_catalogs(tmp_path).values())
    expected = _expected(paths, glossary)
    assert len({e[0] for e in expected}) >= 10  # nearly every check fires somewhere
    assert _found(check_catalogs(paths, glossary, jobs=jobs)) == expected


def test_many_windows_and_chunks_keep_the_order(tmp_path: Path, glossary: Glossary) -> None:
    # More entries than one window (512) and than one chunk per worker.
    cases = [c for c in _cases() if c["locale"] == "en"]
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    for number in range(1500):
        case = cases[number % len(cases)]
        po.append(
            polib.POEntry(
                msgid=f"{case['source']}（{number}）",
                msgstr=case["target"],
                occurrences=[("case.md", str(number + 1))],
            )
        )
    path = tmp_path / "en.po"
    po.save(str(path))
    one = check_catalogs([path], glossary, jobs=1)
    assert len(one) > 1500  # every entry has at least its number in the source alone
    assert check_catalogs([path], glossary, jobs=3) == one
    assert _found(one) == _expected([path], glossary)


def test_flag_qa_ignore_with_a_space_still_silences(tmp_path: Path, glossary: Glossary) -> None:
    # The reader splits "#, qa-ignore: number_mismatch" into two flags, as msgfmt does.
    path = tmp_path / "en.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, qa-ignore: number_mismatch\nmsgid "利用者は600万人です。"\nmsgstr "Users: 6 billion."\n\n'
        'msgid "利用者は700万人です。"\nmsgstr "Users: 7 billion."\n',
        encoding="utf-8",
    )
    findings = check_catalogs([path], glossary)
    assert [(f.check, f.line) for f in findings] == [("number_mismatch", 10)]


def test_a_catalog_msgfmt_rejects_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "en.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        encoding="utf-8",
    )
    result = run_cli(
        "check", str(path), "--glossary", str(ROOT / "glossary" / "ai-news.yaml"), cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"translator: error: {path}:8: malformed PO file: duplicate message definition 'a'\n"
    )


def test_jobs_option(tmp_path: Path) -> None:
    path = tmp_path / "en.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "利用者は600万人です。"\nmsgstr "Users: 6 billion."\n',
        encoding="utf-8",
    )
    glossary = str(ROOT / "glossary" / "ai-news.yaml")
    for jobs in ("1", "2"):
        result = CliRunner().invoke(
            check_command, [str(path), "--glossary", glossary, "--jobs", jobs, "--format", "json"]
        )
        assert result.exit_code == 1 and '"number_mismatch"' in result.output
    result = CliRunner().invoke(check_command, [str(path), "--jobs", "0"])
    assert result.exit_code == 2


# --- each check runs only where its cheap test holds: the test must never miss ---------

# fmt: off
_PIECES = [
    "アリババ", "Alibaba", "Qwen 3", "Qwen3", "MoE", "MoM", "Mixture-of-Experts", "DeepSeek", "600",
    "6", "0.6B", "600百万", "1兆5000億", "６００", "１２", "3.5", "1,000", "two", "April", "4月",
    "million", "billion", "Milliarden", "[1]", "[^2]", "［3］", "`code 5`", "**", "*", "__",
    "<br>", "<kbd>K</kbd>", "[link](https://example.com/7)", "https://example.org/a",
    "www.example.com", "[t][ref]", "# ", "\n- ", "1. ", "。", "、", "「", "」", "（", "）", " ", "  ",
    "\u3000", "は", "です", "モデル", "model", "the", "、", ".", ",", "-", "!",
]
# fmt: on
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)
_LOCALE = st.sampled_from(["en", "de", "fr", "zh_Hans", "ja", "es"])


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(source=_TEXT, target=_TEXT, locale=_LOCALE)
def test_may_report_never_misses(source: str, target: str, locale: str, glossary: Glossary) -> None:
    for check_id, function in CHECKS.items():
        pair = Pair(source, target, locale, glossary)
        if not MAY_REPORT[check_id](pair):
            assert function(pair) == [], check_id
    for check_id in SOURCE_CHECKS:  # the source checks' test from the facts is the same
        pair = Pair(source, target, locale, glossary)
        assert SOURCE_MAY_REPORT[check_id](pair.facts) == MAY_REPORT[check_id](pair), check_id


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(source=_TEXT, target=_TEXT, locale=_LOCALE)
def test_the_batch_shortcuts_find_what_check_pair_finds(
    source: str, target: str, locale: str, glossary: Glossary
) -> None:
    """What ``check_catalogs`` runs (``check_items`` and its quiet tests, which decide
    without MAY_REPORT which checks may report) against every target check run in full."""
    targets = [c for c in CHECKS if c not in SOURCE_CHECKS]
    item = Item("f.po", 1, None, source, locale, ((source, target),), frozenset(), False)
    found = check_items([item], glossary, targets, [], DEFAULT_SEVERITY)
    expected = check_pair(source, target, locale, glossary, checks=targets)
    assert [(f.check, f.message, f.term) for f in found] == [
        (p.check, p.message, p.term) for p in expected
    ]


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_plain_text_has_no_markup(text: str) -> None:
    if plain(text):
        assert read_markup(text) == PLAIN_MARKUP


# --- glossary matching over many texts at once -------------------------------------------

_FORM_PIECES = [
    "ai",
    "AI",
    "ab",
    "abc",
    "b",
    "x1",
    "1",
    "2.5",
    "ア",
    "アイ",
    "技術",
    "-",
    ".",
    "C++",
]
_MATCH_TEXT = st.lists(
    st.sampled_from([*_FORM_PIECES, " ", "、", "\n", "`", "z", "3", ",", "'", "AB"]), max_size=14
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    forms=st.lists(
        st.tuples(
            st.lists(st.sampled_from(_FORM_PIECES), min_size=1, max_size=3).map("".join),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    ),
    texts=st.lists(_MATCH_TEXT, max_size=6),
)
def test_spans_many_and_find(forms: list[tuple[str, bool]], texts: list[str]) -> None:
    matcher: Matcher[int] = Matcher(
        (form, number, case_sensitive) for number, (form, case_sensitive) in enumerate(forms)
    )
    norms = [normalize(t) for t in texts]
    assert matcher.spans_many(norms) == [matcher.spans(n) for n in norms]
    for norm in norms:
        assert matcher.find(norm) == leftmost_longest(matcher.find_all(norm))


# --- numbers: the shortcuts against the straightforward reading --------------------------

# fmt: off
_NUMBER_PIECES = [
    "0", "1", "12", "600", "1,000", "1.000", "1 000", "3.5", "3,5", "0.6", "07", "١٢", " ", "-",
    ".", ",", "x", "H", "Qwen", "GPT", "v", "million", "Million", "Mio.", "Mrd", "mil",
    "millones", "thousand", "bn", "K", "M", "B", "T", "億", "万", "千", "百", "兆", "円", "は", "[1]",
    "`2`", "https://a.b/3", "two", "Two", "mai", "März", "fünf", "ſeven", "(", ")", "年", "月",
    "Qwen 3", "x 12", "GPT-4", "v 1.000", "h 600", "a-7", "x12",
]
# fmt: on
_NUMBER_TEXT = st.lists(st.sampled_from(_NUMBER_PIECES), max_size=12).map("".join)
_SUFFIX = re.compile(r"([KMBT])(?![A-Za-z])")


def _reference_extract(
    norm: Normalized,
    locale: str,
    exclude: Iterable[tuple[int, int]],
    *,
    name_keys_: set[tuple[str, str]] | None,
) -> list[numbers.Number]:
    """numbers._extract as first written: the locale pattern tried at every character,
    every name of the text found first, each scale tried with its own regex."""
    text = norm.text
    found: list[numbers.Number] = []
    if not numbers._DIGIT.search(text):
        return found
    rules = numbers._rules(locale)
    blocked = [
        (start, end)
        for start, end in (*exclude, *numbers._name_spans(text, name_keys_))
        if start < end
    ]
    blocked.extend((start, end) for start, end, _kind in norm.skipped)
    pos = 0
    pending: tuple[int, Decimal, int] | None = None
    for m in rules.pattern.finditer(text):
        start, end = m.span()
        if start < pos or any(s < end and start < e for s, e in blocked):
            continue
        if start > 0 and text[start - 1].isalpha() and text[start - 1].isascii():
            continue
        try:
            grouped = m.group("grouped")
            if grouped:
                whole, frac = re.sub(r"\D", "", grouped), m.group("gfrac") or ""
            else:
                whole, frac = m.group("int"), m.group("frac") or ""
            value = Decimal(f"{int(whole)}.{frac}" if frac else str(int(whole)))
        except (InvalidOperation, ValueError):
            continue
        big_unit = 0
        km = numbers._CJK_SCALE.match(text, end)
        if km:
            units = [rules.cjk_scales[c] for c in km.group()]
            value *= Decimal(10) ** sum(units)
            big_unit = max((u for u in units if u >= 4), default=0)
            end = km.end()
        else:
            sm = _SUFFIX.match(text, end)
            if sm:
                value *= Decimal(10) ** rules.suffixes[sm.group(1)]
                end = sm.end()
            else:
                while wm := rules.scale_re.match(text, end):
                    value *= Decimal(10) ** rules.scale_words[wm.group(1).lower()]
                    end = wm.end()
        if (
            pending is not None
            and pending[2]
            and start == pos
            and (big_unit < pending[2] or (not big_unit and not km))
        ):
            total = pending[1] + value
            found.pop()
            a, b = norm.original_span(pending[0], end)
            found.append(numbers.Number(total.normalize(), norm.original[a:b], a, b))
            pending = (pending[0], total, big_unit) if big_unit else None
        else:
            a, b = norm.original_span(start, end)
            found.append(numbers.Number(value.normalize(), norm.original[a:b], a, b))
            pending = (start, value, big_unit) if big_unit else None
        pos = end
    return found


_NAMES = st.one_of(
    st.none(),
    st.sets(
        st.sampled_from([("qwen", "3"), ("gpt", "4"), ("x", "12"), ("v", "1.000"), ("h", "600")])
    ),
)


@settings(max_examples=800, deadline=None)
@given(text=_NUMBER_TEXT, locale=_LOCALE, names=_NAMES, exclude=st.booleans())
@example(text="1 million thousand, 2.5 thousand", locale="en", names=None, exclude=False)
@example(text="0,6 Mrd. 3,5 Mio", locale="de", names=None, exclude=False)
def test_number_reading_matches_the_reference(
    text: str, locale: str, names: set[tuple[str, str]] | None, exclude: bool
) -> None:
    norm = normalize(text)
    spans = [(0, 2)] if exclude else []
    found = numbers._extract(norm, locale, spans, name_keys_=names)
    expected = _reference_extract(norm, locale, spans, name_keys_=names)
    assert found == expected
    # (Decimals compare by value: their digits as written, which messages show, too)
    assert [str(n.value) for n in found] == [str(n.value) for n in expected]


@settings(max_examples=800, deadline=None)
@given(text=_NUMBER_TEXT, locale=_LOCALE, names=_NAMES, exclude=st.booleans())
def test_number_values_are_those_of_the_numbers(
    text: str, locale: str, names: set[tuple[str, str]] | None, exclude: bool
) -> None:
    # the quiet path reads values only; they must be the numbers' values, in order
    norm = normalize(text)
    spans = [(0, 2)] if exclude else []
    assert numbers._extract_values(norm, locale, spans, name_keys_=names) == [
        n.value for n in numbers._extract(norm, locale, spans, name_keys_=names)
    ]


# Amounts that read alike in a Japanese source and a translation, so that the two sides'
# values often agree (and a shortcut that says they do is put to the test).
_AGREEING_PIECES = [
    "6", "600", "6億", "600 million", "6 Milliarden", "two", "May", "März", "[1]", "Qwen 3",
    "Qwen 3.5", "`6`", " ", "は", "x6", "0.6B", "1,000", "1.000", "6万", "six",
]  # fmt: skip
_AGREEING_TEXT = st.lists(st.sampled_from(_AGREEING_PIECES), max_size=6).map("".join)


@settings(max_examples=1500, deadline=None)
@given(source=_AGREEING_TEXT, target=_AGREEING_TEXT, locale=_LOCALE, exclude=st.booleans())
def test_number_values_agree_exactly_when_the_comparison_finds_nothing(
    source: str, target: str, locale: str, exclude: bool
) -> None:
    # _values_agree stands for "compare_numbers finds nothing" on targets without number
    # words or month names; number_mismatch skips the comparison when it holds
    facts = SourceFacts(source)
    norm = normalize(target)
    spans = [(0, 2)] if exclude else []
    src, names = numbers.source_number_facts(SourceFacts(source))
    full = numbers.compare_numbers(
        src, numbers.target_numbers(norm, locale, names=names, exclude=spans)
    )
    soft = bool(numbers._soft_spans(norm.text, locale))
    assert numbers._values_agree(facts, norm, locale, spans) == (full == ([], []) and not soft)


@settings(max_examples=400, deadline=None)
@given(text=_NUMBER_TEXT)
def test_name_keys_match_the_pattern(text: str) -> None:
    # name_keys looks for a name only where a quicker pattern says one may be
    assert numbers.name_keys(text) == {
        (m.group(1).lower(), m.group(2)) for m in numbers._LATIN_NAME.finditer(text)
    }


def _reference_compare(
    source: list[numbers.Number], target: list[numbers.Number]
) -> tuple[list[numbers.Number], list[numbers.Number]]:
    """numbers.compare_numbers as first written: each source number takes the first hard
    target number of its value, else the first soft one."""
    hard = [n for n in target if not n.soft]
    soft = [n for n in target if n.soft]
    missing = []
    for number in source:
        for pool in (hard, soft):
            match = next((t for t in pool if t.value == number.value), None)
            if match is not None:
                pool.remove(match)
                break
        else:
            missing.append(number)
    return missing, hard


_VALUE = st.sampled_from([Decimal(1), Decimal("1.0"), Decimal(2), Decimal("0.5"), Decimal(600)])


@settings(max_examples=500, deadline=None)
@given(
    source=st.lists(_VALUE, max_size=4),
    target=st.lists(st.tuples(_VALUE, st.booleans()), max_size=4),
)
def test_number_comparison_matches_the_reference(
    source: list[Decimal], target: list[tuple[Decimal, bool]]
) -> None:
    src = [numbers.Number(v, str(v), i, i + 1) for i, v in enumerate(source)]
    tgt = [numbers.Number(v, str(v), i, i + 1, soft) for i, (v, soft) in enumerate(target)]
    assert numbers.compare_numbers(src, tgt) == _reference_compare(src, tgt)


@st.composite
def _words_text(draw: st.DrawFn) -> tuple[str, str]:
    """A locale and a text of its number words and month names, in any letter case, glued
    to other letters or not, among digits and punctuation."""
    locale = draw(st.sampled_from(["en", "de", "fr", "es", "en_GB", "pt"]))
    words = sorted(numbers._soft_words(locale)[1]) or ["x"]
    word = st.sampled_from(words).flatmap(
        lambda w: st.sampled_from(
            # (NFKC leaves only the dotless and dotted capital i that IGNORECASE equates
            # with an ASCII letter)
            [w, w.upper(), w.title(), w + "s", w.replace("i", "ı"), w.replace("i", "İ")]
        )
    )
    piece = st.one_of(word, st.sampled_from([" ", "-", ".", "1", "é", "’", "ß", "日", "_"]))
    return locale, "".join(draw(st.lists(piece, max_size=8)))


@settings(max_examples=600, deadline=None)
@given(case=_words_text())
def test_number_words_match_the_pattern(case: tuple[str, str]) -> None:
    # (The first reading crashed on "SİX": the lower() of a match is not always a word.)
    locale, text = case
    pattern, table = numbers._soft_words(locale)
    assert pattern is not None
    text = normalize(text).text
    words = sorted(table, key=len, reverse=True)

    def value(found: str) -> Decimal:  # the first word of the pattern's that matched
        return table[next(w for w in words if re.fullmatch(re.escape(w), found, re.I))]

    expected = [(m.start(), m.end(), value(m.group(1))) for m in pattern.finditer(text)]
    assert numbers._soft_spans(text, locale) == expected
