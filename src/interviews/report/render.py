"""Turning tables and notes into MyST Markdown that chapters display.

Chapters show package output as Markdown (`IPython.display.Markdown`), which
MyST-NB parses into both the HTML and the PDF. Source text is always escaped
first, so a transcript that contains `<script>` or Markdown syntax is shown as
the characters it contains, never interpreted.
"""

from __future__ import annotations

import re

import pandas as pd
from IPython.display import Markdown

from ..coding import classifier
from ..coding.agreement import UNRELIABLE_SUPPORT
from ..coding.coder import evidence_parts
from ..corpus.metadata import Interview
from ..corpus.reading_notes import LOCI, Annotations
from ..corpus.transcripts import answers, short_id

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$&^!])")


_BLOCK_START = re.compile(r"^(\d{1,9})([.)])(\s|$)|^([-+=])(\s|$)")


def escape(text: object) -> str:
    """Backslash-escape Markdown/HTML syntax; collapse whitespace to single spaces.

    Inline syntax is escaped everywhere; a start that would open a list ("1. ",
    "- ") is escaped too, since the text may become a table cell or paragraph.
    """
    out = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}{m[3]}" if m[1] else f"\\{m[4]}{m[5]}", out)


def column_widths(frame: pd.DataFrame, headers: list[str]) -> list[int]:
    """Relative column widths from the content: mean cell length, at least the longest word + 2."""
    widths = []
    for column, header in zip(frame.columns, headers):
        texts = [str(header), *map(str, frame[column])]
        mean = sum(len(t) for t in texts[1:]) / max(len(texts) - 1, 1)
        longest_word = min(max((len(w) for t in texts for w in t.split()), default=1), 15)
        widths.append(int(min(max(mean, longest_word + 2, 8), 40)))
    return widths


def table_markdown(frame: pd.DataFrame, columns: dict[str, str] | None = None, empty: str = "None.") -> str:
    """A pipe table inside MyST's `table` directive, with widths; `columns` maps column names to headers
    (and picks the order).

    The widths make the cells wrap in the PDF as well as in HTML, where a bare pipe table of
    long text would run off the LaTeX page (:mod:`interviews.report.sphinx_lean` lets the given
    widths win over MyST's automatic ones); the longtable class lets a long table break across
    PDF pages instead of running off the bottom. A pipe table, unlike a list-table, is read
    without parsing each cell as a block of its own: a table of hundreds of rows reads about
    twice as fast. A table without rows is the sentence `empty`, in italics (MyST has no empty table).
    """
    if frame.empty:
        return f"*{escape(empty)}*\n"
    columns = columns or {c: c for c in frame.columns}
    frame = frame[list(columns)]
    headers = list(columns.values())
    lines = [
        "```{table}",
        ":class: longtable",  # LaTeX: may break across pages
        f":widths: {' '.join(str(w) for w in column_widths(frame, headers))}",
        "",
        "| " + " | ".join(escape(h) for h in headers) + " |",
        "|" + "---|" * len(headers),
    ]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(escape(value) for value in row) + " |")
    lines.append("```")
    return "\n".join(lines) + "\n"


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None, empty: str = "None.") -> Markdown:
    return Markdown(table_markdown(frame, columns, empty))


def data_dictionary(dictionary: pd.DataFrame) -> Markdown:
    """The data dictionary as one table per file, each under the file's name."""
    parts = []
    for name, rows in dictionary.groupby("table", sort=False):
        parts.append(f"**`{name}`**\n")
        parts.append(table_markdown(rows, {"column": "Column", "type": "Type", "meaning": "Meaning"}))
    return Markdown("\n".join(parts))


def overview_table(overview: pd.DataFrame) -> Markdown:
    """The corpus overview (one row per interview) with readable column headers."""
    return table(overview, {
        "interview": "Interview", "paragraphs": "Paragraphs", "questions": "Questions", "answers": "Answers",
        "answer_paragraphs": "Answer paragraphs", "words": "Words", "answer_words": "Answer words",
        "mean_answer_words": "Mean words per answer",
    })


