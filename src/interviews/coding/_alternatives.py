"""The alternatives of a hand-written regular expression, each as a regex of its own.

For every alternation (``a|b|c``) that each match passes through (not one inside an
optional part or a lookaround, nor one of endings such as ``(?:e|es|ed|ing)`` whose
alternatives are all four characters or shorter), :func:`alternatives` gives one regex
per alternative:
the whole expression with only that alternative left at that place. The support
check of the codebook uses it, so that a word folded into a supported regex still
needs support of its own. Python offers no public way to read or rebuild a regex's
structure, so this module uses the standard library's parser and compiler
(`re._parser`, `re._compiler`); it is tested on its own.
"""

from __future__ import annotations

import re
import re._compiler as sre_compile  # no public equivalent: compiles a parsed (and edited) expression
import re._parser as sre_parse  # no public equivalent: the structure of an expression

_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT)
SUFFIX = 4  # alternatives of at most this many characters, all of them, are endings


def _text(items) -> str:
    """A readable form of a parsed alternative: its literal letters, '…' for anything else."""
    out = []
    for op, arg in items:
        out.append(chr(arg) if op == sre_parse.LITERAL else "…")
    return re.sub("…+", "…", "".join(out))


def alternatives(regex: re.Pattern) -> list[tuple[str, re.Pattern]]:
    """(readable alternative, regex keeping only that alternative) for each alternative of each alternation."""
    if regex.pattern is None:  # already rebuilt from a parse tree (see pruned): no source to read
        return []
    tree = sre_parse.parse(regex.pattern, regex.flags)
    out: list[tuple[str, re.Pattern]] = []

    def walk(items) -> None:
        for i, (op, arg) in enumerate(list(items)):
            if op == sre_parse.BRANCH and any(len(branch) > SUFFIX for branch in arg[1]):
                for branch in arg[1]:
                    items[i] = (sre_parse.BRANCH, (arg[0], [branch]))
                    out.append((_text(branch), sre_compile.compile(tree, regex.flags)))
                    items[i] = (op, arg)
                    walk(branch)
            elif op == sre_parse.BRANCH:
                pass  # endings: morphology, not wording
            elif op == sre_parse.SUBPATTERN:
                walk(arg[-1])
            elif op in _REPEATS and arg[0] >= 1:
                walk(arg[2])

    walk(tree.data)
    return out


def pruned(regex: re.Pattern, keep) -> re.Pattern:
    """`regex` without the alternatives for which `keep(regex with only that alternative)` is false.

    The same alternations as :func:`alternatives` are visited, outer ones first; an
    alternation keeps all its alternatives when none would be kept.
    """
    tree = sre_parse.parse(regex.pattern, regex.flags)

    def walk(items) -> None:
        for i, (op, arg) in enumerate(list(items)):
            if op == sre_parse.BRANCH and any(len(branch) > SUFFIX for branch in arg[1]):
                kept = []
                for branch in arg[1]:
                    items[i] = (sre_parse.BRANCH, (arg[0], [branch]))
                    if keep(sre_compile.compile(tree, regex.flags)):
                        kept.append(branch)
                items[i] = (op, (arg[0], kept or arg[1]))
                for branch in items[i][1][1]:
                    walk(branch)
            elif op == sre_parse.SUBPATTERN:
                walk(arg[-1])
            elif op in _REPEATS and arg[0] >= 1:
                walk(arg[2])

    walk(tree.data)
    return sre_compile.compile(tree, regex.flags)
