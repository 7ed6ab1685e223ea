"""Glossary loading and validation, the matcher, TBX and CSV round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.errors import TranslatorError
from translator.glossary import glossary_comment, load_glossary, terms_in
from translator.glossary.csv_io import read_csv, write_csv
from translator.glossary.load import dump_glossary, parse_glossary_text
from translator.glossary.matcher import Matcher
from translator.glossary.model import Glossary
from translator.glossary.tbx import read_tbx, write_tbx

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(sorted((ROOT / "glossary").glob("*.yaml")))


def _m(*forms: str) -> Matcher[str]:
    return Matcher([(f, f, False) for f in forms])


def _found(matcher: Matcher[str], text: str) -> list[str]:
    return [h.found for h in matcher.find(text)]


def test_latin_boundaries_by_script() -> None:
    m = _m("AI", "DeepSeek", "アリババ")
    assert _found(m, "OpenAIとAI技術") == ["AI"]
    assert _found(m, "中国のDeepSeekや米国の") == ["DeepSeek"]
    assert _found(m, "アリババは") == ["アリババ"]
    assert _found(m, "AIX and MAIL") == []


def test_digit_edge_does_not_continue_a_number() -> None:
    m = _m("6 Milliarden")
    assert _found(m, "0,6 Milliarden Parameter") == []
    assert _found(m, "16 Milliarden") == []
    assert _found(m, "nur 6 Milliarden") == ["6 Milliarden"]


def test_leftmost_longest() -> None:
    m = _m("Qwen", "Qwen 2.5-Max", "パラメータ", "600百万パラメータ")
    assert _found(m, "Qwen 2.5-MaxとQwen") == ["Qwen 2.5-Max", "Qwen"]
    assert _found(m, "600百万パラメータ") == ["600百万パラメータ"]


def test_longest_failing_boundary_leaves_room_for_shorter() -> None:
    m = _m("AI", "AI model")
    assert _found(m, "AI models") == ["AI"]


def test_nfkc_offsets_point_at_original_text() -> None:
    m = _m("AI", "600百万パラメータ")
    hits = m.find("新しいＡＩと６００百万パラメータ")
    assert [h.found for h in hits] == ["ＡＩ", "６００百万パラメータ"]
    assert (hits[0].orig_start, hits[0].orig_end) == (3, 5)


def test_code_urls_and_link_destinations_are_not_searched() -> None:
    m = _m("qwen")
    text = "`qwen` https://example.com/qwen [x](https://a.b/qwen) <https://q.io/qwen>"
    assert _found(m, text) == []


def test_case_sensitive_entries() -> None:
    m = Matcher([("MoE", "moe", True)])
    assert m.find("moe") == []
    assert [h.exact_case for h in Matcher([("MoE", "x", False)]).find("moe")] == [False]


def test_ten_thousand_forms_build_and_search() -> None:
    m = Matcher([(f"term{i}", i, False) for i in range(10_000)])
    assert [h.payload for h in m.find("x term42 term9999")] == [42, 9999]


def test_sample_glossary_loads(glossary: Glossary) -> None:
    assert {"alibaba", "moe", "params-600m", "ai", "llm"} <= set(glossary.by_id)
    terms = terms_in(glossary, "アリババのMixture-of-Experts (MoM)アーキテクチャ")
    assert [t.id for t in terms] == ["alibaba", "moe"]
    assert glossary_comment(terms) == "glossary: アリババ → Alibaba; Mixture-of-Experts → Mixture-of-Experts (MoE)"
    assert glossary_comment(terms, None) == "glossary: アリババ; Mixture-of-Experts"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("terms:\n  - id: x\n    source: 六億\n    targets:\n      de: {admitted: [0,6 Mrd]}\n",
         "targets.de.admitted[0]' must be a string, got an integer"),
        ("terms:\n  - id: x\n    source: A\n    targets: {en: {prefered: B}}\n", "unknown key"),
        ("terms:\n  - id: x\n    source: A\n", "needs 'targets'"),
        ("terms:\n  - source: A\n    targets: {en: B}\n", "'id' is required"),
        ("terms:\n  - id: x\n    source: 12\n    targets: {en: B}\n", "must be a string"),
        ("terms: [1, 2\n", "not valid YAML"),
        ("terms:\n  - id: x\n    source: A\n    case_sensitive: maybe\n    targets: {en: B}\n",
         "true or false"),
    ],
)
def test_validation_errors_name_file_term_key_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TranslatorError) as info:
        load_glossary([path])
    assert message in str(info.value)
    assert info.value.path == str(path)
    assert info.value.line is not None


def test_duplicate_source_forms_across_terms(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "terms:\n  - id: a\n    source: AI\n    targets: {en: AI}\n"
        "  - id: b\n    source: 人工知能\n    source_variants: [ＡＩ]\n    targets: {en: AI}\n",
        encoding="utf-8",
    )
    with pytest.raises(TranslatorError, match="already a source form of term 'a'") as info:
        load_glossary([path])
    assert info.value.line == 5


def test_yaml_dump_round_trip(glossary: Glossary) -> None:
    terms, _meta = parse_glossary_text(dump_glossary(glossary))
    assert [(t.id, t.source, t.targets, t.source_forbidden) for t in terms] == [
        (t.id, t.source, t.targets, t.source_forbidden) for t in glossary.terms
    ]


def _semantics(g: Glossary) -> list[object]:
    out: list[object] = []
    for t in g.terms:
        out.append((t.id, t.source, set(t.source_variants), set(t.source_forbidden),
                    t.do_not_translate, t.case_sensitive))  # fmt: skip
        for loc in ("en", "zh_Hans", "de", "fr"):
            out.append((loc, t.expected(loc), set(t.allowed_targets(loc)), set(t.forbidden_for(loc))))
    return out


def test_tbx_round_trip(tmp_path: Path, glossary: Glossary) -> None:
    path = tmp_path / "g.tbx"
    write_tbx(glossary, path)
    text = path.read_text(encoding="utf-8")
    assert "conceptEntry" in text and "deprecatedTerm-admn-sts" in text
    back = read_tbx(path)
    assert _semantics(back) == _semantics(glossary)


def test_csv_round_trip(tmp_path: Path, glossary: Glossary) -> None:
    path = tmp_path / "g.csv"
    write_csv(glossary, path)
    back = read_csv(path)
    assert _semantics(back) == _semantics(glossary)
    assert load_glossary([path]).by_id["moe"].source_forbidden == ("MoM",)


def test_tbx_v2_and_short_statuses(tmp_path: Path) -> None:
    path = tmp_path / "v2.tbx"
    path.write_text(
        """<?xml version="1.0"?>