def speaker_table(words_by_speaker: pd.DataFrame) -> Markdown:
    return table(words_by_speaker, {"speaker": "Speaker", "role": "Role", "paragraphs": "Paragraphs",
                                    "words": "Words", "share_pct": "Share of words (%)"})


def exchange_table(exchanges: pd.DataFrame) -> Markdown:
    """The data of the answer-length chart: one row per question and answer (per panellist for a panel)."""
    if "speaker" in exchanges:
        return table(exchanges, {"exchange": "No.", "speaker": "Panellist", "answer_words": "Answer words"})
    frame = exchanges.assign(question_paragraph=exchanges.question_paragraph.map(short_id))
    return table(frame, {"exchange": "No.", "question_paragraph": "Question paragraph",
                         "question_words": "Question words", "answer_paragraphs": "Answer paragraphs",
                         "answer_words": "Answer words"})


def facts_table(facts: pd.DataFrame) -> Markdown:
    frame = facts.assign(paragraph=facts.paragraph.map(short_id))
    return table(frame, {"paragraph": "Paragraph", "speaker": "Speaker", "kind": "Kind",
                         "expression": "Expression", "context": "Context"})


def words_table(frequencies: pd.DataFrame, n: int = 15) -> Markdown:
    return table(frequencies.head(n), {"word": "Word", "count": "Occurrences"})


def date_text(interview: Interview) -> str:
    if interview.date_certainty == "unknown":
        return "not given"
    if interview.date_certainty == "stated":
        return interview.date
    return f"{interview.date} (inferred: {interview.date_reason})"


def metadata_card(interview: Interview, in_brief: str | None = None) -> Markdown:
    """The chapter's opening card: who, where, when, and how sure the date is."""
    def person(p):
        return ", ".join(x for x in (p.name, p.role, p.affiliation) if x)

    rows = [
        ("Interviewee", person(interview.interviewee)),
        ("Interviewer", person(interview.interviewer)),
        ("Original outlet", interview.original_outlet),
        ("Date", date_text(interview)),
        ("English translation", interview.translator),
        ("Published by", interview.publisher),
        ("Title", interview.title),
        ("Raw file", f"data/raw/{interview.raw_file}"),
    ]
    if in_brief:
        rows.append(("Publisher's summary", in_brief))
    return table(pd.DataFrame(rows, columns=["Field", "Value"]))


def quoted(text: str) -> str:
    """Text in curly double quotes, unless it already is (a quote of a quotation)."""
    text = text.strip()
    return text if text.startswith("“") and text.endswith("”") else f"“{text}”"


NO_NOTES = ("*No reading notes for this interview yet: add them to `data/annotations/{slug}.yml` "
            "(see the other interviews' files for the format).*\n")


def quotes(notes: Annotations) -> Markdown:
    """Key quotes as block quotes, each with its paragraph id."""
    if not notes.key_quotes:
        return Markdown(NO_NOTES.format(slug=notes.slug))
    parts = []
    for entry in notes.key_quotes:
        parts.append(f"> {escape(quoted(entry.text))}\n>\n> — {short_ids(entry.paragraphs)}\n")
    return Markdown("\n".join(parts))


def entries(notes: Annotations, section: str, label: str, with_quote: bool = True) -> Markdown:
    """One section of the reading notes (problems, proposals, source_notes) as a table with paragraph ids."""
    items = getattr(notes, section)
    if not items:
        return Markdown(NO_NOTES.format(slug=notes.slug))
    rows = [
        {
            label: e.text,
            "Evidence (verbatim)": quoted(e.quote) if e.quote else "",
            "Paragraphs": short_ids(e.paragraphs),
        }
        for e in items
    ]
    frame = pd.DataFrame(rows, columns=[label, "Evidence (verbatim)", "Paragraphs"])
    if not with_quote:
        frame = frame.drop(columns="Evidence (verbatim)")
    return table(frame)


def transcript(paragraphs: pd.DataFrame) -> Markdown:
    """Every paragraph with its id, speaker and role, under the source's headings."""
    out = []
    section = None
    for p in paragraphs.itertuples():
        if p.section != section:
            section = p.section
            if section:
                out.append(f"**Section: “{escape(section)}”**\n")
        pid = p.paragraph.split(":", 1)[1]
        out.append(f"**{pid}** · *{escape(p.speaker)} ({p.role})*: {escape(p.text)}\n")
    return Markdown("\n".join(out))


