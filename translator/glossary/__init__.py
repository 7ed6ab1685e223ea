"""The terminology glossary: model, YAML/TBX/CSV files, and the matcher."""

from translator.glossary.load import dump_glossary, expand_glossary_paths, load_glossary
from translator.glossary.matcher import Hit, Matcher
from translator.glossary.model import Glossary, LocaleTargets, Term, glossary_comment


def terms_in(glossary: Glossary, source: str) -> list[Term]:
    """The glossary terms occurring in one source segment, in order, each once."""
    seen: dict[str, Term] = {}
    for hit in glossary.source_matcher.find(source):
        seen.setdefault(hit.payload.id, hit.payload)
    return list(seen.values())


__all__ = [
    "Glossary",
    "Hit",
    "LocaleTargets",
    "Matcher",
    "Term",
    "dump_glossary",
    "expand_glossary_paths",
    "glossary_comment",
    "load_glossary",
    "terms_in",
]
