"""Format directives of C and Python format strings, compared as ``msgfmt -c`` compares them.

``update`` needs one question answered: would this translation still pass ``msgfmt -c``
now that the template marks its msgid as a format string? (msgmerge then flags it fuzzy
instead of writing a catalog msgfmt rejects.) The answer compares the arguments the two
strings consume: for C, the argument types in order (or by ``%n$`` position); for Python,
the named arguments and their types, or the unnamed ones in order.
"""

from __future__ import annotations

import re

# Conversions that read the same kind of argument; msgfmt accepts one for another.
_C_KIND = {
    **dict.fromkeys("di", "int"),
    **dict.fromkeys("ouxX", "unsigned"),
    **dict.fromkeys("eEfFgGaA", "double"),
    "c": "char",
    "s": "string",
    "p": "pointer",
    "n": "count",
}
_C_DIRECTIVE = re.compile(
    r"%(?:(\d+)\$)?[-+ #0'I]*(?:\*|\d+)?(?:\.(?:\*|\d+)?)?(?:hh|h|ll|l|L|q|j|z|Z|t)?([a-zA-Z%])"
)
_PYTHON_DIRECTIVE = re.compile(
    r"%(?:\(([^)]*)\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([a-zA-Z%])"
)
_PYTHON_KIND = {
    **dict.fromkeys("diouxX", "int"),
    "c": "char",
    **dict.fromkeys("eEfFgG", "float"),
    **dict.fromkeys("rsa", "object"),
}

Signature = tuple[tuple[object, str], ...]


def _arguments(
    pattern: re.Pattern[str], kinds: dict[str, str], text: str
) -> list[tuple[str | None, str]] | None:
    """(argument named or numbered, kind) of every directive but ``%%``; None when a %
    starts no valid directive or names an unknown conversion."""
    found = []
    start = text.find("%")
    while start >= 0:
        match = pattern.match(text, start)
        if match is None:
            return None
        argument, conversion = match.groups()
        if conversion != "%":
            kind = kinds.get(conversion)
            if kind is None:
                return None
            found.append((argument, kind))
        start = text.find("%", match.end())
    return found


def _c_signature(text: str) -> Signature | None:
    """The (position, kind) of each argument, or None when a directive is invalid."""
    directives = _arguments(_C_DIRECTIVE, _C_KIND, text)
    if directives is None:
        return None
    arguments: dict[int, str] = {}
    numbered = plain = 0
    for position, kind in directives:
        if position:  # "%2$s" names its argument
            numbered += 1
            number = int(position)
            if arguments.get(number, kind) != kind:
                return None
            arguments[number] = kind
        else:  # plain directives take the next one
            plain += 1
            arguments[plain] = kind
    # As gettext: numbered and plain directives do not mix, and numbers leave no gap.
    if (numbered and plain) or sorted(arguments) != list(range(1, len(arguments) + 1)):
        return None
    return tuple(sorted(arguments.items()))


def _python_signature(text: str) -> Signature | None:
    """Named arguments as sorted (name, kind) pairs; unnamed ones in order."""
    directives = _arguments(_PYTHON_DIRECTIVE, _PYTHON_KIND, text)
    if directives is None:
        return None
    named: dict[str, str] = {}
    unnamed: list[tuple[object, str]] = []
    for name, kind in directives:
        if name is None:
            unnamed.append((len(unnamed), kind))
        elif named.setdefault(name, kind) != kind:
            return None  # one name, two types
    if named and unnamed:
        return None  # msgfmt rejects the mix
    return tuple(sorted(named.items())) if named else tuple(unnamed)


_SIGNATURES = {"c-format": _c_signature, "python-format": _python_signature}


def mismatched(flag: str, msgid: str, msgstr: str) -> bool:
    """Whether ``msgstr`` consumes other arguments than ``msgid`` under format ``flag``.

    Only C and Python formats are known; for any other flag the answer is False (nothing
    to say), as it is when ``msgid`` is no valid format string. An invalid ``msgstr`` is a
    mismatch."""
    signature = _SIGNATURES.get(flag)
    if signature is None:
        return False
    expected = signature(msgid)
    if expected is None:  # not a valid format string: msgfmt compares nothing
        return False
    return signature(msgstr) != expected