def corpus_table(interviews: list[Interview], overview: pd.DataFrame) -> Markdown:
    """One line per interview: who (linked to the chapter), outlet, date, questions, words."""
    o = overview.set_index("interview")
    rows = []
    for i in interviews:
        rows.append({
            "Interviewee": i.interviewee.name,
            "Affiliation": i.interviewee.affiliation,
            "Outlet": i.original_outlet,
            "Date": {"stated": i.date, "inferred": f"{i.date} (inferred)"}.get(i.date_certainty, "not given"),
            "Questions": o.loc[i.slug, "questions"],
            "Words": o.loc[i.slug, "words"],
        })
    text = table_markdown(pd.DataFrame(rows))
    # Link each name to its chapter's label: a Markdown link keeps the escaped name Markdown (a role's text is
    # not, so a name with "<" would break a {ref}).
    for i in interviews:
        name = escape(i.interviewee.name)
        text = text.replace(f"\n| {name} | ", f"\n| [{name}](#{i.slug}) | ", 1)
    return Markdown(text)


def cite(paragraphs: list[str], surnames: dict[str, str]) -> str:
    """Full ids -> 'Liu p30, p32; Wang p11' (grouped by interview, in order)."""
    groups: dict[str, list[str]] = {}
    for pid in paragraphs:
        slug, short = pid.split(":", 1)
        groups.setdefault(slug, []).append(short)
    return "; ".join(f"{surnames.get(slug, slug)} {', '.join(ids)}" for slug, ids in groups.items())


def problems_table(notes_by_slug: dict, names: dict[str, str], codebook) -> Markdown:
    """The problems each interviewee names, with the sub-theme they map to and verbatim evidence."""
    rows = []
    for slug, notes in notes_by_slug.items():
        for e in notes.problems:
            rows.append({
                "Interviewee": names[slug],
                "Problem named": e.text,
                "Theme": codebook.label(e.theme) if e.theme else "",
                "Where it lies": e.locus,
                "Evidence (verbatim)": quoted(e.quote) if e.quote else "",
                "Paragraphs": short_ids(e.paragraphs),
            })
    frame = pd.DataFrame(rows)
    if not frame.empty and not frame["Where it lies"].any():
        frame = frame.drop(columns="Where it lies")
    return table(frame, empty="No problems are recorded in the reading notes.")


def loci_table(notes_by_slug: dict, names: dict[str, str]) -> Markdown:
    """How many of each interviewee's problems lie with each party (the notes' `locus`)."""
    rows = [{"Interviewee": names[slug], "locus": e.locus}
            for slug, notes in notes_by_slug.items() for e in notes.problems if e.locus]
    if not rows:
        return table(pd.DataFrame(), empty="No problem in the reading notes says where it lies.")
    counts = pd.crosstab(pd.Categorical([r["Interviewee"] for r in rows], [names[s] for s in notes_by_slug]),
                         pd.Categorical([r["locus"] for r in rows], LOCI), dropna=False)
    counts = counts.loc[counts.sum(axis=1) > 0, counts.sum(axis=0) > 0]
    frame = counts.reset_index(names="Interviewee")
    frame.columns = ["Interviewee", *(f"Problems of {c}" for c in counts.columns)]
    return table(frame)


def _by_interview_and_theme(frame: pd.DataFrame, themes: list[str]) -> tuple[dict, pd.DataFrame]:
    """The answer paragraphs of `frame` that carry each of `themes`, by (interview, theme), in the frame's
    order; and an empty frame of the same columns for the pairs with none."""
    answered = answers(frame)
    pairs = answered.assign(theme=answered.themes.fillna("").str.split(";")).explode("theme")
    pairs = pairs[pairs.theme.isin(themes)]
    pairs = pairs[~pairs.set_index("theme", append=True).index.duplicated()]  # a theme given twice counts once
    groups = {key: group.drop(columns="theme") for key, group in pairs.groupby(["interview", "theme"], sort=False)}
    return groups, answered.iloc[:0]


