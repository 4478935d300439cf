"""Statistics that compare themes and words across interviews.

* `prevalence`: how often each theme occurs in each interviewee's answers, as a
  share of answer paragraphs with its 95% Wilson interval (so that a long and a
  short interview can be compared, and the uncertainty of a share of few
  paragraphs is in view);
* `trajectory`: themes by paragraph position through each interview;
* `cooccurrence_lift`: how often two themes share a paragraph within each interview,
  against the number expected by chance;
* `log_odds`: the words that most distinguish two speakers, by the weighted
  log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and
  Quinn 2008, eq. 22 and the variance after it), with a prior that weighs both
  speakers alike and a family-wise threshold from a permutation test; `against_rest`
  compares each interview so with the rest of the corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from math import sqrt
from statistics import NormalDist

import numpy as np
import pandas as pd

from ..coding.codebook import Codebook
from ..coding.coder import indicator_matrix, leaf_codes
from ..corpus.transcripts import answers
from .words import content_tokens


def wilson_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a share of k in n, two-sided, without continuity correction; (0, 1) when n is 0.

    The formula of scipy's ``binomtest(k, n).proportion_ci(method="wilson")`` (Newcombe 1998),
    with the standard library's normal quantile: importing scipy.stats takes over a second in
    every chapter that shows a share. A test compares the two.
    """
    if n == 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + 0.5 * level)
    p = k / n
    denom = 2 * (n + z**2)
    center = (2 * n * p + z**2) / denom
    delta = z / denom * sqrt(4 * n * p * (1 - p) + z**2)
    return (0.0 if k == 0 else center - delta), (1.0 if k == n else center + delta)


def prevalence(coded: pd.DataFrame, codebook: Codebook, themes: list[str] | None = None,
               interviews: list[str] | None = None) -> pd.DataFrame:
    """Long table: interview, theme, paragraphs, share of answer paragraphs and its 95% Wilson interval."""
    a = answers(coded)
    themes = themes or list(codebook.themes)
    interviews = interviews or list(dict.fromkeys(a.interview))
    counts = indicator_matrix(a.themes, codebook).groupby(a.interview.to_numpy()).sum()
    sizes = a.interview.value_counts()
    rows = []
    for slug in interviews:
        total = int(sizes.get(slug, 0))
        for theme in themes:
            n = int(counts.at[slug, theme]) if total else 0
            low, high = wilson_interval(n, total)
            rows.append({
                "interview": slug,
                "theme": theme,
                "label": codebook.label(theme),
                "paragraphs": n,
                "answer_paragraphs": total,
                "share": round(n / total, 4) if total else 0.0,
                "share_low": round(low, 4),
                "share_high": round(high, 4),
            })
    return pd.DataFrame(rows)


def trajectory(coded: pd.DataFrame, codebook: Codebook, themes: list[str] | None = None) -> pd.DataFrame:
    """Long table of (interview, paragraph, position 0-1, theme) for every coded theme occurrence."""
    themes = themes or codebook.leaves()
    rows = []
    for slug, part in coded.groupby("interview", sort=False):
        matrix = indicator_matrix(part.themes, codebook)
        total = len(part)
        for (_, p), (_, flags) in zip(part.iterrows(), matrix.iterrows()):
            for theme in themes:
                if flags[theme]:
                    rows.append({
                        "interview": slug,
                        "paragraph": p.paragraph,
                        "n": int(p.n),
                        "position": round((p.n - 0.5) / total, 4),
                        "role": p.role,
                        "theme": theme,
                        "label": codebook.label(theme),
                    })
    return pd.DataFrame(rows, columns=["interview", "paragraph", "n", "position", "role", "theme", "label"])


