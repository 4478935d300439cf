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
  "Editor's Note" heading, or after a label such as ``Editor's note:`` or
  ``Introduction:``, it is the editor's note (role ``editor``) until the next
  heading, label or a break of two or more blank lines.
* Page furniture is never a paragraph, wherever it appears: thematic breaks
  (``---``), image-only and link-only lines, metadata lines (``Date: ...``) and
  notices (``Subscribe to our newsletter``). The conversation ends at its last
  answer: after it, a rule, a byline (``By Jane Smith``) or an editorial notice
  starts the page's footer, and a closing run of italic notes or bold-name bios
  is footer too. Every dropped line is reported with its reason
  (:attr:`Transcript.skipped`; ``python -m interviews parse --explain``).
* Timestamps before a label (``[00:37] Name: text``, ``00:37 Name: text``) are
  dropped, and a timestamped line starts a new paragraph; so does a line that
  starts with a known speaker's label.
* Questions without a "Q": a numbered paragraph that continues the numbering of
  the labelled questions (``7. ...`` after ``Q6.``) is the next question. A text
  with no labelled questions at all is read as bold or numbered questions when
  its structure shows it: at least two wholly bold paragraphs ending in "?", or
  paragraphs numbered 1, 2, 3, ... in order (bold or ending in "?"), each
  followed by an answer.
* A text with no speaker labels at all is an error that says how to label it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import InputError
from . import manifest
from .metadata import Interview, find, load_interviews, normalize_label

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
# Labels that open the editor's introduction ("Introduction: text"), read as the editor's note.
EDITOR_LABELS = {"editor's note", "editors' note", "editor's introduction", "introduction", "intro", "foreword",
                 "preface", "from the editor", "from the editors"}
NOT_SPEAKERS = {"note", "translator's note", "source", "update", "photo", "caption", "related", *EDITOR_LABELS}
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
THEMATIC_BREAK_RE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
IMAGE_LINE_RE = re.compile(r"^(?:\[\s*)?!\[[^\]]*\]\([^)]*\)(?:\s*\]\([^)]*\))?(?:\s*\{[^}]*\})?$")
LINK_LINE_RE = re.compile(r"^(?:[*_]{0,2}\[[^\]]*\]\([^)]*\)[*_]{0,2}[\s|·•,]*)+$|^<?https?://\S+>?$")
TIMESTAMP_RE = re.compile(r"^[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[\])]?(?:\s*[-–—|]\s*|\s+)(?=\S)")
# Lines such as "Date: 2024-05-01" or "Photo: ..." are page metadata, never a speaker's turn.
METADATA_LABELS = {
    "date", "time", "location", "place", "venue", "published", "updated", "posted", "last updated", "author",
    "authors", "by", "written by", "interview by", "interviewed by", "reporter", "reporting", "edited by",
    "translated by", "translator", "translation", "photo", "photos", "image", "images", "photograph", "credit",
    "credits", "photo credit", "image credit", "caption", "source", "category", "categories", "filed under",
    "duration", "length", "recorded", "transcribed by", "read time", "reading time",
}
MAX_FURNITURE_WORDS = 40
BYLINE_RE = re.compile(r"^[*_]{0,2}(?:by|written by|interview by|interviewed by|reporting by|text by|edited by|"
                       r"translated by|compiled by)\s+\S", re.I)
# Notices that are page furniture wherever they stand.
NOTICE_RE = re.compile(r"^[*_\s]*(?:subscribe|sign up|follow us|share (?:this|on)|related (?:articles|stories|posts)|"
                       r"read more|more from|you may also like|advertisement|click here|newsletter|©|\(c\)\s|"
                       r"copyright|all rights reserved)\b", re.I)
# Editorial notes that end a conversation when they follow its last answer.
EDITORIAL_RE = re.compile(r"^[*_\s]*(?:this (?:interview|article|conversation|transcript) (?:was|has been|is)|"
                          r"the views expressed|interview(?:s)? (?:was|were|has been) (?:edited|condensed)|"
                          r"edited for (?:length|clarity))", re.I)
ITALIC_BLOCK_RE = re.compile(r"^(?:\*(?!\*)|_(?!_)).+(?:(?<!\*)\*|(?<!_)_)$", re.S)
BOLD_BIO_RE = re.compile(r"^(\*\*|__)[^*_]{2,80}\1,?\s+(?:is|was|has|works|teaches|leads|directs|heads|writes|"
                         r"covers|serves|founded|joined)\b")
