"""Synonymy and antonymy of English words from Princeton WordNet 3.0 (Miller 1995).

The database is Debian's ``wordnet-base`` package (``/usr/share/wordnet``), read with
nltk's :class:`~nltk.corpus.reader.wordnet.WordNetCorpusReader`. That reader wants a
``lexnames`` file the Debian package does not ship; its 45 lines (the lexicographer files
of the lexnames(5WN) manual page) are data of this package, ``data/wordnet_lexnames.tsv``.
The mapping to other WordNet versions (``map_wn``, for the Open Multilingual Wordnet) is
not needed and is switched off.

Two words are *synonymous* when they share a synset (in any part of speech) or one's
synset is a "similar to" satellite of the other's (adjective clusters: firm / steadfast);
*antonymous* when a lemma of one has an antonym among the other's synonyms, looking one
"similar to" step away on both sides (friendly / hostile, rise / decrease). Words are
matched through WordNet's own morphology (``morphy``: rose -> rise, worsened -> worsen).

Without the database (a machine where the Debian package is not installed) every question
answers False and the comparison falls back to lemma equality; the service says so once
in its log. Loading takes a few seconds, so it happens once per process, on first use.
"""
from __future__ import annotations

import re

import functools
import logging
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..lazy import once

log = logging.getLogger(__name__)
#: nltk's reader seeks and reads shared file handles: one thread at a time may ask it anything
#: (the answers are cached per word, so the lock is rarely held for long)
_LOCK = threading.RLock()


def _locked(function):
    @functools.wraps(function)
    def run(*args):
        with _LOCK:
            return function(*args)
    return run

DEFAULT_FOLDER = Path("/usr/share/wordnet")
LEXNAMES = Path(__file__).resolve().parent.parent / "data" / "wordnet_lexnames.tsv"
_POS = ("n", "v", "a", "r")
COMMON = 3  # SemCor occurrences that make an adjective common
SENSES = 3  # senses per part of speech that antonymy looks at


@once
def _reader(folder: str):
    """The WordNet reader for ``folder``, or None when no database is there."""
    if not (Path(folder) / "index.noun").exists():
        log.warning("WordNet is not installed at %s (Debian package wordnet-base): synonyms and antonyms "
                    "are not recognised, only equal lemmas", folder)
        return None
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    if folder not in nltk.data.path:
        nltk.data.path.append(folder)  # nltk refuses to read corpora outside its data path

    class DebianWordNet(WordNetCorpusReader):
        def open(self, fileid):
            if fileid == "lexnames":
                return open(LEXNAMES, encoding="utf-8")
            return super().open(fileid)

        def map_wn(self, version="wordnet"):
            return None

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available": not used
        return DebianWordNet(folder, None)


