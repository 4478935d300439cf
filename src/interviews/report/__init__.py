"""The report: the data a chapter loads, its figures, tables, Markdown and quoted numbers, the build.

Also the chapter template, notebook execution, prose checks and the Sphinx extension (`html/`).
Modules: chapter_data, numbers, figures, plots, render, tables, template, notebook, citations, build_cache, sphinx_lean.
"""

__all__ = [
    "build_cache", "chapter_data", "citations", "figures", "notebook", "numbers", "plots", "render", "sphinx_lean",
    "tables", "template",
]