def coded_paragraphs_table(best: pd.DataFrame, coded: pd.DataFrame, themes: list[str], codebook,
                           surnames: dict[str, str]) -> Markdown:
    """For each theme and interviewee: the answer paragraphs of the hand coding and of the coder, with its phrases.

    `best` is the best coding (`ThemeData.best`, with its `coding` column), `coded` the
    coder's. The hand-coding column gives the paragraphs a person coded: all of a
    hand-coded interview's, or the reviewed ones of an interview under review (said so);
    an interview with neither says so.
    """
    rows = []
    (hand_groups, no_hand), (machine_groups, no_machine) = (_by_interview_and_theme(f, themes) for f in (best, coded))
    kinds_of = best.groupby("interview", sort=False).coding.agg(set).to_dict()
    for theme in themes:
        for slug, surname in surnames.items():
            hand, machine = hand_groups.get((slug, theme), no_hand), machine_groups.get((slug, theme), no_machine)
            if not len(hand) and not len(machine):
                continue
            phrases, learned = [], []
            for ev in machine.evidence:
                found = evidence_parts(ev).get(theme)
                if found is not None and found.startswith("learned "):
                    learned += found.partition(": ")[2].split(", ")
                elif found is not None:
                    phrases += found.split(", ")
            evidence = ", ".join(dict.fromkeys(phrases))
            if learned:
                evidence += ("; " if evidence else "") + "classifier's words: " + ", ".join(dict.fromkeys(learned))
            kinds = kinds_of.get(slug, set())
            decided = hand[hand.coding.isin(["hand", "reviewed"])] if "coding" in hand else hand
            if kinds == {"hand"}:
                by_person = ", ".join(map(short_id, decided.paragraph))
            elif "reviewed" in kinds:
                by_person = ", ".join(map(short_id, decided.paragraph)) + " (reviewed; others not yet)"
            else:
                by_person = "not hand-coded or reviewed"
            rows.append({
                "Theme": codebook.label(theme),
                "Interviewee": surname,
                "Hand coding": by_person,
                "Coder": ", ".join(map(short_id, machine.paragraph)),
                "Coder's evidence": evidence,
            })
    columns = ["Theme", "Interviewee", "Hand coding", "Coder", "Coder's evidence"]
    return table(pd.DataFrame(rows, columns=columns), empty="No answer paragraph carries these themes.")


def alignment_table(exchanges: pd.DataFrame, codebook, surnames: dict[str, str]) -> Markdown:
    """One row per exchange: the question's paragraph, the themes asked, the themes answered, and how many both have."""
    def labels(ids: str) -> str:
        return ", ".join(codebook.label(t) for t in ids.split(";") if t) or "none"

    frame = pd.DataFrame({
        "Interviewee": exchanges.interview.map(surnames),
        "Question": [f"Q{n} ({short_id(q.split(';')[0])})" if q else f"Q{n}"
                     for n, q in zip(exchanges.exchange, exchanges.question)],
        "Asked": exchanges.asked.map(labels),
        "Answered": exchanges.answered.map(labels),
        "Both": exchanges.shared,
    })
    return table(frame, empty="No question-and-answer exchanges.")


def models_table(models: pd.DataFrame, names: dict[str, str]) -> Markdown:
    """The comparison of models side by side: one row per aspect, one column per interview with positions.

    A cell gives the position, its verbatim evidence and paragraph ids, or says that the
    text never uses the word recorded as absent.
    """
    slugs = [s for s in names if s in set(models.interview)]
    if not slugs:
        return table(pd.DataFrame(columns=["Aspect"]), empty="No comparison of models is recorded.")

    def cell(row) -> str:
        if row.absent:
            return f"{row.position} (the text never uses “{row.absent}…”)"
        return f"{row.position}: {quoted(row.quote)} ({short_ids(row.paragraphs)})"

    rows = []
    for aspect, group in models.groupby("aspect", sort=False):
        by_slug = {r.interview: cell(r) for r in group.itertuples()}
        rows.append({"Aspect": aspect, **{names[s]: by_slug.get(s, "—") for s in slugs}})
    return table(pd.DataFrame(rows, columns=["Aspect", *(names[s] for s in slugs)]))


