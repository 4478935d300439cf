"""Tests of interviews.report.figure_numbers: figure numbers from skeletons equal Sphinx's own."""

from pathlib import Path

import pytest
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util.docutils import docutils_namespace

from interviews.report import figure_numbers

INDEX = """Book
====

.. toctree::
   :numbered:

   one
   two
"""

ONE = """One
===

.. figure:: pic.png

   A first figure.

Part
----

.. table:: A table

   ===  ===
   a    b
   ===  ===

.. code-block:: python
   :caption: Some code

   x = 1

.. figure:: pic.png

   {caption}

.. figure:: pic.png

.. note::

   .. figure:: pic.png

      A figure in a note.
"""

TWO = """Two
===

Some prose before the figures.

.. container:: wrapper

   .. container:: inner

      .. figure:: pic.png

         Deep in containers.

Later
-----

.. table:: Another table

   ===  ===
   c    d
   ===  ===
"""


def build(src: Path, out: Path, extensions: list[str]) -> Sphinx:
    """A Sphinx build in this process, its directives and nodes registered only for its duration."""
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html", status=None,
                     warning=None, confoverrides={"extensions": extensions, "numfig": True}, freshenv=False)
        app.build()
    return app


@pytest.fixture
def sources(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("", encoding="utf-8")
    (src / "pic.png").write_bytes(b"")
    (src / "index.rst").write_text(INDEX, encoding="utf-8")
    (src / "one.rst").write_text(ONE.format(caption="A second figure."), encoding="utf-8")
    (src / "two.rst").write_text(TWO, encoding="utf-8")
    return src


def test_skeletons_give_sphinx_own_figure_numbers_in_clean_and_incremental_builds(sources, tmp_path):
    plain = build(sources, tmp_path / "plain", [])
    lean = build(sources, tmp_path / "lean", ["interviews.report.figure_numbers"])
    assert lean.env.toc_fignumbers == plain.env.toc_fignumbers
    assert lean.env.toc_fignumbers["one"]["figure"] and lean.env.toc_fignumbers["two"]["table"]
    assert set(getattr(lean.env, figure_numbers.SKELETONS)) == {"index", "one", "two"}
    (sources / "one.rst").write_text(ONE.format(caption="Changed.") + "\n.. figure:: pic.png\n\n   Added.\n",
                                     encoding="utf-8")
    plain, lean = build(sources, tmp_path / "plain", []), build(sources, tmp_path / "lean",
                                                                 ["interviews.report.figure_numbers"])
    assert lean.env.toc_fignumbers == plain.env.toc_fignumbers
    assert len(lean.env.toc_fignumbers["one"]["figure"]) == 4  # the uncaptioned figure has no number


def test_numbering_reads_no_doctree_of_a_page_with_a_skeleton(sources, tmp_path, monkeypatch):
    app = build(sources, tmp_path / "lean", ["interviews.report.figure_numbers"])
    expected = app.env.toc_fignumbers
    monkeypatch.setattr(type(app.env), "get_doctree", lambda self, docname: pytest.fail(f"{docname} was loaded"))
    assert TocTreeCollector().assign_figure_numbers(app.env) == []
    assert app.env.toc_fignumbers == expected
    assert "get_doctree" not in vars(app.env), "the environment's own method is restored"


def test_a_skeleton_keeps_only_what_numbering_reads(sources, tmp_path):
    app = build(sources, tmp_path / "lean", ["interviews.report.figure_numbers"])
    kept = getattr(app.env, figure_numbers.SKELETONS)["two"]
    names = [type(n).__name__ for n in kept.findall()]
    assert "figure" in names and "table" in names
    assert names.count("container") == 2  # the two shells around the figure
    assert not [c for section in kept.findall(nodes.section) for c in section.children
                if isinstance(c, nodes.paragraph)], "the prose is left out"
    assert "row" not in names and "image" not in names, "a table's rows and a figure's image too"
    assert all(node._document is None for node in kept.findall()), "no link to the whole page"
    doctree = app.env.get_doctree("two")
    before = doctree.pformat()
    assert figure_numbers.skeleton(app.env, doctree).pformat() == kept.pformat()
    assert doctree.pformat() == before, "the page is left as it was"
    assert all(child.parent is node for node in doctree.findall(nodes.Element) for child in node.children)