class WordNet:
    """The questions the comparison asks of WordNet, with answers cached per word."""

    def __init__(self, folder: Path | str = DEFAULT_FOLDER):
        self.folder = str(folder)

    @property
    def available(self) -> bool:
        return _reader(self.folder) is not None

    def lemmas(self, word: str) -> frozenset[str]:
        """The base forms WordNet knows for ``word`` in any part of speech (itself included)."""
        return _lemmas(self.folder, word.casefold())

    def base_forms(self, word: str, pos: str) -> frozenset[str]:
        """The base forms of ``word`` as a word of one part of speech (n, v, a, r): "grossest"
        -> {"gross"} as an adjective; "completed" as an adjective stays "completed"."""
        return _base_forms(self.folder, word.casefold(), pos)

    def plural_noun(self, word: str) -> bool:
        """Whether ``word`` is a noun in the plural: inflected ("troops", "men") or plural in
        itself, which WordNet's definition says ("people": "(plural) any group of human beings")."""
        return _plural_noun(self.folder, word.casefold())

    def is_term(self, words: Sequence[str]) -> bool:
        """Whether these words are one WordNet entry ("gross domestic product", "great power"):
        an adjective inside a term qualifies nothing."""
        return len(words) > 1 and bool(_synsets(self.folder, " ".join(w.casefold() for w in words)))

    def noun_kind(self, word: str) -> str | None:
        """The lexicographer file of ``word``'s first noun sense ("noun.person" for "minister",
        "noun.group" for "ministry"), or None when WordNet has no noun of it."""
        nouns = [synset for synset in _synsets(self.folder, word.casefold()) if synset.pos() == "n"]
        return nouns[0].lexname() if nouns else None

    def is_armed_service(self, word: str) -> bool:
        """Whether ``word``'s first noun sense is a military service ("navy", "army", "marines"):
        a body of its own that one version may swap for another."""
        senses = _noun_ancestors(self.folder, word.casefold())
        return bool(senses) and "military_service.n.01" in senses[0]

    def is_publication(self, word: str) -> bool:
        """Whether one of ``word``'s noun senses is a newspaper or periodical ("paper", "daily",
        "organ", "weekly"): "the paper said" stands for the outlet named before."""
        return any(ancestors & _PUBLICATIONS for ancestors in _noun_ancestors(self.folder, word.casefold()))

    def is_piece_of_publication(self, word: str) -> bool:
        """Whether one of ``word``'s noun senses is a piece a publication prints ("article",
        "editorial"): "the article said" stands for the outlet that carried it."""
        return any(_PUBLISHED_PIECE in ancestors for ancestors in _noun_ancestors(self.folder, word.casefold()))

    def noun_kinds(self, word: str) -> frozenset[str]:
        """The lexicographer files of all of ``word``'s noun senses ("head" is a body part, and
        a person: "noun.person" among them)."""
        return frozenset(s.lexname() for s in _synsets(self.folder, word.casefold()) if s.pos() == "n")

    def says_not(self, word: str, negated: str, opening: bool = False) -> bool:
        """Whether a definition of ``word`` is a negation of ``negated`` ("acquit": "pronounce
        not guilty of criminal charges"; "absent": "not being present"): the word says it
        without a negator. ``opening``: the negation opens the definition ("silent": "failing to
        speak"), so the word is that negation, not something said with it ("quickly": "with
        little or no delay")."""
        bases = self.lemmas(negated) | {negated.casefold()}
        start = r"(?:^|; )" if opening else r"\b"
        pattern = re.compile(start + r"(?:not|no|without|lacking|fail(?:s|ed|ing)? to|refus(?:e|es|ed|ing) to)\s+(?:be\s+|being\s+)?(?:" + "|".join(
            re.escape(b) for b in sorted(bases)) + r")\b")
        return any(pattern.search(definition) for definition in _definitions(self.folder, word.casefold()))

    def means_refusal(self, word: str, refusals: Sequence[str]) -> bool:
        """Whether a definition of ``word`` opens on one of ``refusals`` and "to" ("reject":
        "refuse to accept or acknowledge"; "veto": "vote against; refuse to endorse"): the
        word says what a negative verb or a negator says ("refused to satisfy the appeal",
        "did not accept the appeal" / "rejected the appeal")."""
        bases = {b for verb in refusals for b in self.lemmas(verb) | {verb.casefold()}}
        if not bases:
            return False
        pattern = re.compile(r"(?:^|; )(?:" + "|".join(re.escape(b) for b in sorted(bases)) + r")\s+to\b")
        # the two commonest verb senses: "cut" is "refuse to acknowledge" only far down its list
        return any(pattern.search(definition) for definition in _verb_definitions(self.folder, word.casefold())[:2])

    def verb_opposites(self, verb: str) -> frozenset[str]:
        """Every lemma of every verb sense of the words WordNet calls antonyms of any verb sense of
        ``verb`` (a phrasal verb too: "give up" is "discontinue", whose antonym "continue" is also
        "keep" and "go on")."""
        return _verb_opposites(self.folder, verb.casefold())

    def verb_kin(self, a: str, b: str) -> bool:
        """Whether one of the two commonest verb senses of ``a`` and of ``b`` are one sense, one
        the other's direct hypernym, or siblings under one ("deny": "refuse to accept or believe"
        and "refute" both under "disown"): one act said with two verbs."""
        return _verb_kin(self.folder, a.casefold(), b.casefold())

    def relational(self, word: str) -> bool:
        """Whether one of the two commonest adjective senses of ``word`` pertains to a noun
        ("cultural": culture, "national": nation, "economic": economy): it classifies the noun
        it stands before; it does not qualify a claim."""
        return _relational(self.folder, word.casefold())

    def defined_by(self, word: str, head: str) -> bool:
        """Whether a definition of ``word`` is ``head`` with words of degree: "surge" is "a
        sudden or abrupt strong increase", "downpour" "a heavy rain". One word says what
        another text says with a modifier and its noun."""
        bases = self.lemmas(head) | {head.casefold()}
        pattern = re.compile(r"^(?:an?\s+)?(?:[\w-]+\s+(?:or\s+)?){1,4}(?:" + "|".join(re.escape(b) for b in sorted(bases)) + r")$")
        return any(pattern.match(definition) for definition in _definitions(self.folder, word.casefold()))

    def communicates(self, word: str) -> bool:
        """Whether one of ``word``'s commonest verb senses is a verb of communication (its
        lexicographer file: condemn, welcome, praise, hail; not win or defeat)."""
        return _communicates(self.folder, word.casefold())

    def synonymous(self, a: str, b: str) -> bool:
        a, b = a.casefold(), b.casefold()
        if a == b:
            return True
        return bool(_synonyms(self.folder, a) & self.lemmas(b)) or bool(_synonyms(self.folder, b) & self.lemmas(a))

    def kind_of(self, a: str, b: str) -> bool:
        """Whether a noun sense of one word is directly a kind of a noun sense of the other
        ("labour" is a kind of "work"): how literal translations name one field two ways."""
        (senses_a, parents_a), (senses_b, parents_b) = (_noun_parents(self.folder, w.casefold()) for w in (a, b))
        return bool(parents_a & senses_b or parents_b & senses_a)

    def antonymous(self, a: str, b: str) -> bool:
        """A sense of one is the antonym of the other's commonest sense or of a sense similar
        to it. Senses, not spellings: "dead" is similar to "late" (deceased), whose spelling
        is the antonym of "early" in another sense, so "dead" / "early" are no antonyms."""
        a, b = a.casefold(), b.casefold()
        if _antonym_senses(self.folder, a) & _common_cluster(self.folder, b) or (
                _antonym_senses(self.folder, b) & _common_cluster(self.folder, a)):
            return True
        # by spelling within the commonest sense itself ("arrive" / "depart": WordNet puts their
        # senses of going and coming in synsets of other verbs), never through its neighbours
        return bool(_antonyms(self.folder, a) & _common_synonyms(self.folder, b)) or bool(
            _antonyms(self.folder, b) & _common_synonyms(self.folder, a))

    def opposite_clusters(self, a: str, b: str) -> bool:
        """Descriptive adjectives are organised as two opposite clusters (Gross & Miller 1990):
        "peaceful" is the antonym of "unpeaceful", whose cluster holds "warlike", to which
        "military" is related. Whether two adjectives sit in opposite clusters."""
        a, b = a.casefold(), b.casefold()
        if self.dominant_part_of_speech(a) != "a" or self.dominant_part_of_speech(b) != "a":
            return False
        return bool(_opposite_cluster(self.folder, a) & _cluster(self.folder, b)) or bool(
            _opposite_cluster(self.folder, b) & _cluster(self.folder, a))

    def proper_noun_only(self, word: str) -> bool:
        """Whether WordNet knows ``word`` only as a name (every synset an instance: Paris,
        Kim) or not at all; False for common words (minister, agency)."""
        if not self.available:
            return True
        return _proper_only(self.folder, word.casefold())

    def derivational_kin(self, a: str, b: str) -> bool:
        """Whether two words are forms of one stem in WordNet's derivational links ("suspected" and
        "suspicious" both lead to "suspicion"): a modifier rendered in another word class."""
        a, b = a.casefold(), b.casefold()
        la, lb = self.lemmas(a) | {a}, self.lemmas(b) | {b}
        return bool((_derivations(self.folder, a, frozenset(la)) | la) & (_derivations(self.folder, b, frozenset(lb)) | lb))

    def proper_noun_first(self, word: str) -> bool:
        """Whether ``word``'s commonest sense is a name ("Marseille" is a city first, a cotton
        fabric after), or WordNet does not know it."""
        return self.proper_noun_only(word) or _proper_first(self.folder, word.casefold())

    def common_adjective(self, word: str) -> bool:
        """A word mostly used as an adjective (or an adverb in -ly) and seen in the sense-tagged
        corpus (SemCor) at least a few times: "fragile", "real", "firmly"; not "high-level"."""
        return _common_adjective(self.folder, word.casefold())

    def dominant_part_of_speech(self, word: str) -> str | None:
        """The part of speech (n, v, a, r) of ``word``'s most frequent senses (SemCor counts), or None."""
        return _dominant(self.folder, word.casefold())

    def parts_of_speech(self, word: str) -> frozenset[str]:
        """The parts of speech (n, v, a, r) WordNet has for ``word``."""
        return _parts_of_speech(self.folder, word.casefold())


