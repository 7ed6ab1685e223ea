"""No-op updates of real public catalogs: what comes back unchanged, ours beside msgmerge.

    .venv/bin/python benchmarks/update_noop.py                    # every set, 2 workers
    .venv/bin/python benchmarks/update_noop.py --sets sphinx,gnome-calculator --verbose
    .venv/bin/python benchmarks/update_noop.py --python-docs-fr GITDIR --godot GITDIR --limit 20

Each catalog is updated with the template gettext itself derives from it::

    msgattrib --no-obsolete CATALOG.po | msgfilter --keep-header -o T.pot sed -e d

(every active msgid, its comments, references, flags and ``#|`` strings; msgfilter empties
each msgstr and, as it does for an emptied translation, drops its fuzzy flag). The header
is kept (``--keep-header``): a real template has one, with the ``POT-Creation-Date`` and
``Report-Msgid-Bugs-To`` an update copies, and these are the catalog's own here. Nothing
in such a template asks for a change, so an update should give back the catalog byte for
byte. Then:

* ours: ``translator.pipeline.update(copy, T.pot)``, what ``translator update CATALOG.po
  --template T.pot`` runs (the locale comes from the catalog's ``Language``);
* msgmerge: ``msgmerge --previous -o OUT CATALOG.po T.pot``;

and each output is compared with the catalog: identical, differ, or refused (the tool
failed on it). ``same`` counts the files where both outputs are equal. ``--verbose``
prints the first differing line of every catalog ours changed or refused.

Corpus (extracted under ``benchmarks/data/update-noop/``, git-ignored, reused when
present; a set whose source is missing is skipped, and the run says so):

* ``python-docs-fr``: every ``*.po`` of branch 3.13 of the python-docs-fr repository, read
  from a git directory (``--python-docs-fr GITDIR``; a bare mirror is enough);
* ``godot-editor``, ``godot-properties``: ``editor/*.po`` and ``properties/*.po`` of the
  godot-editor-l10n repository (``--godot GITDIR``, at ``--godot-ref``, HEAD by default);
* ``sphinx`` (the catalogs in Sphinx's wheel) and ``gnome-calculator`` (the Debian source
  package's ``po/`` and ``help/``), fetched as ``benchmarks/po_io.py`` fetches them.

Templates are built once and kept (msgfilter runs sed once per entry: a Godot template
takes seconds). Exit status 1 when ours changed or refused any catalog.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from po_io import DATA, fetch_debian_set, fetch_wheel_set, po_files

HERE = DATA / "update-noop"
MIRRORS = Path("/work/.mirror")
DEFAULT_DOCS = MIRRORS / "python+python-docs-fr" / "repo"
DEFAULT_GODOT = MIRRORS / "godotengine+godot-editor-l10n" / "repo"
ALL_SETS = ("python-docs-fr", "gnome-calculator", "sphinx", "godot-editor", "godot-properties")
OUTCOMES = ("identical", "differ", "refused")


@dataclass(frozen=True)
class Job:
    name: str  # the catalog as shown: set/relative path
    catalog: Path
    template: Path
    msgmerge: bool


@dataclass(frozen=True)
class Outcome:
    name: str
    ours: str  # one of OUTCOMES
    theirs: str | None  # None: msgmerge not run
    same: bool  # both outputs equal
    reason: str  # for ours, when not identical


# --- corpus ------------------------------------------------------------------------------


def _git(gitdir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", f"--git-dir={gitdir}", *args], capture_output=True, check=False)


def from_git(name: str, gitdir: Path | None, ref: str, folders: tuple[str, ...]) -> Path | None:
    """The ``*.po`` under ``folders`` of ``ref`` in ``gitdir`` (all when empty), extracted
    to a folder named after the commit."""
    if gitdir is None or not gitdir.is_dir():
        print(f"  {name}: no git directory at {gitdir}, set skipped", file=sys.stderr)
        return None
    resolved = _git(gitdir, "rev-parse", "--verify", f"{ref}^{{commit}}")
    if resolved.returncode != 0:
        print(f"  {name}: {ref} not found in {gitdir}, set skipped", file=sys.stderr)
        return None
    commit = resolved.stdout.decode().strip()
    target = HERE / "sets" / f"{name}-{commit[:10]}"
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=target.parent))
    archive = _git(gitdir, "archive", "--format=tar", commit, *folders)
    if archive.returncode != 0:
        print(f"  {name}: git archive failed, set skipped", file=sys.stderr)
        return None
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(partial, members=[m for m in tar if m.name.endswith(".po")], filter="data")
    partial.rename(target)
    return target


def corpus(args: argparse.Namespace) -> dict[str, list[Path]]:
    sets: dict[str, list[Path]] = {}
    for name in args.sets.split(","):
        print(f"corpus: {name}", file=sys.stderr)
        if name == "python-docs-fr":
            directory = from_git(name, args.python_docs_fr, args.python_docs_fr_ref, ())
            files = po_files(directory) if directory else []
        elif name in ("godot-editor", "godot-properties"):
            folder = name.removeprefix("godot-")
            directory = from_git("godot", args.godot, args.godot_ref, ("editor", "properties"))
            files = sorted((directory / folder).glob("*.po")) if directory else []
        elif name == "sphinx":
            directory = fetch_wheel_set(name)
            files = po_files(directory) if directory else []
        elif name == "gnome-calculator":
            directory = fetch_debian_set(name)
            files = po_files(directory) if directory else []
        else:
            sys.exit(f"unknown set {name!r}; sets: {', '.join(ALL_SETS)}")
        if directory is None:
            continue
        sets[name] = files[: args.limit] if args.limit else files
    return sets


def template_for(name: str, catalog: Path) -> Path:
    """Where the template gettext derives from ``catalog`` is kept."""
    return HERE / "templates" / f"{name}.pot"


def build_template(catalog: Path, template: Path) -> str | None:
    """``msgattrib --no-obsolete | msgfilter --keep-header sed -e d``; an error, or None."""
    if template.exists() and template.stat().st_mtime_ns >= catalog.stat().st_mtime_ns:
        return None
    template.parent.mkdir(parents=True, exist_ok=True)
    partial = template.with_suffix(".tmp")
    attrib = subprocess.run(
        ["msgattrib", "--force-po", "--no-obsolete", str(catalog)], capture_output=True, check=False
    )
    if attrib.returncode != 0:
        return attrib.stderr.decode(errors="replace").strip()
    filtered = subprocess.run(
        ["msgfilter", "--force-po", "--keep-header", "-o", str(partial), "sed", "-e", "d"],
        input=attrib.stdout,
        capture_output=True,
        check=False,
    )
    if filtered.returncode != 0:
        return filtered.stderr.decode(errors="replace").strip()
    partial.rename(template)
    return None


# --- one catalog -------------------------------------------------------------------------


def first_difference(old: bytes, new: bytes) -> str:
    """The first line where ``new`` departs from ``old``, as a short diff."""
    before, after = old.split(b"\n"), new.split(b"\n")
    for number, (a, b) in enumerate(zip(before, after, strict=False), 1):
        if a != b:
            return f"line {number}: -{_show(a)} +{_show(b)}"
    number = min(len(before), len(after)) + 1
    extra = before[number - 1 :] or after[number - 1 :]
    sign = "-" if len(before) > len(after) else "+"
    return f"line {number}: {sign}{_show(extra[0] if extra else b'')}"


def _show(line: bytes, width: int = 70) -> str:
    text = repr(line.decode("utf-8", errors="replace"))
    return text if len(text) <= width else text[: width - 1] + "…"


def run_one(job: Job) -> Outcome:
    # Imported in the worker: the parent only fetches and prints.
    from translator import pipeline
    from translator.errors import TranslatorError

    original = job.catalog.read_bytes()
    with tempfile.TemporaryDirectory(prefix="noop-") as folder:
        here = Path(folder)
        # Named like the original: a catalog's own file name is all it has to go on.
        ours = here / "ours" / job.catalog.name
        ours.parent.mkdir()
        ours.write_bytes(original)
        mine: bytes | None = None
        try:
            pipeline.update(ours, job.template)
            mine = ours.read_bytes()
        except TranslatorError as exc:
            reason = f"refused: {exc}"
        except Exception as exc:  # a crash counts as refused, with what it was
            reason = f"failed: {type(exc).__name__}: {exc}"
        if mine is None:
            state = "refused"
        elif mine == original:
            state, reason = "identical", ""
        else:
            state, reason = "differ", first_difference(original, mine)
        theirs_state: str | None = None
        same = False
        if job.msgmerge:
            out = here / "theirs.po"
            merged = subprocess.run(
                ["msgmerge", "--quiet", "--previous", "-o", str(out), str(job.catalog),
                 str(job.template)],
                capture_output=True,
                check=False,
            )  # fmt: skip
            if merged.returncode != 0 or not out.exists():
                theirs_state = "refused"
            else:
                theirs = out.read_bytes()
                theirs_state = "identical" if theirs == original else "differ"
                same = mine == theirs
    return Outcome(job.name, state, theirs_state, same, reason)


# --- main --------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    gettext = subprocess.run(["msgmerge", "--version"], capture_output=True, check=False)
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"{gettext.stdout.decode().splitlines()[0]}"
    )


def _cells(counts: Counter[str]) -> str:
    return " | ".join(str(counts[o]) for o in OUTCOMES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default=",".join(ALL_SETS))
    parser.add_argument(
        "--python-docs-fr",
        type=Path,
        default=DEFAULT_DOCS if DEFAULT_DOCS.is_dir() else None,
        metavar="GITDIR",
        help="git directory of python-docs-fr (default: the local mirror, if any)",
    )
    parser.add_argument("--python-docs-fr-ref", default="3.13")
    parser.add_argument(
        "--godot",
        type=Path,
        default=DEFAULT_GODOT if DEFAULT_GODOT.is_dir() else None,
        metavar="GITDIR",
        help="git directory of godot-editor-l10n (default: the local mirror, if any)",
    )
    parser.add_argument("--godot-ref", default="HEAD")
    parser.add_argument("--limit", type=int, default=0, help="first N catalogs of each set")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-msgmerge", action="store_true", help="ours only")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    for tool in ("msgattrib", "msgfilter", "msgmerge"):
        if shutil.which(tool) is None:
            sys.exit(f"GNU gettext ({tool}) is needed")
    HERE.mkdir(parents=True, exist_ok=True)
    sets = corpus(args)
    skipped = [name for name in args.sets.split(",") if name not in sets]

    started = time.perf_counter()
    jobs: dict[str, list[Job]] = {}
    broken: list[str] = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        pairs = [
            (f"{name}/{path.relative_to(_root(path, name))}", path)
            for name, files in sets.items()
            for path in files
        ]
        templates = [template_for(shown, path) for shown, path in pairs]
        errors = pool.map(build_template, [p for _, p in pairs], templates, chunksize=4)
        for (shown, path), template, error in zip(pairs, templates, errors, strict=True):
            if error is not None:  # gettext cannot read it either: not a catalog to compare
                broken.append(f"{shown}: {error.splitlines()[0]}")
                continue
            name = shown.split("/", 1)[0]
            jobs.setdefault(name, []).append(Job(shown, path, template, not args.no_msgmerge))
        flat = [job for name in sets for job in jobs.get(name, [])]
        outcomes = list(pool.map(run_one, flat, chunksize=2))
    elapsed = time.perf_counter() - started

    by_set: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_set.setdefault(outcome.name.split("/", 1)[0], []).append(outcome)
    print("\n| set | files | ours: identical | differ | refused "
          "| msgmerge --previous: identical | differ | refused | ours = msgmerge |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    total_ours: Counter[str] = Counter()
    total_theirs: Counter[str] = Counter()
    total_same = 0
    for name in sets:
        rows = by_set.get(name, [])
        ours = Counter(o.ours for o in rows)
        theirs = Counter(o.theirs for o in rows if o.theirs is not None)
        same = sum(o.same for o in rows)
        total_ours += ours
        total_theirs += theirs
        total_same += same
        shown = _cells(theirs) if not args.no_msgmerge else "– | – | –"
        print(f"| {name} | {len(rows)} | {_cells(ours)} | {shown} | {same} |")
    count = sum(len(v) for v in by_set.values())
    shown = _cells(total_theirs) if not args.no_msgmerge else "– | – | –"
    print(f"| all | {count} | {_cells(total_ours)} | {shown} | {total_same} |")
    print(f"\nMachine: {machine()}; {args.jobs} workers, {elapsed:.0f} s")
    if skipped:
        print(f"Skipped (source not available): {', '.join(skipped)}")
    if broken:
        print(f"Not compared (gettext cannot build their template): {len(broken)}")
        for line in broken:
            print(f"  {line}")
    changed = [o for o in outcomes if o.ours != "identical"]
    if args.verbose and changed:
        print("\nCatalogs ours changed or refused (first difference):")
        for outcome in changed:
            print(f"  {outcome.name}: {outcome.reason}")
    if changed:
        sys.exit(1)


def _root(path: Path, name: str) -> Path:
    """The set's folder above ``path`` (for the name shown)."""
    for parent in path.parents:
        if parent.parent.name == "sets":
            return parent
    return path.parent


if __name__ == "__main__":
    main()