def cooccurrence_lift(coded: pd.DataFrame, codebook: Codebook, interviews: list[str] | None = None) -> pd.DataFrame:
    """Pairs of themes sharing paragraphs within each interview, against the count expected by chance.

    For each interview with N paragraphs (all roles) and each pair of themes a, b that
    share at least one paragraph: `observed` paragraphs with both, `expected` = n_a x
    n_b / N (the count if the two themes fell on paragraphs independently) and `lift`
    = observed / expected. A lift near 1 says the pair shares paragraphs as often as
    two themes that common would by chance; a raw count says mostly how common they are.
    """
    leaves = codebook.leaves()
    rows = []
    for slug in interviews or list(dict.fromkeys(coded.interview)):
        part = coded[coded.interview == slug]
        m = leaf_codes(part.themes, codebook)
        counts, together, total = m.sum(axis=0), m.T @ m, len(part)
        for i, a in enumerate(leaves):
            for j in range(i + 1, len(leaves)):
                if together[i, j]:
                    expected = counts[i] * counts[j] / total
                    rows.append({"interview": slug, "theme_a": a, "theme_b": leaves[j],
                                 "label_a": codebook.label(a), "label_b": codebook.label(leaves[j]),
                                 "paragraphs": total, "n_a": int(counts[i]), "n_b": int(counts[j]),
                                 "observed": int(together[i, j]), "expected": round(float(expected), 3),
                                 "lift": round(float(together[i, j] / expected), 3)})
    columns = ["interview", "theme_a", "theme_b", "label_a", "label_b", "paragraphs", "n_a", "n_b", "observed",
               "expected", "lift"]
    return pd.DataFrame(rows, columns=columns)


def word_counts(texts) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        counts.update(content_tokens(text))
    return counts


