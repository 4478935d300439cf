"""Sentence vectors: the model's published behaviour, batching, the cache, and a missing model."""

import hashlib

import numpy as np
import pytest

from interviews.coding import sentences
from interviews.errors import InputError

# sentence-transformers' documentation (quickstart) prints these cosine similarities for
# all-MiniLM-L6-v2 and these three sentences: 0.6660, 0.1046, 0.1411.
PUBLISHED = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_vectors_give_the_similarities_the_model_is_published_with(cache):
    vectors = sentences.encode(PUBLISHED)
    assert vectors.shape == (3, sentences.WIDTH) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-6)
    similar = vectors @ vectors.T
    np.testing.assert_allclose([similar[0, 1], similar[0, 2], similar[1, 2]], [0.6660, 0.1046, 0.1411], atol=5e-5)


def test_a_text_gets_the_same_vector_alone_or_in_a_batch_of_unequal_lengths(cache):
    texts = ["Volunteers came after the flood.", "We went home.", "", "word " * 300]
    together = sentences.encode(texts)
    model = sentences.load()
    for text, vector in zip(texts, together):
        alone = sentences.forward(model, [model.tokenizer.encode(text).ids])[0]
        np.testing.assert_allclose(vector, alone, atol=1e-5)
    assert len(model.tokenizer.encode("word " * 300).ids) == sentences.MAX_TOKENS, "long texts are cut"
    assert not np.allclose(together[0], together[1])


def test_vectors_are_cached_by_text_and_a_broken_entry_is_computed_again(cache, monkeypatch):
    first = sentences.encode(["Volunteers came after the flood.", "Volunteers came after the flood."])
    files = list(cache.rglob("*.npy"))
    digest = hashlib.sha256(b"Volunteers came after the flood.").hexdigest()
    assert [f.name for f in files] == [f"{digest}.npy"] and files[0].parent == sentences.cache_dir()
    np.testing.assert_array_equal(first[0], first[1])
    files[0].write_bytes(b"not a vector")
    again = sentences.encode(["Volunteers came after the flood."])
    np.testing.assert_allclose(again[0], first[0], atol=1e-6)
    monkeypatch.setattr(sentences, "forward", lambda *a: pytest.fail("a cached text is not encoded again"))
    np.testing.assert_array_equal(sentences.encode(["Volunteers came after the flood."])[0], again[0])
    assert sentences.encode([]).shape == (0, sentences.WIDTH)


def test_only_a_float32_vector_of_the_width_is_read_from_the_cache(cache):
    sentences.encode(["Volunteers came after the flood."])
    [path] = cache.rglob("*.npy")
    kept = np.load(path)  # the cache holds plain .npy files
    assert kept.dtype == np.float32 and kept.shape == (sentences.WIDTH,)
    np.testing.assert_array_equal(sentences._cached(path), kept)
    for wrong in (kept.astype(np.float64), kept[:-1], kept.reshape(12, 32)):
        np.save(path, wrong)
        assert sentences._cached(path) is None, f"a {wrong.dtype} array of shape {wrong.shape} is not a vector"
    path.write_bytes(path.read_bytes()[:-4])
    assert sentences._cached(path) is None, "a cut file is not a vector"
    assert sentences._cached(path.with_name("missing.npy")) is None


def test_the_vectors_are_kept_in_the_machines_cache_by_model(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWS_CACHE", str(tmp_path / "mine"))
    assert sentences.cache_dir().parent == tmp_path / "mine" / "vectors"
    monkeypatch.setattr(sentences, "WEIGHTS_SHA256", "0" * 64)
    assert sentences.cache_dir().name.endswith("-000000000000"), "another model, another folder"


def test_a_missing_or_altered_model_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(sentences, "DISTRIBUTION", "no-such-model-package")
    with pytest.raises(InputError, match="sentence model is not installed; `make venv`"):
        sentences._archive()
    with pytest.raises(InputError, match="sha256 differs"):
        sentences._checked(b"other weights", sentences.WEIGHTS_SHA256, "model.safetensors", tmp_path / "model.zip")
