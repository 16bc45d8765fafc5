"""Machine translation with Argos Translate packages, run through CTranslate2 directly.

Why not ``argostranslate.translate``: it re-splits text with its own sentence splitter
(stanza or MiniSBD, which download resources) and sends CTranslate2 batches of 32 tokens
one paragraph at a time. We already have sentences, so each distinct segment of a
comparison goes to one ``translate_batch`` call per package, with token-based batches
(``batch_type="tokens"``) large enough to keep the CPU busy, the package's own tokenizer
(SentencePiece or BPE, as the package ships it) and its ``target_prefix`` when declared.
A pair with no direct package pivots through English (ru→en→de).

Models load lazily, once per process, behind a lock; at most ``max_loaded`` stay in
memory and the least recently used is unloaded first.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Sequence

from .. import metrics
from .engine import MachineOutput
from .packages import PackageManager, routes

log = logging.getLogger(__name__)


@dataclass
class LoadedPackage:
    name: str
    version: str
    translator: Any  # ctranslate2.Translator
    tokenizer: Any  # argostranslate.tokenizer.Tokenizer
    target_prefix: str


class ArgosTranslator:
    """A :class:`~service.translation.engine.MachineTranslator` over installed Argos packages."""

    def __init__(
        self,
        packages: PackageManager,
        *,
        beam_size: int = 2,
        batch_tokens: int = 4096,
        max_loaded: int = 2,
        max_decoding_ratio: float = 2.0,
        max_decoding_length: int = 512,
        device: str = "cpu",
    ):
        self.packages = packages
        self.device = device  # "cpu", "cuda" (GPU workers) or "auto": passed to CTranslate2 as it is
        self.beam_size = beam_size
        self.batch_tokens = batch_tokens
        self.max_loaded = max(1, max_loaded)
        self.max_decoding_ratio = max_decoding_ratio
        self.max_decoding_length = max_decoding_length
        self._loaded: OrderedDict[tuple[str, str], LoadedPackage] = OrderedDict()
        self._lock = threading.Lock()
        self._load_locks: dict[tuple[str, str], threading.Lock] = {}

    # -- MachineTranslator ------------------------------------------------------------
    def _routes(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        return routes(self.packages.installed_pairs())

    def can_translate(self, source: str, target: str) -> bool:
        return (source, target) in self._routes()

    def route(self, source: str, target: str) -> tuple[str, str]:
        hops = self._routes()[(source, target)]
        versions = {(p.from_code, p.to_code): p.version for p in self.packages.installed()}
        name = "+".join(f"translate-{a}_{b}" for a, b in hops)
        return name, "+".join(versions[hop] for hop in hops)

    def translate(self, segments: Sequence[str], source: str, target: str) -> list[MachineOutput]:
        hops = self._routes()[(source, target)]
        texts = list(segments)
        used = []
        for hop in hops:
            package = self._get(hop)
            texts = self._run(package, texts)
            used.append(package)
        name = "+".join(p.name for p in used)
        version = "+".join(p.version for p in used)
        return [MachineOutput(text, name, version) for text in texts]

    # -- loading ----------------------------------------------------------------------
    @property
    def loaded_pairs(self) -> list[tuple[str, str]]:
        with self._lock:
            return list(self._loaded)

    def _get(self, pair: tuple[str, str]) -> LoadedPackage:
        with self._lock:
            if pair in self._loaded:
                self._loaded.move_to_end(pair)
                return self._loaded[pair]
            load_lock = self._load_locks.setdefault(pair, threading.Lock())
        with load_lock:  # one thread loads a pair; others wait for it
            with self._lock:
                if pair in self._loaded:
                    self._loaded.move_to_end(pair)
                    return self._loaded[pair]
            package = self._load(pair)
            with self._lock:
                self._loaded[pair] = package
                while len(self._loaded) > self.max_loaded:
                    _, old = self._loaded.popitem(last=False)
                    log.info("unloading translation model %s", old.name)
                    old.translator.unload_model()
            return package

    def _load(self, pair: tuple[str, str]) -> LoadedPackage:
        import ctranslate2

        for pkg in self.packages.argos_packages():
            if (pkg.from_code, pkg.to_code) == pair:
                log.info("loading translation model %s %s", pair, pkg.package_version)
                translator = ctranslate2.Translator(
                    str(pkg.package_path / "model"), device=self.device, compute_type="auto", inter_threads=1
                )
                return LoadedPackage(
                    f"translate-{pair[0]}_{pair[1]}", str(pkg.package_version), translator,
                    pkg.tokenizer, getattr(pkg, "target_prefix", "") or "",
                )
        raise LookupError(f"no installed package for {pair[0]}-{pair[1]}")

    # -- translating ------------------------------------------------------------------
    def _run(self, package: LoadedPackage, texts: list[str]) -> list[str]:
        if not texts:
            return []
        tokenized = [package.tokenizer.encode(text) for text in texts]
        longest = max(len(tokens) for tokens in tokenized)
        options: dict[str, Any] = dict(
            beam_size=self.beam_size,
            max_batch_size=self.batch_tokens,
            batch_type="tokens",
            replace_unknowns=True,
            length_penalty=0.2,
            # Output longer than twice the input is a model looping, not a translation.
            max_decoding_length=min(self.max_decoding_length, int(longest * self.max_decoding_ratio) + 10),
        )
        if package.target_prefix:
            options["target_prefix"] = [[package.target_prefix]] * len(tokenized)
        started = time.perf_counter()
        results = package.translator.translate_batch(tokenized, **options)
        metrics.record_translation(sum(len(r.hypotheses[0]) for r in results), time.perf_counter() - started)
        outputs = []
        for result in results:
            tokens = result.hypotheses[0]
            if package.target_prefix and tokens[:1] == [package.target_prefix]:
                tokens = tokens[1:]
            outputs.append(package.tokenizer.decode(tokens).strip())
        return outputs
