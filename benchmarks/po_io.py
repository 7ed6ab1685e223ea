"""PO read/write fidelity and speed on real public catalogs, fetched at run time.

    .venv/bin/pip install translate-toolkit              # a peer, for benchmarks only
    .venv/bin/python benchmarks/po_io.py                 # fetch, fidelity, speed (3 runs)
    .venv/bin/python benchmarks/po_io.py --runs 1 --sets sphinx,gnome-calculator
    .venv/bin/python benchmarks/po_io.py --skip-speed    # fidelity table only

Corpus (under ``benchmarks/data/po-io/``, git-ignored, reused when present):

* ``django``, ``sphinx``, ``weblate``: every ``*.po`` in the pinned wheels (``pip download
  --no-deps``, kept in the shared ``benchmarks/data/wheels/``). Django's catalogs come from
  Transifex, Sphinx's from Babel/Transifex, Weblate's from Weblate (translate-toolkit).
* ``gnome-calculator``, ``gnu`` (coreutils, glibc, util-linux, gettext, tar, sed, nano): the
  ``*.po`` of the Debian source packages (``apt-get source --download-only`` with a private
  deb-src list; skipped when apt is not usable). Written by ``msgmerge`` (GNOME DL,
  Translation Project).
* ``<set>-msgcat``: ``msgcat FILE`` of every file of the set, i.e. the same catalogs as GNU
  gettext writes them — the "gettext-written" sets that must round-trip at 100 %.

(a) Fidelity: read each file and write it back untouched; share of files byte-identical,
for ours (``translator.catalog.pofile``), polib (``wrapwidth=79``), Babel (defaults),
translate-toolkit (``pypo``) and ``msgcat FILE``. ``ours-format``: ours with every entry
and the header formatted anew instead of copied — on the ``-msgcat`` sets it must give
msgcat's bytes (the formatter used for changed entries); ``ours-format = msgcat``: the
share of files whose ours-format output equals ``msgcat FILE``, on every set. Non-UTF-8
files (23 GNU catalogs in ISO-8859-x, KOI8-R or EUC-JP) are decoded with the charset of
their header for every Python tool; ours reads and writes them as ``translator`` does.

(b) Speed: parse, and parse + write to a fresh file, over CORPUS (every UTF-8 file of
django, sphinx and gnome-calculator, one process for all of them; gettext tools one
process per file, as a user runs them) and over BIG (``msgcat --use-first`` of the UTF-8
gettext-written copies of every set: one large catalog). Ours also with 10 % of the
entries changed (``write-10pct``) and with every entry formatted anew (``format-all``).
``ours-lazy`` reads and writes as ``translator update`` does: each entry's fields decoded
only when used (here: never), the file kept as its bytes, untouched entries written back
as those bytes. Median wall time of ``--runs`` runs including interpreter start-up,
in-process time,
peak RSS (a Python child reports its own high-water mark, ``VmHWM``; a gettext tool is
run once more under ``/usr/bin/time`` on the largest file of the input, untimed. The
rusage of a child is no use here: Linux carries the parent's peak over the ``exec``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
WHEELS = DATA / "wheels"  # shared with the other catalog benchmarks
HERE = DATA / "po-io"

WHEEL_SETS = {
    "django": ("django", "5.2.19"),
    "sphinx": ("sphinx", "9.0.4"),
    "weblate": ("weblate", "5.14.3"),
}
DEBIAN_SETS = {
    "gnome-calculator": ("gnome-calculator",),
    "gnu": ("coreutils", "glibc", "util-linux", "gettext", "tar", "sed", "nano"),
}
ALL_SETS = ("django", "sphinx", "gnome-calculator", "gnu", "weblate")
SPEED_SETS = ("django", "sphinx", "gnome-calculator")  # CORPUS; BIG draws on every set
SKIP_PARTS = {"tests", "examples", "testdata", "test"}
TOOLS = ("ours", "polib", "babel", "ttk", "msgcat", "ours-format", "ours-format = msgcat")
# Checked on the original sets: of the files msgfmt -c accepts, how many it still accepts
# after ours formats every entry anew (the -msgcat copies add nothing: same catalogs).
MSGFMT_COLUMN = "msgfmt -c kept"


# --- corpus -----------------------------------------------------------------------------


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(cmd, capture_output=True, check=False, **kwargs)


def fetch_wheel_set(name: str) -> Path | None:
    package, pinned = WHEEL_SETS[name]
    target = HERE / "sets" / name
    if target.is_dir():
        return target
    WHEELS.mkdir(parents=True, exist_ok=True)
    prefix = package.replace("-", "_").lower()
    wheels = [w for w in WHEELS.glob("*.whl") if w.name.lower().startswith(f"{prefix}-{pinned}-")]
    if not wheels:
        result = run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary",
                ":all:",
                f"{package}=={pinned}",
                "-d",
                str(WHEELS),
            ]
        )
        if result.returncode != 0:
            print(f"  {name}: pip download failed, set skipped", file=sys.stderr)
            return None
        wheels = [
            w for w in WHEELS.glob("*.whl") if w.name.lower().startswith(f"{prefix}-{pinned}-")
        ]
    with zipfile.ZipFile(wheels[0]) as archive:
        for info in archive.infolist():
            if info.filename.endswith(".po"):
                out = target / info.filename
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(archive.read(info))
    return target


def _apt_options() -> list[str]:
    apt = HERE / "apt"
    return [
        "-o", "Dir::Etc::SourceList=/dev/null",
        "-o", f"Dir::Etc::SourceParts={apt / 'sources'}",
        "-o", f"Dir::State::Lists={apt / 'lists'}",
        "-o", f"Dir::Cache::Archives={apt / 'archives'}",
    ]  # fmt: skip


def _prepare_apt() -> bool:
    """A private deb-src list mirroring the system's deb sources; False when impossible."""
    if shutil.which("apt-get") is None:
        return False
    apt = HERE / "apt"
    if (apt / "ready").exists():
        return True
    sources = Path("/etc/apt/sources.list.d/debian.sources")
    if not sources.exists():
        return False
    text = re.sub(r"^Types:\s*deb\s*$", "Types: deb-src", sources.read_text(), flags=re.M)
    for sub in ("sources", "lists/partial", "archives/partial", "dl"):
        (apt / sub).mkdir(parents=True, exist_ok=True)
    (apt / "sources" / "src.sources").write_text(text)
    if run(["apt-get", *_apt_options(), "update"]).returncode != 0:
        return False
    (apt / "ready").touch()
    return True