@lru_cache(maxsize=65536)
@_locked
def _lemmas(folder: str, word: str) -> frozenset[str]:
    wn = _reader(folder)
    if wn is None:
        return frozenset({word})
    found = {word}
    for pos in _POS:
        # every analysis, not only the first: "fell" is a verb of its own and "fall" in the past
        for base in wn._morphy(word.replace(" ", "_"), pos):
            found.add(base.replace("_", " "))
    return frozenset(found)


@lru_cache(maxsize=65536)
@_locked
def _communicates(folder: str, word: str) -> bool:
    verbs = [synset for synset in _synsets(folder, word) if synset.pos() == "v"][:SENSES]
    return any(synset.lexname() == "verb.communication" for synset in verbs)


@lru_cache(maxsize=65536)
@_locked
def _base_forms(folder: str, word: str, pos: str) -> frozenset[str]:
    wn = _reader(folder)
    if wn is None:
        return frozenset()
    return frozenset(base.replace("_", " ") for base in wn._morphy(word.replace(" ", "_"), pos))


_PUBLICATIONS = frozenset({"press.n.02", "periodical.n.01"})
_PUBLISHED_PIECE = "article.n.01"  # nonfiction prose forming an independent part of a publication


@lru_cache(maxsize=65536)
@_locked
def _synsets(folder: str, word: str) -> tuple:
    wn = _reader(folder)
    if wn is None:
        return ()
    found = tuple(wn.synsets(word.replace(" ", "_")))
    if found or len(word) < 7 or not word.isalpha():
        return found
    # a compound written closed that WordNet writes open or hyphenated ("ceasefire": "cease-fire")
    for cut in range(3, len(word) - 2):
        for joint in ("-", "_"):
            found = tuple(wn.synsets(word[:cut] + joint + word[cut:]))
            if found:
                return found
    return ()


