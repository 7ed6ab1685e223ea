"""Template + existing catalog → updated catalog, losing nothing a translator wrote.

Like ``msgmerge --previous``: entries whose msgid is unchanged keep their translation;
a changed sentence is matched to its closest old entry, which lends it its translation,
marked fuzzy with the old msgid kept as ``#| msgid``; old translated entries that nothing
matches become obsolete (``#~``) and come back if their sentence returns.

Fuzzy candidates come from ``catalog.fuzzy``: every translated old entry, as in msgmerge.
Those that no new msgid matched exactly (the old forms of edited sentences) are paired
one-to-one, shortlisted by shared character n-grams and scored on characters (so
Japanese, which has no spaces, matches as well as English), with the old entries that
stood between the same unchanged neighbours ranked first; those still in use lend their
translation to any number of new msgids that resemble them more. What that leaves
unmatched gets a stricter word-level pass, and a new msgid still without a match may
share its best old entry with another one, as msgmerge does.
"""

from __future__ import annotations

import codecs
from bisect import bisect_left, bisect_right
from typing import NamedTuple

import polib

from translator.catalog._po_lexer import (
    BLANK_COMMENT_ATTR,
    LAZY_ATTR,
    lazy_state,
    materialise,
    po_entry,
    same_template_lines,
)
from translator.catalog.formats import mismatched
from translator.catalog.groups import keep_groups_whole
from translator.catalog.pofile import WRAP_WIDTH, codec_of, header_charset
from translator.catalog.stats import catalog_stats
from translator.locales import DEFAULT_NPLURALS, DEFAULT_PLURAL_EXPR, LocaleInfo

DEFAULT_FUZZY_THRESHOLD = 60.0  # msgmerge's and Babel's cut-off, on a 0–100 scale

Key = tuple[str | None, str]


class UpdateStats(NamedTuple):  # (not a dataclass: see translator.pipeline)
    """What an update did, for the one-line summary."""

    total: int
    new: int  # entries with no old counterpart at all (untranslated)
    fuzzy_matched: int  # entries this update flagged fuzzy (fuzzy matches, changed plurals)
    obsolete: int  # entries that became obsolete in this update
    translated: int
    # What the update had to assume (a plural rule it did not know), for the user to check.
    warnings: tuple[str, ...] = ()
    written: bool = False  # the catalog file changed (set by the step that saves it)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def summary(self) -> str:
        """One line: what the update did."""
        return (
            f"{self.total} entries, {self.new} new, {self.fuzzy_matched} fuzzy, "
            f"{self.obsolete} obsolete, {self.percent:.0f}% translated"
        )


def new_catalog_header(template: polib.POFile, locale: LocaleInfo) -> dict[str, str]:
    metadata = dict(template.metadata)
    metadata["Language"] = locale.code
    metadata["Language-Team"] = f"{locale.english_name} <LL@li.org>"
    metadata["Plural-Forms"] = locale.plural_forms
    return metadata