def fetch_debian_set(name: str) -> Path | None:
    target = HERE / "sets" / name
    if target.is_dir():
        return target
    if not _prepare_apt():
        print(f"  {name}: apt-get source not usable here, set skipped", file=sys.stderr)
        return None
    dl = HERE / "apt" / "dl"
    for package in DEBIAN_SETS[name]:
        if not list(dl.glob(f"{package}_*.orig.tar.*")):
            run(["apt-get", *_apt_options(), "source", "--download-only", package], cwd=dl)
        tarballs = sorted(dl.glob(f"{package}_*.orig.tar.*"))
        if not tarballs:
            print(f"  {name}: no source for {package}", file=sys.stderr)
            continue
        with tarfile.open(tarballs[0]) as archive:
            for member in archive:
                parts = set(Path(member.name).parts)
                if member.isfile() and member.name.endswith(".po") and not parts & SKIP_PARTS:
                    handle = archive.extractfile(member)
                    if handle is None:
                        continue
                    out = (
                        target / package / Path(member.name).relative_to(Path(member.name).parts[0])
                    )
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(handle.read())
    return target if target.is_dir() else None


def normalise(name: str, files: list[Path]) -> list[Path]:
    """``msgcat FILE`` of every file (kept in its charset): the gettext-written copies."""
    source = HERE / "sets" / name
    target = HERE / "sets" / f"{name}-msgcat"

    def one(path: Path) -> Path | None:
        out = target / path.relative_to(source)
        if not out.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
            if run(["msgcat", "-o", str(out), str(path)]).returncode != 0:
                out.unlink(missing_ok=True)
                return None
        return out

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return [p for p in pool.map(one, files) if p is not None]


def po_files(directory: Path) -> list[Path]:
    return sorted(
        p for p in directory.rglob("*.po") if not set(p.relative_to(directory).parts) & SKIP_PARTS
    )


# --- tools: read and write back ---------------------------------------------------------

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def charset_of(data: bytes) -> str:
    match = _CHARSET.search(data[:4000])
    name = match.group(1).decode("ascii") if match else "utf-8"
    try:
        "".encode(name)
    except LookupError:
        return "utf-8"
    return name


def decode(data: bytes) -> tuple[str, str]:
    charset = charset_of(data)
    return data.decode(charset), charset


