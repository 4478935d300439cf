"""Interview chapters from one shared template (`templates/interview.md`).

A new interview's chapter is the template filled in; its summary section shows
machine-selected sentences, clearly labelled, until a person writes one. The
hand-edited chapters keep the template's code cells (a test checks this), so no
chapter carries logic of its own. Names and titles are escaped before they enter
the MyST source, so whatever they contain is shown as text, never read as markup;
the slug, which becomes a label and a file name, must be a slug.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from ..corpus.metadata import SLUG_RE, Interview
from .render import escape

TEMPLATE = Path(__file__).parent / "templates" / "interview.md"

MACHINE_SUMMARY = """:::{important}
This summary is machine-selected: the most central sentences of the interviewee's answers
(TF-IDF similarity, see the Methods chapter), in source order. It is not an interpretation.
Replace this section with a summary written from a careful reading, citing paragraph ids.
:::

```{code-cell} ipython3
:tags: [remove-input]

render.extractive_summary(summaries.central_sentences(data.answers))
```
"""

CODE_CELL_RE = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.M | re.S)


def heading(interview: Interview) -> str:
    """The chapter's title as text (not yet escaped): the interviewee's name, and the year if known."""
    name = interview.interviewee.name
    return f"{name} ({interview.year})" if interview.year else name


def chapter_text(interview: Interview, summary_markdown: str | None = None) -> str:
    """The chapter for `interview`; without a summary, the machine-selected one."""
    if not SLUG_RE.match(interview.slug):
        raise ValueError(f"{interview.slug!r} is not a slug; it would become a label and a file name")
    template = Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        slug=interview.slug,
        heading=escape(heading(interview)),
        name=escape(interview.interviewee.name),
        summary=(summary_markdown or MACHINE_SUMMARY).rstrip("\n") + "\n",
    )


def code_cells(markdown: str) -> list[str]:
    """The source of every code cell, in order."""
    return [cell.strip() for cell in CODE_CELL_RE.findall(markdown)]