DATE_FROM_TEXT = {"text": "the text", "inferred": "the text, year or month inferred",
                  "outside": "an outside source (see the note)"}


def timeline_table(events: pd.DataFrame, surnames: dict[str, str]) -> Markdown:
    """The timeline's events: date, where the date comes from, paragraphs and verbatim evidence."""
    frame = pd.DataFrame({
        "Event": events.event,
        "Date": events.date,
        "Date from": events.date_from.map(DATE_FROM_TEXT),
        "Mentioned in": [cite(refs, surnames) for refs in events.paragraphs],
        "Evidence (verbatim)": events.quote.map(quoted),
    })
    return table(frame, empty="No events are recorded.")


def review_table(summary: pd.DataFrame, names: dict[str, str]) -> Markdown:
    """Per reviewed interview: paragraphs reviewed and the coder's agreement with the reviewer."""
    def score(v) -> str:
        return "–" if pd.isna(v) else f"{v:.2f}"

    frame = pd.DataFrame({
        "Interview": summary.interview.map(names),
        "Reviewed": [f"{r} of {n}" for r, n in zip(summary.reviewed, summary.paragraphs)],
        "Codes kept": summary.kept, "added by the reviewer": summary.added,
        "dropped by the reviewer": summary.dropped,
        "Kappa (pooled)": summary.kappa.map(score), "Micro F1": summary.f1.map(score),
    })
    return table(frame, empty="No interview added to the book has a review file yet.")


def prevalence_table(prevalence: pd.DataFrame, names: dict[str, str]) -> Markdown:
    """Theme by interviewee: answer paragraphs with the theme, their share and its 95% Wilson interval."""
    frame = prevalence.assign(
        interview=prevalence.interview.map(names),
        share=(prevalence.share * 100).round(1),
        interval=[f"{100 * lo:.0f}–{100 * hi:.0f}" for lo, hi in zip(prevalence.share_low, prevalence.share_high)],
    )
    return table(frame, {"label": "Theme", "interview": "Interviewee", "paragraphs": "Answer paragraphs with theme",
                         "answer_paragraphs": "Answer paragraphs", "share": "Share (%)",
                         "interval": "95% interval (%)"})


def _fit_sentence(row, name: str) -> str:
    share = f"{row.coded} of {escape(name)}'s {row.answer_paragraphs} answer paragraphs ({100 * row.share:.0f}%, " \
            f"95% interval {100 * row.share_low:.0f}–{100 * row.share_high:.0f}%)"
    rest = ("" if pd.isna(row.rest_share)
            else f", against {100 * row.rest_share:.0f}% of the other interviews' answer paragraphs")
    return f"The codebook's patterns give at least one theme to {share}{rest}."


def domain_fit_note(fit: pd.DataFrame, names: dict[str, str], slug: str | None = None,
                    see_methods: bool = True, label: bool = True) -> Markdown | None:
    """How far the codebook covers one interview (`slug`) or every interview, with a warning for poor fit.

    A flagged interview (`fit.poor`) gets a warning admonition saying that its theme counts
    and charts are not findings. For one interview that is all (nothing when it is covered);
    for the corpus one sentence states the range of coverage first, opening with "Domain fit:"
    unless `label` is false (a page whose paragraph already says so).
    """
    rows = fit[fit.interview == slug] if slug is not None else fit
    poor = rows[rows.poor]
    warning = ("\n\n:::{admonition} The codebook barely covers "
               + ("this interview" if slug is not None else "some interviews")
               + "\n:class: warning\n"
               + " ".join(_fit_sentence(r, names.get(r.interview, r.interview)) for r in poor.itertuples())
               + " That is less than half of the rest of the corpus: the codebook was written for China's "
               "social sector and does not describe what this text is about, so its theme counts and charts "
               "are not findings.\n:::\n") if len(poor) else ""
    if slug is not None:  # nothing at all for a covered interview (an empty Markdown shows its repr)
        return Markdown(warning.strip()) if warning else None
    if not len(fit):
        return None
    low, high = fit.share.min(), fit.share.max()
    span = (f"{100 * low:.0f}%" if low == high else f"between {100 * low:.0f}% and {100 * high:.0f}%")
    widest = fit.loc[(fit.share_high - fit.share_low).idxmax()]
    basis = (f"the least certain, {escape(names.get(widest.interview, widest.interview))}'s, rests on "
             f"{widest.answer_paragraphs} answer paragraphs, 95% interval "
             f"{100 * widest.share_low:.0f}–{100 * widest.share_high:.0f}%")
    flagged = (f"{len(poor)} of {len(fit)} interviews fall below half of the rest of the corpus"
               if len(poor) else "none falls below half of the rest of the corpus")
    opening = "Domain fit: the codebook's" if label else "The codebook's"
    return Markdown(f"{opening} patterns give at least one theme to {span} of each interview's "
                    f"answer paragraphs ({basis}); {flagged}{' (see Methods)' if see_methods else ''}." + warning)