NUMBERED_QUESTION_RE = re.compile(r"^(?P<bold>\*\*|__)?\s*(?P<number>\d{1,3})[.)]\s+(?P<rest>.+?)\s*(?P=bold)?$",
                                  re.S)
QUESTION_NUMBER_RE = re.compile(r"(\d+)")


@dataclass
class Block:
    line: int  # 1-based line of the block's first line in the raw file
    text: str
    gap: int  # blank lines before the block
    lines: tuple[int, ...] = ()  # every source line of the block (a setext underline included)
    parts: tuple[str, ...] = ()  # the block's lines, stripped (the underline left out)
    kind: str = ""  # "" for text; for page furniture, why it is not text ("thematic break", "image", ...)


@dataclass(frozen=True)
class Skipped:
    """Source lines that are not part of any paragraph, and why."""

    lines: tuple[int, ...]
    text: str
    reason: str

    @property
    def line(self) -> int:
        return self.lines[0]


@dataclass
class Transcript:
    interview: Interview
    paragraphs: pd.DataFrame
    in_brief: str | None
    headings: list[str]
    skipped: list[Skipped] = field(default_factory=list)  # in line order
    paragraph_lines: list[tuple[int, ...]] = field(default_factory=list)  # source lines of each paragraph


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


def split_blocks(text: str, title: str | tuple[str, ...], skipped: list[Skipped] | None = None) -> list[Block]:
    """Blank-line separated blocks, without front matter, layout HTML, title and navigation lines.

    Dropped lines still count for line numbers, so errors point at the raw file;
    each is added to `skipped` with its reason. A Markdown setext heading (a line
    underlined with === or ---) becomes "# text". A thematic break, an image-only
    or a link-only line is a block of its own whose `kind` says what it is, and a
    line that starts with a timestamp starts a new block.
    """
    titles = {normalize_label(t) for t in ((title,) if isinstance(title, str) else title)}
    skipped = [] if skipped is None else skipped
    blocks: list[Block] = []
    current: list[str] = []
    numbers: list[int] = []
    start = 0
    gap = 0
    pending_gap = 0
    in_header = True  # before the first kept block: navigation bullets live here
    in_figure = False
    lines = text.split("\n")
    skip = front_matter_end(lines)
    if skip:
        kept = [n for n in range(1, skip + 1) if lines[n - 1].strip()]
        skipped.append(Skipped(tuple(kept), "\n".join(lines[:skip]), "front matter (read as metadata by add)"))

    def close() -> None:
        nonlocal current, numbers, pending_gap
        if current:
            blocks.append(Block(start, " ".join(current), gap, tuple(numbers), tuple(current)))
            current, numbers, pending_gap = [], [], 0

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if number <= skip:
            continue
        if FIGURE_OPEN_RE.match(line):
            in_figure = True
        if in_figure:
            in_figure = not FIGURE_CLOSE_RE.search(line)
            if line:
                skipped.append(Skipped((number,), line, "layout HTML (a figure)"))
            continue
        if current and SETEXT_RE.match(line) and len(current) == 1:
            current[0] = "# " + current[0]
            numbers.append(number)
            continue
        nav = NAV_BULLET_RE.match(raw)
        key = normalize_label(line)
        reason = (
            "the page title" if line and key in titles
            else "website navigation" if (in_header and nav is not None) or key == "table of contents"
            else "layout HTML" if HTML_ONLY_RE.match(line) is not None
            else "an HTML comment" if line.startswith("<!--") and line.endswith("-->")
            else ""
        )
        if not line:
            close()
            pending_gap += 1
            continue
        if reason:
            skipped.append(Skipped((number,), line, reason))
            continue
        kind = ("thematic break" if THEMATIC_BREAK_RE.match(line)
                else "image" if IMAGE_LINE_RE.match(line)
                else "link-only line" if LINK_LINE_RE.match(line)
                else "")
        if kind or (current and TIMESTAMP_RE.match(line)):
            close()
        if kind:
            blocks.append(Block(number, line, pending_gap, (number,), (line,), kind))
            pending_gap = 0
            continue
        if not current:
            start, gap = number, pending_gap
            in_header = False
        current.append(line)
        numbers.append(number)
    close()
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
    parsed = parse_detailed(text, interview, source)
    rows = parsed.rows
    # Built column by column (much faster than from dicts); rows is never empty, so integer columns are int64.
    frame = pd.DataFrame({column: [row[column] for row in rows] for column in COLUMNS})
    return Transcript(interview, frame, parsed.in_brief, parsed.headings, parsed.skipped, parsed.lines)


