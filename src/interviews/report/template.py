"""Interview chapters from one shared template (`templates/interview.md`).

A new interview's chapter is the template filled in; its summary section shows
machine-selected sentences, clearly labelled, until a person writes one. The
hand-edited chapters keep the template's code cells (a test checks this), so no
chapter carries logic of its own.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from ..corpus.metadata import Interview

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
    name = interview.interviewee.name
    return f"{name} ({interview.year})" if interview.year else name


def chapter_text(interview: Interview, summary_markdown: str | None = None) -> str:
    """The chapter for `interview`; without a summary, the machine-selected one."""
    template = Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        slug=interview.slug,
        heading=heading(interview),
        name=interview.interviewee.name,
        summary=(summary_markdown or MACHINE_SUMMARY).rstrip("\n") + "\n",
    )


def code_cells(markdown: str) -> list[str]:
    """The source of every code cell, in order."""
    return [cell.strip() for cell in CODE_CELL_RE.findall(markdown)]
