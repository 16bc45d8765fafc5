"""Translation throughput: argostranslate's own path against our engine, then the cache.

A package the size of a released Argos model (6+6 layers, d_model 512, 8 heads, FFN 2048,
about 8,000 SentencePiece pieces, int8 weights as Argos ships them; random weights) is
generated once and kept in ``bench/.cache`` (ignored by git). The same 200 sample-like
Russian sentences are translated

(a) by argostranslate's own ``apply_packaged_translation`` paragraph by paragraph (one
    call per paragraph, as ``argostranslate.translate.translate`` makes; its batches of
    ``ARGOS_BATCH_SIZE`` = 32 tokens). Its sentence splitter (MiniSBD) would download a
    model, so a splitter that returns the paragraph whole stands in; each paragraph here
    is one sentence, so nothing changes but the download;
(b) by our engine: one ``translate_batch`` over all distinct sentences, token batches.

Both use the same beam size and the same ``max_decoding_length``: a random model rarely
emits ``</s>``, so each hypothesis runs to the limit and both sides decode the same
number of steps per sentence. Figures are target tokens per second, in one run.
"""
from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
SENTENCE_COUNT = 200
BEAM = 2
MAX_DECODING = 64

_SUBJECTS = ["Министр иностранных дел России Сергей Лавров", "Председатель КНДР Ким Чен Ын",
             "Официальный представитель МИД России", "Посол России в Пхеньяне", "Делегация КНДР"]
_VERBS = ["заявил", "подчеркнул", "сообщил", "отметил", "заверил журналистов"]
_OBJECTS = ["о поддержке специальной военной операции", "о развитии стратегического партнерства",
            "о визите в Вонсан", "о новых договоренностях в области туризма", "о переговорах в Москве",
            "о сотрудничестве в сфере образования", "о подготовке совместного заявления", "о контактах на высшем уровне"]
_TAILS = ["в субботу", "в ходе пресс-конференции", "после встречи в Вонсане", "12 июля", "на прошлой неделе"]


def sentences() -> list[str]:
    """200 distinct Russian sentences in the manner of the Lavrov sample."""
    found: list[str] = []
    i = 0
    while len(found) < SENTENCE_COUNT:
        s, v, o, t = (_SUBJECTS[i % 5], _VERBS[(i // 5) % 5], _OBJECTS[(i // 25) % 8], _TAILS[(i // 3) % 5])
        found.append(f"{s} {v} {t} {o}, а также о «безоговорочной поддержке» на {i + 3} направлениях.")
        i += 1
    return found


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_package() -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from support.argos_package import build_argos_package

    CACHE.mkdir(exist_ok=True)
    existing = sorted(CACHE.glob("translate-ru_en-*.argosmodel"))
    if existing:
        return existing[0]
    started = time.perf_counter()
    corpus = sentences()
    path = build_argos_package(CACHE, "ru", "en", num_layers=(6, 6), d_model=512, num_heads=8, ffn=2048,
                               vocab_size=8000, corpus=corpus, quantization="int8", seed=7)
    print(f"built {path.name} ({path.stat().st_size / 2**20:.0f} MB) in {time.perf_counter() - started:.1f} s")
    return path


class CappedTranslator:
    """Passes calls to a ctranslate2.Translator with one decoding limit for both sides."""

    def __init__(self, inner, limit: int):
        self.inner, self.limit = inner, limit

    def translate_batch(self, tokens, **options):
        options["max_decoding_length"] = self.limit
        return self.inner.translate_batch(tokens, **options)


class WholeParagraph:
    def split_sentences(self, text: str) -> list[str]:
        return [text]


def main() -> None:
    import ctranslate2
    from argostranslate import settings as argos_settings
    from argostranslate.translate import apply_packaged_translation

    from service.storage import Storage
    from service.translation.argos import ArgosTranslator
    from service.translation.engine import TranslationEngine
    from service.translation.packages import PackageManager

    work = Path(tempfile.mkdtemp(prefix="bench-translation-"))
    manager = PackageManager(work / "packages", "")
    manager.install_file(build_package())
    (pkg,) = manager.argos_packages()
    texts = sentences()
    print(f"\n== translation: {len(texts)} Russian sentences, beam {BEAM}, max_decoding_length {MAX_DECODING}, "
          f"{os.cpu_count()} cores ==")
    print(f"resident memory before loading a model: {rss_mb():.0f} MB")

    # (a) argostranslate's own path, paragraph by paragraph.
    argos_settings.beam_size = BEAM
    raw = ctranslate2.Translator(str(pkg.package_path / "model"), device="cpu", compute_type="auto")
    capped = CappedTranslator(raw, MAX_DECODING)
    apply_packaged_translation(pkg, texts[0], capped, WholeParagraph(), num_hypotheses=1)  # warm-up
    started = time.perf_counter()
    tokens_a = 0
    for text in texts:
        (hypothesis,) = apply_packaged_translation(pkg, text, capped, WholeParagraph(), num_hypotheses=1)
        tokens_a += len(pkg.tokenizer.encode(hypothesis.value))
    seconds_a = time.perf_counter() - started
    del raw, capped

    # (b) our engine (the default batch size first), then the same again from the cache.
    results = {}
    for batch_tokens in (4096, 1024, 2048, 8192):
        machine = ArgosTranslator(manager, beam_size=BEAM, batch_tokens=batch_tokens,
                                  max_decoding_ratio=1000.0, max_decoding_length=MAX_DECODING)
        engine = TranslationEngine(Storage(work / f"cache-{batch_tokens}.sqlite3"), machine)
        engine.translate(texts[:2], "ru", "en")  # load the model and warm up (2 sentences cached)
        started = time.perf_counter()
        first = engine.translate(texts, "ru", "en")
        seconds_b = time.perf_counter() - started
        tokens_b = sum(len(pkg.tokenizer.encode(t.text)) for t in first)
        loaded_rss = rss_mb()
        started = time.perf_counter()
        second = engine.translate(texts, "ru", "en")
        seconds_cached = time.perf_counter() - started
        assert {t.origin for t in second} == {"cache"}
        results[batch_tokens] = tokens_b / seconds_b
        print(f"(b) engine, batch {batch_tokens:>5} tokens: {tokens_b / seconds_b:8.1f} target tokens/s "
              f"({seconds_b:.2f} s); cached pass {seconds_cached * 1000:.1f} ms "
              f"= {seconds_b / seconds_cached:.0f}x faster than the first; RSS {loaded_rss:.0f} MB")
        for package in machine._loaded.values():
            package.translator.unload_model()
        del machine, engine
    rate_a = tokens_a / seconds_a
    print(f"(a) argostranslate paragraph by paragraph: {rate_a:8.1f} target tokens/s ({seconds_a:.2f} s)")
    for batch_tokens, rate in results.items():
        print(f"ratio (b, batch {batch_tokens}) / (a): {rate / rate_a:.2f}x")
