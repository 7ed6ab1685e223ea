"""SRX 2.0 export of the segmentation rules: an approximation for CAT tools and TMs.

SRX is an ordered list of break/no-break rules, each a regex before and after a position;
the first rule that matches decides. What our engine does with state (bracket depth,
atomic inline Markdown, units split at blank lines and block markers) has no SRX form;
the export says so in an XML comment, and a TM built from it may segment a few quotes and
Markdown-heavy paragraphs differently from ``translator``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from translator.segment._rules import SegmentRules, language_of, load_rules

_LIMITS = """\
Approximation of translator's segmenter (translator/segment). SRX cannot express:
  - bracket depth: translator never ends a sentence inside an open 「」『』（）“” pair and
    recovers from unbalanced brackets at the end of the paragraph; these rules only keep
    a closing bracket with the sentence it ends;
  - inline Markdown tokens: code spans, links and images (text, destination, title),
    autolinks, bare URLs, e-mail addresses, inline HTML and emphasis pairs are atomic
    in translator; here only URL-like dots are protected, by the ASCII period rules;
  - units: translator ends a sentence at a blank line, before a line that starts a block
    (#, -, *, +, 1., ・, ※, >) and after a heading line; SRX sees no lines;
  - kaomoji, emoji and w-laughter end a sentence only before whitespace.
Rules are tried in order; the first match wins."""


def _chars(chars: str) -> str:
    """A regex character class for ``chars``."""
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "]"


def _alternatives(words: Sequence[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _rule(brk: bool, before: str, after: str, comment: str | None = None) -> str:
    lines = []
    if comment:
        lines.append(f"        <!-- {escape(comment)} -->")
    lines.append(f'        <rule break="{"yes" if brk else "no"}">')
    lines.append(f"          <beforebreak>{escape(before)}</beforebreak>")
    lines.append(f"          <afterbreak>{escape(after)}</afterbreak>")
    lines.append("        </rule>")
    return "\n".join(lines)


def _language_rules(rules: SegmentRules) -> list[str]:
    closers = "".join(pair[1] for pair in rules.brackets if len(pair) == 2)
    terms = "".join(c for c in rules.terminators if c != ".")
    cjk_terms = "".join(c for c in terms if not c.isascii())
    close = _chars(closers + "\"'") + "*"
    cite = r"(?:\[\^?[0-9A-Za-z_-]+\])*"
    out: list[str] = []
    if rules.abbreviations:
        out.append(
            _rule(
                False,
                r"\b" + _alternatives(sorted(rules.abbreviations)) + r"\.",
                r"\s",
                "abbreviations never end a sentence",
            )
        )
    if rules.final_abbreviations:
        starters = _alternatives(sorted(rules.sentence_starters)) if rules.sentence_starters else ""
        out.append(
            _rule(
                False,
                r"\b" + _alternatives(sorted(rules.final_abbreviations)) + r"\.",
                r"\s+(?!" + starters + r"\b)" if starters else r"\s",
                "etc., Inc., U.S. end a sentence only before a sentence starter",
            )
        )
    out.append(_rule(False, r"\b[A-Z]\.", r"\s+[A-Z]", "initials: J. R. R. Tolkien"))
    out.append(
        _rule(
            False,
            r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ][.．]",
            r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ]",
            "decimals, versions, domains: 2.5, v1.2.3, example.com, ２．５",
        )
    )
    out.append(_rule(False, r"\.{2,}|…+|‥+", r"", "an ellipsis alone ends nothing"))
    if rules.quotatives:
        out.append(
            _rule(
                False,
                "[！？!?‼⁉⁇⁈]+",
                _alternatives(rules.quotatives),
                "quotatives keep ！/？ inside the sentence",
            )
        )
    if rules.particles and rules.split_after_closing_quote:
        out.append(
            _rule(
                False,
                _chars(terms) + "+" + _chars(closers) + "+",
                _alternatives(rules.particles),
                "a particle after a closing quote keeps the quote in its clause",
            )
        )
    out.append(_rule(False, _chars(terms) + "+" + close + cite, "[、，,：:；;]"))
    out.append(
        _rule(
            False,
            r"[A-Za-z0-9][.!?]",
            r"[^\s\p{Han}\p{Hiragana}\p{Katakana}" + re.escape(closers) + "]",
            "an ASCII period or !/? glued to a word (Yahoo!ニュース, index.php?id=1)",
        )
    )
    if cjk_terms:
        out.append(
            _rule(
                True,
                _chars(terms) + "+" + close + cite,
                "",
                "a run of terminators plus closers and citation markers ends a sentence",
            )
        )
    out.append(
        _rule(
            True,
            r"[.!?]+" + close + cite,
            r"\s+(?![a-z])",
            "English: a period, ! or ? before whitespace (not before a lowercase word)",
        )
    )
    return out


def export_srx(
    langs: Sequence[str] = ("ja", "en", "zh"),
    overrides: Mapping[str, Mapping[str, object]] | None = None,
) -> str:
    """SRX 2.0 XML of the rules for ``langs`` (language codes; duplicates folded).

    ``overrides``: per language, the ``segmentation:`` mapping of translator.yaml.
    """
    overrides = {language_of(k): v for k, v in (overrides or {}).items()}
    names = list(dict.fromkeys(language_of(lang) for lang in langs)) or ["en"]
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<srx xmlns="http://www.lisa.org/srx20" version="2.0">',
        "<!--",
        _LIMITS.replace("--", "-"),
        "-->",
        '  <header segmentsubflows="yes" cascade="no">',
        '    <formathandle type="start" include="no"/>',
        '    <formathandle type="end" include="yes"/>',
        '    <formathandle type="isolated" include="no"/>',
        "  </header>",
        "  <body>",
        "    <languagerules>",
    ]
    for name in names:
        parts.append(f"      <languagerule languagerulename={quoteattr(name)}>")
        parts.extend(_language_rules(load_rules(name, overrides.get(name))))
        parts.append("      </languagerule>")
    parts.append("    </languagerules>")
    parts.append("    <maprules>")
    for name in names:
        pattern = ".*" if name == "en" else f"{name}.*"
        if name != "en":
            parts.append(
                f"      <languagemap languagepattern={quoteattr(pattern)} "
                f"languagerulename={quoteattr(name)}/>"
            )
    if "en" in names:
        parts.append('      <languagemap languagepattern=".*" languagerulename="en"/>')
    parts.append("    </maprules>")
    parts.append("  </body>")
    parts.append("</srx>")
    return "\n".join(parts) + "\n"