@lru_cache(maxsize=16384)
@_locked
def _plural_noun(folder: str, word: str) -> bool:
    wn = _reader(folder)
    if wn is None:
        return False
    if set(wn._morphy(word, "n")) - {word}:
        return True
    nouns = wn.synsets(word, "n")
    return bool(nouns) and nouns[0].name().startswith(f"{word}.") and nouns[0].definition().startswith("(plural)")


@lru_cache(maxsize=16384)
@_locked
def _definitions(folder: str, word: str) -> tuple[str, ...]:
    """The definitions of every sense of ``word`` (through its base forms)."""
    wn = _reader(folder)
    if wn is None:
        return ()
    return tuple(s.definition() for s in wn.synsets(word.replace(" ", "_")))


@lru_cache(maxsize=65536)
@_locked
def _relational(folder: str, word: str) -> bool:
    wn = _reader(folder)
    if wn is None:
        return False
    return any(lemma.pertainyms() for synset in wn.synsets(word, "a")[:2] for lemma in synset.lemmas()
               if lemma.name().casefold() == word)


@lru_cache(maxsize=65536)
@_locked
def _verb_opposites(folder: str, verb: str) -> frozenset[str]:
    wn = _reader(folder)
    if wn is None:
        return frozenset()
    # the antonym's every verb sense: WordNet links "keep" to a "discontinue" of its own, apart
    # from the "discontinue" that holds "give up", "stop" and "quit"
    antonyms = {antonym.name() for synset in wn.synsets(verb.replace(" ", "_"), "v")
                for lemma in synset.lemmas() for antonym in lemma.antonyms()}
    return frozenset(name.name().replace("_", " ").casefold() for antonym in antonyms
                     for synset in wn.synsets(antonym, "v") for name in synset.lemmas())