def ours_round_trip(data: bytes) -> bytes:
    """Read and written as ``translator`` reads and writes files (in the header's charset)."""
    from translator.catalog.pofile import (
        catalog_text,
        decode_catalog,
        encode_catalog,
        header_charset,
        parse_catalog,
    )

    po = parse_catalog(decode_catalog(data, "x"), "x")
    return encode_catalog(catalog_text(po), header_charset(po.metadata), "x")


def ours_formatted(data: bytes) -> bytes:
    """Every entry (and the header) formatted anew instead of copied: the msgcat emulation."""
    from translator.catalog import _po_lexer
    from translator.catalog.pofile import catalog_text, parse_catalog

    text, charset = decode(data)
    po = parse_catalog(text, "x")
    for entry in po:
        entry.__dict__.pop(_po_lexer.SOURCE_ATTR, None)
    header = getattr(po, _po_lexer.HEADER_ATTR)
    if header is not None:  # rewritten field by field from its own lines
        stale = header.source._replace(fingerprint=())
        setattr(po, _po_lexer.HEADER_ATTR, header._replace(source=stale))
    return catalog_text(po).encode(charset)


def polib_round_trip(data: bytes) -> bytes:
    import polib

    text, charset = decode(data)
    return str(polib.pofile(text, wrapwidth=79)).encode(charset)


def babel_round_trip(data: bytes) -> bytes:
    from babel.messages.pofile import read_po, write_po

    with contextlib.redirect_stdout(io.StringIO()):  # Babel prints its warnings
        catalog = read_po(io.BytesIO(data))
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def _ttk_pypo() -> Any:
    # translate-toolkit is a peer installed by hand for benchmarks only (main checks for it).
    return importlib.import_module("translate.storage.pypo")


def ttk_round_trip(data: bytes) -> bytes:
    store = _ttk_pypo().pofile.parsestring(data)
    return bytes(store)


ROUND_TRIPS: dict[str, Callable[[bytes], bytes]] = {
    "ours": ours_round_trip,
    "ours-format": ours_formatted,
    "polib": polib_round_trip,
    "babel": babel_round_trip,
    "ttk": ttk_round_trip,
}


def fidelity(
    name: str, files: list[Path], msgcat_of: dict[Path, Path | None]
) -> dict[str, tuple[int, int]]:
    """tool → (identical, unreadable) over ``files``."""
    result: dict[str, tuple[int, int]] = {}
    datas = {p: p.read_bytes() for p in files}
    for tool, function in ROUND_TRIPS.items():
        same = failed = 0
        for data in datas.values():
            try:
                same += function(data) == data
            except Exception:  # any library error on a real file counts as unreadable
                failed += 1
        result[tool] = (same, failed)
    same = failed = agree = 0
    for path, data in datas.items():
        out = msgcat_of.get(path)
        if out is None:
            failed += 1
            continue
        written = out.read_bytes()
        same += written == data
        # The formatter for changed entries must write what msgcat writes, on any input.
        with contextlib.suppress(Exception):  # unreadable: counted as a disagreement
            agree += ours_formatted(data) == written
    result["msgcat"] = (same, failed)
    result["ours-format = msgcat"] = (agree, failed)
    if not name.endswith("-msgcat"):
        result[MSGFMT_COLUMN] = msgfmt_kept(datas)
    return result


def _msgfmt_ok(path: Path) -> bool:
    return run(["msgfmt", "-c", "-o", os.devnull, str(path)]).returncode == 0


def msgfmt_kept(datas: dict[Path, bytes]) -> tuple[int, int]:
    """(files whose ours-format output passes ``msgfmt -c``, files that fail it as given)."""
    scratch = Path(tempfile.mkdtemp(prefix="msgfmt-", dir=HERE))

    def one(item: tuple[int, tuple[Path, bytes]]) -> int:
        index, (path, data) = item
        if not _msgfmt_ok(path):
            return -1
        out = scratch / f"{index}.po"
        try:
            out.write_bytes(ours_formatted(data))
        except Exception:  # unreadable by ours: not kept
            return 0
        return int(_msgfmt_ok(out))

    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            outcomes = list(pool.map(one, enumerate(datas.items())))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return outcomes.count(1), outcomes.count(-1)