def _z(ya: np.ndarray, yb: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(delta, variance, z) of the weighted log-odds ratio for count vectors a, b and prior alpha (last axis: words)."""
    alpha0 = alpha.sum(axis=-1, keepdims=True)
    na, nb = ya.sum(axis=-1, keepdims=True), yb.sum(axis=-1, keepdims=True)
    delta = (np.log((ya + alpha) / (na + alpha0 - ya - alpha))
             - np.log((yb + alpha) / (nb + alpha0 - yb - alpha)))
    variance = 1.0 / (ya + alpha) + 1.0 / (yb + alpha)
    return delta, variance, delta / np.sqrt(variance)


def log_odds(counts_a: Counter, counts_b: Counter, prior: Counter | None = None,
             prior_scale: float | None = None) -> pd.DataFrame:
    """Weighted log-odds ratio of each word in a versus b, with an informative Dirichlet prior.

    `prior` holds background counts (default: a + b). `prior_scale`, if given,
    rescales the prior to that total (alpha_0); otherwise the counts are used as
    they are. Returns word, count_a, count_b, delta (log-odds ratio), variance
    and z (delta over its standard deviation), sorted by z descending.
    """
    prior = Counter(prior) if prior is not None else counts_a + counts_b
    words = sorted(set(counts_a) | set(counts_b))
    alpha = np.array([prior.get(w, 0) for w in words], dtype=float)
    if prior_scale is not None:
        alpha = alpha * prior_scale / alpha.sum()
    if (alpha <= 0).any():
        raise ValueError("every word needs a positive prior count")
    ya = np.array([counts_a.get(w, 0) for w in words], dtype=float)
    yb = np.array([counts_b.get(w, 0) for w in words], dtype=float)
    delta, variance, z = _z(ya, yb, alpha)
    frame = pd.DataFrame({"word": words, "count_a": ya.astype(int), "count_b": yb.astype(int),
                          "delta": delta, "variance": variance, "z": z})
    return frame.sort_values(["z", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)


PRIORS = ("balanced", "pooled")


def speaker_prior(counts_a: Counter, counts_b: Counter, kind: str = "balanced") -> dict[str, float]:
    """The prior of :func:`speaker_log_odds`, before scaling.

    'balanced': the mean of the two speakers' relative word frequencies, so that each
    speaker weighs alike whatever their length; 'pooled': the pooled counts, in which
    the longer set of answers dominates and pulls the shorter one toward itself.
    """
    words = sorted(set(counts_a) | set(counts_b))
    ya = np.array([counts_a.get(w, 0) for w in words], dtype=float)
    yb = np.array([counts_b.get(w, 0) for w in words], dtype=float)
    return dict(zip(words, _prior_vector(ya, yb, kind).tolist()))


def _prior_vector(ya: np.ndarray, yb: np.ndarray, kind: str) -> np.ndarray:
    """:func:`speaker_prior` for count vectors of the same words (before scaling)."""
    if kind == "pooled":
        return ya + yb
    if kind != "balanced":
        raise ValueError(f"unknown prior {kind!r}; choose from {', '.join(PRIORS)}")
    return ya / ya.sum(axis=-1, keepdims=True) / 2 + yb / yb.sum(axis=-1, keepdims=True) / 2


def distinctive_words(frame: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The n most distinctive words for each side (z > 0: first speaker; z < 0: second)."""
    top = frame.head(n).assign(side="a")
    bottom = frame.sort_values(["z", "word"], kind="stable").head(n).assign(side="b")
    return pd.concat([top, bottom], ignore_index=True)


def _slugs(slugs: str | Sequence[str]) -> list[str]:
    return [slugs] if isinstance(slugs, str) else list(slugs)


def _speaker_counts(coded: pd.DataFrame, slug_a: str, slug_b: str | Sequence[str]) -> tuple[Counter, Counter]:
    a = answers(coded)
    return word_counts(a[a.interview == slug_a].text), word_counts(a[a.interview.isin(_slugs(slug_b))].text)


def speaker_log_odds(coded: pd.DataFrame, slug_a: str, slug_b: str | Sequence[str],
                     prior: str = "balanced") -> pd.DataFrame:
    """Log-odds of the content words in two interviewees' answers (prior: see :func:`speaker_prior`).

    `slug_b` is one interview or several, whose answers are pooled (an interview against
    the rest of the corpus). The prior is rescaled so that alpha_0 equals the smaller
    side's number of words: a prior as large as the pooled corpus would swamp the
    evidence of a short interview.
    """
    return _speaker_table(*_speaker_counts(coded, slug_a, slug_b), prior)


def _speaker_table(counts_a: Counter, counts_b: Counter, prior: str) -> pd.DataFrame:
    """:func:`speaker_log_odds` of two sides' word counts."""
    scale = min(sum(counts_a.values()), sum(counts_b.values()))
    return log_odds(counts_a, counts_b, prior=speaker_prior(counts_a, counts_b, prior), prior_scale=scale)


def permutation_thresholds(coded: pd.DataFrame, slug_a: str, slug_b: str | Sequence[str], prior: str = "balanced",
                           permutations: int = 1000, level: float = 0.95, seed: int = 2026) -> tuple[float, float]:
    """Family-wise thresholds of z for each side: (for words favouring a, for words favouring b).

    The two sides' answer paragraphs are shuffled between them (each keeping its
    number of paragraphs) and, in each shuffle, the largest z of any word on each side
    is recorded; each threshold is the quantile 1 - (1 - level) / 2 of its side's
    largest z, so that a word beyond either threshold stands out more than chance
    allows with a family-wise error of at most 1 - level, whatever the number of words
    tested. One threshold per side matters: with a short and a long interview, the
    short side's extremes are far larger and would otherwise set the bar for both.
    `slug_b` may name several interviews, pooled as one side (an interview against the rest).
    """
    a = answers(coded)
    part = a[a.interview.isin([slug_a, *_slugs(slug_b)])]
    return _thresholds(_word_matrix(part.text), (part.interview == slug_a).to_numpy(), prior, permutations, level,
                       seed)


def _word_matrix(texts: pd.Series):
    """Paragraphs x content words (sorted), counts, as a sparse matrix."""
    from scipy import sparse  # imported when used, as in wilson_interval

    docs = [Counter(content_tokens(text)) for text in texts]
    vocabulary = sorted(set().union(*docs))
    index = {w: i for i, w in enumerate(vocabulary)}
    rows, cols, values = [], [], []
    for row, doc in enumerate(docs):
        for word, count in doc.items():
            rows.append(row)
            cols.append(index[word])
            values.append(count)
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(docs), len(vocabulary)), dtype=float)