def update_catalog(
    template: polib.POFile,
    existing: polib.POFile | None,
    locale: LocaleInfo,
    *,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    keep_obsolete: bool = True,
) -> tuple[polib.POFile, UpdateStats]:
    """Return the catalog for ``locale`` that follows ``template``.

    ``existing`` is the locale's current catalog, or None to create one. Entries that come
    out exactly as they were are ``existing``'s own objects (nothing is copied for them),
    so ``existing`` should not be used again once the result may be changed.
    """
    result = polib.POFile(wrapwidth=WRAP_WIDTH)
    warnings: list[str] = []
    if existing is None:
        result.header = template.header
        result.metadata = new_catalog_header(template, locale)
        old_entries: list[polib.POEntry] = []
        nplurals = _nplurals(result.metadata) or locale.num_plurals
    else:
        result.header = existing.header
        old_entries = [e for e in existing if e.msgid != ""]
        nplurals, plural_forms, warning = _plural_rule(
            existing.metadata, old_entries, template, locale
        )
        if warning:
            warnings.append(warning)
        result.metadata = _merged_header(existing.metadata, template.metadata, locale, plural_forms)
        # A header still flagged fuzzy (copied from the template, not yet filled in) stays
        # so, as in msgmerge.
        result.metadata_is_fuzzy = existing.metadata_is_fuzzy

    active: dict[Key, polib.POEntry] = {}
    obsolete: dict[Key, polib.POEntry] = {}
    for entry in old_entries:
        (obsolete if _obsolete(entry) else active).setdefault((entry.msgctxt, entry.msgid), entry)

    used: set[int] = set()  # id() of old entries that passed their content on
    entries: list[polib.POEntry] = []
    unmatched: list[int] = []  # positions in ``entries`` of those with no exact match
    anchors: list[polib.POEntry | None] = []  # per entry: its exact match, if any
    flagged = 0  # unchanged msgids this update flagged fuzzy
    for new in template:
        if new.msgid == "":
            continue
        key = (new.msgctxt, new.msgid)
        old = active.get(key) or obsolete.get(key)
        if old is None:
            unmatched.append(len(entries))
            entries.append(_from_template(new, nplurals))
            anchors.append(None)
            continue
        used.add(id(old))
        entry = _exact(new, old, nplurals)
        if entry is not old and "fuzzy" in entry.flags and "fuzzy" not in old.flags:
            flagged += 1  # its plural or range changed: to review
        entries.append(entry)
        anchors.append(old)

    candidate_at = [
        i for i, e in enumerate(old_entries) if id(e) not in used and _has_translation(e)
    ]
    candidates = [old_entries[i] for i in candidate_at]
    places = _places(anchors, unmatched, candidate_at, old_entries)
    # Old entries still in use lend their translation too (as in msgmerge), to any number
    # of new msgids: after candidates in the list of what a match may name.
    in_use = [a for a in anchors if a is not None and _has_translation(a)] if unmatched else []
    sources = candidates + in_use
    fuzzy_matched = 0
    queries = [entries[i] for i in unmatched]
    matches = _fuzzy_matches(queries, candidates, in_use, fuzzy_threshold, places)
    for qi, ci in matches:
        old = sources[ci]
        entry = entries[unmatched[qi]]
        _carry_over(old, entry, nplurals)
        # A plural translation given to a singular msgid passes on its first form only;
        # then the old entry stays too (as #~, below), so that no form is lost. msgmerge
        # drops the others.
        if _texts(old) <= _texts(entry):
            used.add(id(old))
        fuzzy_matched += 1

    became_obsolete = 0
    if keep_obsolete:
        for old in old_entries:
            # As msgmerge: an untranslated entry leaves nothing worth keeping (a note on a
            # string no one translated goes with it).
            if id(old) in used or not _has_translation(old):
                continue
            if not _obsolete(old):
                became_obsolete += 1
            elif not old.occurrences and not old.comment:
                entries.append(old)  # already obsolete, and stays exactly so
                continue
            # As msgmerge: references and extracted comments belonged to the source code;
            # the translation, its comments, flags and #| strings stay.
            kept = _clone(old)
            kept.obsolete = 1
            kept.occurrences = []
            kept.comment = ""
            _set_blank_comments(kept, _blank_comments(old)[0], False)
            entries.append(kept)
    # Sentences translated together (catalog.groups) are reviewed together.
    flagged += keep_groups_whole(entries, old_entries)
    list.extend(result, entries)

    stats = catalog_stats(result)
    return result, UpdateStats(
        total=stats.total,
        new=len(unmatched) - fuzzy_matched,
        fuzzy_matched=fuzzy_matched + flagged,
        obsolete=became_obsolete,
        translated=stats.translated,
        warnings=tuple(warnings),
    )


def _entry(
    msgid: str,
    msgctxt: str | None,
    msgid_plural: str,
    occurrences: list[tuple[str, str]],
    comment: str,
    flags: list[str],
) -> polib.POEntry:
    """A fresh untranslated entry."""
    return po_entry(
        msgid, "", msgid_plural, {}, msgctxt, False, comment, "", occurrences, flags,
        None, None, None, None,
    )  # fmt: skip


