"""The coder's codings of lists of texts, kept in the machine's cache.

Coding a text depends only on the text, the codebook's themes and patterns, the codebook's
fitted classifier (if it has one) with the sentence model it reads, and the package's code.
The Methods chapter codes the same few thousand validation paragraphs with a dozen codebooks
at every build; :func:`code_texts` keeps each coding in the machine's cache
(:func:`interviews.paths.user_cache_dir`, folder `codings/`) under a digest of all of that, so
that a build in which none of it changed reads the coding instead of computing it again. A
coding read from the cache is the one :func:`~interviews.coding.coder.code_texts` computes (tested);
a file that cannot be read is computed again. ``coder.code_paragraphs(..., kept=True)`` uses it.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from .. import paths
from . import classifier, coder, sentences
from .codebook import Codebook

KEPT_CODINGS = 128  # codings the cache folder keeps, the most recently used


def codebook_digest(codebook: Codebook) -> str:
    """A hex digest of what the coder's output depends on in `codebook`: each theme's id, parent, threshold
    and carry, its patterns and vetoes (each regex's source and flags), and the fitted classifier's
    settings, vocabulary and weights (with the sentence model where it reads vectors); and the package's
    code and NumPy's version."""
    themes = [[t.id, t.parent, t.min_matches, t.carry,
               [[kind, p.source, p.within, [[r.pattern, r.flags] for r in p.regexes]]
                for kind, group in (("pattern", t.patterns), ("veto", t.vetoes)) for p in group]]
              for t in codebook.themes.values()]
    h = hashlib.sha256(json.dumps([paths.package_digest(), metadata.version("numpy"), themes]).encode())
    model = classifier.trained(codebook)
    if model is not None:
        h.update(json.dumps([repr(model.settings), list(model.themes), sorted(model.stop_words),
                             [str(t) for t in model.terms]]).encode())
        for array in (model.idf, model.coef, model.intercept):
            h.update(array.tobytes())
        if model.settings.vectors:
            h.update(sentences.about().encode())
    return h.hexdigest()


def cache_file(key: str) -> Path:
    """Where the coding with digest `key` is kept."""
    return paths.user_cache_dir() / "codings" / f"{key}.json"


def _read(path: Path) -> tuple[list[str], list[str]] | None:
    data = paths.cached(path.parent, path.name)
    if data is None:
        return None
    try:
        kept = json.loads(data)
        themes, evidence = kept["themes"], kept["evidence"]
    except (ValueError, KeyError, TypeError):
        return None
    if not (isinstance(themes, list) and isinstance(evidence, list) and len(themes) == len(evidence)
            and all(isinstance(v, str) for v in themes + evidence)):
        return None
    return themes, evidence


def code_texts(texts: list[str], codebook: Codebook) -> tuple[list[str], list[str]]:
    """:func:`~interviews.coding.coder.code_texts`, read from the cache when these texts were coded with an
    equal codebook (:func:`codebook_digest`) before, else computed and kept."""
    texts = [str(t) for t in texts]
    h = hashlib.sha256(codebook_digest(codebook).encode())
    for text in texts:
        h.update(text.encode("utf-8") + b"\0")
    path = cache_file(h.hexdigest())
    kept = _read(path)
    if kept is not None and len(kept[0]) == len(texts):
        return kept
    themes, evidence = coder.code_texts(texts, codebook)
    paths.keep(path.parent, path.name, json.dumps({"themes": themes, "evidence": evidence}), KEPT_CODINGS)
    return themes, evidence
