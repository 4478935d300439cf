"""Raw transcript text -> a table with one row per paragraph.

Parsing rules (also described in the book's Methods chapter):

* The file must be UTF-8 (a byte-order mark and CRLF line ends are accepted).
  Paragraphs are separated by blank lines; lines inside a paragraph are joined.
* Website boilerplate is dropped: the title line (it equals the metadata title),
  navigation bullets before the body ("• Home", "• >", "• Analysis", the title
  again), and the "Table of Contents" line. The paragraph after an "In Brief"
  heading is kept as metadata (:attr:`Transcript.in_brief`), not as body.
* Headings are Markdown headings (``# ...``), short lines wholly inside quotation
  marks (“The absence of pivot organizations is the biggest issue”), and short
  lines without sentence punctuation ("Editor's Note"). A heading is not a
  paragraph; it becomes the ``section`` of the paragraphs that follow it.
* A paragraph starting with a known speaker label (``Name:``, any alias in
  `data/interviews.yml`, case-insensitive) starts a new turn of that speaker.
  A label-like start that matches no known speaker is an error, not a guess.
* An unlabelled paragraph continues the current turn; directly after an
  interviewer's question it is the (single) interviewee's answer. Before the
  first labelled turn it is framing prose (role ``narrator``), and under an
  "Editor's Note" heading it is the editor's note (role ``editor``) until the
  next heading, label or a break of two or more blank lines.
* A text with no speaker labels at all is an error that says how to label it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import InputError
from . import manifest
from .metadata import Interview, load_interviews, normalize_label

COLUMNS = ["interview", "paragraph", "n", "line", "section", "speaker", "role", "turn", "exchange", "text", "words"]
ROLE_ORDER = ["editor", "narrator", "interviewer", "interviewee"]

WORD_RE = re.compile(r"[^\W_]++(?:['’\-][^\W_]++)*+")  # possessive: same matches, no backtracking
NAV_BULLET_RE = re.compile(r"^\s*[•·▪]\s*(.*?)\s*$")
BOILERPLATE_LINES = {"table of contents", "home", ">", "analysis", "in brief"}
MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
QUOTED_RE = re.compile(r"^[“\"‘'](.+)[”\"’']$")
SENTENCE_END_RE = re.compile(r"[.!?…:;,]$")
LABEL_RE = re.compile(r"^(?P<label>[^\s:：][^:：]{0,60}?)\s*[:：]\s*(?P<rest>.*)$", re.S)
LABEL_WORD_RE = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]{1,4}\.?|\([A-Z]{1,4}\))$")
NOT_SPEAKERS = {"note", "editor's note", "translator's note", "source", "update", "photo", "caption", "related"}
# Words that start a sentence with a colon inside an answer ("Secondly: ..."): never speaker labels.
DISCOURSE_LABELS = {
    "first", "firstly", "second", "secondly", "third", "thirdly", "fourth", "fourthly", "finally", "lastly",
    "however", "therefore", "moreover", "also", "example", "for example", "in short", "in summary",
    "conclusion", "summary", "background", "context", "keywords", "tags", "key points", "answer in brief",
}
HONORIFIC_RE = re.compile(r"^(?:mr|ms|mrs|miss|dr|prof|professor|sir|madam)\.?\s+", re.I)
EDITOR_HEADING_RE = re.compile(r"^editor['’]?s['’]? note$", re.I)
IN_BRIEF_RE = re.compile(r"^in brief$", re.I)
MAX_HEADING_WORDS = 15
# Label forms besides "Name: text": Markdown bold ("**Name:** text", "**Name**: text",
# a whole bold question "**Q1: ...?**") and numbered questions with a full stop ("Q1. text").
BOLD_LABEL_RE = re.compile(r"^(\*\*|__)(?P<label>[^*_:：\n]{1,60}?)\s*[:：]\s*\1\s*(?P<rest>.*)$", re.S)
BOLD_LABEL2_RE = re.compile(r"^(\*\*|__)(?P<label>[^*_:：\n]{1,60}?)\1\s*[:：]\s*(?P<rest>.*)$", re.S)
BOLD_BLOCK_RE = re.compile(r"^(\*\*|__)(?P<inner>.+?)\1$", re.S)
NUMBERED_RE = re.compile(r"^(?P<label>[QA]\d+[a-z]?)\.\s+(?P<rest>.+)$", re.S)
INITIALS_RE = re.compile(r"^(?P<base>.+?)\s*\((?P<initials>[^()]{1,12})\)$")
# The Q/A convention: Q, Q1, Q1-follow-up, Question 2 ask; A, A1, Answer answer.
QUESTION_LABEL_RE = re.compile(r"^(?:q|question|interviewer)\s*(?:\d+[a-z]?)?(?:[-\s]*(?:follow[-\s]?up|\d+))*$")
ANSWER_LABEL_RE = re.compile(r"^(?:a|answer|interviewee)\s*(?:\d+[a-z]?)?$")
HTML_ONLY_RE = re.compile(r"^\s*(?:<[^<>]+>\s*)+$")
SETEXT_RE = re.compile(r"^(?:=+|-+)\s*$")
FIGURE_OPEN_RE = re.compile(r"^<figure\b", re.I)
FIGURE_CLOSE_RE = re.compile(r"</figure>", re.I)


@dataclass
class Block:
    line: int  # 1-based line of the block's first line in the raw file
    text: str
    gap: int  # blank lines before the block


@dataclass
class Transcript:
    interview: Interview
    paragraphs: pd.DataFrame
    in_brief: str | None
    headings: list[str]


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def read_text(path: str | Path) -> str:
    """Read a transcript as text: UTF-8 (BOM allowed), newlines normalised to LF."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    if not data.strip():
        raise InputError(path, "the file is empty; expected an interview transcript")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(path, "binary data (a NUL byte); expected UTF-8 text", line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        raise InputError(
            path,
            f"not UTF-8: byte 0x{byte:02X} cannot be decoded (Latin-1 or another encoding?); re-save the file as UTF-8",
            line=line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _same(a: str, b: str) -> bool:
    return normalize_label(a) == normalize_label(b)


def front_matter_end(lines: list[str]) -> int:
    """Number of lines taken by a leading YAML front-matter block ('---' ... '---')."""
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return i + 1
    return 0


def detect_title(text: str) -> str | None:
    """A website title: the first line, when the navigation bullets below repeat it ("• <title>")."""
    lines = text.split("\n")
    rest = [ln.strip() for ln in lines[front_matter_end(lines):]]
    nonempty = [ln for ln in rest if ln][:15]
    if not nonempty:
        return None
    first = nonempty[0]
    for line in nonempty[1:]:
        m = NAV_BULLET_RE.match(line)
        if m and _same(m.group(1), first):
            return first
    return None


def split_blocks(text: str, title: str | tuple[str, ...]) -> list[Block]:
    """Blank-line separated blocks, without front matter, layout HTML, title and navigation lines.

    Dropped lines still count for line numbers, so errors point at the raw file.
    A Markdown setext heading (a line underlined with === or ---) becomes "# text".
    """
    titles = {normalize_label(t) for t in ((title,) if isinstance(title, str) else title)}
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    gap = 0
    pending_gap = 0
    in_header = True  # before the first kept block: navigation bullets live here
    in_figure = False
    lines = text.split("\n")
    skip = front_matter_end(lines)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if number <= skip:
            continue
        if FIGURE_OPEN_RE.match(line):
            in_figure = True
        if in_figure:
            in_figure = not FIGURE_CLOSE_RE.search(line)
            continue
        if current and SETEXT_RE.match(line) and len(current) == 1:
            current[0] = "# " + current[0]
            continue
        nav = NAV_BULLET_RE.match(raw)
        key = normalize_label(line)
        drop = (
            (line and key in titles)
            or (in_header and nav is not None)
            or key == "table of contents"
            or HTML_ONLY_RE.match(line) is not None
            or (line.startswith("<!--") and line.endswith("-->"))
        )
        if not line:
            if current:
                blocks.append(Block(start, " ".join(current), gap))
                current = []
                pending_gap = 0
            pending_gap += 1
            continue
        if drop:
            continue
        if not current:
            start, gap = number, pending_gap
            in_header = False
        current.append(line)
    if current:
        blocks.append(Block(start, " ".join(current), gap))
    return blocks


def heading_text(text: str) -> str | None:
    """The heading's text if the block is a heading, else None."""
    m = MARKDOWN_HEADING_RE.match(text)
    if m:
        return m.group(1).strip()
    m = BOLD_BLOCK_RE.match(text)  # a short bold line without a label: "**Part two**"
    if m and split_label(m.group("inner")) is None:
        inner = m.group("inner").strip()
        if len(inner.split()) <= MAX_HEADING_WORDS and not re.search(r"[.!?]$", inner):
            return inner
    if len(text.split()) > MAX_HEADING_WORDS:
        return None
    m = QUOTED_RE.match(text)
    if m:
        inner = m.group(1).strip()
        if not re.search(r"[.!?]\s", inner) and not SENTENCE_END_RE.search(inner):
            return inner
        return None
    short = len(text.split()) <= 8 and text[:1].isupper()
    if short and not SENTENCE_END_RE.search(text) and not text.endswith(("”", '"')) and LABEL_RE.match(text) is None:
        return text
    return None


def looks_like_label(label: str) -> bool:
    """A start such as 'John Smith' or 'AF' that is meant as a speaker label."""
    words = label.replace("*", "").split()
    return 0 < len(words) <= 4 and all(LABEL_WORD_RE.match(w) for w in words)


def split_label(body: str) -> tuple[str, str] | None:
    """(label, rest) if the block starts with a speaker label in any supported form."""
    for pattern in (BOLD_LABEL_RE, BOLD_LABEL2_RE):
        m = pattern.match(body)
        if m:
            return m.group("label").strip(), m.group("rest").strip()
    m = BOLD_BLOCK_RE.match(body)
    if m:
        inner = split_label(m.group("inner").strip())
        if inner:
            return inner
    for pattern in (NUMBERED_RE, LABEL_RE):
        m = pattern.match(body)
        if m:
            return m.group("label").strip().strip("*_").strip(), m.group("rest").strip()
    return None


def _sole(interview: Interview, role: str, label: str, source, line: int):
    speakers = interview.speakers_with_role(role)
    if len(speakers) != 1:
        names = ", ".join(s.name for s in speakers)
        raise InputError(source, f"label {label!r} follows the Q/A convention, but there are {len(speakers)} "
                         f"speakers with role {role} ({names}); label them by name", line=line)
    return speakers[0]


def resolve_label(label: str, interview: Interview, aliases: dict, source, line: int):
    """The speaker a label names: an alias, 'Name (XX)' (learning XX), or the Q/A convention.

    Returns None when the label names no speaker; `aliases` is updated with
    initials learned from the text.
    """
    key = normalize_label(label)
    if key not in aliases and HONORIFIC_RE.match(key):
        key = HONORIFIC_RE.sub("", key)  # "Mr. Liu" is Liu
    m = INITIALS_RE.match(label)
    if m and key not in aliases:
        base, initials = normalize_label(m.group("base")), normalize_label(m.group("initials"))
        speaker = aliases.get(base) or aliases.get(initials)
        if speaker is not None:
            if initials in aliases and aliases[initials] is not speaker:
                raise InputError(source, f"initials {m.group('initials')!r} already stand for "
                                 f"{aliases[initials].name!r}", line=line)
            aliases[initials] = speaker
            return speaker
    if key in aliases:
        return aliases[key]
    if QUESTION_LABEL_RE.match(key):
        return _sole(interview, "interviewer", label, source, line)
    if ANSWER_LABEL_RE.match(key):
        return _sole(interview, "interviewee", label, source, line)
    return None


def parse_text(text: str, interview: Interview, source: str | Path = "<text>") -> Transcript:
    """Parse one transcript's text into its paragraph table (see module docs)."""
    rows, in_brief, headings = parse_rows(text, interview, source)
    # Built column by column (much faster than from dicts); rows is never empty, so integer columns are int64.
    frame = pd.DataFrame({column: [row[column] for row in rows] for column in COLUMNS})
    return Transcript(interview, frame, in_brief, headings)


def parse_rows(
    text: str, interview: Interview, source: str | Path = "<text>"
) -> tuple[list[dict], str | None, list[str]]:
    """The paragraphs of a transcript as dicts with the keys of COLUMNS, its In Brief and its headings."""
    aliases = interview.alias_map()
    interviewees = interview.speakers_with_role("interviewee")
    rows: list[dict] = []
    headings: list[str] = []
    in_brief: str | None = None
    section = ""
    editor_mode = False
    expect_in_brief = False
    current = None  # the Speaker whose turn is running
    turn = exchange = 0

    detected = detect_title(text)  # a page title repeated in the navigation, whatever the metadata says
    for block in split_blocks(text, (interview.title, detected) if detected else interview.title):
        if expect_in_brief:
            in_brief, expect_in_brief = block.text, False
            continue
        heading = heading_text(block.text)
        if heading is not None:
            if IN_BRIEF_RE.match(heading):
                expect_in_brief = True
                continue
            section, current = " ".join(heading.split()), None
            editor_mode = bool(EDITOR_HEADING_RE.match(heading))
            headings.append(section)
            continue
        if editor_mode and block.gap >= 2:
            editor_mode, section = False, ""
        body = block.text
        speaker = None
        labelled = split_label(body)
        if labelled:
            label, rest = labelled
            key = normalize_label(label)
            speaker = resolve_label(label, interview, aliases, source, block.line)
            if speaker is not None:
                body = rest
            elif key in NOT_SPEAKERS:
                if key == "editor's note":
                    editor_mode, body = True, rest
            elif key in DISCOURSE_LABELS:
                pass  # "Secondly: ..." is part of the text
            elif looks_like_label(INITIALS_RE.sub(r"\g<base>", label)):
                known = ", ".join(sorted({a for s in interview.speakers for a in s.aliases}))
                raise InputError(
                    source,
                    f"unknown speaker label {label!r}; known labels for {interview.slug}: {known}. "
                    "If it names a known speaker, add it as an alias in data/interviews.yml "
                    "(when adding an interview: pass --interviewer or --interviewee with that name).",
                    line=block.line,
                )
        if speaker is not None:
            editor_mode = False
            turn += 1
            if speaker.role == "interviewer":
                exchange += 1
            current = speaker
            if not body:
                continue
        elif editor_mode:
            pass
        elif current is not None and current.role == "interviewer" and len(interviewees) == 1:
            current = interviewees[0]  # the paragraph after a question is the answer
            turn += 1

        if speaker is None and editor_mode:
            who, role, t, x = interview.editor, "editor", 0, 0
        elif current is None:
            who, role, t, x = interview.narrator, "narrator", 0, 0
        else:
            who, role, t, x = current.name, current.role, turn, exchange
        rows.append(
            {
                "interview": interview.slug,
                "line": block.line,
                "section": section,
                "speaker": who,
                "role": role,
                "turn": t,
                "exchange": x,
                "text": body,
                "words": count_words(body),
            }
        )

    if not any(r["role"] in ("interviewer", "interviewee") for r in rows):
        known = ", ".join(f"'{a}:'" for s in interview.speakers for a in s.aliases)
        raise InputError(
            source,
            "no speaker labels found: every question and answer must start with a label such as "
            f"{known} (or add the labels used in the text as aliases in data/interviews.yml)",
            line=rows[0]["line"] if rows else 1,
        )
    if not any(r["role"] == "interviewer" for r in rows):
        raise InputError(source, "no questions found: label the interviewer's questions ('Q:', 'Interviewer:' "
                         "or the interviewer's name, given in the metadata)", line=rows[0]["line"])
    if not any(r["role"] == "interviewee" for r in rows):
        raise InputError(source, f"no answers from the interviewee {interviewees[0].name!r} were found", line=1)

    width = max(2, len(str(len(rows))))
    for n, row in enumerate(rows, start=1):
        row["n"] = n
        row["paragraph"] = paragraph_id(interview.slug, n, width)
    return rows, in_brief, headings


def parse_file(path: str | Path, interview: Interview) -> Transcript:
    return parse_text(read_text(path), interview, source=path)


def load_corpus(root: str | Path | None = None) -> tuple[list[Interview], dict[str, Transcript]]:
    """Validate metadata and raw files, parse every interview (metadata order)."""
    root = paths.project_root(root)
    interviews = load_interviews(paths.metadata_file(root))
    hashes = manifest.verify(root)
    transcripts = {}
    for interview in interviews:
        if interview.raw_file not in hashes:
            raise InputError(
                paths.manifest_file(root), f"{interview.raw_file} (interview {interview.slug}) is not in the manifest"
            )
        transcripts[interview.slug] = parse_file(paths.raw_dir(root) / interview.raw_file, interview)
    return interviews, transcripts


def paragraphs(transcripts: dict[str, Transcript]) -> pd.DataFrame:
    """All paragraphs of all interviews, in metadata order."""
    return pd.concat([t.paragraphs for t in transcripts.values()], ignore_index=True)


def paragraph_id(slug: str, n: int, width: int = 2) -> str:
    """The id of an interview's `n`-th paragraph: ('liu-youping-2020', 7) -> 'liu-youping-2020:p07'."""
    return f"{slug}:p{n:0{width}d}"


def short_id(paragraph: str) -> str:
    """'liu-youping-2020:p07' -> 'p07', as a chapter cites the paragraphs of its own interview."""
    return paragraph.split(":", 1)[-1]


def answers(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The interviewees' paragraphs (role 'interviewee') of a paragraph table."""
    return paragraphs[paragraphs.role == "interviewee"]
