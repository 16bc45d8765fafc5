"""Qualifiers and modifiers between two versions of a text, and the equivalence of words.

A qualifier is an intensifier, hedge or evaluative word one side adds, drops or changes in
strength (``[changes.qualifiers]`` of the language data, and evaluative modifiers read by
VADER). Translation noise is forgiven: a word of degree rendered another way in its place or
by a compound ("torrential rain" / "strong rainfall" / "rainstorm"), the same valence said by
another word, a word in another form, a modifier of a place's designation. :class:`QualifierReader`
is the part of :class:`.changes.ChangeReader` that reads them; it also says when two words are
one (same lemma, stem or WordNet synonym), which every other kind relies on.
"""
from __future__ import annotations

from os.path import commonprefix

from rapidfuzz.distance import Indel

from ..model import Change
from .change_reading import Reading, TextReader, change_words
from .numbers import quantities
from .sentiment import is_evaluative, valence
from .tokens import function_words, stem

VARIANT = 0.75  # stems this alike are one word in two forms


class QualifierReader(TextReader):
    """Reads qualifier changes and word equivalence (see the module docstring)."""

    def _modifiers(self, a: Reading, b: Reading, rest_a: list[str], rest_b: list[str]):
        """Modifiers one side adds to an otherwise matching text ("their confident advance" /
        "their advance"; "a dangerous and criminal attack" / "a dangerous interference"):
        evaluative adjectives and adverbs (VADER), and any common adjective before a noun
        when the other side has nothing left ("a fragile but real step")."""
        changes = []
        shares = {w for words in change_words(a.language).quantifiers.values() for w in words}
        for side, reading, other in ((rest_a, a, rest_b), (rest_b, b, rest_a)):
            if len(other) > 1 or len(side) <= len(other):
                continue  # the test below fails whatever is found: spare reading every word
            opposite = b if reading is a else a
            # a share ("several experts") is a quantity, no modifier
            # (nor a word of a name: "Shanghai Pudong International Airport" / "Shanghai's Pudong airport")
            found = [w for w in side if not quantities(w) and w.casefold() not in shares and not self._in_a_name(w, reading)
                     and not self._same_valence_in(w, opposite, reading) and not self._variant_in(w, opposite, reading)
                     and not self._replaces_degree(w, reading, opposite) and not self._names_a_place(w, reading) and (
                self._is_modifier(w, reading) or (
                    not other and self.wordnet.common_adjective(w.casefold()) and not self.wordnet.relational(w)
                    and self._modifies(w, reading)
                    and self._head_kept(w, reading, opposite)))]
            # what is left on each side must be at most a word rendered another way
            if found and len(side) - len(found) <= 1 and len(other) <= 1 and len(side) > len(other):
                changes.append((side is rest_a, found))
        result = []
        for from_reference, found in changes:
            words = ", ".join(found)
            result.append(Change("qualifier", words, "") if from_reference else Change("qualifier", "", words))
            if from_reference:
                rest_a = [w for w in rest_a if w not in found]
            else:
                rest_b = [w for w in rest_b if w not in found]
        return result, rest_a, rest_b

    @staticmethod
    def _in_a_name(word: str, reading: Reading) -> bool:
        """Whether ``word`` is capitalised inside its sentence, as a word of a name is."""
        return word[:1].isupper() and reading.words.index(word) > 0

    def _head_kept(self, word: str, reading: Reading, other: Reading) -> bool:
        """Whether the noun an adjective qualifies is in the other text too ("took exceptional
        measures" / "took measures"); with its noun ("ended with a joint statement" / "ended")
        the adjective went as part of what was dropped, which is no qualifier."""
        position = reading.words.index(word) + 1
        while position < len(reading.folded) and self.wordnet.dominant_part_of_speech(reading.folded[position]) == "a":
            position += 1  # "a fragile but real step": past the adjectives coordinated with it
            if position < len(reading.folded) and reading.folded[position] in ("and", "but", "or"):
                position += 1
        if position >= len(reading.folded):
            return False
        head = reading.folded[position]
        kept = [i for i, w in enumerate(other.folded) if self._equivalent(head, w)]
        return bool(kept) and not all(self._slot_filled(i, reading, other) for i in kept)

    def _slot_filled(self, head: int, reading: Reading, other: Reading) -> bool:
        """Whether, before the head noun at ``head`` in ``other``, a modifier of its own stands
        where the dropped adjective stood ("the national economic plan" / "the people's economic
        plan"): the adjective was rendered by another word, not dropped. Adjectives both texts
        have ("economic") are passed over."""
        position = head - 1
        while position >= 0 and other.folded[position] in reading.folded and \
                self.wordnet.dominant_part_of_speech(other.folded[position]) == "a":
            position -= 1
        if position < 0:
            return False
        before = other.words[position]
        if before.endswith(("'s", "’s", "s'", "s’")):
            return True
        folded = other.folded[position]
        return (folded not in function_words() and folded not in reading.folded
                and self.wordnet.dominant_part_of_speech(folded) == "a")

    def _designates(self, group: str, word: str, reading: Reading) -> bool:
        """Whether a qualifier is part of a place's designation (:meth:`_names_a_place`); a word
        of the ``judging_groups`` judges what it qualifies, place or not ("a hostile direction")."""
        return group not in change_words(reading.language).judging_groups and self._names_a_place(word, reading)

    def _names_a_place(self, word: str, reading: Reading) -> bool:
        """Whether a modifier is part of a place's designation ("the greater capital area", "the
        wider region"): the noun it qualifies, one or two words on, is a place (WordNet)."""
        last = word.split()[-1]
        if last not in reading.words:
            return False
        position = reading.words.index(last)
        following = [f for f in reading.folded[position + 1 : position + 3] if f not in function_words()]
        return any(self.wordnet.noun_kind(f) == "noun.location" for f in following[:2])

    def _is_modifier(self, word: str, reading: Reading) -> bool:
        """An evaluative adverb, or an evaluative adjective before the noun it qualifies
        (VADER valence; WordNet says it is mostly one): "a heroic defence", not "is ready"."""
        if not is_evaluative(word):
            return False
        dominant = self.wordnet.dominant_part_of_speech(word.casefold())
        if dominant == "r":
            return True
        if dominant == "a":
            return self._modifies(word, reading)
        if dominant is None:
            return not self.wordnet.parts_of_speech(word.casefold())
        # mostly a noun but used as an adjective here: "a criminal attack"
        return "a" in self.wordnet.parts_of_speech(word.casefold()) and self._modifies(word, reading)

    def _modifies(self, word: str, reading: Reading) -> bool:
        """Whether ``word`` stands before the noun it qualifies ("real step", not "the whole
        of"), maybe through another adjective it is coordinated with ("fragile but real step").
        After a word that opens a noun phrase the next content word is that noun, whatever
        else it could be ("their confident advance")."""
        position = reading.words.index(word)
        opened = position > 0 and reading.folded[position - 1] in change_words(reading.language).noun_openers
        while position + 1 < len(reading.folded):
            following = reading.folded[position + 1]
            if following in ("and", "but", "or") and position + 2 < len(reading.folded):
                position += 2
                if self.wordnet.dominant_part_of_speech(reading.folded[position]) == "a":
                    continue
                return False
            # "exceptional measures": a word that can be a noun after an adjective is its noun
            return following not in function_words() and (
                opened or self.wordnet.dominant_part_of_speech(following) in ("n", None)
                or "n" in self.wordnet.parts_of_speech(following))
        return False

    def _qualifier(self, a: Reading, b: Reading) -> list[Change]:
        left_a, left_b = list(a.qualifiers), list(b.qualifiers)
        for q in list(left_a):  # the same word on both sides first ("successfully" / "successfully")
            same = next((o for o in left_b if o[1].casefold() == q[1].casefold()), None)
            if same is not None:
                left_a.remove(q)
                left_b.remove(same)
        only_a = []
        for group, word in left_a:  # each qualifier of one side matched with one of the other
            match = next((q for q in left_b if q[0] == group or self.wordnet.synonymous(word, q[1])), None)
            if match is not None:
                left_b.remove(match)
            elif not self._variant_in(word, b, a) and not self._same_valence_in(word, b, a) and not self._in_its_place(
                    group, word, a, b) and not self._designates(group, word, a) and not self._emphatic_negation(word, a, b) \
                    and not self._small_move(group, b):
                only_a.append((group, word))
        only_b = [(g, w) for g, w in left_b if not self._variant_in(w, a, b) and not self._same_valence_in(w, a, b)
                  and not self._in_its_place(g, w, b, a) and not self._designates(g, w, b)
                  and not self._emphatic_negation(w, b, a) and not self._small_move(g, a)]
        if not only_a and not only_b:
            return []
        return [Change("qualifier", ", ".join(w for _, w in only_a), ", ".join(w for _, w in only_b))]

    def _emphatic_negation(self, word: str, reading: Reading, other: Reading) -> bool:
        """Whether ``word`` strengthens a negator next to it ("will absolutely not accept") that the
        other text says with a stronger negator alone ("will never accept")."""
        data = change_words(reading.language)
        last = word.split()[-1].casefold()
        if last not in reading.folded:
            return False
        at = reading.folded.index(last)
        near = reading.folded[max(0, at - 1) : at] + reading.folded[at + 1 : at + 2]
        return (any(w in data.negators for w in near)
                and any(w in data.emphatic_negators and w not in reading.folded for w in other.folded))

    def _small_move(self, group: str, other: Reading) -> bool:
        """Whether a word of slight degree ("declined slightly") is said by the other text's verb
        of a small move ("edged down")."""
        data = change_words(other.language)
        return group in data.slight_groups and any(self._lemma_in(w, data.small_moves) for w in other.folded)

    def _same_valence_in(self, phrase: str, reading: Reading, source: Reading) -> bool:
        """Whether the other text has an evaluative word of the same sign that neither a
        qualifier of its own nor a word both texts share explains ("great fighting spirit" /
        "wonderful fighting spirit", but not "a dangerous and criminal attack" / "a dangerous
        interference", where "dangerous" is in both)."""
        v = valence(phrase)
        if abs(v) < 1.0:
            return False
        own = {w.casefold() for _, q in reading.qualifiers for w in q.split()}
        shared = {stem(w) for w in source.folded}
        # a modifier for a modifier, or a word of the same stem in another word class (WordNet links
        # "successfully" to "succeed" only through two derivations): "a stronger yen" is not said
        # again by "boosted", "broke up violently" not by "broke"; "successfully launched" is by
        # "launched and succeeded"
        word = phrase.split()[-1].casefold()
        return any(w.casefold() not in own and stem(w.casefold()) not in shared and is_evaluative(w)
                   and valence(w) * v > 0
                   and (self.wordnet.dominant_part_of_speech(w.casefold()) in ("a", "r")
                        or len(commonprefix([word, w.casefold()])) >= 5)
                   for w in reading.words)

    def _in_its_place(self, group: str, phrase: str, source: Reading, other: Reading) -> bool:
        """Whether the other text puts another modifier where a word of degree stood ("a
        substantially improved offer" / "a clearly improved offer", "torrential rain" / "strong
        rainfall"): one word of degree translated two ways. Only for the ``degree_groups`` of
        the data, and never for an opposite ("heavy rain" / "light rain")."""
        if group not in change_words(source.language).degree_groups:
            return False
        if self._in_a_compound(phrase.split()[-1], source, other) or self._in_one_word(phrase.split()[-1], source, other):
            return True
        before = self._in_the_same_place(phrase.split()[-1], source, other)
        if before is None:
            return False
        own = {w.casefold() for _, q in other.qualifiers for w in q.split()}
        if (before in function_words() or before in own or stem(before) in {stem(w) for w in source.folded}
                or self.wordnet.dominant_part_of_speech(before) not in ("a", "r")):
            return False
        return not self._opposed(phrase.casefold(), before)

    def _in_a_compound(self, word: str, source: Reading, other: Reading) -> bool:
        """Whether the word ``word`` qualifies is part of a compound the other text says instead
        ("intense heat" / "heatwave", "heavy rain" / "rainstorm"): the compound says the degree."""
        if word not in source.words or source.words.index(word) + 1 >= len(source.words):
            return False
        head = source.folded[source.words.index(word) + 1]
        said = set(source.folded)
        return len(head) > 2 and any(w not in said and len(w) > len(head) + 2 and (w.startswith(head) or w.endswith(head))
                                     for w in other.folded)

    def _in_one_word(self, word: str, source: Reading, other: Reading) -> bool:
        """Whether the other text says the degree and the noun ``word`` qualifies in one word
        WordNet defines so ("a sharp increase" / "a surge", "heavy rain" / "a downpour")."""
        if word not in source.words or source.words.index(word) + 1 >= len(source.words):
            return False
        head = source.folded[source.words.index(word) + 1]
        said = set(source.folded)
        return any(w not in said and w not in function_words() and self.wordnet.defined_by(w, head) for w in other.folded)

    def _replaces_degree(self, word: str, source: Reading, other: Reading) -> bool:
        """Whether a modifier one side adds stands where the other side has a word of degree
        (the other direction of :meth:`_in_its_place`)."""
        before = self._in_the_same_place(word, source, other)
        degree = change_words(source.language).degree_groups
        return before is not None and any(g in degree and q.casefold() == before for g, q in other.qualifiers) and (
            not self._opposed(word.casefold(), before))

    def _in_the_same_place(self, word: str, source: Reading, other: Reading) -> str | None:
        """The other text's word before the word that follows ``word`` in ``source`` (or before
        an equivalent of it): the word in ``word``'s place."""
        if word not in source.words:
            return None
        position = source.words.index(word)
        if position + 1 >= len(source.words):
            return None
        # the head may be a compound's last noun ("major safety problems"), and the other text
        # may put a noun before it ("favourable semiconductor demand" for "strong demand")
        heads = [source.folded[position + 1]]
        for following in source.folded[position + 2 : position + 4]:
            if following in function_words() or self.wordnet.dominant_part_of_speech(heads[-1]) != "n" \
                    or "a" in self.wordnet.parts_of_speech(heads[-1]):
                break  # "extremely tense atmosphere": the adverb qualifies the adjective, not the noun
            heads.append(following)
        for head in heads:
            for i in range(1, len(other.folded)):
                if not self._equivalent(head, other.folded[i]):
                    continue
                j = i - 1
                while j > 0 and other.folded[j] not in function_words() and other.folded[j] not in source.folded \
                        and self.wordnet.dominant_part_of_speech(other.folded[j]) == "n" and i - j < 3:
                    j -= 1
                if other.folded[j] not in function_words():
                    return other.folded[j]
        return None

    def _opposed(self, x: str, y: str) -> bool:
        return self.wordnet.antonymous(x, y) or self.wordnet.opposite_clusters(x, y) or valence(x) * valence(y) < 0

    def _variant_in(self, phrase: str, reading: Reading, source: Reading) -> bool:
        """Whether the other text says the same word in another form ("partially" / "parts",
        a word of its own, not one both texts share ("firmly opposes any form" / "opposes any form")."""
        if " " in phrase:
            return False
        base = stem(phrase.casefold())
        shared = set(source.folded)

        def variant(other: str) -> bool:  # alike, or one the other's opening ("part" / "partial")
            return Indel.normalized_similarity(base, other) >= VARIANT or (
                len(other) > 3 and (base.startswith(other) or other.startswith(base)))

        # or the same stem in another word class, as WordNet links them ("suspected" / "suspicious")
        return len(base) > 3 and any((w not in shared or w == phrase.casefold())
                                     and (variant(stem(w)) or self.wordnet.derivational_kin(phrase, w)) for w in reading.folded)

    def _same_word(self, x: str, y: str) -> bool:
        fx, fy = x.casefold(), y.casefold()
        return fx == fy or stem(fx) == stem(fy) or bool(self.wordnet.lemmas(fx) & self.wordnet.lemmas(fy))

    def _equivalent(self, x: str, y: str) -> bool:
        return self._same_word(x, y) or self.wordnet.synonymous(x.casefold(), y.casefold())