def msgcat_outputs(files: list[Path], scratch: Path) -> dict[Path, Path | None]:

    def one(item: tuple[int, Path]) -> tuple[Path, Path | None]:
        index, path = item
        out = scratch / f"{index}.po"
        ok = run(["msgcat", "-o", str(out), str(path)]).returncode == 0
        return path, out if ok else None

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(pool.map(one, enumerate(files)))


# --- speed ------------------------------------------------------------------------------


def _parser(tool: str) -> Callable[[bytes], tuple[Any, int]]:
    """tool → function reading one file's bytes into (catalog object, entries)."""
    if tool == "ours":
        from translator.catalog.pofile import parse_catalog

        def ours(data: bytes) -> tuple[Any, int]:
            po = parse_catalog(data.decode("utf-8"), "x")
            return po, len(po)

        return ours
    if tool == "ours-lazy":  # as `translator update` reads: fields decoded on first use
        from translator.catalog._po_lexer import parse_utf8

        def ours_lazy(data: bytes) -> tuple[Any, int]:
            po = parse_utf8(data, "x")
            return po, len(po)

        return ours_lazy
    if tool == "polib":
        import polib

        def with_polib(data: bytes) -> tuple[Any, int]:
            po = polib.pofile(data.decode("utf-8"), wrapwidth=79)
            return po, len(po)

        return with_polib
    if tool == "babel":
        from babel.messages.pofile import read_po

        def with_babel(data: bytes) -> tuple[Any, int]:
            with contextlib.redirect_stdout(io.StringIO()):
                catalog = read_po(io.BytesIO(data))
            return catalog, len(catalog)

        return with_babel
    pypo = _ttk_pypo()

    def with_ttk(data: bytes) -> tuple[Any, int]:
        store = pypo.pofile.parsestring(data)
        return store, len(store.units)

    return with_ttk


def _writer(tool: str, operation: str) -> Callable[[Any], bytes]:
    if tool == "ours":
        from translator.catalog.pofile import catalog_text

        def ours(po: Any) -> bytes:
            if operation == "format-all":
                po = _rebuilt(po)
            elif operation == "write-10pct":
                for number, entry in enumerate(po):
                    if number % 10 == 0 and not entry.msgid_plural:
                        entry.msgstr = entry.msgstr + " (edited)"
            return catalog_text(po).encode("utf-8")

        return ours
    if tool == "ours-lazy":  # as `translator update` writes: bytes, untouched runs as read
        from translator.catalog._po_writer import render_bytes

        return lambda po: render_bytes(po, "utf-8")
    if tool == "polib":
        return lambda po: str(po).encode("utf-8")
    if tool == "babel":
        from babel.messages.pofile import write_po

        def with_babel(catalog: Any) -> bytes:
            buffer = io.BytesIO()
            write_po(buffer, catalog)
            return buffer.getvalue()

        return with_babel
    return lambda store: bytes(store)


def child(tool: str, operation: str, listing: Path, outdir: Path) -> None:
    """One measured process: parse (and write) every file of ``listing``; print JSON."""
    files = [Path(line) for line in listing.read_text().splitlines()]
    datas = [p.read_bytes() for p in files]
    parse, write = _parser(tool), _writer(tool, operation)
    parse_s = write_s = 0.0
    entries = failed = 0
    outdir.mkdir(parents=True, exist_ok=True)
    for index, data in enumerate(datas):
        start = time.perf_counter()
        try:
            catalog, count = parse(data)
        except Exception:  # a file the library cannot read: counted, not timed further
            failed += 1
            continue
        entries += count
        middle = time.perf_counter()
        parse_s += middle - start
        if operation != "parse":
            (outdir / f"{index}.po").write_bytes(write(catalog))
            write_s += time.perf_counter() - middle
    result = {
        "parse": parse_s,
        "write": write_s,
        "entries": entries,
        "failed": failed,
        "rss": _own_peak_mb(),
    }
    print(json.dumps(result))


def _rebuilt(po: Any) -> Any:
    """The same catalog made through polib's API: every entry is formatted from scratch."""
    import polib

    copy = polib.POFile()
    copy.header, copy.metadata = po.header, dict(po.metadata)
    copy.metadata_is_fuzzy = po.metadata_is_fuzzy
    for entry in po:
        fresh = polib.POEntry()
        fresh.__dict__.update(
            {k: v for k, v in entry.__dict__.items() if not k.startswith("_translator")}
        )
        copy.append(fresh)
    return copy


def _own_peak_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(cmd: list[str]) -> tuple[float, str]:
    """(wall s, stdout) of one process."""
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{cmd[:4]} failed")
    return wall, result.stdout.decode()