def parse_rows(
    text: str, interview: Interview, source: str | Path = "<text>"
) -> tuple[list[dict], str | None, list[str]]:
    """The paragraphs of a transcript as dicts with the keys of COLUMNS, its In Brief and its headings."""
    parsed = parse_detailed(text, interview, source)
    return parsed.rows, parsed.in_brief, parsed.headings


@dataclass
class Parsed:
    """Everything the parser read from one text: paragraphs, and what it left out and why."""

    rows: list[dict]
    in_brief: str | None
    headings: list[str]
    skipped: list[Skipped]
    lines: list[tuple[int, ...]]  # the source lines of each row


@dataclass
class _Item:
    """One block as the parser read it: a paragraph (`row`), or left out (`skip` says why)."""

    block: Block
    row: dict | None = None
    skip: str = ""
    labelled: bool = False  # starts a turn: a speaker label, or a question known by its number or form
    footer: str = ""  # "hard": ends the conversation if it follows the last answer; "soft": footer-like
    why: str = ""  # what makes it footer-like


def _furniture(body: str, labelled: tuple[str, str] | None) -> tuple[str, str, str]:
    """(skip reason, footer strength, why) of a paragraph without a speaker's label (`labelled`: its split_label):
    page furniture, footer-like, or neither."""
    short = len(body.split()) <= MAX_FURNITURE_WORDS
    if short and BYLINE_RE.match(body) and len(body.split()) <= 12:
        return "a byline", "hard", "a byline"
    if short and NOTICE_RE.match(body):
        return "a notice (subscription, sharing, copyright)", "hard", "a notice"
    if short and labelled and normalize_label(labelled[0]) in METADATA_LABELS:
        return f"a metadata line ({labelled[0]}:)", "soft", "a metadata line"
    if EDITORIAL_RE.match(body):
        return "", "hard", "an editorial note"
    if BOLD_BIO_RE.match(body):
        return "", "soft", "an author's bio (bold name)"
    if ITALIC_BLOCK_RE.match(body) and short:
        return "", "soft", "a note in italics"
    return "", "", ""


def _split_turns(blocks: list[Block], aliases: dict) -> list[Block]:
    """Blocks split where a line (not the first) starts with a timestamp or a known speaker's label."""
    out = []
    for block in blocks:
        if block.kind or len(block.parts) < 2 or len(block.parts) != len(block.lines):
            out.append(block)
            continue
        cuts = [0]
        for i, part in enumerate(block.parts[1:], start=1):
            stamp = TIMESTAMP_RE.match(part)
            labelled = split_label(part[stamp.end():] if stamp else part)
            key = normalize_label(labelled[0]) if labelled else ""
            if stamp or key in aliases or (key and (QUESTION_LABEL_RE.match(key) or ANSWER_LABEL_RE.match(key))):
                cuts.append(i)
        if len(cuts) == 1:
            out.append(block)
            continue
        for n, (a, b) in enumerate(zip(cuts, [*cuts[1:], len(block.parts)])):
            parts, lines = block.parts[a:b], block.lines[a:b]
            out.append(Block(lines[0], " ".join(parts), block.gap if n == 0 else 0, lines, parts))
    return out


def _question_text(block: Block, body: str) -> str:
    """A question known by its form, without its number and bold markers."""
    m = NUMBERED_QUESTION_RE.match(body)
    if m:
        body = m.group("rest")
    m = BOLD_BLOCK_RE.match(body)
    if m:
        body = m.group("inner")
    m = MARKDOWN_HEADING_RE.match(body)
    if m:
        body = m.group(1)
    return body.strip().strip("*_").strip()


def _is_question_form(body: str) -> bool:
    """A wholly bold paragraph, or a Markdown heading, that ends in a question mark."""
    m = BOLD_BLOCK_RE.match(body)
    inner = m.group("inner") if m else None
    if inner is None:
        h = MARKDOWN_HEADING_RE.match(body)
        inner = h.group(1) if h else None
    return inner is not None and inner.rstrip("*_ ”\"’'").endswith(("?", "？"))


