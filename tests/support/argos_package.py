"""Build a real Argos Translate package (``.argosmodel``) offline, for tests and benchmarks.

The package has the layout argostranslate installs and loads::

    translate-ru_en-1_0/
        README.md
        metadata.json
        sentencepiece.model      # trained here on a few lines of text
        model/                   # a CTranslate2 Transformer with random weights
            config.json
            model.bin
            shared_vocabulary.json

so ``argostranslate.package.install_from_path(path)`` followed by
``ctranslate2.Translator(str(pkg.package_path / "model"))`` runs the real code path without
downloading anything. The weights are seeded random numbers: translations are gibberish,
but tokenization, batching, beam search, target prefixes and detokenization all run for real.

How it is made, step by step:

* SentencePiece (unigram) is trained in memory with ``SentencePieceTrainer.train`` on the
  caller's corpus or a dozen English/Russian news sentences. ``hard_vocab_limit=False`` lets
  a small corpus give fewer pieces than asked for. When ``vocab_size`` cannot hold every
  character of the corpus (64 pieces vs ~76 Latin + Cyrillic characters), ``character_coverage``
  is lowered step by step down to 0.98, SentencePiece's minimum (the rarest characters then
  become ``<unk>``); if that is not enough (e.g. 64 pieces plus a target prefix), the
  vocabulary grows to the size SentencePiece says it needs. When ``vocab_size`` is large and
  the corpus too small to reach it, deterministic synthetic sentences (random Latin and
  Cyrillic syllable words) are appended to it.
* The CTranslate2 vocabulary is exactly the SentencePiece pieces in id order
  (``<unk>``=0, ``<s>``=1, ``</s>``=2, then ``target_prefix`` when given, then the learned
  pieces), registered as both source and target vocabulary, so it is saved as
  ``shared_vocabulary.json``. CTranslate2's default seq2seq config uses ``<unk>``, ``<s>``
  (also the decoder start token) and ``</s>``, which SentencePiece always provides; no
  ``<blank>`` is needed (CTranslate2 pads by length, not with a token).
* The model comes from ``TransformerSpec.from_config(num_layers, num_heads)`` (pre-norm,
  ReLU, sinusoidal positions: what OpenNMT-py Argos models use); every weight and bias is
  filled with seeded ``float32`` normal values of the right shape, in the same places the
  OpenNMT-py converter fills them (fused QKV for self-attention, fused KV for
  cross-attention). A minimal :class:`ctranslate2.converters.Converter` subclass then does
  what every converter does: ``validate()``, ``optimize(quantization)``, ``save()``.
* ``target_prefix`` (e.g. ``"__en__"``) is added to SentencePiece as a user-defined symbol,
  so the token argostranslate passes as the target prefix is in the vocabulary (otherwise
  CTranslate2 would turn it into ``<unk>``).
* The zip is written with fixed timestamps and permissions, so the same arguments and seed
  give a byte-identical file. ``model.bin`` is stored uncompressed (random weights hardly
  compress, and deflating a benchmark-size model takes longer than building it).
"""
from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ARGOS_VERSION = "1.9"

DEFAULT_CORPUS: list[str] = [
    "The minister arrived in the capital on Friday for a three-day visit.",
    "Officials said 12 people were injured in the clashes on Saturday.",
    "The talks ended with a joint statement on trade and energy.",
    "Protesters gathered outside the parliament building in the evening.",
    "Fuel prices rose again this week, the statistics agency reported.",
    "“We will always stand by our friends,” the minister told reporters.",
    "Министр прибыл в столицу в пятницу с трёхдневным визитом.",
    "По словам чиновников, в столкновениях в субботу пострадали 12 человек.",
    "Переговоры завершились совместным заявлением о торговле и энергетике.",
    "Вечером протестующие собрались у здания парламента.",
    "Цены на топливо снова выросли на этой неделе, сообщило агентство.",
    "«Мы всегда будем поддерживать наших друзей», — сказал министр журналистам.",
]

LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
    "it": "Italian", "ja": "Japanese", "pl": "Polish", "pt": "Portuguese", "ru": "Russian",
    "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}