<martif type="TBX-Basic" xml:lang="ja"><martifHeader/><text><body>
<termEntry id="ai">
 <langSet xml:lang="ja"><tig><term>AI</term></tig></langSet>
 <langSet xml:lang="de">
  <tig><term>KI</term><termNote type="administrativeStatus">preferred</termNote></tig>
  <tig><term>AI</term></tig>
  <tig><term>K.I.</term><termNote type="administrativeStatus">obsolete</termNote></tig>
 </langSet>
</termEntry></body></text></martif>""",
        encoding="utf-8",
    )
    term = read_tbx(path).terms[0]
    assert (term.expected("de"), term.allowed_targets("de"), term.forbidden_for("de")) == (
        "KI", ("KI", "AI"), ("K.I.",)
    )


def test_tbx_min(tmp_path: Path) -> None:
    path = tmp_path / "min.tbx"
    path.write_text(
        """<TBX dialect="TBX-Min"><header><languages source="ja" target="en"/></header><body>
<conceptEntry id="c1"><langGroup xml:lang="ja"><termGroup><term>アリババ</term></termGroup>
</langGroup><langGroup xml:lang="en"><termGroup><term>Alibaba</term>
<termStatus>preferred</termStatus></termGroup><termGroup><term>Alibaba Corp</term>
<termStatus>notRecommended</termStatus></termGroup></langGroup></conceptEntry></body></TBX>""",
        encoding="utf-8",
    )
    term = read_tbx(path).terms[0]
    assert term.expected("en") == "Alibaba" and term.forbidden_for("en") == ("Alibaba Corp",)


def test_weblate_and_crowdin_csv(tmp_path: Path) -> None:
    weblate = tmp_path / "w.csv"
    weblate.write_text(
        "source,target,explanation,flags\nアリババ,Alibaba,company,\n"
        "MoE,MoE,,read-only\nアリババ,Alibaba Corp,,forbidden\n",
        encoding="utf-8",
    )
    g = read_csv(weblate, locale="en")
    ali = g.terms[0]
    assert ali.notes == "company" and ali.forbidden_for("en") == ("Alibaba Corp",)
    assert g.terms[1].do_not_translate
    crowdin = tmp_path / "c.csv"
    crowdin.write_text(
        "Term [ja],Description [ja],Term [en],Term [de]\nアリババ,,Alibaba,Alibaba\n",
        encoding="utf-8",
    )
    assert read_csv(crowdin).terms[0].expected("de") == "Alibaba"


def test_csv_without_locale_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("source,target\nA,B\n", encoding="utf-8")
    with pytest.raises(TranslatorError, match="locale"):
        read_csv(path)