def _is_bold_sentence(body: str) -> bool:
    """A wholly bold paragraph that holds a sentence (ends in sentence punctuation or asks something)."""
    m = BOLD_BLOCK_RE.match(body)
    inner = m.group("inner").rstrip("*_ ”\"’'") if m else ""
    return inner.endswith((".", "!", "?", "？", "…")) or "?" in inner


def structural_questions(blocks: list[Block]) -> set[int]:
    """Lines of the blocks that are questions by the text's structure, when nothing labels the questions.

    Either paragraphs numbered 1, 2, 3, ... in order (each bold or ending in "?"),
    or at least two wholly bold paragraphs or Markdown headings ending in "?",
    with any other wholly bold sentence ("**You sound tired.**") when that leaves
    each followed by an answer; in both cases every question is followed by an
    answer (a text paragraph that is not a question). Anything less is not
    enough: the text is refused instead.
    """
    texts = [(b.line, TIMESTAMP_RE.sub("", b.text, count=1)) for b in blocks if not b.kind]

    def answered(candidates: list[int]) -> bool:
        lines = [line for line, _ in texts]
        chosen = set(candidates)
        for line in candidates:
            i = lines.index(line)
            if i + 1 >= len(lines) or lines[i + 1] in chosen or heading_text(texts[i + 1][1]) is not None:
                return False
        return True

    numbered, expected = [], 1
    for line, body in texts:
        m = NUMBERED_QUESTION_RE.match(body)
        if m and int(m.group("number")) == expected and (m.group("bold") or body.rstrip("*_ ").endswith("?")):
            numbered.append(line)
            expected += 1
    if len(numbered) >= 2 and answered(numbered):
        return set(numbered)
    bold = [line for line, body in texts if _is_question_form(body)]
    if len(bold) >= 2 and answered(bold):
        more = [line for line, body in texts if _is_question_form(body) or _is_bold_sentence(body)]
        return set(more) if answered(more) else set(bold)
    return set()


def parse_detailed(text: str, interview: Interview, source: str | Path = "<text>") -> Parsed:
    """Parse a transcript (see module docs): its paragraphs, In Brief, headings, and every line left out and why."""
    skipped: list[Skipped] = []
    detected = detect_title(text)  # a page title repeated in the navigation, whatever the metadata says
    blocks = split_blocks(text, (interview.title, detected) if detected else interview.title, skipped)
    blocks = _split_turns(blocks, interview.alias_map())
    items, in_brief, headings, stamped = _read(blocks, interview, source, set())
    if not any(it.row and it.row["role"] == "interviewer" for it in items):
        questions = structural_questions(blocks)
        if questions:
            items, in_brief, headings, stamped = _read(blocks, interview, source, questions)
    rows, lines = _end_of_conversation(items, skipped)
    skipped.sort(key=lambda x: x.lines)
    _validate(rows, interview, source, stamped)
    width = max(2, len(str(len(rows))))
    for n, row in enumerate(rows, start=1):
        row["n"] = n
        row["paragraph"] = paragraph_id(interview.slug, n, width)
    return Parsed(rows, in_brief, headings, skipped, lines)


