"""The offline Argos package builder makes packages argostranslate and CTranslate2 really load.

argostranslate keeps its folders in module globals set at import time, and importing
``argostranslate.settings`` creates folders under $HOME (XDG data, config and cache) and
reads ``ARGOS_PACKAGES_DIR``. The ``argos`` fixture points those environment variables at
tmp_path *before* importing it, which keeps $HOME clean when this is the first module to
import argostranslate in the session; if another test imported it first, the import-time
folders already exist and only the monkeypatched module attributes matter, which is all
``install_from_path`` and ``get_installed_packages`` read at call time.
"""
from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

try:  # tests/ is on sys.path under pytest's default (prepend) import mode
    from support.argos_package import DEFAULT_CORPUS, build_argos_package
except ImportError:  # tests/ imported as a package
    from tests.support.argos_package import DEFAULT_CORPUS, build_argos_package

SENTENCES = [
    "Министр прибыл в столицу в пятницу.",
    "В столкновениях пострадали 12 человек.",
    "Переговоры завершились совместным заявлением о торговле.",
]


@pytest.fixture
def argos(tmp_path, monkeypatch):
    """``argostranslate.package`` with every folder it touches inside tmp_path."""
    xdg = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg / "cache"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(xdg / "import-time-packages"))
    from argostranslate import package, settings

    packages_dir = tmp_path / "packages"
    packages_dir.mkdir()
    monkeypatch.setattr(settings, "package_data_dir", packages_dir)
    monkeypatch.setattr(settings, "package_dirs", [packages_dir])
    return package


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_package_file_layout(tmp_path):
    path = build_argos_package(tmp_path, "ru", "en")

    assert path == tmp_path / "translate-ru_en-1_0.argosmodel"
    assert zipfile.is_zipfile(path)
    names = zipfile.ZipFile(path).namelist()
    assert {name.split("/")[0] for name in names} == {"translate-ru_en-1_0"}
    for required in ("metadata.json", "README.md", "sentencepiece.model",
                     "model/model.bin", "model/config.json", "model/shared_vocabulary.json"):
        assert f"translate-ru_en-1_0/{required}" in names
    assert not [p for p in tmp_path.iterdir() if p != path], "build leftovers in dest_dir"


def test_vocabulary_is_the_sentencepiece_pieces_in_order(tmp_path):
    import sentencepiece as spm

    path = build_argos_package(tmp_path, "ru", "en")
    with zipfile.ZipFile(path) as zf:
        vocabulary = json.loads(zf.read("translate-ru_en-1_0/model/shared_vocabulary.json"))
        processor = spm.SentencePieceProcessor(model_proto=zf.read("translate-ru_en-1_0/sentencepiece.model"))

    assert vocabulary == [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    assert vocabulary[:3] == ["<unk>", "<s>", "</s>"]
    assert len(vocabulary) <= 64


def test_same_seed_same_bytes_other_seed_other_weights(tmp_path):
    first = build_argos_package(tmp_path / "a", "ru", "en", seed=3)
    again = build_argos_package(tmp_path / "b", "ru", "en", seed=3)
    other = build_argos_package(tmp_path / "c", "ru", "en", seed=4)

    assert _sha256(first) == _sha256(again)
    model = "translate-ru_en-1_0/model/model.bin"
    assert zipfile.ZipFile(first).read(model) != zipfile.ZipFile(other).read(model)


def test_installed_package_is_listed_with_its_codes(tmp_path, argos):
    argos.install_from_path(build_argos_package(tmp_path / "build", "ru", "en"))

    installed = argos.get_installed_packages()
    assert [(p.from_code, p.to_code, p.type) for p in installed] == [("ru", "en", "translate")]
    pkg = installed[0]
    assert pkg.package_version == "1.0"
    assert (pkg.from_name, pkg.to_name) == ("Russian", "English")
    assert pkg.package_path == tmp_path / "packages" / "translate-ru_en-1_0"
    assert pkg.target_prefix == ""
    assert "random weights" in pkg.get_readme()


def test_ctranslate2_translates_a_batch_with_the_installed_model(tmp_path, argos):
    import ctranslate2

    argos.install_from_path(build_argos_package(tmp_path / "build", "ru", "en"))
    (pkg,) = argos.get_installed_packages()

    tokenized = [pkg.tokenizer.encode(sentence) for sentence in SENTENCES]  # SentencePiece
    assert all(tokens and all(isinstance(t, str) for t in tokens) for tokens in tokenized)
    translator = ctranslate2.Translator(str(pkg.package_path / "model"), device="cpu")
    results = translator.translate_batch(tokenized, beam_size=2, max_decoding_length=16)

    assert len(results) == 3
    vocabulary = set(json.loads((pkg.package_path / "model" / "shared_vocabulary.json").read_text("utf-8")))
    for result in results:
        tokens = result.hypotheses[0]
        assert 0 < len(tokens) <= 16
        assert set(tokens) <= vocabulary
        assert isinstance(pkg.tokenizer.decode(tokens), str)


def test_target_prefix_is_in_metadata_and_vocabulary(tmp_path, argos):
    import ctranslate2

    argos.install_from_path(build_argos_package(tmp_path / "build", "ru", "en", target_prefix="__en__"))
    (pkg,) = argos.get_installed_packages()

    assert pkg.target_prefix == "__en__"
    metadata = json.loads((pkg.package_path / "metadata.json").read_text("utf-8"))
    assert metadata["target_prefix"] == "__en__"
    # The prefix is one piece of the vocabulary, so CTranslate2 does not turn it into <unk>.
    vocabulary = json.loads((pkg.package_path / "model" / "shared_vocabulary.json").read_text("utf-8"))
    assert "__en__" in vocabulary
    translator = ctranslate2.Translator(str(pkg.package_path / "model"), device="cpu")
    tokenized = [pkg.tokenizer.encode(sentence) for sentence in SENTENCES]
    results = translator.translate_batch(
        tokenized, target_prefix=[[pkg.target_prefix]] * 3, beam_size=2, max_decoding_length=16
    )
    assert [r.hypotheses[0][0] for r in results] == ["__en__"] * 3


def test_caller_corpus_and_larger_vocabulary(tmp_path):
    import sentencepiece as spm

    path = build_argos_package(tmp_path, "en", "de", corpus=DEFAULT_CORPUS[:6], vocab_size=300,
                               package_version="2.1", d_model=32, num_heads=4)
    assert path.name == "translate-en_de-2_1.argosmodel"
    with zipfile.ZipFile(path) as zf:
        metadata = json.loads(zf.read("translate-en_de-2_1/metadata.json"))
        processor = spm.SentencePieceProcessor(model_proto=zf.read("translate-en_de-2_1/sentencepiece.model"))
    assert (metadata["from_code"], metadata["to_code"], metadata["package_version"]) == ("en", "de", "2.1")
    assert "target_prefix" not in metadata
    # Six sentences cannot give 300 pieces: synthetic sentences were added to get there.
    assert processor.get_piece_size() == 300
