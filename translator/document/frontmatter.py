"""Translatable values of YAML front matter, located in place (the YAML is never re-written).

Only the keys the project names are extracted (``title``, ``seo.description``…); a value
may be a one-line scalar or a list of them. The rest of the front matter passes through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import yaml

from translator.document.inline import has_translatable_text
from translator.document.model import Document, LineIndex, Quoting, Segment

_STYLES = {None: Quoting.YAML_PLAIN, '"': Quoting.YAML_DOUBLE, "'": Quoting.YAML_SINGLE}


def front_matter_segments(
    content: str,
    lines: LineIndex,
    keys: Sequence[str],
    next_block: Callable[[], int],
    doc: Document,
) -> list[Segment]:
    """Segments for the configured keys of a front-matter block that starts on line 1."""
    try:
        root = yaml.compose(content, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        doc.warnings.append(f"{doc.path}:{line}: front matter is not valid YAML; not extracted")
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    segments: list[Segment] = []
    for key in keys:
        node = _lookup(root, key.split("."))
        if node is None:
            continue
        scalars = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for scalar in scalars:
            segment = _segment(scalar, key, lines, next_block, doc)
            if segment is not None:
                segments.append(segment)
    return segments


def _lookup(node: yaml.Node, path: list[str]) -> yaml.Node | None:
    for part in path:
        if not isinstance(node, yaml.MappingNode):
            return None
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                node = value_node
                break
        else:
            return None
    return node


def _segment(
    node: yaml.Node,
    key: str,
    lines: LineIndex,
    next_block: Callable[[], int],
    doc: Document,
) -> Segment | None:
    if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
        return None
    quoting = _STYLES.get(node.style)
    line = node.start_mark.line + 2  # the front matter's first line is "---"
    if quoting is None or node.start_mark.line != node.end_mark.line:
        doc.warnings.append(
            f"{doc.path}:{line}: front matter {key!r}: only one-line values are extracted"
        )
        return None
    if node.tag != "tag:yaml.org,2002:str" or not has_translatable_text(node.value):
        return None
    line_start = lines.starts[node.start_mark.line + 1]
    start = line_start + node.start_mark.column
    end = line_start + node.end_mark.column
    return Segment(
        start=start,
        end=end,
        msgid=node.value,
        line=line,
        kind=f"front matter: {key}",
        block=next_block(),
        translatable=True,
        continuation=None,
        quoting=quoting,
    )