def _read(blocks: list[Block], interview: Interview, source, questions: set[int]):
    """One pass over the blocks: (items, in_brief, headings, lines with timestamps)."""
    aliases = interview.alias_map()
    interviewees = interview.speakers_with_role("interviewee")
    interviewers = interview.speakers_with_role("interviewer")
    items: list[_Item] = []
    headings: list[str] = []
    stamped: list[int] = []
    in_brief: str | None = None
    section = ""
    editor_mode = False
    expect_in_brief = False
    current = None  # the Speaker whose turn is running
    turn = exchange = 0
    last_number = 0  # the number of the last numbered question ("Q6" -> 6)
    after_item = False  # the block before was a numbered point of an answer

    for block in blocks:
        if block.kind:
            items.append(_Item(block, skip=block.kind, footer="hard" if block.kind == "thematic break" else "soft",
                               why=f"a {block.kind}" if block.kind != "image" else "an image"))
            continue
        body = block.text
        stamp = TIMESTAMP_RE.match(body)
        if stamp:
            stamped.append(block.line)
            body = body[stamp.end():]
        if expect_in_brief:
            in_brief, expect_in_brief = body, False
            items.append(_Item(block, skip="the publisher's summary (In Brief), kept as metadata"))
            continue
        speaker = None
        labelled_question = block.line in questions
        if not labelled_question and last_number and len(interviewers) == 1:
            m = NUMBERED_QUESTION_RE.match(body)  # the next number, asked as a question, not a point in a list
            labelled_question = bool(m and int(m.group("number")) == last_number + 1 and not after_item
                                     and (m.group("bold") or body.rstrip("*_ ”\"’'").endswith(("?", "？"))))
        after_item = NUMBERED_QUESTION_RE.match(body) is not None and not labelled_question
        labelled = None if labelled_question else split_label(body)
        if not labelled_question and labelled is None:
            reason, footer, why = _furniture(body, None)
            if reason:  # a byline or a notice, even when it is short enough to pass for a heading
                items.append(_Item(block, skip=reason, footer=footer, why=why))
                continue
        heading = None if labelled_question else heading_text(body)
        if heading is not None:
            if IN_BRIEF_RE.match(heading):
                expect_in_brief = True
                items.append(_Item(block, skip="the In Brief heading"))
                continue
            section, current = " ".join(heading.split()), None
            editor_mode = bool(EDITOR_HEADING_RE.match(heading))
            headings.append(section)
            items.append(_Item(block, skip="a heading (the section of the paragraphs that follow)"))
            continue
        if editor_mode and block.gap >= 2:
            editor_mode, section = False, ""
        footer, why = "", ""
        if labelled_question:
            speaker = _sole(interview, "interviewer", "a numbered or bold question", source, block.line)
            if NUMBERED_QUESTION_RE.match(body):
                last_number = int(NUMBERED_QUESTION_RE.match(body).group("number"))
            body = _question_text(block, body)
        else:
            if labelled:
                label, rest = labelled
                key = normalize_label(label)
                speaker = resolve_label(label, interview, aliases, source, block.line)
                if speaker is not None:
                    body = rest
                    number = QUESTION_NUMBER_RE.search(key) if QUESTION_LABEL_RE.match(key) else None
                    if number and speaker.role == "interviewer":
                        last_number = int(number.group(1))
                elif key in NOT_SPEAKERS and key not in METADATA_LABELS:
                    if key in EDITOR_LABELS:
                        editor_mode, body = True, rest
                elif key in DISCOURSE_LABELS or key in METADATA_LABELS:
                    pass  # "Secondly: ..." is part of the text; "Date: ..." is page furniture (below)
                elif looks_like_label(INITIALS_RE.sub(r"\g<base>", label)):
                    known = ", ".join(sorted({a for s in interview.speakers for a in s.aliases}))
                    raise InputError(
                        source,
                        f"unknown speaker label {label!r}; known labels for {interview.slug}: {known}. "
                        "If it names a known speaker, add it as an alias in data/interviews.yml "
                        "(when adding an interview: pass --interviewer, --interviewee or --alias with that name).",
                        line=block.line,
                    )
            if speaker is None:
                reason, footer, why = _furniture(body, labelled)
                if reason:
                    items.append(_Item(block, skip=reason, footer=footer, why=why))
                    continue
        if speaker is not None:
            editor_mode = False
            turn += 1
            if speaker.role == "interviewer":
                exchange += 1
            current = speaker
            if not body:
                items.append(_Item(block, skip="a speaker label on its own (the turn goes on below)",
                                   labelled=True))
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
        row = {"interview": interview.slug, "line": block.line, "section": section, "speaker": who, "role": role,
               "turn": t, "exchange": x, "text": body, "words": count_words(body)}
        items.append(_Item(block, row=row, labelled=speaker is not None, footer=footer, why=why))
    return items, in_brief, headings, stamped


def _end_of_conversation(items: list[_Item], skipped: list[Skipped]) -> tuple[list[dict], list[tuple[int, ...]]]:
    """The paragraphs that belong to the text, and every other block added to `skipped`.

    After the last labelled turn, the conversation ends at the first hard footer
    marker (a rule, a byline, a notice, an editorial note) or at the start of the
    closing run of footer-like blocks (italic notes, bold-name bios, images, links),
    whichever comes first; the paragraphs from there on are the page's footer.
    """
    last = max((i for i, it in enumerate(items) if it.labelled), default=None)
    end = hard = len(items)
    if last is not None:
        hard = next((i for i in range(last + 1, len(items)) if items[i].footer == "hard"), len(items))
        run = len(items)
        while run > last + 1 and (items[run - 1].footer or items[run - 1].row is None):
            run -= 1
        end = min(hard, run)
    rows, lines = [], []
    for i, it in enumerate(items):
        if it.row is not None and i < end:
            rows.append(it.row)
            lines.append(it.block.lines)
            continue
        if it.row is None:
            reason = it.skip
        elif it.why:
            reason = f"page footer after the conversation: {it.why}"
        else:  # a plain paragraph after a hard marker
            marker = items[hard]
            reason = f"page footer after the conversation (it follows {marker.why} at line {marker.block.line})"
        skipped.append(Skipped(it.block.lines, "\n".join(it.block.parts), reason))
    return rows, lines