def measure_gettext(tool: str, files: list[Path], outdir: Path) -> float:
    outdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for index, path in enumerate(files):
        out = "/dev/null" if tool == "msgfmt" else str(outdir / f"{index}.po")
        cmd = [tool, "-o", out, str(path)]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def gettext_peak_mb(tool: str, files: list[Path], outdir: Path) -> float:
    """Peak RSS of ``tool`` on the largest of ``files`` (NaN without GNU time)."""
    if not files or not Path("/usr/bin/time").exists():
        return float("nan")
    largest = max(files, key=lambda p: p.stat().st_size)
    out = "/dev/null" if tool == "msgfmt" else str(outdir / "largest.po")
    outdir.mkdir(parents=True, exist_ok=True)
    report = outdir / "time.txt"
    cmd = ["/usr/bin/time", "-f", "%M", "-o", str(report), tool, "-o", out, str(largest)]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    try:
        return int(report.read_text().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        return float("nan")


def speed(
    inputs: dict[str, list[Path]], runs: int, tools: set[str] | None = None
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    scratch = Path(tempfile.mkdtemp(prefix="speed-", dir=HERE))
    counter = 0

    def fresh() -> Path:  # never rewrite a file: ext4 flushes truncated files on close
        nonlocal counter
        counter += 1
        return scratch / str(counter)

    jobs: list[tuple[str, str]] = [
        ("msgfmt", "parse"),
        ("msgcat", "write"),
        *((tool, op) for tool in ("ours", "polib", "babel", "ttk") for op in ("parse", "write")),
        ("ours-lazy", "parse"),
        ("ours-lazy", "write"),
        ("ours", "write-10pct"),
        ("ours", "format-all"),
    ]
    jobs = [(tool, op) for tool, op in jobs if tools is None or tool in tools]
    for label, files in inputs.items():
        listing = HERE / f"{label}.list"
        listing.write_text("\n".join(str(p) for p in files))
        for tool, operation in jobs:
            walls, rss, inner = [], [], []
            for _ in range(runs):
                if tool in ("msgcat", "msgfmt"):
                    walls.append(measure_gettext(tool, files, fresh()))
                    continue
                cmd = [sys.executable, __file__, "--child", tool, operation, str(listing)]
                wall, output = measure([*cmd, str(fresh())])
                walls.append(wall)
                inner.append(json.loads(output))
                rss.append(inner[-1]["rss"])
            if tool in ("msgcat", "msgfmt"):
                rss.append(gettext_peak_mb(tool, files, fresh()))
            row: dict[str, Any] = {
                "input": label,
                "tool": tool,
                "operation": operation,
                "wall": statistics.median(walls),
                "rss": max(rss),
            }
            if inner:
                row["parse"] = statistics.median(r["parse"] for r in inner)
                row["write"] = statistics.median(r["write"] for r in inner)
                row["entries"] = inner[0]["entries"]
                row["failed"] = inner[0]["failed"]
            rows.append(row)
            print(f"  {label} {tool} {operation}: {row['wall']:.2f} s", file=sys.stderr)
    shutil.rmtree(scratch, ignore_errors=True)
    return rows


# --- main -------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    gettext = run(["msgcat", "--version"]).stdout.decode().splitlines()[0]
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "gettext": gettext,
        "libraries": ", ".join(
            f"{name} {version(dist)}"
            for name, dist in (("polib", "polib"), ("Babel", "babel"), ("ttk", "translate-toolkit"))
        ),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def percent(same: int, total: int) -> str:
    return f"{100 * same / total:.0f}% ({same})" if total else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default=",".join(ALL_SETS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-fidelity", action="store_true")
    parser.add_argument(
        "--tools", help="speed: only these (msgfmt,msgcat,ours,ours-lazy,polib,babel,ttk)"
    )
    parser.add_argument("--inputs", default="CORPUS,BIG", help="speed: CORPUS, BIG or both")
    parser.add_argument("--child", nargs=4, metavar=("TOOL", "OP", "LIST", "OUT"))
    args = parser.parse_args()
    if args.child:
        tool, operation, listing, out = args.child
        child(tool, operation, Path(listing), Path(out))
        return
    if shutil.which("msgcat") is None:
        sys.exit("GNU gettext (msgcat, msgfmt) is needed")
    if importlib.util.find_spec("translate") is None:
        sys.exit("translate-toolkit is a peer here: .venv/bin/pip install translate-toolkit")
    HERE.mkdir(parents=True, exist_ok=True)
    sets: dict[str, list[Path]] = {}
    for name in args.sets.split(","):
        print(f"corpus: {name}", file=sys.stderr)
        directory = fetch_wheel_set(name) if name in WHEEL_SETS else fetch_debian_set(name)
        if directory is not None:
            sets[name] = po_files(directory)
            sets[f"{name}-msgcat"] = normalise(name, sets[name])
    facts = machine()
    results: dict[str, Any] = {"machine": facts, "command": " ".join(sys.argv)}

    if not args.skip_fidelity:
        print("\n### Round trip: share of files byte-identical (unreadable)\n")
        print("| set | files | MB | " + " | ".join((*TOOLS, MSGFMT_COLUMN)) + " |")
        print("|---|---:|---:|" + "---:|" * (len(TOOLS) + 1))
        table: dict[str, Any] = {}
        totals = {tool: [0, 0] for tool in TOOLS}
        count = 0
        for name, files in sets.items():
            scratch = Path(tempfile.mkdtemp(prefix="msgcat-", dir=HERE))
            cells = fidelity(name, files, msgcat_outputs(files, scratch))
            shutil.rmtree(scratch, ignore_errors=True)
            table[name] = {"files": len(files), **cells}
            size = sum(p.stat().st_size for p in files) / 1e6
            count += len(files)
            shown = []
            for tool in TOOLS:
                same, failed = cells[tool]
                totals[tool][0] += same
                totals[tool][1] += failed
                note = f", {failed} unreadable" if failed else ""
                shown.append(percent(same, len(files)) + note)
            if MSGFMT_COLUMN in cells:
                kept, rejected = cells[MSGFMT_COLUMN]
                shown.append(f"{kept} of {len(files) - rejected} ({rejected} fail as given)")
            else:
                shown.append("–")
            print(f"| {name} | {len(files)} | {size:.1f} | " + " | ".join(shown) + " |")
        print(
            f"| all | {count} | | "
            + " | ".join(percent(totals[t][0], count) for t in TOOLS)
            + " | |"
        )
        results["fidelity"] = table

    if not args.skip_speed:
        corpus = [p for name in SPEED_SETS if name in sets for p in sets[name] if _is_utf8(p)]
        big = HERE / "big.po"
        if not big.exists():
            # msgcat cannot merge non-ASCII msgids from differently encoded files: UTF-8 only.
            normalised = [
                p
                for name in ALL_SETS
                if f"{name}-msgcat" in sets
                for p in sets[f"{name}-msgcat"]
                if charset_of(p.read_bytes()).lower().replace("-", "") == "utf8"
            ]
            run(["msgcat", "--use-first", "-o", str(big), *map(str, normalised)])
        inputs = {
            name: files
            for name, files in (("CORPUS", corpus), ("BIG", [big]))
            if name in args.inputs.split(",")
        }
        sizes = {k: sum(p.stat().st_size for p in v) / 1e6 for k, v in inputs.items()}
        rows = speed(inputs, args.runs, set(args.tools.split(",")) if args.tools else None)
        results["speed"] = rows
        print("\n### Speed (median of", args.runs, "runs)\n")
        print("| input | tool | operation | wall s | in-process s (parse / write) "
              "| peak RSS MB | wall ÷ msgcat |")  # fmt: skip
        print("|---|---|---|---:|---:|---:|---:|")
        for row in rows:
            reference = next(
                r["wall"] for r in rows if r["input"] == row["input"] and r["tool"] == "msgcat"
            )
            inner = f"{row['parse']:.2f} / {row['write']:.2f}" if "parse" in row else "–"
            if row.get("failed"):
                inner += f" ({row['failed']} files unreadable)"
            name = row["input"]
            label = f"{name} ({len(inputs[name])} files, {sizes[name]:.1f} MB"
            label += f", {row['entries']} entries)" if "entries" in row else ")"
            print(
                f"| {label} | {row['tool']} | {row['operation']} | {row['wall']:.2f} | {inner} "
                f"| {row['rss']:.0f} | {row['wall'] / reference:.2f} |"
            )
    print("\nMachine: " + "; ".join(f"{k}: {v}" for k, v in facts.items()))
    (HERE / "results.json").write_text(json.dumps(results, indent=1, default=str))


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


if __name__ == "__main__":
    main()