# Tried in order when the vocabulary is too small to hold every character of the corpus.
_CHARACTER_COVERAGES = (1.0, 0.9995, 0.999, 0.995, 0.99, 0.98)  # 0.98: SentencePiece's minimum
# Fixed so SentencePiece training gives the same model on any machine.
_SENTENCEPIECE_THREADS = 2
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def build_argos_package(
    dest_dir: Path,
    from_code: str,
    to_code: str,
    *,
    num_layers: tuple[int, int] = (1, 1),
    d_model: int = 16,
    num_heads: int = 2,
    ffn: int = 32,
    vocab_size: int = 64,
    corpus: list[str] | None = None,
    target_prefix: str | None = None,
    package_version: str = "1.0",
    seed: int = 0,
    quantization: str | None = None,
) -> Path:
    """Write ``dest_dir / translate-{from}_{to}-{version}.argosmodel`` and return its path.

    ``version`` in the file and folder names is ``package_version`` with dots turned into
    underscores, as in the Argos index (``translate-ru_en-1_0.argosmodel``).

    ``vocab_size`` is a target: SentencePiece may give fewer pieces on a small corpus, or a
    few more when the corpus's alphabet (plus ``target_prefix``) does not fit in it; the model
    is sized to the pieces actually learned (the package README.md records the numbers). ``quantization`` (extra, optional) is
    passed to CTranslate2's converter: ``None`` keeps float32 weights; ``"int8"`` stores them
    the way released Argos packages do, for realistic benchmarks.
    """
    if isinstance(num_layers, int):
        num_layers = (num_layers, num_layers)
    encoder_layers, decoder_layers = (int(n) for n in num_layers)
    if min(encoder_layers, decoder_layers, d_model, num_heads, ffn) < 1:
        raise ValueError("num_layers, d_model, num_heads and ffn must be positive")
    if d_model % num_heads:
        raise ValueError(f"d_model ({d_model}) must be a multiple of num_heads ({num_heads})")
    if vocab_size < 8:
        raise ValueError("vocab_size must be at least 8")
    if target_prefix is not None and (not target_prefix or any(c.isspace() for c in target_prefix)):
        raise ValueError("target_prefix must be one token without whitespace, e.g. '__en__'")

    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    version_tag = package_version.replace(".", "_")
    top = f"translate-{from_code}_{to_code}-{version_tag}"
    archive = dest_dir / f"{top}.argosmodel"

    lines = _training_lines(corpus, vocab_size, seed)
    sp_model, coverage = _train_sentencepiece(lines, vocab_size, target_prefix)
    pieces = _pieces(sp_model)

    with tempfile.TemporaryDirectory(prefix=".argos-build-", dir=dest_dir) as tmp:
        root = Path(tmp) / top
        root.mkdir()
        (root / "sentencepiece.model").write_bytes(sp_model)
        _write_model(
            root / "model", pieces,
            num_layers=(encoder_layers, decoder_layers), d_model=d_model, num_heads=num_heads,
            ffn=ffn, seed=seed, quantization=quantization,
        )
        metadata = {
            "package_version": package_version,
            "argos_version": ARGOS_VERSION,
            "code": f"translate-{from_code}_{to_code}",
            "type": "translate",
            "from_code": from_code,
            "from_name": LANGUAGE_NAMES.get(from_code, from_code),
            "to_code": to_code,
            "to_name": LANGUAGE_NAMES.get(to_code, to_code),
            "links": [],
        }
        if target_prefix is not None:
            metadata["target_prefix"] = target_prefix
        (root / "metadata.json").write_text(
            json.dumps(metadata, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
        (root / "README.md").write_text(
            _readme(from_code, to_code, package_version, encoder_layers, decoder_layers, d_model,
                    num_heads, ffn, vocab_size, len(pieces), coverage, len(lines), seed,
                    quantization, target_prefix),
            encoding="utf-8",
        )
        partial = archive.with_name(archive.name + ".part")
        _zip_tree(root, partial)
        partial.replace(archive)
    return archive


# -- SentencePiece -------------------------------------------------------------------------

def _training_lines(corpus: list[str] | None, vocab_size: int, seed: int) -> list[str]:
    lines = [line.strip() for line in (DEFAULT_CORPUS if corpus is None else corpus)]
    lines = [line for line in lines if line]
    words = {w for line in lines for w in line.split()}
    if len(words) >= vocab_size:
        return lines
    # Too few distinct words to learn vocab_size pieces: append synthetic sentences until
    # there are twice as many distinct words as pieces and ~100 characters per piece.
    rng = np.random.default_rng([seed, 0x5E])
    lexicon = _synthetic_lexicon(rng, 2 * vocab_size)
    ranks = np.arange(1, len(lexicon) + 1, dtype=np.float64)
    cdf = np.cumsum(1.0 / (ranks + 2.0))  # Zipf-like, so frequent and rare words both occur
    cdf /= cdf[-1]
    chars = sum(len(line) for line in lines)
    synthetic = []
    while chars < 100 * vocab_size or len(words) < 2 * vocab_size:
        n = int(rng.integers(6, 19))
        draws = np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(lexicon) - 1)
        picked = [lexicon[i] for i in draws]
        if rng.random() < 0.3:
            picked.insert(int(rng.integers(0, n)), str(int(rng.integers(1, 2000))))
        if rng.random() < 0.3:
            picked[int(rng.integers(0, n - 1))] += ","
        sentence = " ".join(picked)
        sentence = sentence[0].upper() + sentence[1:] + ("?" if rng.random() < 0.1 else ".")
        synthetic.append(sentence)
        words.update(picked)
        chars += len(sentence)
    return lines + synthetic


_SYLLABLES = {
    "latin": (
        ["", "b", "br", "d", "f", "g", "gr", "k", "l", "m", "n", "p", "pr", "r", "s", "st",
         "t", "tr", "v", "z", "ch", "sh", "th", "w", "h", "pl", "cl"],
        ["a", "e", "i", "o", "u", "ai", "ou", "ea", "y"],
        ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck"],
    ),
    "cyrillic": (
        ["", "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х",
         "ц", "ч", "ш", "щ", "пр", "ст", "тр", "кр", "бл", "зв"],
        ["а", "е", "и", "о", "у", "ы", "я", "ю", "ё", "э"],
        ["", "", "н", "р", "с", "т", "л", "м", "й", "к", "ть", "сь"],
    ),
}


def _synthetic_lexicon(rng: np.random.Generator, size: int) -> list[str]:
    seen: set[str] = set()
    lexicon: list[str] = []
    scripts = list(_SYLLABLES.values())
    while len(lexicon) < size:
        onsets, vowels, codas = scripts[len(lexicon) % 2]
        word = "".join(
            onsets[rng.integers(len(onsets))] + vowels[rng.integers(len(vowels))]
            + codas[rng.integers(len(codas))]
            for _ in range(int(rng.integers(1, 5)))
        )
        if word not in seen:
            seen.add(word)
            lexicon.append(word)
    return lexicon


def _train_sentencepiece(lines: list[str], vocab_size: int, target_prefix: str | None) -> tuple[bytes, float]:
    """Train in memory; returns the model proto and the character coverage used.

    SentencePiece must fit every "required" character (those within ``character_coverage``
    of the text) plus the meta pieces into ``vocab_size``. A tiny vocabulary over mixed
    Latin and Cyrillic text does not (~76 characters vs 64): lower the coverage (the floor
    SentencePiece accepts is 0.98), then, if still too small, grow the vocabulary to the size
    SentencePiece says it needs.
    """
    import sentencepiece as spm

    needed = None
    for _ in range(3):
        for coverage in _CHARACTER_COVERAGES:
            buffer = io.BytesIO()
            options = dict(
                sentence_iterator=iter(lines),
                model_writer=buffer,
                model_type="unigram",
                vocab_size=vocab_size,
                hard_vocab_limit=False,
                character_coverage=coverage,
                num_threads=_SENTENCEPIECE_THREADS,
                minloglevel=2,
            )
            if target_prefix is not None:
                options["user_defined_symbols"] = [target_prefix]
            try:
                spm.SentencePieceTrainer.train(**options)
            except RuntimeError as exc:
                # "Vocabulary size is smaller than required_chars. 64 vs 77. ..."
                if "required_chars" not in str(exc):
                    raise
                needed = re.search(r"(\d+) vs (\d+)", str(exc))
                continue
            return buffer.getvalue(), coverage
        vocab_size = int(needed.group(2)) + 8 if needed else vocab_size * 2
    raise ValueError(f"SentencePiece could not train a vocabulary on this corpus (last size {vocab_size})")


def _pieces(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    for special in ("<unk>", "<s>", "</s>"):
        if special not in pieces:
            raise AssertionError(f"SentencePiece model lacks {special}: CTranslate2 needs it")
    return pieces


# -- CTranslate2 model ---------------------------------------------------------------------

def _write_model(model_dir: Path, pieces: list[str], *, num_layers: tuple[int, int], d_model: int,
                 num_heads: int, ffn: int, seed: int, quantization: str | None) -> None:
    from ctranslate2.converters import Converter
    from ctranslate2.specs import TransformerSpec

    def make_spec():
        spec = TransformerSpec.from_config(num_layers, num_heads)
        _fill_random(spec, np.random.default_rng(seed), d_model, ffn, len(pieces))
        spec.register_source_vocabulary(pieces)
        spec.register_target_vocabulary(pieces)
        return spec

    class RandomTransformerConverter(Converter):
        def _load(self):
            return make_spec()

    # convert(): validate() + optimize(quantization) + save(); the folder must not exist yet.
    RandomTransformerConverter().convert(str(model_dir), quantization=quantization)


def _fill_random(spec, rng: np.random.Generator, d: int, ffn: int, vocab: int) -> None:
    """Set every weight the OpenNMT-py converter would set, with seeded float32 values."""

    def normal(shape, std):
        return rng.standard_normal(shape, dtype=np.float32) * np.float32(std)

    def linear(layer, out_dim, in_dim):
        layer.weight = normal((out_dim, in_dim), in_dim ** -0.5)
        layer.bias = normal((out_dim,), 0.02)

    def norm(layer):
        layer.gamma = np.float32(1) + normal((d,), 0.1)
        layer.beta = normal((d,), 0.1)

    def ffn_block(block):
        norm(block.layer_norm)
        linear(block.linear_0, ffn, d)
        linear(block.linear_1, d, ffn)

    encoder, decoder = spec.encoder, spec.decoder
    for embeddings in encoder.embeddings:
        embeddings.weight = normal((vocab, d), d ** -0.5)  # scaled by sqrt(d) at run time
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)  # fused query, key, value
        linear(layer.self_attention.linear[1], d, d)  # output
        ffn_block(layer.ffn)

    decoder.embeddings.weight = normal((vocab, d), d ** -0.5)
    norm(decoder.layer_norm)
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)  # query
        linear(layer.attention.linear[1], 2 * d, d)  # fused key, value (from the encoder)
        linear(layer.attention.linear[2], d, d)  # output
        ffn_block(layer.ffn)
    linear(decoder.projection, vocab, d)

    # Walk the spec: anything still None is a required variable this function forgot.
    missing = [name for name, value in spec.variables().items() if value is None]
    if missing:
        raise AssertionError(f"unset model variables: {missing}")