@lru_cache(maxsize=65536)
@_locked
def _verb_kin(folder: str, a: str, b: str) -> bool:
    wn = _reader(folder)
    if wn is None:
        return False
    first, second = wn.synsets(a.replace(" ", "_"), "v")[:2], wn.synsets(b.replace(" ", "_"), "v")[:2]
    for x in first:
        for y in second:
            up_x, up_y = set(x.hypernyms()), set(y.hypernyms())
            if x == y or x in up_y or y in up_x or up_x & up_y:
                return True
    return False


@lru_cache(maxsize=65536)
@_locked
def _verb_definitions(folder: str, word: str) -> tuple[str, ...]:
    """The definitions of ``word``'s verb senses, commonest first."""
    wn = _reader(folder)
    return tuple(s.definition() for s in wn.synsets(word.replace(" ", "_"), "v")) if wn is not None else ()


@lru_cache(maxsize=65536)
@_locked
def _common_synsets(folder: str, word: str) -> tuple:
    """The commonest senses of ``word``: its first ``SENSES`` synsets in each part of speech
    (WordNet lists a word's senses by frequency), so rare senses ("game" for a lame leg)
    make no antonyms."""
    by_pos: dict[str, list] = {}
    for synset in _synsets(folder, word):
        by_pos.setdefault(synset.pos().replace("s", "a"), []).append(synset)
    dominant = _dominant(folder, word)  # the part of speech the word mostly is ("game": a noun)
    return tuple(by_pos.get(dominant, [])[:SENSES]) if dominant else ()


# Synsets read their relations from WordNet's files on demand, so relations are read under the
# lock too, and kept as names.
@lru_cache(maxsize=16384)
@_locked
def _noun_parents(folder: str, word: str) -> tuple[frozenset[str], frozenset[str]]:
    """The first few noun senses of ``word`` (rare senses make no kinship) and their direct
    hypernyms, by name."""
    senses = [s for s in _synsets(folder, word) if s.pos() == "n"][:SENSES + 1]
    return frozenset(s.name() for s in senses), frozenset(h.name() for s in senses for h in s.hypernyms())


@lru_cache(maxsize=16384)
@_locked
def _noun_ancestors(folder: str, word: str) -> tuple[frozenset[str], ...]:
    """For each noun sense of ``word``, the names of every sense above it."""
    return tuple(frozenset(h.name() for path in s.hypernym_paths() for h in path)
                 for s in _synsets(folder, word) if s.pos() == "n")


@lru_cache(maxsize=65536)
@_locked
def _common_synonyms(folder: str, word: str) -> frozenset[str]:
    """Lemmas of ``word``'s commonest sense (not of its "similar to" neighbours)."""
    # its commonest sense only: "several" is no "single"
    return frozenset(lemma.name().replace("_", " ").casefold()
                     for synset in _common_synsets(folder, word)[:1] for lemma in synset.lemmas())


@lru_cache(maxsize=65536)
@_locked
def _synonyms(folder: str, word: str, with_similar: bool = True) -> frozenset[str]:
    """Lemmas sharing a synset with ``word`` (and those of its "similar to" neighbours)."""
    names: set[str] = set()
    for synset in _synsets(folder, word):
        neighbours = [synset, *synset.similar_tos()] if with_similar else [synset]
        for s in neighbours:
            names.update(lemma.name().replace("_", " ").casefold() for lemma in s.lemmas())
    return frozenset(names)


@lru_cache(maxsize=65536)
@_locked
def _common_cluster(folder: str, word: str) -> frozenset:
    """``word``'s commonest sense in each part of speech, and the senses "similar to" them."""
    first: dict[str, object] = {}
    for synset in _synsets(folder, word):
        first.setdefault(synset.pos().replace("s", "a"), synset)
    return frozenset(s for synset in first.values() for s in (synset, *synset.similar_tos()))


@lru_cache(maxsize=65536)
@_locked
def _antonym_senses(folder: str, word: str) -> frozenset:
    """The senses (synsets) that WordNet calls antonyms of ``word``'s common senses."""
    return frozenset(a.synset() for synset in _common_synsets(folder, word) for s in (synset, *synset.similar_tos())
                     for lemma in s.lemmas() for a in lemma.antonyms())


