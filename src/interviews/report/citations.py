"""Checks on hand-written chapter prose: citations exist and quotations are verbatim.

A chapter's "## Summary" section is prose written by a person. These checks make
its traceability testable: every paragraph cites at least one paragraph id, every
cited id exists, and every text in double quotation marks occurs verbatim in the
paragraphs that the same prose paragraph cites.
"""

from __future__ import annotations

import re

import pandas as pd

CITE_RE = re.compile(r"\bp(\d{2,3})\b(?:\s+to\s+p(\d{2,3}))?")
CROSS_RE = re.compile(r"\{ref\}`([a-z0-9-]+)`((?:,\s*p\d{2,3})+)")
QUOTE_RE = re.compile(r'"([^"]+)"')


def section(markdown: str, heading: str) -> str:
    """The text under `## heading` up to the next heading of level 1 or 2."""
    m = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^#{{1,2}} |\Z)", markdown, re.M | re.S)
    return m.group(1).strip() if m else ""


def cited_ids(paragraph: str, slug: str) -> list[str]:
    """Full paragraph ids cited in a prose paragraph; 'p13 to p19' is a range."""
    ids = []
    own = CROSS_RE.sub("", paragraph)  # citations of another chapter are checked separately
    for start, end in CITE_RE.findall(own):
        width = len(start)
        last = int(end) if end else int(start)
        ids += [f"{slug}:p{n:0{width}d}" for n in range(int(start), last + 1)]
    return ids


def cited_ids_by_name(paragraph: str, surnames: dict[str, str]) -> tuple[list[str], list[str]]:
    """Ids cited as 'Liu p30, p32 to p33; Wang p11': (full ids, ids without a preceding name)."""
    names = "|".join(re.escape(n) for n in surnames.values())
    slug_of = {n: s for s, n in surnames.items()}
    pattern = re.compile(rf"\b(?:({names})\s+)?p(\d{{2,3}})\b(?:\s+to\s+p(\d{{2,3}}))?")
    ids, orphans = [], []
    current = None
    for name, start, end in pattern.findall(paragraph):
        if name:
            current = name
        last = int(end) if end else int(start)
        found = [f"p{n:0{len(start)}d}" for n in range(int(start), last + 1)]
        if current is None:
            orphans += found
        else:
            ids += [f"{slug_of[current]}:{pid}" for pid in found]
    return ids, orphans


def prose(markdown: str) -> str:
    """A chapter's prose: fenced blocks (code cells, directives), headings and targets removed."""
    text = re.sub(r"^(```|:::).*?^\1\s*$", "", markdown, flags=re.M | re.S)
    text = re.sub(r"^---\n.*?\n---\n", "", text, count=1, flags=re.S)  # front matter
    return "\n".join(line for line in text.splitlines() if not line.startswith("#")
                     and not re.match(r"^\([\w-]+\)=\s*$", line))


def check_prose(markdown: str, slug: str | None, paragraphs: pd.DataFrame,
                surnames: dict[str, str] | None = None, require_citation: bool = True) -> list[str]:
    """Problems with the prose's citations and quotations (empty list: all good).

    With `slug`, bare ids (p30) refer to that interview; with `surnames`
    (slug -> name), ids must follow a name ("Liu p30, p32; Wang p11"). Without
    `require_citation`, a paragraph with neither ids nor quotations passes. Context
    blocks are left out: they cite outside sources, checked by `context_problems`.
    """
    texts = {pid: " ".join(t.split()) for pid, t in zip(paragraphs.paragraph, paragraphs.text)}
    problems = []
    for block in [b.strip() for b in without_context(markdown).split("\n\n") if b.strip()]:
        if block.startswith(("```", ":::", "(", "#")):
            continue  # directives, targets and headings are not prose
        flat = " ".join(block.split())
        if surnames:
            ids, orphans = cited_ids_by_name(flat, surnames)
            if orphans:
                problems.append(f"ids without an interviewee's name {orphans}: {flat[:50]}...")
            cross = []
        else:
            ids = cited_ids(flat, slug)
            cross = [
                f"{other}:{pid.strip()}" for other, refs in CROSS_RE.findall(flat)
                for pid in refs.split(",") if pid.strip()
            ]
        if not ids:
            if require_citation or QUOTE_RE.search(flat):
                problems.append(f"no paragraph cited: {flat[:70]}...")
            continue
        missing = [i for i in ids + cross if i not in texts]
        if missing:
            problems.append(f"cites missing paragraph(s) {missing}: {flat[:50]}...")
            continue
        pool = " ".join(texts[i] for i in ids)
        for quote in QUOTE_RE.findall(flat):
            if " ".join(quote.split()) not in pool:
                problems.append(f'quotation not verbatim in {", ".join(ids)}: "{quote}"')
    return problems