def _clone(entry: polib.POEntry) -> polib.POEntry:
    """A shallow copy (what ``copy.copy`` does, without its generic machinery)."""
    materialise(entry)
    twin: polib.POEntry = object.__new__(polib.POEntry)
    twin.__dict__.update(entry.__dict__)
    return twin


def _from_template(new: polib.POEntry, nplurals: int) -> polib.POEntry:
    flags = new.flags
    entry = _entry(
        new.msgid,
        new.msgctxt,
        new.msgid_plural,
        list(new.occurrences),
        new.comment,
        [f for f in flags if f != "fuzzy"] if "fuzzy" in flags else list(flags),
    )
    if new.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(nplurals), "")
    _set_blank_comments(entry, False, _blank_comments(new)[1])
    return entry


def _exact(new: polib.POEntry, old: polib.POEntry, nplurals: int) -> polib.POEntry:
    """The entry for ``new`` when ``old`` has the same msgctxt and msgid.

    As msgmerge: the template gives references, extracted comments and the flags it owns
    (:func:`_merged_flags`); the old entry its translation, translator comments, its other
    flags (``fuzzy`` included) and, while still fuzzy, the ``#|`` strings it was matched
    from. A changed plural, or a range the template no longer allows, calls for review
    (fuzzy). When that comes out equal to ``old`` (the usual case), ``old`` itself is the
    result, exactly as it was: its flags in their own order, and its ``#|`` strings even
    if it is no longer fuzzy (msgmerge drops those; nothing here asks for a change).
    """
    if same_template_lines(new, old):
        return old  # as read, and the template's lines are the same: the same fields
    flags = _merged_flags(new.flags, old.flags)
    plural = new.msgid_plural
    if (
        not old.obsolete
        and _same_flags(flags, old.flags)
        and new.occurrences == old.occurrences
        and new.comment == old.comment
        and _blank_comments(new)[1] == _blank_comments(old)[1]
        and plural == old.msgid_plural
        and _same_plural_slots(old, plural, nplurals)
    ):
        return old  # (same flags: no range narrowed, no format flag added)
    entry = _entry(new.msgid, new.msgctxt, plural, list(new.occurrences), new.comment, flags)
    _set_blank_comments(entry, False, _blank_comments(new)[1])
    _take_translation(old, entry, nplurals)
    if "fuzzy" in old.flags:  # still awaiting review: keep what it was matched from
        _take_previous(old, entry)
    elif (
        plural != old.msgid_plural
        or _range_narrowed(old.flags, flags)
        or _format_now_fails(entry, old.flags)
    ):
        _mark_fuzzy(old, entry)
    return entry


# Flags the template has the say on, as in msgmerge: xgettext writes the format flags and
# "range:" from the source code, and msgfmt -c checks the translation against them. Other
# flags of the old entry stay ("fuzzy", "no-wrap", flags gettext does not know such as
# ``qa-ignore:...``) unless the template says the opposite ("wrap" against "no-wrap").
def _template_owns(flag: str) -> bool:
    return flag.endswith("-format") or flag.startswith("range:")


def _same_flags(flags: list[str], old_flags: list[str]) -> bool:
    """Whether two flag lists say the same, in whatever order they were written (Babel
    writes ``python-brace-format, python-format``, gettext the other way round)."""
    return flags == old_flags or sorted(set(flags)) == sorted(set(old_flags))


def _merged_flags(template_flags: list[str], old_flags: list[str]) -> list[str]:
    flags = [f for f in template_flags if f != "fuzzy"]
    said = {f.removeprefix("no-") for f in flags}
    for flag in old_flags:
        if flag not in flags and not _template_owns(flag) and flag.removeprefix("no-") not in said:
            flags.append(flag)
    return flags