# -- packaging -----------------------------------------------------------------------------

def _readme(from_code, to_code, version, enc, dec, d_model, heads, ffn, asked_vocab, vocab,
            coverage, lines, seed, quantization, target_prefix) -> str:
    return (
        f"# Test package {from_code} → {to_code} (version {version})\n\n"
        "Built by `tests/support/argos_package.py` for tests and benchmarks. The model has\n"
        "**random weights**: its translations are gibberish.\n\n"
        f"- Transformer: {enc} encoder / {dec} decoder layers, d_model {d_model}, {heads} heads, "
        f"FFN {ffn}, weights {quantization or 'float32'}, seed {seed}\n"
        f"- SentencePiece unigram: {vocab} pieces (asked for {asked_vocab}), trained on {lines} "
        f"lines, character coverage {coverage}\n"
        f"- Target prefix: {target_prefix!r}\n"
    )


def _zip_tree(root: Path, archive: Path) -> None:
    """Zip ``root`` as the archive's single top folder, byte-for-byte reproducibly."""
    paths = sorted(root.rglob("*"))
    with zipfile.ZipFile(archive, "w") as zf:
        entries = [root] + paths
        for path in entries:
            name = path.relative_to(root.parent).as_posix()
            if path.is_dir():
                info = zipfile.ZipInfo(name + "/", date_time=_ZIP_DATE)
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
                continue
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.external_attr = 0o100644 << 16
            # Random weights barely deflate (float32: 7% smaller) and deflating 200 MB takes
            # ~10 s on a slow CPU, so model.bin is stored; argostranslate extracts both kinds.
            info.compress_type = zipfile.ZIP_STORED if path.name == "model.bin" else zipfile.ZIP_DEFLATED
            info.file_size = path.stat().st_size
            with open(path, "rb") as src, zf.open(info, "w", force_zip64=info.file_size > 2**31 - 1) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