def _validate(rows: list[dict], interview: Interview, source, stamped: list[int]) -> None:
    """Refuse a text without questions or answers, saying how to label it."""
    interviewees = interview.speakers_with_role("interviewee")
    if not any(r["role"] in ("interviewer", "interviewee") for r in rows):
        known = ", ".join(f"'{a}:'" for s in interview.speakers for a in s.aliases)
        if stamped:
            raise InputError(
                source,
                "the text has timestamps but no speaker labels: put the speaker after each timestamp, e.g. "
                f"'[00:37] {interviewees[0].aliases[0]}: ...' or '[00:37] Q: ...' (known labels: {known})",
                line=stamped[0],
            )
        raise InputError(
            source,
            "no speaker labels found: every question and answer must start with a label such as "
            f"{known} (or name the text's labels: for a new text with --interviewee, --interviewer and --alias; "
            "for one in the book as aliases in data/interviews.yml)",
            line=rows[0]["line"] if rows else 1,
        )
    if not any(r["role"] == "interviewer" for r in rows):
        raise InputError(source, "no questions found: label the interviewer's questions ('Q:', 'Interviewer:' "
                         "or the interviewer's name, given in the metadata)", line=rows[0]["line"])
    if not any(r["role"] == "interviewee" for r in rows):
        raise InputError(source, f"no answers from the interviewee {interviewees[0].name!r} were found", line=1)


def explain(transcript: Transcript, width: int = 100) -> str:
    """The text as the parser read it, in line order: each paragraph with its id, speaker and role, and each
    left-out line with the reason it was left out."""
    entries = [(lines[0], f"{short_id(p.paragraph)}  {p.role} ({p.speaker})", p.text, lines)
               for p, lines in zip(transcript.paragraphs.itertuples(), transcript.paragraph_lines)]
    entries += [(s.line, f"left out: {s.reason}", s.text, s.lines) for s in transcript.skipped]
    out = []
    for _, what, text, lines in sorted(entries, key=lambda e: e[0]):
        where = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"
        flat = " ".join(text.split())
        out.append(f"{where:<14} {what}: {flat if len(flat) <= width else flat[:width - 1] + '…'}")
    return "\n".join(out) + "\n"


def parse_file(path: str | Path, interview: Interview) -> Transcript:
    return parse_text(read_text(path), interview, source=path)


# An audit event (sys.audit) before the metadata is read: (metadata file, slug of the one record used or "" for
# all). The build's pre-execution listens for it, so that a chapter of one interview depends on its own record.
METADATA_EVENT = "interviews.metadata"


def load_corpus(root: str | Path | None = None) -> tuple[list[Interview], dict[str, Transcript]]:
    """Validate metadata and raw files, parse every interview (metadata order)."""
    root = paths.project_root(root)
    sys.audit(METADATA_EVENT, str(paths.metadata_file(root)), "")  # every record is used
    interviews = load_interviews(paths.metadata_file(root))
    hashes = manifest.verify(root)
    return interviews, {i.slug: _parse_listed(root, i, hashes) for i in interviews}


def load_one(slug: str, root: str | Path | None = None) -> tuple[list[Interview], Transcript]:
    """Validate metadata and raw files as `load_corpus` does, but parse only the interview `slug`."""
    root = paths.project_root(root)
    sys.audit(METADATA_EVENT, str(paths.metadata_file(root)), slug)  # one record is used
    interviews = load_interviews(paths.metadata_file(root))
    hashes = manifest.verify(root)
    return interviews, _parse_listed(root, find(interviews, slug), hashes)


def _parse_listed(root: Path, interview: Interview, hashes: dict[str, str]) -> Transcript:
    if interview.raw_file not in hashes:
        raise InputError(
            paths.manifest_file(root), f"{interview.raw_file} (interview {interview.slug}) is not in the manifest"
        )
    return parse_file(paths.raw_dir(root) / interview.raw_file, interview)


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