def _format_now_fails(entry: polib.POEntry, old_flags: list[str]) -> bool:
    """Whether the template marks the msgid as a format string the old entry was not
    marked as, and the translation would then fail ``msgfmt -c``: msgmerge flags such an
    entry fuzzy rather than write a catalog msgfmt rejects. (Singular entries only: for
    plural ones msgfmt allows forms that omit the number.)"""
    if not entry.msgstr or entry.msgid_plural:
        return False
    return any(
        flag.endswith("-format")
        and not flag.startswith("no-")
        and flag not in old_flags
        and mismatched(flag, entry.msgid, entry.msgstr)
        for flag in entry.flags
    )


def _range_narrowed(old_flags: list[str], flags: list[str]) -> bool:
    """Whether the translation assumed a range of numbers the template no longer promises
    (msgmerge marks such an entry fuzzy: the translation may not cover the new range)."""
    was = _range_of(old_flags)
    if was is None:
        return False
    now = _range_of(flags)
    return now is None or now[0] < was[0] or now[1] > was[1]


def _range_of(flags: list[str]) -> tuple[int, int] | None:
    for flag in reversed(flags):
        if flag.startswith("range:"):
            low, dots, high = flag[6:].strip().partition("..")
            if dots and low.isdigit() and high.isdigit():
                return int(low), int(high)
    return None


def _take_translation(old: polib.POEntry, entry: polib.POEntry, nplurals: int) -> None:
    """Give ``entry`` the translation and translator comments of ``old``, plural or not.

    As msgmerge: a singular translation fills every plural slot of a plural msgid, and a
    plural one gives its first form to a singular msgid. Plural forms follow the
    catalog's ``nplurals``, except that a form beyond it whose text no other form holds is
    kept (a catalog written for another plural rule): nothing a translator wrote is lost.
    An untranslated plural keeps its slots as they are (as msgmerge keeps them).
    """
    entry.tcomment = old.tcomment
    _set_blank_comments(entry, _blank_comments(old)[0], _blank_comments(entry)[1])
    forms = old.msgstr_plural
    if entry.msgid_plural:
        if old.msgid_plural and forms and not _has_translation(old):
            entry.msgstr_plural = dict(forms)
        elif old.msgid_plural:
            plural = {i: forms.get(i, "") for i in range(nplurals)}
            kept = set(plural.values())
            for i in sorted(forms):
                if i >= nplurals and forms[i] and forms[i] not in kept:
                    plural[i] = forms[i]
            entry.msgstr_plural = plural
        else:
            entry.msgstr_plural = dict.fromkeys(range(nplurals), old.msgstr)
    elif old.msgid_plural:
        entry.msgstr = next((forms[i] for i in sorted(forms) if forms[i]), "")
    else:
        entry.msgstr = old.msgstr


# A lone "#" or "#." line is an empty comment, which polib's fields cannot hold (the
# reader marks it on the entry): it goes where the comment goes, the translator's with
# the translation, the extracted one with the template.
def _blank_comments(entry: polib.POEntry) -> tuple[bool, bool]:
    materialise(entry)
    blank: tuple[bool, bool] = entry.__dict__.get(BLANK_COMMENT_ATTR, (False, False))
    return blank


def _set_blank_comments(entry: polib.POEntry, translator: bool, extracted: bool) -> None:
    if translator or extracted:
        entry.__dict__[BLANK_COMMENT_ATTR] = (translator, extracted)
    else:
        entry.__dict__.pop(BLANK_COMMENT_ATTR, None)


def _take_previous(old: polib.POEntry, entry: polib.POEntry) -> None:
    entry.previous_msgid = old.previous_msgid
    entry.previous_msgid_plural = old.previous_msgid_plural
    entry.previous_msgctxt = old.previous_msgctxt


def _mark_fuzzy(old: polib.POEntry, entry: polib.POEntry) -> None:
    """Flag ``entry`` fuzzy with ``#|`` strings naming where its translation came from:
    ``old`` itself, or what ``old`` was matched from while it awaited review."""
    if not _has_translation(entry):  # nothing to review: no flag, no #| (as msgmerge)
        return
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if "fuzzy" in old.flags and old.previous_msgid:
        _take_previous(old, entry)
    else:
        entry.previous_msgid = old.msgid
        entry.previous_msgid_plural = old.msgid_plural or None
        entry.previous_msgctxt = old.msgctxt