ROLE_NOTES = {"interviewer": "question", "narrator": "framing", "editor": "editor's note"}


def cite_with_roles(refs: list[str], surnames: dict[str, str], paragraphs: pd.DataFrame) -> str:
    """Like `cite`, marking paragraphs that are not the interviewee's: 'Liu p44 (question), p45'."""
    role = dict(zip(paragraphs.paragraph, paragraphs.role))
    marked = [f"{r} ({ROLE_NOTES[role[r]]})" if role.get(r) in ROLE_NOTES else r for r in refs]
    return cite(marked, surnames)


def documents_table(documents: pd.DataFrame, surnames: dict[str, str], paragraphs: pd.DataFrame) -> Markdown:
    frame = documents.assign(
        date=documents.date.replace("", "not given"),
        cited=[cite_with_roles(refs, surnames, paragraphs) for refs in documents.paragraphs],
        quote=[quoted(q) if q else "" for q in documents.quote],
    )
    return table(frame, {"date": "Date (as given)", "document": "Document or decision", "cited": "Cited in",
                         "quote": "Evidence (verbatim)"})




NO_SPREAD = "no spread"  # an interval of a kappa that every bootstrap resample gives alike


def _two_places(v) -> str:
    return "n/a" if pd.isna(v) else f"{v:.2f}".replace("-0.00", "0.00")


def _interval(low, high) -> str:
    """A 95% interval as "low to high", or :data:`NO_SPREAD` when its ends are equal to two decimals."""
    return NO_SPREAD if _two_places(low) == _two_places(high) else f"{_two_places(low)} to {_two_places(high)}"


def agreement_table(agreement: pd.DataFrame, codebook, intervals: pd.DataFrame | None = None) -> Markdown:
    """Per theme: support, coded, precision, recall, F1, kappa (with its interval when given).

    A theme's kappa from fewer than five hand-coded positives is marked † (unreliable);
    `intervals` is `agreement.bootstrap_intervals` output (theme, low, high). An interval whose
    ends are equal to two decimals is written "no spread": every resample gives the same kappa
    (perfect agreement, or a theme one coding never gives), which says nothing about how far the
    kappa could be from it.
    """
    kappa = [_two_places(k) + (" †" if level == "theme" and s < UNRELIABLE_SUPPORT and pd.notna(k) else "")
             for k, s, level in zip(agreement.kappa, agreement.support, agreement.level)]
    frame = agreement.assign(
        theme=[codebook.label(t) if t in codebook.themes else t for t in agreement.theme],
        precision=agreement.precision.map(_two_places), recall=agreement.recall.map(_two_places),
        f1=agreement.f1.map(_two_places), kappa=kappa,
    )
    columns = {"theme": "Theme", "support": "Support", "predicted": "Coded", "precision": "Precision",
               "recall": "Recall", "f1": "F1", "kappa": "Kappa"}
    if intervals is not None:
        bounds = intervals.set_index("theme")
        frame["interval"] = [_interval(bounds.low[t], bounds.high[t]) if t in bounds.index
                             and pd.notna(bounds.low[t]) else "" for t in agreement.theme]
        columns["interval"] = "Kappa 95% interval"
    return table(frame, columns)


