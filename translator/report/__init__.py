"""``translator report``: one self-contained HTML page of a project's translation state."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from translator._io import write_text_atomic
from translator.config import ProjectConfig
from translator.glossary import Glossary
from translator.report.collect import Progress, Report, collect_catalogs, collect_project
from translator.report.page import write_html

DEFAULT_OUTPUT = Path("build") / "report.html"


def build_report(
    output: Path,
    config: ProjectConfig | None = None,
    catalogs: Sequence[Path] = (),
    *,
    glossary: Glossary | None = None,
    progress: Progress | None = None,
) -> Report:
    """Write the report of a project (or of explicit ``catalogs``) to ``output``."""
    if catalogs:
        report = collect_catalogs(catalogs, config, glossary, progress)
    else:
        assert config is not None
        report = collect_project(config, glossary, progress)
    write_text_atomic(output, write_html(report))
    return report


__all__ = ["DEFAULT_OUTPUT", "Report", "build_report"]