def _texts(entry: polib.POEntry) -> set[str]:
    """The non-empty translations ``entry`` holds."""
    texts = {t for t in entry.msgstr_plural.values() if t}
    if entry.msgstr:
        texts.add(entry.msgstr)
    return texts


def _carry_over(old: polib.POEntry, entry: polib.POEntry, nplurals: int) -> None:
    """Give ``entry`` what the translator wrote on ``old``, as a fuzzy match of it."""
    _take_translation(old, entry, nplurals)
    entry.flags = _merged_flags(entry.flags, old.flags)
    _mark_fuzzy(old, entry)


def _fuzzy_matches(
    queries: list[polib.POEntry],
    candidates: list[polib.POEntry],
    in_use: list[polib.POEntry],
    threshold: float,
    places: list[range],
) -> list[tuple[int, int]]:
    """(query position, position in ``candidates + in_use``) pairs, in query order (see
    ``match_all``)."""
    if not queries or not (candidates or in_use):
        return []
    # Imported here: rapidfuzz is only needed when some msgid lost its exact match, and the
    # commands that merely read catalogs (render, status) import this module too.
    from translator.catalog.fuzzy import match_all

    matches = match_all(
        [q.msgid for q in queries],
        [c.msgid for c in candidates],
        threshold,
        places=places,
        shared=[e.msgid for e in in_use],
    )
    return [(m.query, m.candidate) for m in matches]


def _places(
    anchors: list[polib.POEntry | None],
    unmatched: list[int],
    candidate_at: list[int],
    old_entries: list[polib.POEntry],
) -> list[range]:
    """For each unmatched entry, the candidates between its unchanged neighbours.

    ``anchors[k]`` is entry k's exact match in ``old_entries`` (None: none; an obsolete
    one does not count); ``candidate_at`` the old positions of the candidates, ascending.
    An entry whose previous and next anchored neighbours kept their order gets the
    candidates that were between them in the old file; entries in a reordered stretch get
    none. Only computed when some entry lost its exact match.
    """
    if not unmatched:
        return []
    size = len(old_entries)  # stands for "no neighbour after"
    where = {id(e): i for i, e in enumerate(old_entries) if not _obsolete(e)}
    positions = [-1 if a is None else where.get(id(a), -1) for a in anchors]
    before = [-1] * len(positions)  # nearest anchor at or before each entry
    last = -1
    for k, anchor in enumerate(positions):
        if anchor >= 0:
            last = anchor
        before[k] = last
    after = [size] * len(positions)
    following = size
    for k in range(len(positions) - 1, -1, -1):
        if positions[k] >= 0:
            following = positions[k]
        after[k] = following
    places = []
    for k in unmatched:
        low, high = before[k], after[k]
        # Between two neighbours, or one and the start or end of the file; with no
        # neighbour at all (everything changed), position says nothing.
        if low < high and (low >= 0 or high < size):
            places.append(range(bisect_right(candidate_at, low), bisect_left(candidate_at, high)))
        else:
            places.append(range(0))
    return places


def _same_plural_slots(old: polib.POEntry, plural: str, nplurals: int) -> bool:
    """Whether ``old``'s translation slots stand as they are: ``nplurals`` forms, or an
    untranslated plural (left as it is, see :func:`_take_translation`)."""
    if plural:
        forms = old.msgstr_plural
        return sorted(forms) == list(range(nplurals)) or (bool(forms) and not _has_translation(old))
    return not old.msgstr_plural


def _has_translation(entry: polib.POEntry) -> bool:
    state = lazy_state(entry)
    if state is not None:
        return state[0]
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def _obsolete(entry: polib.POEntry) -> bool:
    """``entry.obsolete``, without reading a lazily read entry (never obsolete)."""
    return LAZY_ATTR not in entry.__dict__ and bool(entry.obsolete)


def _plural(entry: polib.POEntry) -> bool:
    """Whether ``entry`` has a msgid_plural, without reading a lazily read entry (never)."""
    return LAZY_ATTR not in entry.__dict__ and bool(entry.msgid_plural)


