"""Check reports: readable text, JSON and JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence

import click

from translator.checks.model import Finding, Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_text(findings: Sequence[Finding], *, colour: bool = False) -> str:
    """Findings grouped by file, one line each, and a summary line."""
    lines: list[str] = []
    current: str | None = None
    for f in findings:
        if f.file != current:
            if current is not None:
                lines.append("")
            current = f.file
            lines.append(click.style(f.file, bold=True) if colour else f.file)
        severity = f.severity.value
        if colour:
            severity = click.style(severity, fg=_COLOURS[f.severity], bold=True)
        where = f"{f.line}:" if f.line is not None else "-:"
        locale = f" {f.locale}" if f.locale else ""
        lines.append(f"  {where} {severity} [{f.check}]{locale}: {f.message}")
        if f.msgid:
            lines.append(f"      msgid: {_short(f.msgid)}")
    counts = Counter(f.severity for f in findings)
    if findings:
        parts = [
            f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity if counts[s]
        ]
        files = len({f.file for f in findings})
        summary = f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"
    else:
        summary = "no problems found"
    if lines:
        lines.append("")
    lines.append(summary)
    return "\n".join(lines) + "\n"


def format_json(findings: Sequence[Finding]) -> str:
    """A JSON list of objects: check, severity, locale, file, line, msgid, message."""
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


def format_junit(findings: Sequence[Finding]) -> str:
    """JUnit XML: one test suite per file, one test case per finding.

    Error findings are ``<failure>``s; warnings and info pass, with the message in
    ``<system-out>``. A clean run is one passing test case.
    """
    root = ET.Element("testsuites", {"name": "translator check"})
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    if not by_file:
        suite = ET.SubElement(root, "testsuite", {"name": "translator check", "tests": "1",
                                                 "failures": "0", "errors": "0"})  # fmt: skip
        ET.SubElement(suite, "testcase", {"name": "all checks", "classname": "translator.check"})
    total = failures = 0
    for file, items in by_file.items():
        errors = sum(1 for f in items if f.severity is Severity.ERROR)
        attrs = {"name": file, "tests": str(len(items)), "failures": str(errors), "errors": "0"}
        suite = ET.SubElement(root, "testsuite", attrs)
        total += len(items)
        failures += errors
        for f in items:
            name = f"{f.check} at line {f.line}" + (f" [{f.locale}]" if f.locale else "")
            case = ET.SubElement(suite, "testcase", {"name": name, "classname": file})
            body = f"{f.message}\nmsgid: {f.msgid}" if f.msgid else f.message
            if f.severity is Severity.ERROR:
                failure = ET.SubElement(case, "failure", {"message": f.message, "type": f.check})
                failure.text = body
            else:
                ET.SubElement(case, "system-out").text = f"{f.severity.value}: {body}"
    root.set("tests", str(total or 1))
    root.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


FORMATS = {"text": format_text, "json": format_json, "junit": format_junit}