# The context layer: facts from outside the interviews, in admonitions of one style only.
CONTEXT_CLASS = "context"
ADMONITION_RE = re.compile(r"^(:{3,})\{admonition\}[ \t]*(.*?)\n(.*?)^\1[ \t]*$", re.M | re.S)
CITE_ROLE_RE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")


def admonitions(markdown: str) -> list[tuple[str, str, str]]:
    """(title, class, body) of each `{admonition}` colon fence in the text."""
    out = []
    for m in ADMONITION_RE.finditer(markdown):
        klass = re.search(r"^:class:\s*(.+)$", m.group(3), re.M)
        out.append((m.group(2).strip(), klass.group(1).strip() if klass else "", m.group(3)))
    return out


def without_context(markdown: str) -> str:
    """The text with its context blocks removed: what remains is about the interviews."""
    return ADMONITION_RE.sub(lambda m: "" if re.search(rf"^:class:\s*{CONTEXT_CLASS}\s*$", m.group(3), re.M)
                             else m.group(0), markdown)


def cited_keys(markdown: str) -> list[str]:
    """Bibliography keys cited with {cite} roles, in order."""
    return [k.strip() for keys in CITE_ROLE_RE.findall(markdown) for k in keys.split(",")]


def context_problems(markdown: str, context_keys: set[str]) -> list[str]:
    """Problems with a chapter's context layer (empty list: all good).

    Every context block is an admonition titled "Context: ..." with class `context` that cites
    at least one source; no other admonition uses the class or the title; and no context
    source (`context_keys`) is cited outside a context block.
    """
    problems = []
    for title, klass, body in admonitions(markdown):
        is_context = klass == CONTEXT_CLASS
        if is_context != title.startswith("Context:"):
            problems.append(f"admonition {title!r} with class {klass!r}: context blocks are titled "
                            f"'Context: ...' and have class {CONTEXT_CLASS!r}, and only they")
        elif is_context and not cited_keys(body):
            problems.append(f"context block {title!r} cites no source")
    stray = [k for k in cited_keys(without_context(markdown)) if k in context_keys]
    if stray:
        problems.append(f"context sources cited outside a context block: {sorted(set(stray))}")
    return problems


TERM_ROLE_RE = re.compile(r"\{term\}`(?:[^`<]*<)?([^`<>]+?)>?`")


def glossary_entries(markdown: str) -> list[tuple[list[str], str]]:
    """(term lines, definition) of each entry of a MyST `{glossary}` block."""
    m = re.search(r"^:::\{glossary\}\n(.*?)^:::\s*$", markdown, re.M | re.S)
    if not m:
        return []
    entries = []
    for block in m.group(1).split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith(":")]
        terms = [line.strip() for line in lines if not line.startswith(" ")]
        definition = " ".join(line.strip() for line in lines if line.startswith(" "))
        if terms:
            entries.append((terms, definition))
    return entries


def unlinked_terms(markdown: str, entries: list[tuple[list[str], str]]) -> list[str]:
    """Glossary terms whose first mention in a chapter's prose is not a {term} link to their entry.

    A mention is the term as a whole word in any letter case, outside quotations, headings,
    code and roles; a link to any term of the same entry counts for all of its terms.
    """
    text = prose(markdown)
    links = [(m.start(), m.group(1).strip().lower()) for m in TERM_ROLE_RE.finditer(text)]
    # Blank out roles, inline code and quotations, keeping offsets, so that they are not mentions.
    plain = re.sub(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\"[^\"]*\"|“[^”]*”", lambda m: " " * len(m.group()), text)
    missing = []
    for terms in (t for t, _ in entries):
        names = {t.lower() for t in terms}
        first_link = min((at for at, target in links if target in names), default=None)
        for term in terms:
            short = re.sub(r"\s*\([^()]*\)$", "", term)  # "Alliance (CCA)" is mentioned as "Alliance" too
            mention = re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", plain, re.I)
            if mention and (first_link is None or first_link > mention.start()):
                missing.append(term)
    return missing