@lru_cache(maxsize=65536)
@_locked
def _antonyms(folder: str, word: str) -> frozenset[str]:
    names: set[str] = set()
    for synset in _common_synsets(folder, word):
        for s in (synset, *synset.similar_tos()):
            for lemma in s.lemmas():
                names.update(a.name().replace("_", " ").casefold() for a in lemma.antonyms())
    return frozenset(names)


def _around(synset) -> set:
    """A sense with its satellites, its "see also" senses and the senses of words derived from it."""
    found = set()
    for s in (synset, *synset.similar_tos(), *synset.also_sees()):
        found.add(s)
        found.update(d.synset() for lemma in s.lemmas() for d in lemma.derivationally_related_forms())
    return found


@lru_cache(maxsize=65536)
@_locked
def _cluster(folder: str, word: str) -> frozenset:
    """The senses of ``word``'s adjective cluster (its synsets, their satellites and "see
    also"), with those of the words derived from them. Senses, not spellings: "dead" has a
    satellite spelt "late" (deceased), which is not the "late" of time."""
    found: set = set()
    for synset in _synsets(folder, word)[:4]:
        if synset.pos() in ("a", "s"):
            found |= _around(synset)
    return frozenset(found)


@lru_cache(maxsize=65536)
@_locked
def _opposite_cluster(folder: str, word: str) -> frozenset:
    """The senses around each adjective sense WordNet calls an antonym of ``word``'s."""
    found: set = set()
    for synset in _synsets(folder, word)[:4]:
        if synset.pos() not in ("a", "s"):
            continue
        for s in (synset, *synset.similar_tos()):
            for antonym in (a.synset() for lemma in s.lemmas() for a in lemma.antonyms()):
                found |= _around(antonym)
    return frozenset(found)


@lru_cache(maxsize=65536)
@_locked
def _common_adjective(folder: str, word: str) -> bool:
    counts = _counts(folder, word)
    dominant = max(counts, key=counts.get) if counts else None
    return (dominant == "a" or (dominant == "r" and word.endswith("ly"))) and counts[dominant] >= COMMON


@lru_cache(maxsize=65536)
@_locked
def _counts(folder: str, word: str) -> dict[str, float]:
    """SemCor occurrences of ``word`` (or its base forms: "parties" is "party") by part of speech."""
    forms = _lemmas(folder, word)
    counts: dict[str, float] = {}
    for synset in _synsets(folder, word):
        pos = synset.pos().replace("s", "a")
        for lemma in synset.lemmas():
            if lemma.name().casefold() in forms:
                counts[pos] = counts.get(pos, 0.0) + lemma.count() + 0.01  # an unseen sense still counts a little
    return counts


@lru_cache(maxsize=65536)
@_locked
def _dominant(folder: str, word: str) -> str | None:
    counts = _counts(folder, word)
    return max(counts, key=counts.get) if counts else None


@lru_cache(maxsize=65536)
@_locked
def _proper_only(folder: str, word: str) -> bool:
    return all(s.instance_hypernyms() for s in _synsets(folder, word))


@lru_cache(maxsize=65536)
@_locked
def _derivations(folder: str, word: str, bases: frozenset[str]) -> frozenset[str]:
    return frozenset(d.name().casefold() for s in _synsets(folder, word) for lemma in s.lemmas()
                     if lemma.name().casefold() in bases for d in lemma.derivationally_related_forms())


@lru_cache(maxsize=65536)
@_locked
def _proper_first(folder: str, word: str) -> bool:
    senses = _synsets(folder, word)
    common = [s for s in senses if not s.instance_hypernyms()]
    # a name first, with one rare common sense at most, and no sense as another part of speech
    # ("West" is a direction too; "Earth" the soil and a verb)
    return (bool(senses) and bool(senses[0].instance_hypernyms()) and len(common) <= 1
            and all(s.pos() == "n" for s in senses))


@lru_cache(maxsize=65536)
@_locked
def _parts_of_speech(folder: str, word: str) -> frozenset[str]:
    return frozenset(s.pos().replace("s", "a") for s in _synsets(folder, word))
