"""A Sphinx extension that numbers the book's figures without loading every page's doctree.

Registered in `_config.yml` (`sphinx.extra_extensions`). The book numbers its figures
and tables across pages (Sphinx's `numfig`), so whenever one page changes, Sphinx walks
the doctree of every page again to count what comes before each figure, and loads each
of those doctrees from its pickle to do so. With fifty interviews that is about sixty
doctrees and two seconds of every rebuild, even when one page changed.

This extension keeps, for each page as it is read, a *skeleton* of its doctree: the
sections, the tables of contents and every node that Sphinx numbers (with their
captions), inside shells of the elements that contain them, in document order
(:func:`skeleton`). While Sphinx assigns the figure numbers, a page's doctree is its
skeleton; Sphinx's own code does the walking and the counting, and finds in the
skeleton everything it reads from the full doctree, so the numbers are the same (a test
compares them). A page without a skeleton (read by an older build) is loaded as before.
"""

from __future__ import annotations

import functools

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors.toctree import TocTreeCollector

SKELETONS = "interviews_figure_skeletons"  # the environment's attribute: page -> skeleton


def figure_type(env, node: nodes.Element) -> str | None:
    """What Sphinx numbers the node as (figure, table, code-block, ...), or None: the test of Sphinx's
    `TocTreeCollector.assign_figure_numbers` (an uncaptioned node of the standard domain is not numbered)."""
    for domain in env.domains.values():
        kind = domain.get_enumerable_node_type(node)
        if domain.name == "std" and not domain.get_numfig_title(node):
            continue
        if kind:
            return kind
    return None


def _detached(node: nodes.Node) -> nodes.Node:
    """The node and everything in it without raw source or link to the whole document (which a copy
    keeps, and which would put every page's doctree into the environment's pickle)."""
    for part in node.findall():
        part._document = None
        if isinstance(part, nodes.Element):
            part.rawsource = ""
    return node


def _shell(node: nodes.Element) -> nodes.Element:
    """The element without its children (:func:`_detached`)."""
    return _detached(node.copy())


def _numbered(env, node: nodes.Element) -> nodes.Element:
    """A numbered node as numbering reads it: its attributes, its captions and titles (the number's
    condition), a shell of each literal block (what makes a container a code-block) and, pruned, the rest
    (a numbered node inside it)."""
    std = env.domains["std"]
    if std.enumerable_nodes.get(node.__class__, (None, None))[1]:  # a node type with its own title getter
        return _detached(node.deepcopy())
    copy = _shell(node)
    for child in node.children:
        if isinstance(child, (nodes.caption, nodes.title)):
            copy.append(_detached(child.deepcopy()))
        elif isinstance(child, nodes.literal_block):
            copy.append(_shell(child))
        elif isinstance(child, nodes.Element):
            copy.extend(_pruned(env, [child]))
    return copy


def _pruned(env, children) -> list[nodes.Element]:
    """The nodes as the skeleton keeps them, in order."""
    kept = []
    for child in children:
        if not isinstance(child, nodes.Element):
            continue
        if isinstance(child, nodes.section):
            shell = _shell(child)  # the attributes (its ids name its section number), not the children
            shell.extend(_pruned(env, child.children))
            kept.append(shell)
        elif isinstance(child, addnodes.toctree):
            kept.append(_shell(child))
        elif figure_type(env, child):
            kept.append(_numbered(env, child))
        else:
            inner = _pruned(env, child.children)
            if inner:
                shell = _shell(child)
                shell.extend(inner)
                kept.append(shell)
    return kept


def skeleton(env, doctree: nodes.Element) -> nodes.Element:
    """The parts of a doctree that figure numbering reads: sections, tables of contents and numbered
    nodes with their captions, and a shell (the element without its other children) of each element
    holding one."""
    root = nodes.Element()
    root.extend(_pruned(env, doctree.children))
    return root


def _skeletons(env) -> dict:
    """The environment's skeletons by page (made empty on first use)."""
    if not hasattr(env, SKELETONS):
        setattr(env, SKELETONS, {})
    return getattr(env, SKELETONS)


def _keep(app, doctree: nodes.document) -> None:
    _skeletons(app.env)[app.env.docname] = skeleton(app.env, doctree)


def _forget(app, env, docname: str) -> None:
    getattr(env, SKELETONS, {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    """Skeletons of the pages a parallel reader read (Sphinx's -j)."""
    theirs = getattr(other, SKELETONS, {})
    _skeletons(env).update({d: theirs[d] for d in docnames if d in theirs})


def _with_skeletons(assign):
    """Sphinx's figure numbering, reading each page's skeleton where there is one instead of its doctree."""
    @functools.wraps(assign)
    def numbered(self, env):
        kept = getattr(env, SKELETONS, {})
        load = env.get_doctree
        env.get_doctree = lambda docname: kept[docname] if docname in kept else load(docname)
        try:
            return assign(self, env)
        finally:
            del env.get_doctree  # the instance attribute: the method is the class's again
    numbered.with_skeletons = True
    return numbered


def setup(app):
    if not getattr(TocTreeCollector.assign_figure_numbers, "with_skeletons", False):
        TocTreeCollector.assign_figure_numbers = _with_skeletons(TocTreeCollector.assign_figure_numbers)
    app.connect("doctree-read", _keep, priority=999)  # after every other extension has changed the doctree
    app.connect("env-purge-doc", _forget)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