def readers_table(per_theme: pd.DataFrame, codebook) -> Markdown:
    """Per theme, two blind readers and the coder: paragraphs each reader coded, kappa between the readers
    (with its 95% interval where `per_theme` has `readers_low` and `readers_high`), and the coder's kappa
    against each (`chapter_data.double_coded`); a kappa from fewer than five paragraphs of the first
    reader's is marked † (unreliable)."""
    def fmt(v, support):
        return _two_places(v) + (" †" if pd.notna(v) and support < UNRELIABLE_SUPPORT else "")

    frame = per_theme.assign(
        theme=[codebook.label(t) for t in per_theme.theme],
        **{c: [fmt(v, n) for v, n in zip(per_theme[c], per_theme["first"])]
           for c in ("readers_kappa", "coder_first_kappa", "coder_second_kappa")})
    columns = {"theme": "Theme", "first": "First reader", "second": "Second reader", "readers_kappa": "Kappa, readers"}
    if {"readers_low", "readers_high"} <= set(per_theme.columns):
        frame["readers_interval"] = [_interval(low, high) if pd.notna(low) else ""
                                     for low, high in zip(per_theme.readers_low, per_theme.readers_high)]
        columns["readers_interval"] = "Readers' kappa 95% interval"
    return table(frame, {**columns, "coder_first_kappa": "Kappa, coder and first",
                         "coder_second_kappa": "Kappa, coder and second"})


def disagreement_table(disagreements: pd.DataFrame, codebook) -> Markdown:
    def labels(ids):
        return ", ".join(codebook.label(t) for t in ids.split(";") if t)

    frame = disagreements.assign(missed=disagreements.missed.map(labels), added=disagreements.added.map(labels))
    return table(frame, {"paragraph": "Paragraph", "missed": "Hand coding only (missed)",
                         "added": "Coder only (added)"})


def _pattern_text(source: str) -> str:
    """A pattern as written: a code span, or escaped text when it holds a backtick (which ends a code span)."""
    return escape(source) if "`" in source else f"`{source}`"


def codebook_markdown(codebook, model=None) -> Markdown:
    """The codebook as a reader's reference: one block per theme, parents first; with the codebook's
    trained classifier (`model`), each theme's training positives and the terms that weigh most."""
    out = []
    for theme in codebook.themes.values():
        kind = "parent theme, aggregates its children" if theme.id in codebook.parents() else (
            f"child of {escape(codebook.label(theme.parent))}" if theme.parent else "theme")
        out.append(f"**{escape(theme.label)}** (`{theme.id}`, {kind})\n")
        out.append(f": {escape(theme.definition)}\n")
        parts = []
        if theme.include:
            parts.append(f"*Include:* {escape(theme.include)}")
        if theme.exclude:
            parts.append(f"*Exclude:* {escape(theme.exclude)}")
        if theme.patterns:
            parts.append(f"*Patterns:* {'; '.join(_pattern_text(p.source) for p in theme.patterns)}")
        if theme.vetoes:
            vetoes = "; ".join(_pattern_text(v.source) for v in theme.vetoes)
            parts.append(f"*Vetoed in the same sentence by:* {vetoes}")
        if theme.min_matches > 1:
            parts.append(f"*Needs at least {theme.min_matches} different patterns in a paragraph.*")
        if model is not None and theme.id in model.positives:
            terms = classifier.top_terms(model, theme.id)
            parts.append(f"*Learned from:* {model.positives[theme.id]} training paragraphs"
                         + (f"; weighs most: {', '.join(escape(t) for t in terms)}" if terms else "; no model"))
        out += [f"  {p}\n" for p in parts]
        out.append("")
    return Markdown("\n".join(out))


def extractive_summary(sentences: pd.DataFrame) -> Markdown:
    """The machine-selected sentences as a list, each quoted with its paragraph id."""
    lines = [f"- {escape(quoted(s))} ({short_id(p)})" for s, p in zip(sentences.sentence, sentences.paragraph)]
    return Markdown("\n".join(lines) + "\n")


def short_ids(refs: list[str]) -> str:
    """Paragraph ids as a chapter cites them: 'p07, p09'."""
    return ", ".join(map(short_id, refs))