def _thresholds(matrix, labels: np.ndarray, prior: str, permutations: int, level: float,
                seed: int) -> tuple[float, float]:
    """:func:`permutation_thresholds` of the paragraphs of `matrix` (:func:`_word_matrix`), `labels` marking
    side a."""
    rng = np.random.default_rng(seed)
    shuffles = np.array([rng.permutation(labels) for _ in range(permutations)], dtype=float)
    # Word counts of side a in every shuffle at once (sums of whole counts: exact in floating point).
    counts_a = np.ascontiguousarray((matrix.T @ shuffles.T).T)
    total = np.asarray(matrix.sum(axis=0)).ravel()
    maxima = []
    for start in range(0, permutations, 100):  # a hundred shuffles at a time bound the memory
        ya = counts_a[start:start + 100]
        yb = total - ya
        alpha = _prior_vector(ya, yb, prior)
        alpha = alpha * np.minimum(ya.sum(axis=-1, keepdims=True), yb.sum(axis=-1, keepdims=True)) \
            / alpha.sum(axis=-1, keepdims=True)
        z = _z(ya, yb, alpha)[2]
        maxima.append(np.column_stack([z.max(axis=-1), -z.min(axis=-1)]))
    maxima = np.concatenate(maxima) if maxima else np.empty((0, 2))
    tail = 1 - (1 - level) / 2
    high_a, high_b = np.quantile(maxima, tail, axis=0)
    return float(high_a), float(high_b)


def against_rest(coded: pd.DataFrame, interviews: Sequence[str], prior: str = "balanced",
                 permutations: int = 1000, seed: int = 2026, level: float = 0.95) -> pd.DataFrame:
    """Each interview's answers against the pooled answers of all the others, word by word.

    The log-odds of :func:`speaker_log_odds` (the interview is side a, the rest side b)
    with the family-wise threshold of :func:`permutation_thresholds` for the words that
    favour the interview. Long table: interview, word, count_a (in the interview),
    count_b (in the rest), delta, variance, z, threshold and beyond (z above it), each
    interview's words by z descending. With two interviews, the first one's rows are the
    pair's comparison and the second one's the same with the sides swapped. An interview
    whose answers hold no content word, or whose rest holds none, has no rows.
    """
    a = answers(coded)
    part = a[a.interview.isin(interviews)]
    matrix = _word_matrix(part.text)  # every interview's side a and rest are these paragraphs
    counts = {slug: word_counts(part.text[part.interview == slug]) for slug in interviews}
    frames = []
    for slug in interviews:
        rest: Counter = Counter()
        for other in interviews:
            if other != slug:
                rest.update(counts[other])
        if not (sum(counts[slug].values()) and sum(rest.values())):
            continue
        table = _speaker_table(counts[slug], rest, prior)
        high = _thresholds(matrix, (part.interview == slug).to_numpy(), prior, permutations, level, seed)[0]
        frames.append(table.assign(interview=slug, threshold=round(high, 4), beyond=table.z > high))
    columns = ["interview", "word", "count_a", "count_b", "delta", "variance", "z", "threshold", "beyond"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def heatmap_table(prevalence_table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Theme label x interviewee name, percent of answer paragraphs (for `figures.heatmap`)."""
    table = prevalence_table.pivot(index="theme", columns="interview", values="share")
    order = list(dict.fromkeys(prevalence_table.theme))
    labels = dict(zip(prevalence_table.theme, prevalence_table.label))
    table = table.reindex(index=order, columns=list(names)) * 100
    return table.rename(index=labels, columns=names)