def _merged_header(
    old: dict[str, str],
    template: dict[str, str],
    locale: LocaleInfo,
    plural_forms: str | None,
) -> dict[str, str]:
    """The header of an updated catalog: the catalog's own, as msgmerge merges it.

    The template gives its date and bug address; the catalog keeps the rest (its
    Project-Id-Version too: a template's is often the placeholder "PACKAGE VERSION").
    Nothing else is added (msgmerge adds no MIME field, and neither does this), except
    what the catalog needs: a Language named by ``--locale`` where it has none, and the
    ``plural_forms`` of :func:`_plural_rule`.
    """
    merged = dict(old)
    for key in ("POT-Creation-Date", "Report-Msgid-Bugs-To"):
        if key in template:
            merged[key] = template[key]
    if not merged.get("Language") and locale.code:
        merged["Language"] = locale.code
    if plural_forms is not None:
        merged["Plural-Forms"] = plural_forms
    # As msgmerge: a catalog in a legacy charset (ISO-8859-1, EUC-JP...) keeps it, unless
    # the template is UTF-8: then the catalog becomes UTF-8 too, so that every new msgid
    # can be written.
    if _names_utf8(header_charset(template)):
        own = header_charset(merged)
        if own is not None and codec_of(own) != "utf-8":
            merged["Content-Type"] = merged["Content-Type"].replace(
                f"charset={own}", "charset=UTF-8"
            )
    return merged


def _names_utf8(charset: str | None) -> bool:
    """Whether a header's charset is UTF-8 itself (``CHARSET`` and ASCII keep the
    catalog's charset in msgmerge)."""
    try:
        return charset is not None and codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def _plural_rule(
    metadata: dict[str, str],
    old_entries: list[polib.POEntry],
    template: polib.POFile,
    locale: LocaleInfo,
) -> tuple[int, str | None, str | None]:
    """The number of plural forms of an updated catalog, the Plural-Forms its header
    needs added (None: nothing to add) and, where a rule had to be assumed, a warning.

    The catalog's own ``Plural-Forms`` says it. Without one, a catalog that has plural
    entries already keeps the number of forms they have (its translated ones, if any),
    and its header as it is (as msgmerge, which adds none). Only a catalog that gets its
    first plural entry from the template asks the locale: CLDR's rule is added to the
    header (as msginit writes it); a locale with no CLDR data gets gettext's default,
    two forms, and a warning.
    """
    declared = _nplurals(metadata)
    if declared is not None:
        return declared, None, None
    plurals = [e for e in old_entries if _plural(e) and e.msgstr_plural]
    translated = [e for e in plurals if _has_translation(e)]
    kept = max((len(e.msgstr_plural) for e in translated or plurals), default=0)
    if kept:
        return kept, None, None
    if not any(_plural(e) for e in template):
        return DEFAULT_NPLURALS, None, None  # no plural entry: the number is never used
    add = None if "Plural-Forms" in metadata else locale.plural_forms
    if locale.plural_rule_known:
        return locale.num_plurals, add, None
    which = f"for {locale.code!r}" if locale.code else "(the catalog has no Language header)"
    header = "a Plural-Forms without nplurals" if add is None else "no Plural-Forms"
    return (
        DEFAULT_NPLURALS,
        None,
        f"{header} in the header and no plural rule known {which}: plural entries "
        f"get {DEFAULT_NPLURALS} forms, as gettext assumes (nplurals={DEFAULT_NPLURALS}; "
        f"plural={DEFAULT_PLURAL_EXPR}); add a Plural-Forms header if the language has others",
    )


def _nplurals(metadata: dict[str, str]) -> int | None:
    """``nplurals`` of a header's Plural-Forms, if it says."""
    forms = metadata.get("Plural-Forms", "")
    for part in forms.split(";"):
        name, _, value = part.strip().partition("=")
        if name.strip() == "nplurals" and value.strip().isdigit():
            return int(value.strip())
    return None
